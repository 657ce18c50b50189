"""The results report (``bao-cao-ket-qua``): what the Khối sends up when the round closes.

Its figures come from :mod:`stats`, the same for its text, its tables, its annex
workbook and its chart; its text cites the grading decision, and is re-issued with it.
The annex's tables are in its context (``so_lieu``) as plain numbers, so that the
register keeps them with each revision.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import stats, vn
from ..config import Config, retoned
from ..errors import KiemdiemError, NotReady
from ..roster import (
    LEVELS,
    Grade,
    Roster,
    load,
    percent_text,
    quota_allowed,
    source_stamp,
)
from . import awards
from .decisions import needs_grades
from .docdata import Doc, Round, cite, punctuated, quoted

BC, QD = "BC", "QĐ"
KIND, CITED = "bao-cao-ket-qua", "quyet-dinh-xep-loai"
CHART = "bieu-do"  # the name of the chart's picture in the template
SHOWN = 5  # organisations a sentence names before «và N tổ chức khác»


def needs(roster: Roster) -> str | None:
    """The report counts every organisation and every member: none may be ungraded."""
    why = needs_grades(roster)
    if why:
        return why
    known = {o.ma for o in roster.orgs}
    waiting = [m for m in roster.members if m.xep_loai is None and m.ma_to_chuc in known]
    if waiting:
        return (f"còn {vn.count(len(waiting))} đảng viên chưa có kết quả xếp loại (sheet "
                f"DangVien, cột Xếp loại, ví dụ dòng {waiting[0].row}); báo cáo kết quả chỉ ra "
                "khi đủ tất cả")
    return None


def report_view(roster: Roster) -> tuple:
    """What the report is made from (``Kind.reads``): every organisation, grade, meeting and
    member's grade and reason, and the awards' candidates."""
    return (roster.orgs, roster.grades,
            [(m.ma_to_chuc, m.ngay, m.dai_bieu) for m in roster.meetings],
            [(m.ma_to_chuc, m.xep_loai, m.ly_do_khong_xep_loai) for m in roster.members],
            awards.award_view(roster))


def number(n: int) -> str:
    """A count in running text: «05», «42», «1.234»."""
    return vn.count(n) if n < 1000 else vn.thousands(n)


def _share(row: stats.LevelRow, i: int) -> str:
    shares = row.shares
    return "" if shares is None else f", chiếm {stats.share_text(shares[i])}%"


def _versus(before: int | None, now: int, nam: int) -> str:
    if before is None:
        return ""
    if before == now:
        return f" (bằng năm {nam - 1})"
    word = "tăng" if now > before else "giảm"
    return f" (năm {nam - 1}: {number(before)}; {word} {number(abs(now - before))})"


def _level_lines(row: stats.LevelRow, unit: str, before: stats.LevelRow | None,
                 nam: int, why: str = "") -> list[str]:
    lines = []
    for i, grade in enumerate(LEVELS):
        was = before.counts[i] if before is not None else None
        lines.append(f"- {quoted(grade)}: {number(row.counts[i])} {unit}{_share(row, i)}"
                     f"{_versus(was, row.counts[i], nam)}")
    if row.khong_xep_loai or (before is not None and before.khong_xep_loai):
        was = before.khong_xep_loai if before is not None else None
        lines.append(f"- {Grade.KXL.full}: {number(row.khong_xep_loai)} {unit}"
                     f"{_versus(was, row.khong_xep_loai, nam)}{why}")
    return punctuated(lines)


def _names(overs: list[stats.Over]) -> str:
    named = [f"{o.ten} ({number(o.htxsnv)}/{number(o.httnv)}, vượt {number(o.over)})"
             for o in overs[:SHOWN]]
    more = f" và {vn.count(len(overs) - SHOWN)} tổ chức khác" if len(overs) > SHOWN else ""
    return "; ".join(named) + more


def _quota_lines(fig: stats.Figures) -> list[str]:
    limit = percent_text(fig.quota)
    total = fig.to_chuc_loai[-1]
    top, good = total.counts[0], total.counts[1]
    allowed = quota_allowed(fig.quota, good)
    khoi = (f"Số tổ chức cơ sở đảng “{Grade.HTXSNV.full}” là {number(top)}, so với "
            f"{number(good)} tổ chức “{Grade.HTTNV.full}” (tối đa {number(allowed)} theo tỷ lệ "
            f"{limit}): ")
    khoi += (f"vượt {number(top - allowed)} tổ chức." if fig.khoi_over else "bảo đảm tỷ lệ.")
    over = fig.dang_vien_over
    if not fig.to_chuc_xet:
        return [khoi, f"Về đảng viên: không có đảng viên nào “{Grade.HTXSNV.full}” hay "
                      f"“{Grade.HTTNV.full}”."]
    members = (f"Về đảng viên: {number(fig.to_chuc_xet - len(over))}/{number(fig.to_chuc_xet)} "
               f"tổ chức cơ sở đảng bảo đảm số đảng viên “{Grade.HTXSNV.full}” không vượt "
               f"{limit} số đảng viên “{Grade.HTTNV.full}”")
    members += (f"; {number(len(over))} tổ chức vượt: {_names(over)}." if over else ".")
    return [khoi, members]


def _not_graded(fig: stats.Figures) -> str:
    """Who was not graded and why: « (gồm 02 đồng chí được miễn …, 05 đồng chí …)»."""
    parts = [f"{number(n)} đồng chí {name[0].lower()}{name[1:]}" for name, n in fig.ly_do
             if name != stats.OTHER_REASON]
    others = dict(fig.ly_do).get(stats.OTHER_REASON)
    if others:
        named = "; ".join(fig.ly_do_khac[:SHOWN])
        more = (f" và {vn.count(len(fig.ly_do_khac) - SHOWN)} lý do khác nữa"
                if len(fig.ly_do_khac) > SHOWN else "")
        parts.append(f"{number(others)} đồng chí vì lý do khác: {named}{more}")
    return f" (gồm {', '.join(parts)})" if parts else ""


def _member_lines(fig: stats.Figures, before: stats.Figures | None, nam: int) -> list[str]:
    members = fig.dang_vien_loai[-1]
    if not members.graded:  # every one exempted, suspended or newly admitted
        return [f"Tổng số {number(members.tong)} đảng viên, đều không xếp loại"
                f"{_not_graded(fig)}."]
    return [f"Tổng số {number(members.tong)} đảng viên; đã xếp loại {number(members.graded)} "
            "đồng chí, kết quả:"] + _level_lines(
        members, "đồng chí", before.dang_vien_loai[-1] if before else None, nam,
        _not_graded(fig))


def _meetings(r: Round) -> str:
    roster = r.roster
    held = sorted({m.ma_to_chuc for m in roster.meetings} & {o.ma for o in roster.orgs})
    if not held:
        return "Các tổ chức cơ sở đảng chưa báo cáo lịch hội nghị kiểm điểm."
    days = sorted(m.ngay for m in roster.meetings)
    delegated = sum(1 for m in roster.meetings if m.dai_bieu)
    text = (f"Theo lịch đã báo cáo, từ ngày {vn.date_text(days[0])} đến ngày "
            f"{vn.date_text(days[-1])}, {number(len(held))}/{number(len(roster.orgs))} tổ chức "
            f"cơ sở đảng tổ chức hội nghị kiểm điểm ({number(len(roster.meetings))} hội nghị); "
            f"đại biểu Đảng ủy Khối dự, chỉ đạo {number(delegated)} hội nghị")
    missing = [o for o in sorted(roster.orgs, key=lambda o: o.ma) if o.ma not in set(held)]
    if missing:
        names = ", ".join(o.ten for o in missing[:SHOWN])
        more = f" và {vn.count(len(missing) - SHOWN)} tổ chức khác" if len(missing) > SHOWN else ""
        text += f"; {number(len(missing))} tổ chức chưa báo cáo lịch: {names}{more}"
    return text + "."


def _award_groups(r: Round) -> list[tuple[str, int, int]]:
    if awards.needs(r.roster):
        return []
    return [(g.thanh_tich, g.orgs, g.people) for g in awards.award_list(r.roster, r.nam)]


def _award_text(groups: list[tuple[str, int, int]]) -> list[str]:
    if not groups:
        return ["Năm nay không có tập thể, cá nhân được tặng giấy khen."]
    orgs, people = sum(g[1] for g in groups), sum(g[2] for g in groups)
    lines = [f"- {text}: {awards.count_text(o, p)}" for text, o, p in groups]
    return [f"Ban Thường vụ Đảng ủy Khối tặng giấy khen cho {awards.count_text(orgs, people)}:"
            ] + punctuated(lines)


# The sheets the figures are made from: a problem elsewhere in last year's workbook (its
# schedule, its staff) does not stand in the way of comparing them.
COUNTED = {"ToChuc", "DangVien", "XepLoai"}


@functools.lru_cache(maxsize=4)
def _previous(path: Path, stamp: tuple, quota: float, limits: object) -> stats.Figures:
    try:
        roster = load(path, limits)
    except KiemdiemError as exc:
        raise NotReady(f"sổ danh sách năm trước ([bao_cao] nam_truoc): {exc}") from None
    errors = [p for p in roster.errors if p.place.sheet in COUNTED]
    if errors:
        raise NotReady(f"sổ danh sách năm trước {path} ([bao_cao] nam_truoc) có {len(errors)} "
                       f"lỗi, ví dụ: {str(errors[0]).rstrip('.')}. Chạy `kiemdiem validate "
                       f"{path}` rồi sửa, hoặc để trống nam_truoc")
    return stats.figures(roster, quota)


def previous_figures(config: Config) -> stats.Figures | None:
    """Last round's figures, from the workbook ``[bao_cao] nam_truoc`` names; a workbook
    that is not there or not sound holds up the report alone (:class:`NotReady`)."""
    path = config.nam_truoc
    if path is None:
        return None
    stamp = source_stamp(path)
    if stamp == ("missing",):
        raise NotReady(f"không thấy sổ danh sách năm trước {path} ([bao_cao] nam_truoc): sửa "
                       "đường dẫn, hoặc để trống để không so sánh")
    return _previous(path, stamp, config.ty_le_htxsnv, config.gioi_han)


def _changes(fig: stats.Figures, before: stats.Figures) -> list[tuple[str, int, int]]:
    out = []
    for unit, now, was in (("Tổ chức cơ sở đảng", fig.to_chuc_loai[-1], before.to_chuc_loai[-1]),
                           ("Đảng viên", fig.dang_vien_loai[-1], before.dang_vien_loai[-1])):
        out.append((f"{unit}: tổng số", was.tong, now.tong))
        out += [(f"{unit}: {g.full}", was.counts[i], now.counts[i])
                for i, g in enumerate(LEVELS)]
        out.append((f"{unit}: {Grade.KXL.full}", was.khong_xep_loai, now.khong_xep_loai))
    return out


CHART_BARS = 120  # clusters at most that the chart draws one by one; past it, by type


def _chart_data(fig: stats.Figures) -> dict:
    """The chart's bars: by cluster, or by type where there are too many clusters to draw
    (a cluster a row of a workbook that names each organisation's own)."""
    orgs, members = fig.to_chuc_cum[:-1], fig.dang_vien_cum[:-1]
    if len(orgs) > CHART_BARS:
        orgs, members = fig.to_chuc_loai[:-1], fig.dang_vien_loai[:-1]
    return {"cum": [row.ten for row in orgs],
            "to_chuc": [[*row.counts, row.khong_xep_loai] for row in orgs],
            "dang_vien": [[*row.counts, row.khong_xep_loai] for row in members]}


def _cells(table: str, row: list) -> list[str]:
    cells = [stats.cell_text(v) for v in row]
    if table == "so_sanh":  # the change, signed: «+2», «-1», «0»
        cells[-1] = f"{row[-1]:+d}" if row[-1] else "0"
    return cells


def bao_cao_ket_qua(r: Round) -> list[Doc]:
    """The round's results report, with its annex's tables and its chart's figures."""
    cfg = r.config
    issuer = cfg.co_quan["ky_hieu"]
    fig = stats.figures(r.roster, cfg.ty_le_htxsnv)
    before = previous_figures(cfg)
    groups = _award_groups(r)
    changes = _changes(fig, before) if before is not None else None
    tables = stats.tables(fig, groups, changes)
    orgs = fig.to_chuc_loai[-1]
    cited = r.cited(CITED, str(r.nam), QD, issuer, cfg.ngay_quyet_dinh)
    decision = cite("Quyết định", cited, QD, issuer, None)
    types = ", ".join(f"{number(row.tong)} {row.ten.lower()}" for row in fig.to_chuc_loai[:-1]
                      if row.tong)
    texts = {
        "to_chuc_thuc_hien": [
            _meetings(r),
            f"Trên cơ sở đề nghị của {cfg.co_quan['ban_tham_muu']}, Ban Thường vụ Đảng ủy Khối "
            f"đã xem xét, ban hành {decision} về việc xếp loại chất lượng tổ chức cơ sở đảng năm "
            f"{r.nam}.",
        ],
        "to_chuc": [f"Tổng số {number(orgs.tong)} tổ chức cơ sở đảng ({types}); kết quả xếp loại:"]
        + _level_lines(orgs, "tổ chức", before.to_chuc_loai[-1] if before else None, r.nam),
        "dang_vien": _member_lines(fig, before, r.nam),
        "ty_le": _quota_lines(fig),
        "khen_thuong": _award_text(groups),
    }
    # What the workbook wrote is printed as it wrote it (FORMAT.md: names keep their style).
    kept = {o.ten for o in r.roster.orgs} | set(fig.ly_do_khac) | {g[0] for g in groups}
    ctx = r.common() | {
        "tieu_de": r.khoi_header(),
        "trich_yeu": f"kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và "
                     f"đảng viên năm {r.nam}",
        "nguoi_ky": r.khoi_signer(),
        "noi_nhan": r.recipients("Ban Thường vụ Tỉnh ủy (để báo cáo)", "Ban Tổ chức Tỉnh ủy",
                                 "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy Khối",
                                 cfg.co_quan["noi_luu"]),
        "doan": {k: [_retoned(t, cfg, kept) for t in v] for k, v in texts.items()},
        "bang": {t["khoa"]: [_cells(t["khoa"], row) for row in t["dong"]] for t in tables},
        "so_sanh": changes is not None,
        "nam_truoc": r.nam - 1,
        "so_lieu": tables,
        "bieu_do": _chart_data(fig),
    }
    key = str(r.nam)
    issue = r.stamp(ctx, KIND, key, BC, issuer, cfg.ngay_bao_cao)
    ctx["kem_theo"] = f"(Kèm theo {r.khoi_cite('Báo cáo', issue, BC)})"
    return [Doc(KIND, key, f"{KIND}_{r.nam}", "Ban Thường vụ Tỉnh ủy", issuer, None, ctx)]


def _retoned(line: str, cfg: Config, kept: set[str]) -> str:
    """The report's own words in the workspace's tone-mark style, the workbook's as typed."""
    out = retoned(line, cfg)
    for value in kept:
        if value in line:
            out = out.replace(retoned(value, cfg), value)
    return out


def chart(context: dict) -> bytes:
    """The picture the report's template names «bieu-do», drawn from its recorded figures."""
    data = context["bieu_do"]
    return _drawn(tuple(data["cum"]), _rows(data["to_chuc"]), _rows(data["dang_vien"]))


def _rows(counts: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(c) for c in counts)


@functools.lru_cache(maxsize=8)  # a round's builds redraw the same figures: draw them once
def _drawn(clusters: tuple, orgs: tuple, members: tuple) -> bytes:
    return stats.chart_png(clusters, orgs, members)
