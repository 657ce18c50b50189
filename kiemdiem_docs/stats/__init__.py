"""The round's statistics: its figures (pandas), the annex's tables and workbook, and
the chart of grades by cluster.

Reads the roster; imported by the kinds (the results report), the issuing (the annex
beside it) and the web page (the round's figures).
"""

from .annex import write_annex
from .chart import chart_png
from .count import (
    NO_CLUSTER,
    OTHER_REASON,
    REASONS,
    TOTAL,
    Figures,
    LevelRow,
    Over,
    figures,
    reason_of,
    share_text,
    shares,
)
from .sheets import SHEETS, cell_text, tables

__all__ = [
    "NO_CLUSTER",
    "OTHER_REASON",
    "REASONS",
    "SHEETS",
    "TOTAL",
    "Figures",
    "LevelRow",
    "Over",
    "cell_text",
    "chart_png",
    "figures",
    "reason_of",
    "share_text",
    "shares",
    "tables",
    "write_annex",
]
