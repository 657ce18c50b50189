"""The Khối's letters, the invitations and the schedule notice (the round's opening)."""

from __future__ import annotations

import datetime as dt

from .. import vn
from ..config import retoned
from ..errors import KiemdiemError
from ..roster import Staff
from . import wording
from .docdata import (
    Doc,
    Round,
    issuer_symbol,
    meeting_context,
    meeting_keys,
    meeting_order,
    org_archive,
    org_context,
    org_stem,
)

CV, GM, TB = "CV", "GM", "TB"


def cong_van(r: Round) -> list[Doc]:
    """One letter per organisation, addressed to its committee."""
    cfg, docs = r.config, []
    symbol = cfg.co_quan["ky_hieu"]
    for org in r.roster.orgs:
        ctx = r.common() | {
            "tieu_de": r.khoi_header(),
            "trich_yeu": retoned(cfg.the_thuc.trich_yeu_cong_van, cfg)
                         + cfg.raw["dot"]["trich_yeu_cong_van"],
            "org": org_context(org),
            "hop": None,
            "phu_trach": None,
            "nguoi_ky": r.khoi_signer(),
            "noi_nhan": r.recipients(r.as_addressed(),
                                     cfg.co_quan["noi_luu"]),
        }
        meeting = r.meeting_of(org)
        if meeting:
            ctx["hop"] = meeting_context(meeting)
        staff = r.in_charge(org)
        if staff:
            ctx["phu_trach"] = in_charge_context(staff)
        issue = r.stamp(ctx, "cong-van", org.ma, CV, symbol, cfg.ngay_cong_van, org.ma)
        ctx["kem_theo"] = f"(Kèm theo {r.khoi_cite('Công văn', issue, CV)})"
        ctx["ho_so"] = [{"stt": vn.count(i), "ten": t}
                        for i, t in enumerate(cfg.raw["dot"]["ho_so_bao_cao"], 1)]
        docs.append(Doc("cong-van", org.ma, org_stem(org), org.ten_cap_uy, symbol, org.ma, ctx))
    return docs


def in_charge_context(staff: list[Staff]) -> dict[str, str]:
    """Who follows the organisation for the Standing Committee: ``nguoi`` names them all
    with their titles («Đồng chí A, … và đồng chí B, …»); ``ho_ten`` and ``chuc_vu`` are
    kept for templates written for one person, and name everyone too."""
    people = [(s.ho_ten, s.chuc_vu) for s in staff]
    nguoi = wording.comrades(people)
    return {"nguoi": nguoi[0].upper() + nguoi[1:],
            "ho_ten": wording.and_list([n for n, _ in people]),
            "chuc_vu": staff[0].chuc_vu if len(staff) == 1 else ""}


def giay_moi(r: Round) -> list[Doc]:
    """One invitation per scheduled meeting, issued and signed by the organisation."""
    docs = []
    for meeting in sorted(r.roster.meetings, key=meeting_order):
        org = r.roster.org(meeting.ma_to_chuc)
        if org is None:  # validate reports it; a build never invents an organisation
            continue
        letter = r.cited("cong-van", org.ma, CV, r.config.co_quan["ky_hieu"],
                         r.config.ngay_cong_van)
        ctx = r.common() | {
            "tieu_de": r.org_header(org),
            "org": org_context(org),
            "hop": meeting_context(meeting)
            | {"cung_du": wording.along(meeting.can_bo_du, r.roster.staff)},
            "cong_van": r.khoi_cite("Công văn", letter, CV),
            "nguoi_ky": r.org_signer(org),
            "noi_nhan": r.recipients(r.as_addressed(),
                                     r.config.co_quan["ban_tham_muu"],
                                     org_archive(org, r.config)),
        }
        key = meeting_keys(r.roster)[id(meeting)]
        r.stamp(ctx, "giay-moi", key, GM, issuer_symbol(org), None, org.ma)
        stem = f"{vn.slug(org.ma, 20)}-{meeting.ngay:%Y%m%d}_{vn.slug(org.ten)}"
        recipient = meeting.dai_bieu or org.ten
        docs.append(Doc("giay-moi", key, stem, recipient, issuer_symbol(org), org.ma, ctx))
    return docs


def thong_bao_lich(r: Round) -> list[Doc]:
    """The notice of every review meeting, by date and time."""
    rows, orgs = [], set()
    for i, m in enumerate(sorted(r.roster.meetings, key=meeting_order), 1):
        org = r.roster.org(m.ma_to_chuc)
        if org is None:
            continue
        orgs.add(org.ma)
        mc = meeting_context(m)
        delegate = ", ".join(x for x in (m.dai_bieu, m.chuc_vu_dai_bieu) if x)
        rows.append({"stt": vn.count(i), "thoi_gian": mc["gio_thu_ngay"], "to_chuc": org.ten,
                     "dia_diem": m.dia_diem, "dai_bieu": delegate, "can_bo_du": m.can_bo_du})
    cfg = r.config
    symbol = cfg.co_quan["ky_hieu"]
    ctx = r.common() | {
        "tieu_de": r.khoi_header(),
        "lich": rows,
        "so_to_chuc": vn.count(len(orgs)),
        "nguoi_ky": r.khoi_signer(),
        "noi_nhan": r.recipients("Các đồng chí Ủy viên Ban Thường vụ Đảng ủy Khối",
                                 "Các tổ chức cơ sở đảng trực thuộc", cfg.co_quan["noi_luu"]),
    }
    key = str(r.nam)
    registered = r.numbering("thong-bao-lich", key, TB, symbol)  # an issued one keeps its day
    issue = r.stamp(ctx, "thong-bao-lich", key, TB, symbol, cfg.ngay_thong_bao_lich)
    letter = _letter_day(r)
    if registered.date is None and issue.date and letter and issue.date < letter:
        raise KiemdiemError(
            f"Thông báo lịch sẽ mang ngày {vn.date_text(issue.date)}, trước công văn triển khai "
            f"(ngày {vn.date_text(letter)}) mà nó dẫn lịch các tổ chức báo cáo theo: đặt "
            "ngay_thong_bao_lich ở [dot] trong kiemdiem.toml (hoặc --ngay) từ ngày công văn "
            "trở đi.")
    return [Doc("thong-bao-lich", key, f"thong-bao-lich_{r.nam}",
                "Các tổ chức cơ sở đảng trực thuộc", symbol, None, ctx)]


def _letter_day(r: Round) -> dt.date | None:
    """The day the round's letters went out: the first of those planned or registered,
    else the configured one."""
    symbol = r.config.co_quan["ky_hieu"]
    days = [d for org in r.roster.orgs
            if (d := r.cited("cong-van", org.ma, CV, symbol, r.config.ngay_cong_van).date)]
    return min(days, default=r.config.ngay_cong_van)
