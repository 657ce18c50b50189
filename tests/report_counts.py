"""The results report's figures counted again, independently of ``kiemdiem_docs.stats``:
straight from a workbook's cells with openpyxl (or from rows of dicts), with Counter."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import openpyxl

FULL = {"Hoàn thành xuất sắc nhiệm vụ": 0, "Hoàn thành tốt nhiệm vụ": 1,
        "Hoàn thành nhiệm vụ": 2, "Không hoàn thành nhiệm vụ": 3, "Không xếp loại": 4}
SHORT = {"HTXSNV": 0, "HTTNV": 1, "HTNV": 2, "KHTNV": 3, "KXL": 4}
TYPES = ("Đảng bộ cơ sở", "Chi bộ cơ sở")


def level(value) -> int | None:
    """0..3 for the four levels, 4 for not graded, None for empty."""
    if value in (None, ""):
        return None
    text = unicodedata.normalize("NFC", str(getattr(value, "value", value))).strip()
    return FULL.get(text, SHORT.get(text))


def sheet_rows(path: Path, name: str) -> list[dict]:
    ws = openpyxl.load_workbook(path, read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h).strip() for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v not in (None, "")
                                                                       for v in r)]


def from_workbook(path: Path) -> dict:
    """orgs and members as (type, cluster, level, reason) tuples, from the cells."""
    orgs = {str(o["Mã"]): o for o in sheet_rows(path, "ToChuc")}
    grades = {str(g["Mã tổ chức"]): level(g["Xếp loại"]) for g in sheet_rows(path, "XepLoai")}
    members = []
    for m in sheet_rows(path, "DangVien"):
        org = orgs[str(m["Mã tổ chức"])]
        members.append((org["Loại"], _cluster(org["Cụm"]), level(m["Xếp loại"]),
                        m.get("Lý do không xếp loại") or ""))
    return {"orgs": [(o["Loại"], _cluster(o["Cụm"]), grades[code]) for code, o in orgs.items()],
            "members": members}


def from_rows(rows: dict) -> dict:
    """The same from ``sample.make_rows``'s dicts."""
    orgs = {o["ma"]: o for o in rows["ToChuc"]}
    grades = {g["ma_to_chuc"]: level(g["xep_loai"]) for g in rows["XepLoai"]}
    return {
        "orgs": [(o["loai"], _cluster(o["cum"]), grades[code]) for code, o in orgs.items()],
        "members": [(orgs[m["ma_to_chuc"]]["loai"], _cluster(orgs[m["ma_to_chuc"]]["cum"]),
                     level(m["xep_loai"]), m.get("ly_do_khong_xep_loai") or "")
                    for m in rows["DangVien"]],
    }


def _cluster(value) -> str:
    text = str(value or "").strip()
    if not text:
        return "Chưa phân cụm"
    return text if text.lower().startswith("cụm") else f"Cụm {text}"


def counts(records: list[tuple], by: int) -> dict[str, list[int]]:
    """group (record[by]) -> [total, HTXSNV, HTTNV, HTNV, KHTNV, KXL], and «Tổng cộng»."""
    out: dict[str, list[int]] = {}
    for r in records:
        for group in (r[by], "Tổng cộng"):
            row = out.setdefault(group, [0] * 6)
            row[0] += 1
            row[1 + r[2]] += 1
    return out


def table_rows(path: Path, index: int) -> list[list[str]]:
    """The body rows (below the two header rows) of the report's table ``index``."""
    table = docx.Document(str(path)).tables[index]
    return [[c.text for c in row.cells] for row in table.rows[2:]]


def as_counts(cells: list[str]) -> list[int]:
    """A printed level row's [total, four counts, not graded]."""
    numbers = [int(c.replace(".", "")) for c in (cells[1], *cells[2:10:2], cells[10])]
    return [numbers[0], *numbers[1:5], numbers[5]]
