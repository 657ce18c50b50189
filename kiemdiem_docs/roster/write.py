"""Writing roster workbooks: the blank one of ``init``, and filled ones (sample, benchmark, tests).

Everything is laid out from :mod:`kiemdiem_docs.schema`, so a sheet or header
renamed there is renamed here. Workbooks are written in openpyxl's write-only
mode, which still allows styles, comments, frozen panes, column widths and
drop-down lists, and keeps 50,000 rows to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ..atomic import write_atomic
from . import schema
from .models import Grade

VALIDATED_ROWS = 2000  # drop-down lists cover rows 2..this (or the data, if longer)
DATE_FORMAT = "dd/mm/yyyy"
TIME_FORMAT = "hh:mm"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"
YES, NO = schema.YES_NO
# Excel refuses a list-validation formula longer than 255 characters.
MAX_LIST_FORMULA = 255

_COLUMN_FORMATS = {"code": TEXT_FORMAT, "date": DATE_FORMAT, "time": TIME_FORMAT}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_EXAMPLE_FONT = Font(italic=True, color="595959")
_EXAMPLE_NOTE = "Dòng ví dụ: sửa thành dữ liệu thật hoặc xóa dòng này trước khi chạy."
_AUTHOR = "kiemdiem"
_WRITABLE = (str, int, float, bool, dt.date, dt.time, Grade, type(None))


def write_blank(path: Path, *, stamp: dt.datetime | None = None) -> None:
    """The roster workbook a new workspace gets: headers, one example row, drop-down lists.

    ``stamp`` fixes the file's creation time (and zip entry times) for identical bytes;
    without it openpyxl records the time of writing.
    """
    _write(path, {}, example=True, stamp=stamp)


def write_roster(path: Path, sheets: dict[str, list[dict]], *,
                 stamp: dt.datetime | None = None) -> None:
    """The same workbook filled with ``sheets`` (rows as dicts keyed by column key).

    Values may be str, int, float, date, time, datetime, bool (written Có/Không) or a
    :class:`~kiemdiem_docs.models.Grade` (written in full); None and "" leave the cell
    empty. Sheets of the schema missing from ``sheets`` get their header only.
    """
    unknown = set(sheets) - {s.name for s in schema.SHEETS}
    if unknown:
        raise ValueError(f"sheets not in the schema: {sorted(unknown)}")
    for sheet in schema.SHEETS:
        _check(sheet, sheets.get(sheet.name, []))
    _write(path, sheets, example=False, stamp=stamp)


def _write(path: Path, data: dict[str, list[dict]], *, example: bool,
           stamp: dt.datetime | None) -> None:
    wb = Workbook(write_only=True)
    if stamp is not None:
        wb.properties.created = wb.properties.modified = stamp
    for sheet in schema.SHEETS:
        rows = data.get(sheet.name, [])
        ws = wb.create_sheet(sheet.name)
        _layout(ws, sheet, max(VALIDATED_ROWS, len(rows) + 1))
        ws.append([_header_cell(ws, col) for col in sheet.columns])
        # A code alone (XepLoai, KhenThuong) would be an example of nothing.
        if example and any(c.example for c in sheet.columns if c.kind != "code"):
            ws.append(_example_row(ws, sheet))
        _append_rows(ws, sheet, rows)
    _save(wb, path, stamp)


def _layout(ws: Any, sheet: schema.Sheet, last_row: int) -> None:
    """Widths, column formats, frozen header and drop-down lists; before any row."""
    ws.freeze_panes = "A2"
    for i, col in enumerate(sheet.columns, 1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        # A column format makes Excel keep it for cells typed in later (leading zeros).
        if col.kind in _COLUMN_FORMATS:
            dim.number_format = _COLUMN_FORMATS[col.kind]
        dv = _validation(col)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(dv)


def list_choices(col: schema.Column) -> tuple[str, ...]:
    """The drop-down list of a column, empty when it has none."""
    if col.kind == "grade":
        return schema.GRADE_CHOICES
    if col.kind == "bool":
        return schema.YES_NO
    if col.kind == "choice":
        return col.choices
    return ()


def _validation(col: schema.Column) -> DataValidation | None:
    choices = list_choices(col)
    if not choices:
        return None
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > MAX_LIST_FORMULA or any("," in c for c in choices):
        raise ValueError(f"the choices of column {col.header!r} do not fit an inline list")
    grade = col.kind == "grade"
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        # Grades may also be typed short (HTTNV, Tốt): warn, do not refuse.
        errorStyle="warning" if grade else "stop",
        errorTitle="Giá trị không có trong danh sách",
        error=(f"Cột «{col.header}» nên chọn trong danh sách (có thể gõ tắt: HTXSNV, HTTNV, "
               "HTNV, KHTNV)." if grade else f"Cột «{col.header}» chỉ nhận giá trị trong danh "
               "sách."),
        promptTitle=col.header[:32],
        prompt="Chọn trong danh sách.",
    )


def _header_cell(ws: Any, col: schema.Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, col.header)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _HEADER_ALIGN
    if col.note:
        cell.comment = Comment(col.note, _AUTHOR, width=260, height=90)
    return cell


def _example_row(ws: Any, sheet: schema.Sheet) -> list:
    row: list = []
    for i, col in enumerate(sheet.columns):
        value = _parse_example(col)
        if value is None:
            row.append(None)
            continue
        cell = WriteOnlyCell(ws, value)
        cell.font = _EXAMPLE_FONT
        fmt = _COLUMN_FORMATS.get(col.kind)
        if fmt:
            cell.number_format = fmt
        if i == 0:
            cell.comment = Comment(_EXAMPLE_NOTE, _AUTHOR, width=220, height=60)
        row.append(cell)
    if any(cell is not None for cell in row):
        mark = WriteOnlyCell(ws, schema.EXAMPLE_CELL)
        mark.font = _EXAMPLE_FONT
        row.append(mark)
    return row


def _parse_example(col: schema.Column) -> Any:
    if not col.example:
        return None
    if col.kind == "date":
        return dt.datetime.strptime(col.example, "%d/%m/%Y").date()
    if col.kind == "time":
        return dt.datetime.strptime(col.example, "%H:%M").time()
    return col.example


def _check(sheet: schema.Sheet, rows: Iterable[dict]) -> None:
    """Refuse unknown keys and value types before a byte is written.

    A write-only workbook abandoned half-way leaves openpyxl's streams open, so
    every mistake in the data is found first.
    """
    known = {c.key for c in sheet.columns}
    for n, row in enumerate(rows, 2):
        if not known.issuperset(row):
            raise ValueError(
                f"{sheet.name} row {n}: keys not in the schema: {sorted(set(row) - known)}"
            )
        for key, value in row.items():
            if type(value) not in _WRITABLE and not isinstance(value, _WRITABLE):
                raise TypeError(f"{sheet.name} row {n}, {key}: cannot write a "
                                f"{type(value).__name__}")


def _append_rows(ws: Any, sheet: schema.Sheet, rows: Iterable[dict]) -> None:
    pairs = [(col.key, _converter(ws, col)) for col in sheet.columns]
    for row in rows:
        ws.append([conv(row.get(key)) for key, conv in pairs])


def _converter(ws: Any, col: schema.Column) -> Callable[[Any], Any]:
    """A function turning one value of ``col`` into what a write-only row takes.

    Formatted values go through one reusable cell per column and format: openpyxl
    writes each row before the next is appended, and a shared cell avoids building
    a styled cell for each of hundreds of thousands of values.
    """
    templates: dict[str, WriteOnlyCell] = {}

    def formatted(value: Any, fmt: str) -> WriteOnlyCell:
        cell = templates.get(fmt)
        if cell is None:
            cell = templates[fmt] = WriteOnlyCell(ws)
            cell.number_format = fmt
        cell.value = value
        return cell

    is_code = col.kind == "code"

    def convert(value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return formatted(value, TEXT_FORMAT) if is_code else value
        if isinstance(value, bool):
            return YES if value else NO
        if isinstance(value, Grade):
            return value.full
        if isinstance(value, dt.datetime):
            return formatted(value, DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return formatted(value, DATE_FORMAT)
        if isinstance(value, dt.time):
            return formatted(value, TIME_FORMAT)
        if isinstance(value, int | float):
            return formatted(str(value), TEXT_FORMAT) if is_code else value
        raise TypeError(f"column {col.header!r}: cannot write a {type(value).__name__}")

    return convert


def _save(wb: Workbook, path: Path, stamp: dt.datetime | None) -> None:
    """Write through a temporary file, so a failed run never leaves half a workbook."""
    buf = io.BytesIO()
    # ExcelWriter rather than wb.save(): save() overwrites the modified time with now.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    data = buf.getvalue()
    if stamp is not None:
        data = _restamp(data, stamp)
    write_atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def _restamp(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every entry dated ``stamp``, so equal content gives equal bytes."""
    when = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info))
    return out.getvalue()
