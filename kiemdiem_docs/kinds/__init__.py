"""The document kinds: the registry, and what each kind's documents say.

A kind's function turns a :class:`Round` (the roster, the settings and a numbering
service) into :class:`Doc` records with their jinja contexts; nothing here writes a
file. Imports the core modules and the roster.
"""

from .awards import GOLDEN
from .docdata import KHOI, LINE, TO_CHUC, Doc, Issue, Numbering, Round, issuing_name
from .registry import COMMON_OPTIONAL, COMMON_VARS, KINDS, Kind, citing, get, keys, with_citing
from .report import KIND as REPORT

__all__ = [
    "COMMON_OPTIONAL",
    "COMMON_VARS",
    "GOLDEN",
    "KHOI",
    "KINDS",
    "LINE",
    "REPORT",
    "TO_CHUC",
    "Doc",
    "Issue",
    "Kind",
    "Numbering",
    "Round",
    "citing",
    "get",
    "issuing_name",
    "keys",
    "with_citing",
]
