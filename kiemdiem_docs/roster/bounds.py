"""How much a workbook may make the reader inflate, checked before anything is parsed.

An .xlsx is a zip: a 1 MB file can hold a 1 GB string. Each part is inflated once here,
counted as it comes (a part whose real size differs from the one its header declares
fails its checksum), against the limits of ``[gioi_han]``; the parser then reads only
what passed.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..config import ReadLimits
from ..errors import RosterError

_FLOOR = 1024 * 1024  # below this a part's ratio says nothing (tiny parts compress oddly)
_CHUNK = 1 << 20


def _mb(n: float) -> str:
    mb = n / 1024 / 1024
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.2f}".rstrip("0").rstrip(".") + " MB"


def _too_big(path: Path, what: str, limits: ReadLimits) -> RosterError:
    return RosterError(
        f"«{path.name}»: {what}, vượt giới hạn [gioi_han] trong kiemdiem.toml; không đọc tệp "
        "này. Sổ do Excel lưu không như vậy: mở bằng Excel rồi lưu lại, hoặc nếu đúng là sổ "
        "thật rất lớn, tăng giới hạn ấy.")


_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# References: a row's r="12", a cell's r="AB12". Excel and LibreOffice write r first,
# which the fast patterns look for; a sheet written otherwise is read with the general ones.
_FAST = (re.compile(rb'<row r="(\d{1,9})"'), re.compile(rb'<c r="([A-Z]{1,3})'),
         rb'<c r="[A-Z]{1,3}(\d{%d,9})"')
_GENERAL = (re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"'),
            re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})'),
            rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}(\d{%d,9})"')


class _Area:
    """The extent of a sheet's rows and cells, read from its XML as it is inflated (the
    parser would allocate the whole rectangle up to the farthest cell).

    Every row and every cell's column is read; a cell's row is read only where it has
    more digits than the farthest row seen, which no regular sheet has.
    """

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self._letters: set[bytes] = set()
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        cut = data.rfind(b"<")  # a tag cut between two chunks is read with the next one
        data, self._tail = data[:cut], data[cut:]
        row, cell, farther = _FAST
        rows, letters = row.findall(data), cell.findall(data)
        if (len(rows) != data.count(b"<row") or len(letters) != data.count(b"<c ")
                or b":row" in data or b":c " in data):
            row, cell, farther = _GENERAL
            rows, letters = row.findall(data), cell.findall(data)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        new = set(letters) - self._letters
        if new:
            self._letters |= new
            self.columns = max(self.columns, *map(_column, new))
        beyond = re.findall(farther % (len(str(self.rows)) + 1), data)
        if beyond:
            self.rows = max(self.rows, max(map(int, beyond)))


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_file_size(path: Path, size: int, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        raise _too_big(path, f"tệp nặng {_mb(size)} (tối đa {_mb(limits.max_bytes)})", limits)


def check_archive(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse a workbook that inflates beyond the limits, or whose parts lie about their
    size; raise :class:`RosterError` naming the part."""
    total = 0
    max_text = limits.do_dai_o * 4 + 1024  # UTF-8 takes up to 4 bytes a character
    long_text = re.compile(rb"<[^<]{%d}" % max_text)  # a stretch begins after a "<"
    for info in archive.infolist():
        declared = info.file_size
        if declared > _FLOOR and declared > limits.ty_le_nen * max(info.compress_size, 1):
            ratio = declared / max(info.compress_size, 1)
            raise _too_big(path, f"phần «{info.filename}» giải nén ra {_mb(declared)}, gấp "
                           f"{ratio:.0f} lần khi nén (tối đa {limits.ty_le_nen:g} lần)", limits)
        if total + declared > limits.max_bytes:
            raise _too_big(path, f"giải nén ra hơn {_mb(limits.max_bytes)} (ở phần "
                           f"«{info.filename}»)", limits)
        seen, run = 0, 0
        area = _Area() if _SHEET.fullmatch(info.filename) else None
        try:
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    seen += len(chunk)
                    if area is not None:
                        area.feed(chunk)
                    # The longest stretch between two tags: a cell's text, at most.
                    first = chunk.find(b"<")
                    if first < 0:
                        run += len(chunk)
                        too_long = run > max_text
                    else:  # a stretch may begin in the chunk before
                        too_long = run + first > max_text or bool(long_text.search(chunk))
                        run = len(chunk) - chunk.rfind(b"<") - 1
                    if too_long:
                        raise _too_big(path, f"phần «{info.filename}» có một đoạn chữ dài hơn "
                                       f"{limits.do_dai_o} ký tự (một ô không dài thế)", limits)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise RosterError(f"«{path.name}» bị hỏng ở phần «{info.filename}» ({exc}): chép "
                              "lại tệp, hoặc mở bằng Excel rồi lưu lại.") from None
        total += seen
        if area is not None:
            check_cells(path, f"phần «{info.filename}»", area.rows, area.columns, limits)


def check_cells(path: Path, sheet: str, rows: int, columns: int, limits: ReadLimits) -> None:
    """Refuse a sheet whose used area (up to its farthest cell) is beyond the limit."""
    if rows * max(columns, 1) > limits.so_o or columns > limits.so_o:
        raise _too_big(path, f"{sheet} trải tới {rows} dòng × {columns} cột "
                       f"(tối đa {limits.so_o} ô)", limits)
