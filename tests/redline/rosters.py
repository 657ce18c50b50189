"""Corrections to the sample roster, as a clerk makes them in the workbook."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl


def edit_members(src: Path, dst: Path, edit: Callable) -> None:
    """``edit(sheet, header)`` applied to DangVien of ``src``, saved as ``dst``."""
    wb = openpyxl.load_workbook(src)
    ws = wb["DangVien"]
    edit(ws, [c.value for c in ws[1]])
    wb.save(dst)


def row_of(ws, header: list, name: str) -> int:
    col = header.index("Họ và tên") + 1
    hits = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == name]
    assert len(hits) == 1, name
    return hits[0]


def set_cell(src: Path, dst: Path, name: str, column: str, value) -> None:
    """One member's cell ``column`` set to ``value``."""
    def edit(ws, header):
        ws.cell(row_of(ws, header, name), header.index(column) + 1).value = value
    edit_members(src, dst, edit)


def add_member(src: Path, dst: Path, like: str, name: str, born: dt.datetime) -> None:
    """A member added: a copy of ``like``'s row (same organisation and branch) with a name,
    a birth date and no card."""
    def edit(ws, header):
        source = row_of(ws, header, like)
        values = [copy.copy(c.value) for c in ws[source]]
        values[header.index("Họ và tên")] = name
        values[header.index("Ngày sinh")] = born
        values[header.index("Số thẻ đảng viên")] = None
        values[header.index("HTXSNV 5 năm liền")] = "Không"
        ws.append(values)
    edit_members(src, dst, edit)


def remove_member(src: Path, dst: Path, name: str) -> None:
    def edit(ws, header):
        ws.delete_rows(row_of(ws, header, name))
    edit_members(src, dst, edit)
