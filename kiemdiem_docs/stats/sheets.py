"""The round's figures as the tables of the report's annex: plain data (numbers and
names), which the report prints, the annex workbook holds and the register records."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .. import vn
from ..roster import LEVELS, percent_text
from .count import Figures, LevelRow, Over, share_text, shares

LEVEL_HEADERS = [h for g in LEVELS for h in (f"{g.full}: số lượng", f"{g.full}: tỷ lệ (%)")]
SHEETS = {  # key -> (sheet name, title, first column's header)
    "to_chuc_loai": ("1. Tổ chức theo loại hình", "Kết quả xếp loại chất lượng tổ chức cơ sở "
                     "đảng theo loại hình", "Loại hình"),
    "to_chuc_cum": ("2. Tổ chức theo cụm", "Kết quả xếp loại chất lượng tổ chức cơ sở đảng "
                    "theo cụm", "Cụm"),
    "dang_vien_loai": ("3. Đảng viên theo loại hình", "Kết quả xếp loại chất lượng đảng viên "
                       "theo loại hình tổ chức cơ sở đảng", "Loại hình"),
    "dang_vien_cum": ("4. Đảng viên theo cụm", "Kết quả xếp loại chất lượng đảng viên theo "
                      "cụm", "Cụm"),
    "ly_do": ("5. Không xếp loại", "Đảng viên không xếp loại theo lý do", "Lý do"),
    "ty_le": ("6. Tỷ lệ xuất sắc", "Tổ chức có số đảng viên “Hoàn thành xuất sắc nhiệm vụ” "
              "vượt tỷ lệ", "Tổ chức"),
    "khen_thuong": ("7. Khen thưởng", "Khen thưởng", "Thành tích"),
    "so_sanh": ("8. So với năm trước", "So sánh với năm trước", "Chỉ tiêu"),
}


def level_values(row: LevelRow) -> list:
    """A level row's cells: name, total, each level's count and share, not graded."""
    shares = row.shares
    cells: list = [row.ten, row.tong]
    for i, count in enumerate(row.counts):
        cells += [count, None if shares is None else shares[i] / 10]
    return cells + [row.khong_xep_loai]


def _table(key: str, columns: list[str], rows: list[list]) -> dict:
    sheet, title, first = SHEETS[key]
    return {"khoa": key, "ten": sheet, "tieu_de": title, "cot": [first, *columns],
            "dong": rows}


def _level_table(key: str, rows: list[LevelRow]) -> dict:
    return _table(key, ["Tổng số", *LEVEL_HEADERS, "Không xếp loại"],
                  [level_values(r) for r in rows])


def _over_row(o: Over) -> list:
    return [o.ten, o.htxsnv, o.httnv, o.allowed, o.over]


def tables(fig: Figures, awards: Sequence[tuple[str, int, int]] = (),
           changes: Sequence[tuple[str, int, int]] | None = None) -> list[dict]:
    """Every table of the annex: ``awards`` (achievement, organisations, people) and
    ``changes`` (figure, last year, this year) where known."""
    out = [_level_table(k, getattr(fig, k))
           for k in ("to_chuc_loai", "to_chuc_cum", "dang_vien_loai", "dang_vien_cum")]
    total = sum(n for _, n in fig.ly_do)
    shares = _shares([n for _, n in fig.ly_do])
    out.append(_table("ly_do", ["Số lượng", "Tỷ lệ (%)"],
                      [[name, n, s] for (name, n), s in zip(fig.ly_do, shares, strict=True)]
                      + [["Tổng cộng", total, 100.0 if total else None]]))
    over = ([dataclasses.replace(fig.khoi_over, ten="Các tổ chức cơ sở đảng toàn Khối")]
            if fig.khoi_over else []) + list(fig.dang_vien_over)
    out.append(_table("ty_le", ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                f"Tối đa ({percent_text(fig.quota)})", "Vượt"],
                      [_over_row(o) for o in over]))
    out.append(_table("khen_thuong", ["Tập thể", "Cá nhân"],
                      [[a, o, p] for a, o, p in awards]
                      + [["Tổng cộng", sum(a[1] for a in awards), sum(a[2] for a in awards)]]))
    if changes is not None:
        out.append(_table("so_sanh", ["Năm trước", "Năm nay", "Tăng (+), giảm (-)"],
                          [[name, before, now, now - before] for name, before, now in changes]))
    return out


def _shares(counts: list[int]) -> list[float | None]:

    tenths = shares(tuple(counts))
    return [None] * len(counts) if tenths is None else [t / 10 for t in tenths]


def cell_text(value: object) -> str:
    """A table's value as the report prints it: «1.234», «20,5», «-»."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return share_text(round(value * 10))
    if isinstance(value, int):
        return vn.thousands(value)
    return str(value)
