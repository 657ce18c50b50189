"""The round's award list and its certificates (giấy khen).

:func:`award_list` decides who is awarded and in which group, each award under an
identity a correction does not change (the recipient: an organisation's code, a
member's card number or date of birth, see ``roster.identities``, and which of the
recipient's awards it is). :func:`numbered` gives each its golden-book number:
the one the register holds, or the lowest that no award was ever given. The award
decision's list and every certificate are drawn from it, so they never disagree.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import vn
from ..config import Config
from ..roster import Grade, Org, Roster, identity, per_roster, person_identity
from .docdata import Doc, Issue, Round

QD = "QĐ"
DECISION = "quyet-dinh-khen-thuong"
# The series golden-book numbers are kept in, in the register's numbers, one a round.
GOLDEN = "SV"


@dataclass(frozen=True)
class Recipient:
    """One award: a line of the decision's list and one certificate."""

    key: str  # the award's identity: tc-<code>-<slot> or dv-<member identity>-<slot>
    so_vang: int  # golden-book number, given once (0 until :func:`numbered` gives it)
    org: Org  # the organisation awarded, or the person's own
    ho_ten: str  # the person's name; empty for an organisation
    thanh_tich: str

    @property
    def person(self) -> bool:
        return bool(self.ho_ten)

    @property
    def ten(self) -> str:
        return self.ho_ten or self.org.ten


@dataclass
class AwardGroup:
    """The awards given for one achievement, as the list groups them."""

    thanh_tich: str
    recipients: list[Recipient] = field(default_factory=list)

    @property
    def orgs(self) -> int:
        return sum(not x.person for x in self.recipients)

    @property
    def people(self) -> int:
        return sum(x.person for x in self.recipients)


def tieu_bieu_text(nam: int) -> str:
    return f"Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm {nam}"


def five_years_text(nam: int) -> str:
    return f"Đã hoàn thành xuất sắc nhiệm vụ 5 năm liền ({nam - 4} – {nam})"


Achievement = str | Callable[[int], str]  # as typed, or worded for the round's year


def award_view(roster: Roster) -> tuple[list, list[Org], list[str], list[str]]:
    """What the award decision and its certificates are made from (``Kind.reads``): the
    candidates, as columns (the organisations' records together encode fastest), with
    each award's identity."""
    found = _candidates(roster)
    return ([a for a, _, _, _ in found], [o for _, o, _, _ in found],
            [n for _, _, n, _ in found], [k for _, _, _, k in found])


@per_roster
def _candidates(roster: Roster) -> list[tuple[Achievement, Org, str, str]]:
    """(achievement, organisation, person's name or "", the award's identity) in the order
    groups first appear: outstanding organisations, members excellent five years running,
    then KhenThuong (a recipient's n-th row there is its award "kt<n>")."""
    out: list[tuple[Achievement, Org, str, str]] = []
    for org in sorted(roster.orgs, key=lambda o: o.ma):
        g = roster.grade_of(org.ma)
        # validate warns about «Tiêu biểu» on a grade below HTXSNV; such a row earns nothing.
        if g and g.tieu_bieu and g.xep_loai is Grade.HTXSNV:
            out.append((g.thanh_tich or tieu_bieu_text, org, "", f"tc-{vn.slug(org.ma, 20)}-tb"))
    for m in roster.members:
        org = roster.org(m.ma_to_chuc)
        if org and m.htxsnv_5_nam and m.xep_loai is Grade.HTXSNV:
            out.append((five_years_text, org, m.ho_ten, f"dv-{identity(roster, m)}-5nam"))
    for a in roster.awards:
        org = roster.org(a.ma_to_chuc)
        if org and a.thanh_tich:  # both are required columns; validate names what is missing
            who = (f"dv-{person_identity(roster, org.ma, a.ho_ten)}" if a.ho_ten
                   else f"tc-{vn.slug(org.ma, 20)}")
            # Which award: what it is for.
            out.append((a.thanh_tich, org, a.ho_ten, f"{who}-kt-{vn.slug(a.thanh_tich, 30)}"))
    # A row repeated word for word is kept (the list shows what the workbook says).
    seen: Counter = Counter()
    for i, (achievement, org, name, key) in enumerate(out):
        seen[key] += 1
        if seen[key] > 1:
            out[i] = (achievement, org, name, f"{key}-{seen[key]}")
    return out


@per_roster
def award_list(roster: Roster, nam: int) -> list[AwardGroup]:
    """Every award of the round, grouped by achievement, not yet numbered.

    Within a group organisations come first, by code, then people in Vietnamese name
    order. A repeated row is kept, not merged: the list shows what the workbook says.
    """
    groups: dict[str, tuple[str, list[tuple[Org, str, str]]]] = {}
    for achievement, org, name, key in _candidates(roster):
        text = achievement if isinstance(achievement, str) else achievement(nam)
        groups.setdefault(vn.match_key(text), (text, []))[1].append((org, name, key))
    out: list[AwardGroup] = []
    for text, members in groups.values():
        orgs = sorted((x for x in members if not x[1]), key=lambda x: x[0].ma)
        people = vn.sort_names(sorted((x for x in members if x[1]), key=lambda x: x[0].ma),
                               key=lambda x: x[1])
        out.append(AwardGroup(text, [Recipient(key, 0, org, name, text)
                                     for org, name, key in orgs + people]))
    return out


def numbered(r: Round) -> list[AwardGroup]:
    """The award list with golden-book numbers, in the list's order within each group by
    number: the register's for an award given before, and for a new one the lowest that
    no award of the round ever had (so a first list numbers 01, 02, … in order, and a
    withdrawn award's number stays unused)."""
    if r.awards is None:
        groups = award_list(r.roster, r.nam)
        alias = _corrected(r, groups)
        out = []
        for g in groups:
            given = [dataclasses.replace(x, key=alias.get(x.key, x.key),
                                         so_vang=r.golden_number(alias.get(x.key, x.key)))
                     for x in g.recipients]
            out.append(AwardGroup(g.thanh_tich, sorted(given, key=lambda x: x.so_vang)))
        r.awards = out
    return r.awards


_SLOT = re.compile(r"-(5nam|tb|kt)(?:-|$)")
_DAY = re.compile(r"-(\d{8})-")


def _corrected(r: Round, groups: list[AwardGroup]) -> dict[str, str]:
    """New award key -> the issued one it is a correction of.

    An award's key follows its recipient's identity; a correction that changes that
    identity (a card number added, a date of birth corrected, a namesake joining, an
    achievement reworded) would make it a new award. So a new award takes over an issued
    one of the same organisation and kind that this list no longer has, when the two are
    plainly the same (the same person by name or date of birth; an achievement worded
    alike), and when neither could be paired with another: otherwise it stays new, and
    the issued one is withdrawn, keeping its number unused.
    """
    now = {x.key: x for g in groups for x in g.recipients}
    missing = {k: org for k, org in r.certificates.items() if k not in now}
    fresh = [x for x in now.values() if x.key not in r.golden]
    if not missing or not fresh:
        return {}
    pairs = [(x.key, k) for x in fresh for k, org in missing.items()
             if org == x.org.ma and _slot(k) == _slot(x.key) and _alike(r, k, x)]
    news = Counter(n for n, _ in pairs)
    olds = Counter(o for _, o in pairs)
    return {n: o for n, o in pairs if news[n] == 1 and olds[o] == 1}


def _slot(key: str) -> str | None:
    m = _SLOT.search(key)
    return m.group(1) if m else None


def _similar(a: str, b: str, at_least: float) -> bool:
    return difflib.SequenceMatcher(None, vn.match_key(a), vn.match_key(b)).ratio() >= at_least


def _alike(r: Round, issued: str, x: Recipient) -> bool:
    """Whether the issued award ``issued`` and the new ``x`` are one award, corrected."""
    before = r.recorded(issued)
    if before is None:
        return False
    if x.person:
        old = before.get("ten", "").removeprefix("Đồng chí ")
        day = _DAY.search(issued + "-")
        same = _similar(old, x.ho_ten, 0.75) or bool(day and f"-{day.group(1)}-" in x.key + "-")
        if not same:
            return False
    return _slot(x.key) != "kt" or _similar(before.get("thanh_tich", ""), x.thanh_tich, 0.5)


def count_text(orgs: int, people: int) -> str:
    """«03 tập thể và 05 cá nhân», leaving out a part that is zero."""
    parts = [f"{vn.count(orgs)} tập thể"] if orgs else []
    parts += [f"{vn.count(people)} cá nhân"] if people else []
    return " và ".join(parts) or "00 tập thể"


def needs(roster: Roster) -> str | None:
    """Why the award decision and its certificates cannot be made yet."""
    if not any(g.xep_loai for g in roster.grades):
        return "chưa có kết quả xếp loại (sheet XepLoai trống)"
    if not _candidates(roster):
        return ("chưa có ai được khen thưởng (không có tổ chức «Hoàn thành xuất sắc nhiệm vụ» "
                "tiêu biểu, đảng viên HTXSNV 5 năm liền hay dòng nào trong sheet KhenThuong)")
    return None


def decision_issue(r: Round) -> Issue:
    """The award decision's number and date, as its certificates cite it."""
    return r.cited(DECISION, str(r.nam), QD, r.config.co_quan["ky_hieu"],
                   r.config.ngay_quyet_dinh)


def decision_line(r: Round) -> str:
    """«Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024»; room to write in what is not known."""
    issue = decision_issue(r)
    number = f" {vn.count(issue.number)}" if issue.number is not None else " " * 6
    day = vn.date_text(issue.date) if issue.date else f"     /     /{r.nam}"
    return f"Quyết định số{number}-{QD}/{r.config.co_quan['ky_hieu']}, ngày {day}"


def certificate_template(config: Config) -> str:
    """The whole certificate with its border, or only its variable text for a phôi."""
    return "giay-khen" if config.format.giay_khen_khung else "giay-khen-phoi"


def giay_khen(r: Round) -> list[Doc]:
    """One certificate per award, carrying the decision's number, date and golden-book number."""
    cfg = r.config
    issuer = cfg.co_quan["ky_hieu"]
    issue = decision_issue(r)
    place = cfg.co_quan["dia_danh"]
    common = r.common() | {
        "chu_the": r.khoi_acting_body(),
        "quyet_dinh": decision_line(r),
        "so": vn.doc_number(issue.number, QD, issuer),
        "ngay": (vn.date_line(place, issue.date) if issue.date
                 else f"{place}, ngày     tháng     năm {r.nam}"),
        "nguoi_ky": r.khoi_signer(),
    }
    docs = []
    for group in numbered(r):
        for x in group.recipients:
            nhan = {
                "ten": f"Đồng chí {x.ho_ten}" if x.person else x.org.ten,
                "don_vi": x.org.ten if x.person else "",
                "thanh_tich": x.thanh_tich,
                "so_vang": vn.count(x.so_vang),
            }
            # The build registers each document under what its plan stamped it with; a
            # certificate has no number of its own (it cites the decision's), only a date.
            r.stamped[("giay-khen", x.key)] = Issue(None, issue.date)
            stem = f"{vn.count(x.so_vang)}_{vn.slug(x.ten)}"
            who = f"{x.ho_ten} ({x.org.ten})" if x.person else x.org.ten
            docs.append(Doc("giay-khen", x.key, stem, who, issuer, x.org.ma,
                            common | {"nhan": nhan}, golden={x.key: x.so_vang}))
    return docs
