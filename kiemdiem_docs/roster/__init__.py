"""The roster workbook: its declared sheets, reading, validating and writing it.

``load`` reads a workbook (or a folder of .csv files) into a :class:`Roster` of
typed records, each remembering its sheet and Excel row; ``validate`` adds the
checks across records. Imports only the core modules.
"""

from .committees import committee, committee_marked, committee_title
from .identities import identity, namesakes, person_identity
from .models import (
    CHI_BO,
    CHINH_THUC,
    DANG_BO,
    DU_BI,
    LEVELS,
    Award,
    GivenNumber,
    Grade,
    Meeting,
    Member,
    Org,
    OrgGrade,
    Place,
    Problem,
    Roster,
    Staff,
    per_roster,
)
from .read import load, source_stamp
from .schema import SHEETS, Column, Sheet
from .validation import percent_text, quota_allowed, validate

__all__ = [
    "CHI_BO",
    "CHINH_THUC",
    "DANG_BO",
    "DU_BI",
    "LEVELS",
    "SHEETS",
    "Award",
    "Column",
    "GivenNumber",
    "Grade",
    "Meeting",
    "Member",
    "Org",
    "OrgGrade",
    "Place",
    "Problem",
    "Roster",
    "Sheet",
    "Staff",
    "committee",
    "committee_marked",
    "committee_title",
    "identity",
    "list_choices",
    "load",
    "namesakes",
    "per_roster",
    "percent_text",
    "person_identity",
    "quota_allowed",
    "source_stamp",
    "validate",
    "write_blank",
    "write_roster",
]

_WRITERS = ("list_choices", "write_blank", "write_roster")


def __getattr__(name: str) -> object:
    # openpyxl takes a quarter of a second to import, and only init and the tests write.
    if name in _WRITERS:
        from . import write

        return getattr(write, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
