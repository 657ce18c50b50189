"""Raw sheets of a roster: an .xlsx/.xlsm read with python-calamine, or a folder of .csv.

A :class:`Grid` holds a sheet's cells with row ``i`` being Excel row ``i + 1``,
its merged ranges, and the cells calamine shows as empty although they are
not: Excel error values (``#N/A``) and formulas saved without their computed
value. Those two are found by scanning the sheet's XML, which is cheap and
only done when the XML holds an error or a formula at all.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import python_calamine as pc

from ..config import ReadLimits
from ..errors import RosterError
from ..vn import ascii_fold
from .bounds import check_archive, check_cells, check_file_size
from .models import Place, Problem

# What a damaged zip member raises when read (calamine may have read past it already).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, zlib.error,
              EOFError, OSError)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")


@dataclass
class Grid:
    name: str  # as found: the sheet's or the file's name
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    # row index -> column index -> what is wrong ("#N/A" …, or "" for a formula without value)
    flagged: dict[int, dict[int, str]] = field(default_factory=dict)
    hidden: bool = False


def sheet_key(name: str) -> str:
    """How sheet names are compared: "Tổ chức", "ToChuc", "to_chuc " are one sheet."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(name).casefold())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def lock_file(path: Path) -> Path | None:
    """Excel's owner file beside an open workbook: "~$" + the name (less two letters if long)."""
    for lock in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if lock.exists():
            return lock
    return None


def _lock_hint(path: Path) -> str:
    lock = lock_file(path)
    if lock is None:
        return ""
    return f" Sổ đang mở trong Excel (có tệp khóa «{lock.name}» bên cạnh): đóng Excel rồi chạy lại."


def read_workbook_bytes(path: Path, limits: ReadLimits) -> bytes:
    """The bytes of an .xlsx, or :class:`RosterError` saying in Vietnamese why not."""
    suffix = path.suffix.casefold()
    if not path.exists():
        raise RosterError(f"Không tìm thấy tệp danh sách «{path}».")
    if suffix in (".xls", ".xlsb", ".ods"):
        raise RosterError(f"«{path.name}» là định dạng {suffix}, chương trình chỉ đọc .xlsx: mở "
                          "bằng Excel, chọn Lưu thành (Save As) «Excel Workbook (*.xlsx)».")
    if suffix == ".csv":
        raise RosterError(f"«{path.name}» là một tệp .csv lẻ. Đặt các tệp ToChuc.csv, "
                          "DangVien.csv… vào một thư mục và chỉ đường dẫn tới thư mục đó.")
    if suffix not in (".xlsx", ".xlsm"):
        raise RosterError(f"«{path.name}» không phải sổ Excel (.xlsx).")
    try:
        check_file_size(path, path.stat().st_size, limits)
        data = path.read_bytes()
    except PermissionError:
        raise RosterError(f"Không có quyền đọc «{path}».{_lock_hint(path)}") from None
    except OSError as exc:
        raise RosterError(f"Không đọc được «{path}»: {exc.strerror}.{_lock_hint(path)}") from None
    if not data:
        raise RosterError(f"«{path.name}» là tệp rỗng (0 byte): chép lại sổ hoặc lưu lại "
                          f"từ Excel.{_lock_hint(path)}")
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise RosterError(f"«{path.name}» có đặt mật khẩu: mở bằng Excel, bỏ mật khẩu "
                              "(File → Info → Protect Workbook → Encrypt with Password, "
                              "xóa trống) rồi lưu lại.")
        raise RosterError(f"«{path.name}» là sổ Excel 97-2003 (.xls) đổi tên: mở bằng Excel, "
                          "chọn Lưu thành (Save As) «Excel Workbook (*.xlsx)».")
    if not data.startswith(b"PK"):
        raise RosterError(f"«{path.name}» không phải sổ Excel (.xlsx): nội dung là "
                          f"{_guess_kind(data)}.{_lock_hint(path)}")
    return data


def _guess_kind(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table")) or b"<html" in head:
        return "trang HTML (xuất từ phần mềm khác); mở bằng Excel rồi lưu thành .xlsx"
    if head.startswith(b"%pdf"):
        return "tệp PDF"
    return "văn bản hoặc dữ liệu khác, chỉ được đổi đuôi thành .xlsx"


def open_workbook(path: Path, data: bytes, limits: ReadLimits
                  ) -> tuple[pc.CalamineWorkbook, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except ZIP_ERRORS:
        raise RosterError(f"«{path.name}» bị hỏng (không giải nén được): tệp chép dở hoặc "
                          f"tải về chưa xong.{_lock_hint(path)}") from None
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            kind = "văn bản Word (.docx)"
        elif "ppt/presentation.xml" in names:
            kind = "bài trình chiếu PowerPoint (.pptx)"
        elif "content.xml" in names:
            kind = "bảng tính OpenDocument (.ods): mở bằng LibreOffice/Excel, lưu thành .xlsx"
        else:
            kind = "tệp nén không chứa sổ Excel"
        raise RosterError(f"«{path.name}» không phải sổ Excel: đây là {kind}.")
    check_archive(path, archive, limits)
    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data)), archive
    except pc.PasswordError:
        raise RosterError(f"«{path.name}» có đặt mật khẩu: bỏ mật khẩu rồi lưu lại.") from None
    except (pc.CalamineError, ValueError) as exc:
        raise unreadable(path, exc) from None


# What calamine says of a workbook it cannot read, as the clerk reads it.
_CALAMINE = (
    ("Cannot detect file format", "không nhận ra định dạng tệp"),
    ("Zip", "phần nén của tệp bị hỏng"),
    ("Xml", "nội dung XML của sổ bị hỏng"),
    ("Encoding", "chữ trong sổ ở bảng mã không đọc được"),
    ("Invalid", "sổ có dữ liệu không hợp lệ"),
)


def unreadable(path: Path, exc: Exception) -> RosterError:
    """A workbook the reader refused, said in Vietnamese (the reader's words kept last,
    for whoever looks after the tool)."""
    text = str(exc)
    meaning = next((m for phrase, m in _CALAMINE if phrase.casefold() in text.casefold()),
                   "tệp hỏng hoặc không phải sổ Excel lưu đúng cách")
    return RosterError(f"Không đọc được sổ «{path.name}»: {meaning}. Mở sổ bằng Excel rồi "
                       f"lưu lại (kiểu .xlsx) và chạy lại.{_lock_hint(path)} (Chi tiết kỹ "
                       f"thuật: {text})")


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target.startswith("/"):
            parts[sheet.get("name", "")] = target.lstrip("/")
        elif target:
            parts[sheet.get("name", "")] = str(PurePosixPath("xl") / target)
    return parts


def scan_cells(xml: bytes) -> dict[int, dict[int, str]]:
    """Cells an Excel user sees as an error, or formulas saved without a computed value."""
    flagged: dict[int, dict[int, str]] = {}
    if b't="e"' not in xml and _FORMULA.search(xml) is None:
        return flagged
    for m in _CELL.finditer(xml):
        attrs, inner = m.group(1), m.group(2) or b""
        kind = _TYPE.search(attrs)
        is_error = kind is not None and kind.group(1) == b"e"
        if not is_error and _FORMULA.search(inner) is None:
            continue
        value = _VALUE.search(inner)
        if is_error:
            what = value.group(1).decode("utf-8", "replace") if value else "#N/A"
        elif value is None or (not value.group(1) and (kind is None or kind.group(1) != b"str")):
            what = ""  # a formula result of "" is saved as t="str" with an empty <v>
        else:
            continue
        ref = _REF.search(attrs)
        if ref is None:
            continue
        letters, row = ref.group(1).decode(), int(ref.group(2))
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        flagged.setdefault(row - 1, {})[col - 1] = what
    return flagged


def xlsx_grid(workbook: pc.CalamineWorkbook, archive: zipfile.ZipFile, parts: dict[str, str],
              name: str, hidden: bool, path: Path, limits: ReadLimits) -> Grid:
    sheet = workbook.get_sheet_by_name(name)
    # The grid starts at A1: its size is up to the last filled cell.
    check_cells(path, f"sheet «{name}»", (sheet.end or (0, 0))[0] + 1,
                (sheet.end or (0, 0))[1] + 1, limits)
    rows = sheet.to_python(skip_empty_area=False)
    flagged: dict[int, dict[int, str]] = {}
    part = parts.get(name)
    if part is not None:
        try:
            flagged = scan_cells(archive.read(part))
        except KeyError:
            pass
    return Grid(name, rows, list(sheet.merged_cell_ranges or ()), flagged, hidden)


def csv_grid(path: Path, problems: list[Problem], sheet_name: str, limits: ReadLimits) -> Grid:
    try:
        check_file_size(path, path.stat().st_size, limits)
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"Không đọc được «{path}»: {exc.strerror}.{_lock_hint(path)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Vietnamese Windows is Windows-1258; cp1252 would
        # turn every accented letter into garbage with no sign of it.
        text = data.decode("cp1258", errors="replace")
        problems.append(Problem("warning", Place(sheet_name), (
            f"Tệp «{path.name}» không phải UTF-8; đã đọc theo bảng mã Windows-1258. Kiểm tra "
            "dấu tiếng Việt; tốt nhất lưu lại bằng Excel kiểu «CSV UTF-8 (Comma delimited)».")))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    # A field longer than a cell may be is read whole, then refused with its place.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_bytes))
    rows: list[list[str]] = []
    cells = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells += len(record)
            if cells > limits.so_o:
                check_cells(path, "tệp", len(rows) + 1, cells, limits)
            rows.append(record)
    except csv.Error as exc:
        raise RosterError(f"«{path.name}» không đọc được như tệp .csv (dòng {len(rows) + 1}: "
                          f"{exc}). Mở bằng Excel rồi lưu lại kiểu «CSV UTF-8».") from None
    return Grid(path.name, rows)
