"""The round's figures: organisations and members at each level, by type and by cluster,
the members not graded by reason, and the quota of top grades.

Counted with pandas (a cross-tabulation is what it is for), from the roster alone, so
that the report, its annex, its chart and the web page show the same numbers.
Shares are tenths of a percent, over those graded, rounded so that a row's four add
up to exactly 100,0% (the largest remainders take the spare tenths).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import vn
from ..roster import CHI_BO, DANG_BO, LEVELS, Grade, Org, Roster, per_roster, quota_allowed

if TYPE_CHECKING:
    import pandas as pd

NOT_GRADED = Grade.KXL
TOTAL = "Tổng cộng"
NO_CLUSTER = "Chưa phân cụm"
# The three reasons the rules give for not grading a member (QĐ 124 and QĐ 366 alike);
# then everything else.
REASONS: tuple[str, ...] = ("Được miễn công tác và sinh hoạt đảng", "Bị đình chỉ sinh hoạt đảng",
                            "Vào Đảng chưa đủ 6 tháng")
OTHER_REASON = "Lý do khác"


@dataclass(frozen=True)
class LevelRow:
    """One row of a table by level: who (a type, a cluster, the total) and its counts."""

    ten: str
    counts: tuple[int, ...]  # one per level of LEVELS
    khong_xep_loai: int

    @property
    def graded(self) -> int:
        return sum(self.counts)

    @property
    def tong(self) -> int:
        return self.graded + self.khong_xep_loai

    @property
    def shares(self) -> tuple[int, ...] | None:
        """Tenths of a percent of those graded, per level; None when none is graded."""
        return shares(self.counts)


@dataclass(frozen=True)
class Over:
    """One body whose top grades exceed the quota."""

    ma: str
    ten: str
    htxsnv: int
    httnv: int
    allowed: int

    @property
    def over(self) -> int:
        return self.htxsnv - self.allowed


@dataclass(frozen=True)
class Figures:
    to_chuc_loai: list[LevelRow]  # organisations by type, then the total
    to_chuc_cum: list[LevelRow]  # organisations by cluster, then the total
    dang_vien_loai: list[LevelRow]  # members by the type of their organisation
    dang_vien_cum: list[LevelRow]  # members by cluster
    ly_do: list[tuple[str, int]]  # members not graded, by reason (only reasons met)
    ly_do_khac: list[str]  # the other reasons as written, each once
    quota: float  # percent of those graded HTTNV that may be graded HTXSNV
    khoi_over: Over | None  # the organisations of the Khối over the quota
    dang_vien_over: list[Over]  # organisations whose members are over it
    to_chuc_xet: int  # organisations whose members' quota was weighed (any HTTNV/HTXSNV)


def shares(counts: tuple[int, ...]) -> tuple[int, ...] | None:
    """Tenths of a percent adding up to 1000 (largest remainders), None for no count."""
    total = sum(counts)
    if total == 0:
        return None
    exact = [Fraction(1000 * c, total) for c in counts]
    out = [math.floor(x) for x in exact]
    spare = 1000 - sum(out)
    for i in sorted(range(len(out)), key=lambda i: (out[i] - exact[i], i))[:spare]:
        out[i] += 1
    return tuple(out)


def share_text(tenths: int | None) -> str:
    """«20,5» (the percent sign is in the column's header); «-» where nothing is graded."""
    return "-" if tenths is None else f"{tenths // 10},{tenths % 10}"


def cluster_labels(orgs: list[Org]) -> dict[str, str]:
    """Each cluster's key (``vn.cluster_key``) -> its label, in the order the report lists
    them. «Cụm 01», «1» and «cụm 1» are one cluster, as the other documents match them,
    named as the roster first writes it; numbered ones by number, then the named (by key,
    which is unique: the order never depends on a set's), then the organisations with none."""
    first: dict[str, str] = {}
    for o in orgs:
        first.setdefault(vn.cluster_key(o.cum), vn.cluster(o.cum))

    def numbered(key: str) -> bool:
        return key.isascii() and key.isdigit()

    def order(key: str) -> tuple:
        return (2, 0, "") if not key else (0, int(key), "") if numbered(key) else (1, 0, key)

    return {key: NO_CLUSTER if not key else f"Cụm {int(key)}" if numbered(key)
            else f"Cụm {first[key]}" for key in sorted(first, key=order)}


# The three reasons, each told by its words in the reason as typed (with its diacritics,
# whole words: «miền» is not «miễn», «16 tháng» not «6 tháng»); anything else is «khác».
_REASON_WORDS = (re.compile(r"\bmiễn\b"), re.compile(r"\bđình chỉ\b"),
                 re.compile(r"(?<![\d.,])0?6 tháng\b|\bsáu tháng\b"))


def reason_of(text: str) -> str:
    """The group of a member's reason for not being graded (REASONS), or «Lý do khác»."""
    key = vn.match_key(text)
    for label, words in zip(REASONS, _REASON_WORDS, strict=True):
        if words.search(key):
            return label
    return OTHER_REASON


_GRADE_CODES = [g.name for g in (*LEVELS, NOT_GRADED)]
TYPE_LABELS = {DANG_BO: "Đảng bộ cơ sở", CHI_BO: "Chi bộ cơ sở"}


@per_roster
def frames(roster: Roster) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per organisation graded, and one per member graded (of a known
    organisation): its type, its cluster, its grade's code and its reason if not graded."""
    import pandas as pd  # only when figures are wanted: every command imports the kinds

    grade = {g.ma_to_chuc: g.xep_loai for g in roster.grades if g.xep_loai is not None}
    labels = cluster_labels(roster.orgs)
    cum = {o.ma: labels[vn.cluster_key(o.cum)] for o in roster.orgs}
    orgs = pd.DataFrame(
        [(o.ma, o.ten, TYPE_LABELS.get(o.loai, o.loai), cum[o.ma], grade[o.ma].name)
         for o in roster.orgs if o.ma in grade],
        columns=["ma", "ten", "loai", "cum", "xep_loai"])
    known = {o.ma: o for o in roster.orgs}
    members = pd.DataFrame(
        [(m.ma_to_chuc, TYPE_LABELS.get(known[m.ma_to_chuc].loai, ""),
          cum[m.ma_to_chuc], m.xep_loai.name,
          reason_of(m.ly_do_khong_xep_loai) if m.xep_loai is NOT_GRADED else "",
          m.ly_do_khong_xep_loai if m.xep_loai is NOT_GRADED else "")
         for m in roster.members if m.xep_loai is not None and m.ma_to_chuc in known],
        columns=["ma_to_chuc", "loai", "cum", "xep_loai", "nhom_ly_do", "ly_do"])
    return orgs, members


def level_rows(df: pd.DataFrame, by: str, order: list[str]) -> list[LevelRow]:
    """A row per value of ``by`` (in ``order``, each shown even when empty), then the total."""
    import pandas as pd

    table = pd.crosstab(df[by], df["xep_loai"]) if len(df) else pd.DataFrame()
    table = table.reindex(index=order, columns=_GRADE_CODES, fill_value=0)
    table.loc[TOTAL] = table.sum()
    return [LevelRow(str(name), tuple(int(row[g.name]) for g in LEVELS), int(row[NOT_GRADED.name]))
            for name, row in table.iterrows()]


def _over(ma: str, ten: str, grades: pd.Series, quota: float) -> Over | None:
    counts = grades.value_counts()
    top, good = int(counts.get(Grade.HTXSNV.name, 0)), int(counts.get(Grade.HTTNV.name, 0))
    allowed = quota_allowed(quota, good)
    return Over(ma, ten, top, good, allowed) if top > allowed else None


@per_roster  # the build's report and each view of the web's round page ask alike
def figures(roster: Roster, quota: float) -> Figures:
    """Every figure of the round, from a roster whose organisations and members are
    graded (those not yet graded are left out: the report waits until none is)."""
    orgs, members = frames(roster)
    types = list(TYPE_LABELS.values())
    clusters = list(cluster_labels(roster.orgs).values())
    not_graded = members[members["xep_loai"] == NOT_GRADED.name]
    met = not_graded["nhom_ly_do"].value_counts()
    ly_do = [(label, int(met[label])) for label in [*REASONS, OTHER_REASON]
             if label in met]
    others = not_graded[not_graded["nhom_ly_do"] == OTHER_REASON]["ly_do"]
    names = {o.ma: o.ten for o in roster.orgs}
    over = [_over(code, names[code], group["xep_loai"], quota)
            for code, group in members.groupby("ma_to_chuc", sort=True)]
    weighed = members[members["xep_loai"].isin([Grade.HTXSNV.name, Grade.HTTNV.name])]
    return Figures(
        to_chuc_loai=level_rows(orgs, "loai", types),
        to_chuc_cum=level_rows(orgs, "cum", clusters),
        dang_vien_loai=level_rows(members, "loai", types),
        dang_vien_cum=level_rows(members, "cum", clusters),
        ly_do=ly_do,
        ly_do_khac=list(dict.fromkeys(vn.one_line(x) for x in others)),
        quota=quota,
        khoi_over=_over("", "", orgs["xep_loai"], quota),
        dang_vien_over=[o for o in over if o is not None],
        to_chuc_xet=int(weighed["ma_to_chuc"].nunique()),
    )
