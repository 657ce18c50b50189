"""The Khối's decisions after grading: the organisations' grades and the awards."""

from __future__ import annotations

from .. import vn
from ..roster import LEVELS, Grade, Org, Roster
from . import awards
from .docdata import Doc, Round, punctuated, quoted

QD = "QĐ"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
SHOWN_CODES = 5  # how many ungraded codes a skip reason names


def roman(n: int) -> str:
    """Group numbers of an attached list: I, II, …; past X (never met) in digits."""
    return ROMAN[n - 1] if 1 <= n <= len(ROMAN) else str(n)


def needs_grades(roster: Roster) -> str | None:
    """A grading decision covers every organisation: none or only some graded, no decision."""
    graded = {g.ma_to_chuc for g in roster.grades if g.xep_loai is not None}
    if not graded:
        return "chưa có kết quả xếp loại (sheet XepLoai trống)"
    missing = [o.ma for o in sorted(roster.orgs, key=lambda o: o.ma) if o.ma not in graded]
    if missing:
        shown = ", ".join(missing[:SHOWN_CODES]) + (", …" if len(missing) > SHOWN_CODES else "")
        return (f"còn {vn.count(len(missing))}/{vn.count(len(roster.orgs))} tổ chức chưa có "
                f"kết quả xếp loại trong sheet XepLoai (mã {shown}); quyết định xếp loại chỉ "
                "ra khi đủ tất cả tổ chức")
    return None


def _decision_frame(r: Round, proposer: str | None = None) -> dict:
    """What both decisions share: header, acting body, grounds, signer, recipients."""
    cfg = r.config
    return r.common() | {
        "tieu_de": r.khoi_header(),
        "chu_the": r.khoi_acting_body(),
        "can_cu": r.grounds(proposer),
        "nguoi_ky": r.khoi_signer(),
        "noi_nhan": r.recipients("Như Điều 3", "Ban Tổ chức Tỉnh ủy (để báo cáo)",
                                 cfg.co_quan["noi_luu"]),
    }


def graded_orgs(roster: Roster) -> dict[Grade, list[Org]]:
    """The organisations at each level (the four, then «Không xếp loại»), by code."""
    out: dict[Grade, list[Org]] = {g: [] for g in (*LEVELS, Grade.KXL)}
    for org in sorted(roster.orgs, key=lambda o: o.ma):
        g = roster.grade_of(org.ma)
        if g and g.xep_loai:
            out[g.xep_loai].append(org)
    return out


def quyet_dinh_xep_loai(r: Round) -> list[Doc]:
    """The decision grading every grassroots organisation, with its list by level."""
    cfg = r.config
    issuer = cfg.co_quan["ky_hieu"]
    by_level = graded_orgs(r.roster)
    total = sum(len(orgs) for orgs in by_level.values())
    shown = list(LEVELS) + ([Grade.KXL] if by_level[Grade.KXL] else [])
    lines = [f"- {quoted(g)}: {vn.count(len(by_level[g]))} tổ chức" for g in shown]
    ctx = _decision_frame(r) | {
        "tong": vn.count(total),
        "muc": punctuated(lines),
    }
    key = str(r.nam)
    issue = r.stamp(ctx, "quyet-dinh-xep-loai", key, QD, issuer, cfg.ngay_quyet_dinh)
    ctx["kem_theo"] = f"(Kèm theo {r.khoi_cite('Quyết định', issue, QD)})"
    groups, stt = [], 0
    for grade in shown:
        orgs = by_level[grade]
        if not orgs:
            continue
        rows = []
        for org in orgs:
            stt += 1
            g = r.roster.grade_of(org.ma)
            notes = [r.score(g.diem, grade) if g else "",
                     "Tiêu biểu" if g and g.tieu_bieu and grade is Grade.HTXSNV else ""]
            rows.append({"stt": vn.count(stt), "ten": org.ten, "xep_loai": grade.full,
                         "ghi_chu": "; ".join(x for x in notes if x)})
        groups.append({"so": roman(len(groups) + 1),
                       "ten": f"{quoted(grade)} ({vn.count(len(orgs))} tổ chức)", "muc": rows})
    ctx["nhom"] = groups
    return [Doc("quyet-dinh-xep-loai", key, f"quyet-dinh-xep-loai_{r.nam}",
                "Các tổ chức cơ sở đảng trực thuộc", issuer, None, ctx)]


def quyet_dinh_khen_thuong(r: Round) -> list[Doc]:
    """The decision awarding certificates, its list grouped by achievement."""
    cfg = r.config
    issuer = cfg.co_quan["ky_hieu"]
    groups = awards.numbered(r)
    orgs = sum(g.orgs for g in groups)
    people = sum(g.people for g in groups)
    lines = [f"- {g.thanh_tich}: {awards.count_text(g.orgs, g.people)}" for g in groups]
    ctx = _decision_frame(r) | {
        "nguoi_nhan": awards.count_text(orgs, people),
        "so_tap_the": vn.count(orgs),
        "so_ca_nhan": vn.count(people),
        "muc": punctuated(lines),
    }
    key = str(r.nam)
    issue = r.stamp(ctx, awards.DECISION, key, QD, issuer, cfg.ngay_quyet_dinh)
    ctx["kem_theo"] = f"(Kèm theo {r.khoi_cite('Quyết định', issue, QD)})"
    ctx["nhom"] = [
        {"so": roman(i), "ten": f"{g.thanh_tich}: {awards.count_text(g.orgs, g.people)}",
         "muc": [{"so_vang": vn.count(x.so_vang), "ten": x.ten,
                  "don_vi": x.org.ten if x.person else "", "ghi_chu": ""}
                 for x in g.recipients]}
        for i, g in enumerate(groups, 1)
    ]
    return [Doc(awards.DECISION, key, f"quyet-dinh-khen-thuong_{r.nam}",
                "Các tập thể, cá nhân được khen thưởng", issuer, None, ctx,
                golden={x.key: x.so_vang for g in groups for x in g.recipients})]
