"""Typed records of a roster.

Every record remembers the sheet and the row number Excel shows, so that a
problem found later (in validation or while building) can name its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, wraps
from typing import TypeVar

T = TypeVar("T")


class Grade(Enum):
    """The four quality levels, plus "not graded" (FORMAT.md, Grading)."""

    HTXSNV = "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "Hoàn thành tốt nhiệm vụ"
    HTNV = "Hoàn thành nhiệm vụ"
    KHTNV = "Không hoàn thành nhiệm vụ"
    KXL = "Không xếp loại"

    @property
    def full(self) -> str:
        return self.value

    @property
    def short(self) -> str:
        return self.name


# The four real levels, best first: the order of every count and grouped list.
LEVELS: tuple[Grade, ...] = (Grade.HTXSNV, Grade.HTTNV, Grade.HTNV, Grade.KHTNV)

DANG_BO = "Đảng bộ cơ sở"
CHI_BO = "Chi bộ cơ sở"
CHINH_THUC = "Chính thức"
DU_BI = "Dự bị"


@dataclass(frozen=True)
class Place:
    """Where a value came from: sheet, Excel row (1-based, header is row 1), column header."""

    sheet: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [f"sheet {self.sheet}"]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) in a roster."""

    level: str  # "error" | "warning"
    place: Place
    message: str
    value: str | None = None

    def __str__(self) -> str:
        tag = "Lỗi" if self.level == "error" else "Cảnh báo"
        shown = f" (giá trị: «{self.value}»)" if self.value not in (None, "") else ""
        return f"{tag} [{self.place}]{shown}: {self.message}"

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "sheet": self.place.sheet,
            "row": self.place.row,
            "column": self.place.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Org:
    ma: str
    ten: str
    loai: str  # DANG_BO | CHI_BO
    cum: str = ""
    bi_thu: str = ""
    ten_cap_uy: str = ""  # derived when the sheet leaves it empty
    dia_chi: str = ""
    row: int | None = None

    @property
    def is_dang_bo(self) -> bool:
        return self.loai == DANG_BO


@dataclass
class Member:
    ma_to_chuc: str
    ho_ten: str
    chi_bo: str = ""
    ngay_sinh: dt.date | None = None
    chuc_vu: str = ""
    # On the đảng bộ's committee: None when column «Cấp ủy viên» is blank (see committee).
    cap_uy: bool | None = None
    ngay_vao_dang: dt.date | None = None
    chinh_thuc: str = ""  # CHINH_THUC | DU_BI | ""
    tu_xep_loai: Grade | None = None
    de_nghi: Grade | None = None
    xep_loai: Grade | None = None
    ly_do_khong_xep_loai: str = ""
    htxsnv_5_nam: bool = False
    ghi_chu: str = ""
    so_the: str = ""  # the party card's number: who the member is, whatever is corrected
    diem: float | None = None  # points of 100, from the 2025 round (rule pack 366-2025)
    row: int | None = None


@dataclass
class Meeting:
    ma_to_chuc: str
    ngay: dt.date
    gio: dt.time | None = None
    dia_diem: str = ""
    dai_bieu: str = ""
    chuc_vu_dai_bieu: str = ""
    can_bo_du: str = ""
    row: int | None = None


@dataclass
class OrgGrade:
    ma_to_chuc: str
    tu_xep_loai: Grade | None = None
    de_nghi: Grade | None = None
    xep_loai: Grade | None = None
    tieu_bieu: bool = False
    thanh_tich: str = ""
    diem: float | None = None  # the organisation's points of 100 (as Member.diem)
    row: int | None = None


@dataclass
class Staff:
    ho_ten: str
    chuc_vu: str = ""
    cum_phu_trach: str = ""
    row: int | None = None


@dataclass
class Award:
    ma_to_chuc: str
    ho_ten: str = ""  # empty: the award goes to the organisation
    thanh_tich: str = ""
    row: int | None = None


@dataclass
class GivenNumber:
    """A number the văn thư gave a document (sheet SoVanBan), for "roster" numbering."""

    loai: str  # the kind's key: cong-van, quyet-dinh-xep-loai, …
    ma: str  # the document's key, as the register shows it
    so: str  # as typed; validate checks it is a whole number
    ngay: dt.date | None = None
    row: int | None = None


@dataclass
class Roster:
    """A whole workbook, loaded; ``problems`` holds what the loader found."""

    orgs: list[Org] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    grades: list[OrgGrade] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    numbers: list[GivenNumber] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # see per_roster

    # Indexes are built on first use; a roster is not changed after loading.
    @cached_property
    def _orgs_by_code(self) -> dict[str, Org]:
        return {o.ma: o for o in self.orgs}

    @cached_property
    def _members_by_org(self) -> dict[str, list[Member]]:
        return _group(self.members)

    @cached_property
    def _meetings_by_org(self) -> dict[str, list[Meeting]]:
        return _group(self.meetings)

    @cached_property
    def _grades_by_org(self) -> dict[str, OrgGrade]:
        return {g.ma_to_chuc: g for g in self.grades}

    def org(self, ma: str) -> Org | None:
        return self._orgs_by_code.get(ma)

    def members_of(self, ma: str) -> list[Member]:
        return self._members_by_org.get(ma, [])

    def meetings_of(self, ma: str) -> list[Meeting]:
        return self._meetings_by_org.get(ma, [])

    def grade_of(self, ma: str) -> OrgGrade | None:
        return self._grades_by_org.get(ma)

    def slice(self, codes: set[str]) -> Roster:
        """These organisations with their rows on every sheet; the shared sheets whole."""
        def own(records: list) -> list:
            return [r for r in records if r.ma_to_chuc in codes]

        return Roster(orgs=[o for o in self.orgs if o.ma in codes], members=own(self.members),
                      meetings=own(self.meetings), grades=own(self.grades), staff=self.staff,
                      awards=own(self.awards), numbers=self.numbers, source=self.source)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def describe(self) -> str:
        """One line for the clerk: what the workbook holds and how many problems it has."""
        return (f"{len(self.orgs)} tổ chức, {len(self.members)} đảng viên, "
                f"{len(self.meetings)} cuộc kiểm điểm: {len(self.errors)} lỗi, "
                f"{len(self.warnings)} cảnh báo.")


def per_roster(derive: Callable[..., T]) -> Callable[..., T]:
    """``derive(roster, *args)`` computed once per roster and arguments: several kinds ask
    for the same list (a roster is not changed after loading)."""
    @wraps(derive)
    def once(roster: Roster, *args: object) -> T:
        key = (derive, args)
        if key not in roster._memo:
            roster._memo[key] = derive(roster, *args)
        return roster._memo[key]
    return once


def _group(records: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in records:
        out.setdefault(r.ma_to_chuc, []).append(r)
    return out
