"""What a grassroots organisation writes about its own review: the minutes of its
meeting (``bien-ban``) and its committee's decision grading its members
(``quyet-dinh-xep-loai-dang-vien``).

The minutes are a form filled with what the workbook knows and dotted blanks
for what is written in at the meeting; the decision is made only once every
member of a đảng bộ has a decided grade, so that it never states a count that
the next run would change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .. import vn
from ..roster import (
    CHI_BO,
    CHINH_THUC,
    DU_BI,
    LEVELS,
    Grade,
    Member,
    Org,
    Roster,
    committee,
    per_roster,
)
from .docdata import (
    LINE,
    Doc,
    Issue,
    Round,
    issuer_symbol,
    issuing_name,
    meeting_context,
    org_archive,
    org_context,
    org_stem,
    punctuated,
    quoted,
)

BB, QD = "BB", "QĐ"
BLANK = "….."  # room for a number or a time written in by hand
EMPTY_ROWS = 10  # ruled rows of the voting table when the roster has no members yet
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def by_name(members: Iterable[Member]) -> list[Member]:
    """Members in the Vietnamese name order (given name first)."""
    return vn.sort_names(members, key=lambda m: m.ho_ten)


def _grade(g: Grade | None) -> str:
    return g.full if g else ""


# -- the minutes ------------------------------------------------------------------
def bien_ban(r: Round) -> list[Doc]:
    """One minutes form per organisation, issued by the organisation."""
    docs = []
    for org in r.roster.orgs:
        # A đảng bộ's meeting reviews its committee; the others are reviewed in their chi bộ.
        reviewed = committee(r.roster, org.ma) if org.is_dang_bo else r.roster.members_of(org.ma)
        members = by_name(reviewed)
        meeting = r.meeting_of(org)
        chair = "Bí thư Chi bộ" if org.loai == CHI_BO else "Bí thư Đảng ủy"
        own = r.roster.grade_of(org.ma)
        ctx = r.common() | {
            "tieu_de": r.org_header(org),
            "org": org_context(org),
            "hop": _meeting(r, org),
            "dang_bo": org.is_dang_bo,
            "thanh_phan": _attendance(members, by_status=not org.is_dang_bo),
            "tap_the": quoted(own.tu_xep_loai) if own and own.tu_xep_loai else "",
            "dang_vien": _vote_rows(r, members),
            "ket_qua": _counts(members),
            "nguoi_ky": {"tham_quyen": "CHỦ TRÌ HỘI NGHỊ", "chuc_vu": chair,
                         "ho_ten": org.bi_thu or LINE},
        }
        # Minutes are dated the day of their meeting, numbered or not; with no meeting
        # scheduled, the date is left to write in.
        r.stamp(ctx, "bien-ban", org.ma, BB, issuer_symbol(org),
                meeting.ngay if meeting else None, org.ma, dated=True)
        docs.append(Doc("bien-ban", org.ma, org_stem(org), org.ten, issuer_symbol(org), org.ma,
                        ctx))
    return docs


def _meeting(r: Round, org: Org) -> dict[str, str | bool]:
    """Time, place and delegate of the meeting; dotted blanks where none is scheduled."""
    m = r.meeting_of(org)
    if m is None:
        return {"co_lich": False, "thoi_gian": f"{BLANK} giờ {BLANK}, ngày {BLANK}/{BLANK}/{r.nam}",
                "dia_diem": LINE, "dai_bieu": LINE, "chuc_vu_dai_bieu": LINE, "can_bo_du": ""}
    mc = meeting_context(m)
    gio = mc["gio"] or f"{BLANK} giờ {BLANK}"
    return {
        "co_lich": True,
        "thoi_gian": f"{gio}, {mc['thu']}, ngày {mc['ngay']}",
        "dia_diem": m.dia_diem or LINE,
        "dai_bieu": m.dai_bieu or LINE,
        "chuc_vu_dai_bieu": m.chuc_vu_dai_bieu or LINE,
        "can_bo_du": m.can_bo_du,
    }


def _attendance(members: list[Member], *, by_status: bool = True) -> dict[str, str]:
    """The members on the roll, by status, as the minutes state them (a committee's
    members are all full members: no status to count)."""
    if not by_status:
        return {"dang_vien": f"{vn.count(len(members)) if members else BLANK} đồng chí"}
    if not members:
        return {"dang_vien": f"{BLANK} đồng chí (chính thức: {BLANK}, dự bị: {BLANK})"}
    status = Counter(m.chinh_thuc for m in members)
    parts = [f"chính thức: {vn.count(status[CHINH_THUC])}", f"dự bị: {vn.count(status[DU_BI])}"]
    unknown = len(members) - status[CHINH_THUC] - status[DU_BI]
    if unknown:  # the workbook leaves the status empty: say so rather than miscount
        parts.append(f"chưa ghi: {vn.count(unknown)}")
    return {"dang_vien": f"{vn.count(len(members))} đồng chí ({', '.join(parts)})"}


def _vote_rows(r: Round, members: list[Member]) -> list[dict[str, str]]:
    """The voting table: what the workbook knows, ruled blanks for the rest. The table
    has no note column, so a score goes beside the result it set (templates unchanged)."""
    if not members:
        return [dict.fromkeys(("stt", "ho_ten", "tu_xep_loai", "de_nghi", "ket_qua"), "")
                for _ in range(EMPTY_ROWS)]
    rows = []
    for i, m in enumerate(members, 1):
        result = _grade(m.xep_loai)
        if m.xep_loai is Grade.KXL and m.ly_do_khong_xep_loai:
            result += f" ({m.ly_do_khong_xep_loai})"
        score = r.score(m.diem, m.xep_loai)
        if score:
            result = f"{result} ({score})" if result else score
        rows.append({"stt": vn.count(i), "ho_ten": m.ho_ten, "tu_xep_loai": _grade(m.tu_xep_loai),
                     "de_nghi": _grade(m.de_nghi), "ket_qua": result})
    return rows


def _counts(members: list[Member]) -> list[str]:
    """The count at each level, from the decided grades once every member has one."""
    known = bool(members) and all(m.xep_loai for m in members)
    tally = Counter(m.xep_loai for m in members)
    levels = [*LEVELS, Grade.KXL] if not known or tally[Grade.KXL] else list(LEVELS)
    return _level_lines(levels, tally if known else None)


def _level_lines(levels: list[Grade], tally: Counter | None) -> list[str]:
    """``- “Hoàn thành tốt nhiệm vụ”: 27 đồng chí;`` a line, the last ending in a full stop."""
    lines = [f"- {quoted(g)}: {vn.count(tally[g]) if tally is not None else BLANK} đồng chí"
             for g in levels]
    return punctuated(lines)


# -- the decision grading a đảng bộ's members -------------------------------------
def ungraded(members: Iterable[Member]) -> list[Member]:
    """Members the decision could not state: no decided grade, or not graded without reason."""
    return [m for m in members if m.xep_loai is None
            or (m.xep_loai is Grade.KXL and not m.ly_do_khong_xep_loai.strip())]


@per_roster
def member_decision_skips(roster: Roster) -> list[tuple[Org, str]]:
    """Each đảng bộ cơ sở whose decision cannot be made yet, with the reason (Vietnamese)."""
    out = []
    for org in roster.orgs:
        if not org.is_dang_bo:
            continue
        members = roster.members_of(org.ma)
        if not members:
            out.append((org, f"{org.ma} {org.ten}: chưa có đảng viên nào trong sheet DangVien"))
            continue
        missing = ungraded(members)
        if missing:
            rows = ", ".join(str(m.row) for m in missing[:5] if m.row is not None)
            more = ", …" if len(missing) > 5 else ""
            where = f" (sheet DangVien, dòng {rows}{more})" if rows else ""
            out.append((org, f"{org.ma} {org.ten}: còn {vn.count(len(missing))} đảng viên chưa "
                             f"có «Xếp loại» (hoặc «Không xếp loại» chưa ghi lý do){where}"))
    return out


def needs_member_grades(roster: Roster) -> str | None:
    """Why no member decision can be made, or None when at least one đảng bộ is ready."""
    parties = [o for o in roster.orgs if o.is_dang_bo]
    if not parties:
        return ("không có đảng bộ cơ sở nào trong sheet ToChuc (chi bộ cơ sở không ra quyết "
                "định này)")
    waiting = member_decision_skips(roster)
    if len(waiting) < len(parties):
        return None
    return (f"chưa có đảng bộ cơ sở nào xếp loại xong mọi đảng viên ({vn.count(len(waiting))} "
            "đảng bộ còn đảng viên chưa có «Xếp loại» ở sheet DangVien)")


def quyet_dinh_xep_loai_dang_vien(r: Round) -> list[Doc]:
    """One decision per đảng bộ cơ sở whose members all have a decided grade."""
    waiting = {org.ma for org, _ in member_decision_skips(r.roster)}
    docs = []
    for org in r.roster.orgs:
        if not org.is_dang_bo or org.ma in waiting:
            continue
        members = r.roster.members_of(org.ma)
        tally = Counter(m.xep_loai for m in members)
        levels = list(LEVELS) + ([Grade.KXL] if tally[Grade.KXL] else [])
        committee = issuing_name(org)
        ctx = r.common() | {
            "tieu_de": r.org_header(org),
            "org": org_context(org),
            "chu_the": vn.upper(committee),
            "can_cu": r.grounds("các chi bộ trực thuộc", grassroots=True),
            "so_dang_vien": vn.count(len(members)),
            "dieu_1": _level_lines(levels, tally),
            "nguoi_ky": r.org_signer(org),
            "noi_nhan": r.recipients("Như Điều 3", "Ban Tổ chức Đảng ủy Khối (để báo cáo)",
                                     org_archive(org, r.config)),
            "nhom": _groups(r, members),
        }
        # The organisation dates its own decision; the Khối's configured date is not its date.
        issue = r.stamp(ctx, "quyet-dinh-xep-loai-dang-vien", org.ma, QD, issuer_symbol(org),
                        None, org.ma)
        ctx["kem_theo"] = f"(Kèm theo {attached_cite(issue, issuer_symbol(org), committee, r.nam)})"
        docs.append(Doc("quyet-dinh-xep-loai-dang-vien", org.ma, org_stem(org), org.ten,
                        issuer_symbol(org), org.ma, ctx))
    return docs


def attached_cite(issue: Issue, issuer: str, by: str, year: int) -> str:
    """How the attached list cites its decision, with room left for what is not known yet.

    The list must read ``Quyết định số …`` even when the văn thư numbers it at signing.
    """
    number = f" {vn.count(issue.number)}" if issue.number is not None else " " * 6
    date = vn.date_text(issue.date) if issue.date else f"     /     /{year}"
    return f"Quyết định số{number}-{QD}/{issuer}, ngày {date} của {by}"


def _groups(r: Round, members: list[Member]) -> list[dict]:
    """The attached list: a group per level present, members by name within it."""
    groups, n = [], 0
    for g in [*LEVELS, Grade.KXL]:
        level = by_name(m for m in members if m.xep_loai is g)
        if not level:
            continue
        rows = []
        for m in level:
            n += 1
            notes = [r.score(m.diem, g), m.ly_do_khong_xep_loai if g is Grade.KXL else "",
                     m.ghi_chu]
            rows.append({"stt": vn.count(n), "ho_ten": m.ho_ten, "chi_bo": m.chi_bo,
                         "xep_loai": g.full, "ghi_chu": "; ".join(x for x in notes if x)})
        groups.append({"so": ROMAN[len(groups)],
                       "ten": f"{quoted(g)} ({vn.count(len(level))} đồng chí)", "muc": rows})
    return groups
