"""The report's chart: the grades of organisations and of members, as bars by cluster.

Drawn with matplotlib's object API (no pyplot: no global state, no display), in greys
and hatches that still tell the levels apart on a black-and-white printer, at the size
of the picture the template holds, and with the same bytes for the same figures.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

from ..roster import LEVELS, Grade

WIDTH_CM, HEIGHT_CM = 16.0, 15.0  # the picture's box in the built-in template
DPI = 200
# The four levels, then «Không xếp loại»: a bar is as tall as the table's «Tổng số».
SEGMENTS = tuple(g.full for g in (*LEVELS, Grade.KXL))
FILLS = ("#303030", "#7a7a7a", "#bdbdbd", "#ffffff", "#ffffff")
HATCHES = ("", "", "..", "xx", "////")
# Bundled with matplotlib: every Vietnamese letter, and the same bytes on every machine.
SERIF = ["DejaVu Serif"]


def chart_png(clusters: Sequence[str], orgs: Sequence[Sequence[int]],
              members: Sequence[Sequence[int]], *, title_orgs: str = "Tổ chức cơ sở đảng",
              title_members: str = "Đảng viên") -> bytes:
    """Two panels of stacked bars, one bar per cluster: ``orgs[i]`` and ``members[i]`` are
    cluster i's counts at the four levels, best first, then of those not graded. Many
    clusters (a thousand organisations make 84) thin the labels, so that every one printed
    can be read."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A cluster's name is the workbook's: «$» in it is text, not mathtext to parse.
    with rc_context({"font.family": "serif", "font.serif": SERIF, "font.size": 9,
                     "hatch.linewidth": 0.6, "text.parse_math": False}):
        fig = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI)
        FigureCanvasAgg(fig)
        axes = fig.subplots(2, 1)
        for ax, title, counts in ((axes[0], title_orgs, orgs), (axes[1], title_members, members)):
            _panel(ax, title, list(clusters), [list(c) for c in counts])
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize=8)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.2, hspace=0.45)
        out = io.BytesIO()
        with warnings.catch_warnings():
            # A letter the font lacks (a workbook's Arabic, its emoji) prints as a box; the
            # clerk is not to read matplotlib's warning about it in the build's output.
            warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font")
            fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


MANY = 12  # clusters past which a bar is named by its number alone
TOTALS = 20  # clusters up to which each bar's total is written above it
LABELS = 28  # tick labels at most; past it every n-th cluster is named
NAME = 16  # characters of a cluster's name under its bar


def _panel(ax, title: str, clusters: list[str], counts: list[list[int]]) -> None:
    n = len(clusters)
    x = list(range(n))
    bottom = [0] * n
    for level, (name, fill, hatch) in enumerate(zip(SEGMENTS, FILLS, HATCHES, strict=True)):
        heights = [c[level] if level < len(c) else 0 for c in counts]
        ax.bar(x, heights, 0.6 if n <= TOTALS else 0.8, bottom=bottom, label=name, color=fill,
               hatch=hatch if n <= TOTALS else "", edgecolor="black",
               linewidth=0.6 if n <= TOTALS else 0.3)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    top = max(bottom, default=0) or 1
    if n <= TOTALS:
        for xi, total in zip(x, bottom, strict=True):
            ax.text(xi, total + top * 0.02, str(total), ha="center", va="bottom", fontsize=8)
    ax.set_title(title, fontsize=10, fontweight="bold")
    ax.set_ylim(0, top * 1.15)
    names = [c.removeprefix("Cụm ") for c in clusters] if n > MANY else clusters
    # Cut in the middle: «Cụm Doanh nghiệp 1» and «… 2» stay apart.
    names = [name if len(name) <= NAME else f"{name[:NAME // 2 - 1]}…{name[-(NAME // 2):]}"
             for name in names]
    step = max(1, -(-n // LABELS))
    shown = x[::step]
    ax.set_xticks(shown, [names[i] for i in shown], fontsize=9 if n <= MANY else 7)
    if n > MANY:
        ax.set_xlabel("Cụm")
    ax.set_ylabel("Số lượng")
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
