"""Issuing a build's documents: what was asked and what came of it, the plan (and what
an earlier build's fingerprints let it skip), the numbers, the render and the register
rows written together, then the PDFs, print bundles, packs and annexes.

Imports the core modules, the steps and the kinds.
"""

from .extras import ANNEX, Extras, make_extras
from .incremental import ROUND, code_fingerprint, source_files
from .issuer import Issuing
from .outcome import (
    MADE,
    OLD,
    REISSUED,
    REPAIRED,
    UNCHANGED,
    WITHDRAWN,
    Change,
    Request,
    Result,
    Summary,
    canonical,
    content_hash,
    output_path,
    report,
)
from .preview import diff
from .progress import Phase, Progress, in_phase
from .redlines import redline_bytes, redline_name, superseded_bytes

__all__ = [
    "ANNEX",
    "MADE",
    "OLD",
    "REISSUED",
    "REPAIRED",
    "ROUND",
    "UNCHANGED",
    "WITHDRAWN",
    "Change",
    "Extras",
    "Issuing",
    "Phase",
    "Progress",
    "Request",
    "Result",
    "Summary",
    "canonical",
    "code_fingerprint",
    "content_hash",
    "diff",
    "in_phase",
    "make_extras",
    "output_path",
    "redline_bytes",
    "redline_name",
    "report",
    "source_files",
    "superseded_bytes",
]
