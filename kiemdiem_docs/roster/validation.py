"""Checks across the records of a roster: what no single cell can show.

``validate`` returns the loader's problems and its own, in sheet and row order.
Errors stop a build; warnings are shown and the build goes on.

The HTXSNV quota is read as "may not exceed": at most floor(quota% x the number
graded HTTNV), so 20% of 12 HTTNV allows 02 HTXSNV, and with no HTTNV at all
no HTXSNV is allowed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from ..packs import RulePack
from ..vn import ascii_fold, count, date_text, match_key
from .committees import committee_problems
from .identities import namesakes
from .models import Grade, Member, Org, OrgGrade, Place, Problem, Roster
from .references import org_codes, references
from .schema import SHEETS
from .scores import score_problems

_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
_TC, _DV, _LICH, _XL, _KT = "ToChuc", "DangVien", "LichKiemDiem", "XepLoai", "KhenThuong"
_SO = "SoVanBan"


def validate(roster: Roster, quota_percent: float = 20,
             kinds: Sequence[str] | None = None,
             rules: RulePack | None = None) -> list[Problem]:
    """Every problem of ``roster``: the loader's and the cross-record checks'.

    ``kinds``: the document kinds sheet SoVanBan may name (the registry is a layer
    above the roster); None leaves those names unchecked. ``rules``: the round's rule
    pack (``Config.quy_dinh``), which says whether scores set the grades; None leaves
    the scores unchecked, as a caller that knows no round must.
    """
    out = list(roster.problems)
    orgs = _orgs(roster, out)
    _award_names(roster, orgs, out)
    _members(roster, orgs, out)
    out.extend(committee_problems(roster))
    _identities(roster, out)
    _member_quota(roster, orgs, quota_percent, out)
    _meetings(roster, out)
    _org_grades(roster, quota_percent, out)
    _given_numbers(roster, kinds, out)
    if rules is not None:
        out.extend(score_problems(roster, rules))
    return sorted(out, key=lambda p: (_ORDER.get(p.place.sheet, -1), p.place.row or 0))


# A code names files and folders: letters, digits and "-", "_", ".", at most 20 of them.
_PLAIN_CODE = re.compile(r"[^\W_](?:[\w.-]{0,18}[^\W_])?")
# Names Windows keeps for devices, with any extension ("con.zip" too).
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt")
                                                       for n in range(1, 10))})


def code_problem(code: str) -> str | None:
    """Why ``code`` cannot name an organisation's files, or None when it is a plain code."""
    if not _PLAIN_CODE.fullmatch(code) or ".." in code:
        return ("Mã tổ chức chỉ gồm chữ, số và các dấu «-», «_», «.» (không dấu cách, không «/», "
                "«\\», «..»), bắt đầu và kết thúc bằng chữ hoặc số, tối đa 20 ký tự; ví dụ "
                "«001», «CB-05».")
    if code.split(".")[0].casefold() in _RESERVED:
        return f"«{code}» là tên Windows dành cho thiết bị, không đặt tên tệp được; đặt mã khác."
    return None


def _orgs(roster: Roster, out: list[Problem]) -> dict[str, Org]:
    codes = org_codes(roster, out, code_problem)
    first = codes.first
    references(roster, codes, out, _sheet_failed(roster, _TC))
    if not roster.orgs and not _sheet_failed(roster, _TC):
        out.append(Problem("warning", Place(_TC), f"Sheet {_TC} chưa có tổ chức nào."))
    has_members = {m.ma_to_chuc for m in roster.members}
    if roster.members:
        out.extend(Problem("warning", Place(_TC, org.row, "Mã"), (
            f"Tổ chức «{org.ma}» ({org.ten}) chưa có đảng viên nào trong sheet {_DV}."), org.ma)
            for org in first.values() if org.ma not in has_members)
    elif roster.orgs and not _sheet_failed(roster, _DV):
        out.append(Problem("warning", Place(_DV), f"Sheet {_DV} chưa có đảng viên nào."))
    return first


def _sheet_failed(roster: Roster, sheet: str) -> bool:
    """The loader already reported an error there (missing sheet, missing column…)."""
    return any(p.place.sheet == sheet and p.level == "error" for p in roster.problems)


def _award_names(roster: Roster, orgs: dict[str, Org], out: list[Problem]) -> None:
    named = {a.ma_to_chuc for a in roster.awards if a.ho_ten}
    names = {(m.ma_to_chuc, match_key(m.ho_ten)) for m in roster.members if m.ma_to_chuc in named}
    for award in roster.awards:
        if award.ho_ten and award.ma_to_chuc in orgs and \
                (award.ma_to_chuc, match_key(award.ho_ten)) not in names:
            out.append(Problem("warning", Place(_KT, award.row, "Họ và tên"), (
                f"«{award.ho_ten}» không có trong danh sách đảng viên của tổ chức "
                f"«{award.ma_to_chuc}» (sheet {_DV}): kiểm tra tên hoặc mã."), award.ho_ten))


def _identities(roster: Roster, out: list[Problem]) -> None:
    """Card numbers name one member each; an awarded member a correction could not follow
    (no card, and no date of birth or one shared in the organisation) is said."""
    first: dict[str, Member] = {}
    for m in roster.members:
        if m.so_the and first.setdefault(m.so_the, m) is not m:
            out.append(Problem("error", Place(_DV, m.row, "Số thẻ đảng viên"), (
                f"Số thẻ đảng viên trùng với dòng {first[m.so_the].row} "
                f"({first[m.so_the].ho_ten}); mỗi đảng viên một số thẻ."), m.so_the))
    awarded = {id(m) for m in roster.members if m.htxsnv_5_nam and m.xep_loai is Grade.HTXSNV}
    named = {(a.ma_to_chuc, match_key(a.ho_ten)) for a in roster.awards if a.ho_ten}
    if named:
        awarded |= {id(m) for m in roster.members
                    if (m.ma_to_chuc, match_key(m.ho_ten)) in named}
    born: dict[tuple[str, dt.date], list[Member]] = {}
    for m in roster.members:
        if not m.so_the and m.ngay_sinh:
            born.setdefault((m.ma_to_chuc, m.ngay_sinh), []).append(m)
    for m in roster.members:
        if id(m) not in awarded or m.so_the:
            continue
        twins = born.get((m.ma_to_chuc, m.ngay_sinh), []) if m.ngay_sinh else []
        if not m.ngay_sinh or len(twins) > 1:
            why = ("chưa có Số thẻ đảng viên, cũng chưa có Ngày sinh" if not m.ngay_sinh else
                   f"chưa có Số thẻ đảng viên, và cùng ngày sinh với "
                   f"{', '.join(t.ho_ten for t in twins if t is not m)} trong tổ chức")
            out.append(Problem("warning", Place(_DV, m.row, "Số thẻ đảng viên"), (
                f"Đồng chí {m.ho_ten} được khen thưởng nhưng {why}: nếu sau này sửa họ tên, "
                "giấy khen cũ sẽ bị thu hồi và cấp giấy mới với số sổ vàng mới. Điền Số thẻ "
                "đảng viên để giấy khen theo đúng người.")))
    for a in roster.awards:
        if a.ho_ten and namesakes(roster, a.ma_to_chuc, a.ho_ten) > 1:
            out.append(Problem("warning", Place(_KT, a.row, "Họ và tên"), (
                f"Tổ chức «{a.ma_to_chuc}» có nhiều đảng viên tên {a.ho_ten}: không biết được khen "
                "là ai, giấy khen theo tên. Ghi rõ tên (thêm tên đệm) cho khác nhau."),
                a.ho_ten))


def _members(roster: Roster, orgs: dict[str, Org], out: list[Problem]) -> None:
    meeting_day: dict[str, dt.date] = {}
    for meeting in roster.meetings:  # the first review meeting decides
        day = meeting_day.get(meeting.ma_to_chuc)
        if day is None or meeting.ngay < day:
            meeting_day[meeting.ma_to_chuc] = meeting.ngay
    for m in roster.members:
        if m.xep_loai is Grade.KXL and not m.ly_do_khong_xep_loai:
            out.append(Problem("error", Place(_DV, m.row, "Lý do không xếp loại"), (
                "«Không xếp loại» cần ghi lý do (miễn sinh hoạt, đình chỉ sinh hoạt, vào Đảng "
                "chưa đủ 6 tháng…).")))
        elif m.xep_loai not in (None, Grade.KXL) and m.ly_do_khong_xep_loai:
            out.append(Problem("warning", Place(_DV, m.row, "Lý do không xếp loại"), (
                f"Có lý do không xếp loại nhưng đã xếp loại «{m.xep_loai.full}»: bỏ một trong "
                "hai."), m.ly_do_khong_xep_loai))
        day = meeting_day.get(m.ma_to_chuc)
        if m.xep_loai not in (None, Grade.KXL) and m.ngay_vao_dang and day \
                and day < _add_months(m.ngay_vao_dang, 6):
            out.append(Problem("warning", Place(_DV, m.row, "Xếp loại"), (
                f"Vào Đảng ngày {date_text(m.ngay_vao_dang)}, chưa đủ 6 tháng đến ngày kiểm điểm "
                f"{date_text(day)} của tổ chức mà đã xếp loại: thường là «Không xếp loại»."),
                m.xep_loai.full))
        if m.htxsnv_5_nam and m.xep_loai not in (None, Grade.HTXSNV):
            out.append(Problem("warning", Place(_DV, m.row, "HTXSNV 5 năm liền"), (
                f"Ghi «HTXSNV 5 năm liền» nhưng năm nay xếp loại «{m.xep_loai.full}»: "
                "không đủ điều kiện khen thưởng 5 năm liền.")))
    for m, first in _duplicates(roster.members):
        born = (f"cùng ngày sinh {date_text(m.ngay_sinh)}" if m.ngay_sinh
                else "cả hai chưa có ngày sinh")
        out.append(Problem("warning", Place(_DV, m.row, "Họ và tên"), (
            f"Trùng đảng viên ở dòng {first.row}: cùng tổ chức «{m.ma_to_chuc}», cùng tên, "
            f"{born}. Xóa dòng thừa nếu là một người."), m.ho_ten))


def _duplicates(members: list[Member]) -> list[tuple[Member, Member]]:
    """(member, its first occurrence) for members of one org with one name and birth date."""
    # match_key is costly, so only names that already agree without accents are compared.
    buckets: dict[tuple, list[Member]] = {}
    for m in members:
        key = (m.ma_to_chuc, m.ngay_sinh, "".join(ascii_fold(m.ho_ten).casefold().split()))
        buckets.setdefault(key, []).append(m)
    out = []
    for group in buckets.values():
        if len(group) > 1:
            first: dict[str, Member] = {}
            for m in group:
                seen = first.setdefault(match_key(m.ho_ten), m)
                if seen is not m:
                    out.append((m, seen))
    return sorted(out, key=lambda pair: pair[0].row or 0)


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def quota_allowed(quota_percent: float, httnv: int) -> int:
    """How many may be graded HTXSNV beside ``httnv`` graded HTTNV («may not exceed»)."""
    return math.floor(Fraction(str(quota_percent)) * httnv / 100)


def percent_text(quota_percent: float) -> str:
    """«20%», «20,5%»."""
    return f"{quota_percent:g}".replace(".", ",") + "%"


def _over_quota(graded: Iterable, quota_percent: float) -> tuple[int, int, int, object] | None:
    """(HTXSNV, HTTNV, allowed, the first record over the quota) or None if within it."""
    excellent = [r for r in graded if r.xep_loai is Grade.HTXSNV]
    good = sum(r.xep_loai is Grade.HTTNV for r in graded)
    allowed = quota_allowed(quota_percent, good)
    if len(excellent) <= allowed:
        return None
    return len(excellent), good, allowed, excellent[allowed]


def _member_quota(roster: Roster, orgs: dict[str, Org], quota_percent: float,
                  out: list[Problem]) -> None:
    by_org: dict[str, list[Member]] = {}
    for m in roster.members:
        if m.xep_loai in (Grade.HTXSNV, Grade.HTTNV):
            by_org.setdefault(m.ma_to_chuc, []).append(m)
    for code, graded in by_org.items():
        over = _over_quota(graded, quota_percent)
        if over is None:
            continue
        n, good, allowed, first = over
        org = orgs.get(code)
        name = f"«{code}» ({org.ten})" if org else f"«{code}»"
        out.append(Problem("warning", Place(_DV, first.row, "Xếp loại"), (
            f"Đảng viên của tổ chức {name} có {count(n)} HTXSNV, vượt "
            f"{percent_text(quota_percent)} của {count(good)} HTTNV (tối đa {count(allowed)}).")))


def _given_numbers(roster: Roster, kinds: Sequence[str] | None, out: list[Problem]) -> None:
    """Sheet SoVanBan: a known kind, a whole number, one number per document and per kind."""
    by_doc: dict = {}
    by_number: dict = {}
    for given in roster.numbers:
        if kinds is not None and given.loai not in kinds:
            near = difflib.get_close_matches(given.loai, kinds, n=1)
            hint = f" (có phải «{near[0]}»?)" if near else ""
            out.append(Problem("error", Place(_SO, given.row, "Loại văn bản"), (
                f"Không có loại văn bản «{given.loai}»{hint}; các loại: {', '.join(kinds)}."),
                given.loai))
        # ASCII digits, and few: «²» is a digit to str.isdigit(), 5,000 of them too many.
        if not (given.so.isascii() and given.so.isdigit() and len(given.so) <= 9) or \
                int(given.so) < 1:
            out.append(Problem("error", Place(_SO, given.row, "Số"),
                               "Số văn bản phải là số nguyên dương, ví dụ 12.", given.so))
            continue
        for seen, ident, what in ((by_doc, (given.loai, given.ma), "văn bản này"),
                                  (by_number, (given.loai, int(given.so)), "số này")):
            first = seen.setdefault(ident, given)
            if first is not given:
                out.append(Problem("error", Place(_SO, given.row, "Số"), (
                    f"{what.capitalize()} đã có ở dòng {first.row}; mỗi văn bản một số, mỗi số "
                    "một văn bản."), given.so))


def _meetings(roster: Roster, out: list[Problem]) -> None:
    by_day: dict[tuple[str, dt.date], list] = {}
    for meeting in roster.meetings:
        if meeting.dai_bieu:
            by_day.setdefault((match_key(meeting.dai_bieu), meeting.ngay), []).append(meeting)
    for same_day in by_day.values():
        for j, later in enumerate(same_day):
            clashes = [e for e in same_day[:j]
                       if not (e.gio and later.gio and e.gio != later.gio)]
            if not clashes:
                continue
            earlier = clashes[0]
            if earlier.gio and later.gio:
                when = f"cùng lúc {later.gio:%H:%M} ngày {date_text(later.ngay)}"
            elif earlier.gio or later.gio:
                when = f"cùng ngày {date_text(later.ngay)}, một dòng chưa ghi giờ"
            else:
                when = f"cùng ngày {date_text(later.ngay)} mà cả hai dòng chưa ghi giờ"
            more = f" (và {len(clashes) - 1} dòng khác)" if len(clashes) > 1 else ""
            out.append(Problem("warning", Place(_LICH, later.row, "Đại biểu"), (
                f"Đại biểu «{later.dai_bieu}» được xếp dự hai hội nghị {when}: dòng "
                f"{earlier.row} (tổ chức «{earlier.ma_to_chuc}»){more} và dòng {later.row} "
                f"(tổ chức «{later.ma_to_chuc}»)."), later.dai_bieu))


def _org_grades(roster: Roster, quota_percent: float, out: list[Problem]) -> None:
    first: dict[str, OrgGrade] = {}
    for g in roster.grades:
        seen = first.setdefault(g.ma_to_chuc, g)
        if seen is not g:
            out.append(Problem("error", Place(_XL, g.row, "Mã tổ chức"), (
                f"Tổ chức «{g.ma_to_chuc}» đã có dòng xếp loại ở dòng {seen.row}; mỗi tổ chức "
                "một dòng."), g.ma_to_chuc))
        elif g.tieu_bieu and g.xep_loai is not Grade.HTXSNV:
            now = f"xếp loại «{g.xep_loai.full}»" if g.xep_loai else "chưa xếp loại"
            out.append(Problem("warning", Place(_XL, g.row, "Tiêu biểu"), (
                f"Ghi «Tiêu biểu» nhưng tổ chức {now}: chỉ tổ chức «Hoàn thành xuất sắc nhiệm "
                "vụ» mới được chọn tiêu biểu.")))
    over = _over_quota(list(first.values()), quota_percent)
    if over is not None:
        n, good, allowed, record = over
        out.append(Problem("warning", Place(_XL, record.row, "Xếp loại"), (
            f"Tổ chức cơ sở đảng toàn Khối có {count(n)} HTXSNV, vượt "
            f"{percent_text(quota_percent)} của {count(good)} HTTNV (tối đa {count(allowed)}).")))
