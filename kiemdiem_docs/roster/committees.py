"""Who sits on a đảng bộ cơ sở's committee (cấp ủy): what its review meeting reviews.

At a đảng bộ the meeting reviews the Ban Chấp hành (the cấp ủy) as a body and each
of its members; every other member is reviewed in their chi bộ trực thuộc. The
workbook says who is on it in column «Cấp ủy viên» of sheet DangVien. Where that
column is blank for every member of an organisation, the members are told from
their «Chức vụ» (and the organisation's Bí thư in sheet ToChuc):

- counted: Bí thư, Phó Bí thư (Thường trực) with no body named or of the Đảng ủy;
  Đảng ủy viên, cấp ủy viên, Ủy viên Ban Chấp hành or Ban Thường vụ (of the Đảng bộ);
- not counted: anything of a chi bộ (Bí thư chi bộ, chi ủy viên) or of a mass
  organisation (Đoàn, Công đoàn, Hội). A chi bộ trực thuộc's Bí thư is usually on
  the Đảng ủy but not always, so the title alone never puts one there: write
  «Bí thư chi bộ, Đảng ủy viên», or mark the column.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..vn import match_key
from .models import Member, Org, Place, Problem, Roster, per_roster

# Patterns over match_key (lower case, tone marks in the «uỷ» style).
_PARTS = re.compile(r"\s*[,;/+]\s*|\s+-\s+|\s+kiêm\s+")
_ELSEWHERE = re.compile(r"\b(?:chi bộ|chi uỷ|đoàn|hội)\b")
_MEMBER = re.compile(r"\b(?:đảng uỷ viên|cấp uỷ viên|uỷ viên (?:ban )?(?:chấp hành|thường vụ))\b")
_SECRETARY = re.compile(r"(?:phó )?bí thư(?: thường trực)?(?: đảng uỷ\b.*)?")
_STANDING = re.compile(r"\bthường trực đảng uỷ\b")


@functools.lru_cache(maxsize=4096)  # a roster's titles are few, its members many
def committee_title(chuc_vu: str) -> bool:
    """Whether a member's «Chức vụ» puts them on their đảng bộ's committee (module doc)."""
    for part in _PARTS.split(match_key(chuc_vu)):
        if not part or _ELSEWHERE.search(part):
            continue
        if _MEMBER.search(part) or _STANDING.search(part) or _SECRETARY.fullmatch(part):
            return True
    return False


@per_roster
def committee(roster: Roster, code: str) -> list[Member]:
    """The committee members of the đảng bộ ``code``, in the sheet's order."""
    org = roster.org(code)
    members = roster.members_of(code)
    if any(m.cap_uy is not None for m in members):
        return [m for m in members if m.cap_uy]
    named = org.bi_thu if org is not None and org.bi_thu else ""
    return [m for m in members if committee_title(m.chuc_vu) or _same_name(m.ho_ten, named)]


def _same_name(name: str, other: str) -> bool:
    # match_key is dear on a first sight of a name, and a đảng bộ has hundreds: the
    # number of words and the last word's first letter rule out nearly all of them first.
    a, b = name.split(), other.split()
    return bool(a) and len(a) == len(b) and _initial(a[-1]) == _initial(b[-1]) and \
        match_key(name) == match_key(other)


def _initial(word: str) -> str:
    return unicodedata.normalize("NFD", word[:2])[0].casefold()


def committee_marked(roster: Roster, org: Org) -> bool:
    """Whether column «Cấp ủy viên» is filled for some member of ``org``."""
    return any(m.cap_uy is not None for m in roster.members_of(org.ma))


def committee_problems(roster: Roster) -> list[Problem]:
    """A đảng bộ cơ sở with members but nobody known to be on its committee: its minutes
    would have nobody to vote on."""
    out = []
    for org in roster.orgs:
        members = roster.members_of(org.ma)
        if not org.is_dang_bo or not members or committee(roster, org.ma):
            continue
        if committee_marked(roster, org):
            why = "cột «Cấp ủy viên» không ghi «Có» cho đồng chí nào"
        else:
            why = "cột «Cấp ủy viên» để trống và Chức vụ không cho biết ai là cấp ủy viên"
        out.append(Problem("warning", Place("DangVien", members[0].row, "Cấp ủy viên"), (
            f"Đảng bộ «{org.ma}» ({org.ten}): {why}, nên biên bản hội nghị kiểm điểm cấp ủy "
            "để trống danh sách biểu quyết. Ghi «Có» ở cột «Cấp ủy viên» cho từng đồng chí "
            "trong Ban Chấp hành Đảng bộ (hoặc ghi Chức vụ: Bí thư, Phó Bí thư, Đảng ủy "
            "viên …).")))
    return out
