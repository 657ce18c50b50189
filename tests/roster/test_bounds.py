"""Zip bombs and other workbooks built to exhaust the machine: refused quickly, in bounded
memory, with a Vietnamese message naming the part."""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kiemdiem_docs.config import ReadLimits
from kiemdiem_docs.errors import RosterError
from kiemdiem_docs.roster import load, write_roster

MB = 1024 * 1024
SHEETS = {"ToChuc": [{"ma": "001", "ten": "Chi bộ Trường Nghề", "loai": "Chi bộ cơ sở"}],
          "DangVien": [{"ma_to_chuc": "001", "ho_ten": "Nguyễn Văn An"}]}


def _csv_folder(tmp_path: Path) -> Path:
    """A folder of .csv files with one organisation in ToChuc.csv."""
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "ToChuc.csv").write_text("Mã,Tên tổ chức,Loại\n001,Chi bộ A,Chi bộ cơ sở\n",
                                       encoding="utf-8")
    return folder


def _good(path: Path) -> Path:
    write_roster(path, SHEETS)
    return path


def _with_part(src: Path, dst: Path, name: str, chunks, *, head: bytes = b"",
               tail: bytes = b"") -> Path:
    """``src`` again with part ``name`` replaced by ``head`` + the chunks + ``tail``, streamed
    (the test never holds the inflated part in memory)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info, zin.read(info.filename))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as part:
            part.write(head)
            for chunk in chunks:
                part.write(chunk)
            part.write(tail)
    return dst


def _measured(path: Path) -> dict:
    """Load ``path`` in a process of its own: the outcome, its time and its peak memory."""
    code = f"""
import json, resource, time
from kiemdiem_docs.errors import RosterError
from kiemdiem_docs.roster import load
start = time.perf_counter()
try:
    load({str(path)!r}); outcome = "read"
except RosterError as exc:
    outcome = str(exc)
print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    print(f"{path.name}: {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB")
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="resource")
def test_one_huge_shared_string_is_refused_fast_in_little_memory(tmp_path):
    bomb = _with_part(_good(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx",
                      "xl/sharedStrings.xml", (b"A" * MB for _ in range(1024)),
                      head=b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                           b'main" count="1" uniqueCount="1"><si><t>',
                      tail=b"</t></si></sst>")
    assert bomb.stat().st_size < 5 * MB
    result = _measured(bomb)
    assert "xl/sharedStrings.xml" in result["outcome"] and "gioi_han" in result["outcome"]
    assert result["seconds"] < 20 and result["peak_mb"] < 1024


@pytest.mark.skipif(sys.platform == "win32", reason="resource")
def test_whitespace_inside_a_sheet_is_refused(tmp_path):
    good = _good(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    cut = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    bomb = _with_part(good, tmp_path / "spaces.xlsx", "xl/worksheets/sheet2.xml",
                      (b" " * MB for _ in range(1200)), head=sheet[:cut], tail=sheet[cut:])
    result = _measured(bomb)
    assert "xl/worksheets/sheet2.xml" in result["outcome"]
    assert result["seconds"] < 20 and result["peak_mb"] < 1024


@pytest.mark.skipif(sys.platform == "win32", reason="resource")
def test_a_cell_of_incompressible_text_is_refused_before_it_is_parsed(tmp_path):
    """Within every size limit (random text barely compresses), but one cell of 40 MB:
    the parser would take minutes and gigabytes on it."""
    good = _good(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    end = sheet.index(b"</sheetData>")
    bomb = _with_part(good, tmp_path / "cell.xlsx", "xl/worksheets/sheet2.xml",
                      (base64.b64encode(os.urandom(MB * 3 // 4)) for _ in range(40)),
                      head=sheet[:end] + b'<row r="3"><c r="B3" t="inlineStr"><is><t>',
                      tail=b"</t></is></c></row>" + sheet[end:])
    result = _measured(bomb)
    assert "có một đoạn chữ dài hơn 32767 ký tự" in result["outcome"]
    assert result["seconds"] < 20 and result["peak_mb"] < 1024


def test_a_part_that_lies_about_its_size_is_refused_as_damaged(tmp_path):
    good = _good(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("xl/worksheets/sheet2.xml")
    # The local header and the central directory both declare 10 bytes.
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, 10)
    central = data.index(b"PK\x01\x02")
    while not data[central + 46:].startswith(b"xl/worksheets/sheet2.xml"):
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 10)
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(bytes(data))
    with pytest.raises(RosterError, match="bị hỏng ở phần «xl/worksheets/sheet2.xml»"):
        load(lying)


def test_a_sheet_that_spans_the_whole_grid_is_refused(tmp_path):
    path = _good(tmp_path / "wide.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["DangVien"].cell(1048576, 16384, "x")
    wb.save(path)
    with pytest.raises(RosterError, match="sheet2.xml» trải tới 1048576 dòng × 16384 cột"):
        load(path)


@pytest.mark.parametrize("row", [
    b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
    b'<row r="3"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>',
    b'<row spans="1:1" r="3"><c t="inlineStr" s="0" r="ZZ900000"><is><t>x</t></is></c></row>',
])
def test_a_far_cell_however_written_is_refused_before_the_parser_sees_it(tmp_path, row):
    good = _good(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet2.xml")
    end = sheet.index(b"</sheetData>")
    far = _with_part(good, tmp_path / "far.xlsx", "xl/worksheets/sheet2.xml", [row],
                     head=sheet[:end], tail=sheet[end:])
    with pytest.raises(RosterError, match="«xl/worksheets/sheet2.xml» trải tới"):
        load(far, ReadLimits(so_o=10_000))


@pytest.mark.parametrize("as_csv", [False, True])
def test_a_cell_longer_than_the_limit_is_an_error_with_its_place(tmp_path, as_csv):
    rows = {**SHEETS, "DangVien": [{"ma_to_chuc": "001", "ho_ten": "Nguyễn Văn An",
                                    "ghi_chu": "x" * 5000}]}
    path = tmp_path / "long.xlsx"
    write_roster(path, rows)
    if as_csv:  # a .csv has no limit of its own (Excel's is 32767 characters)
        folder = _csv_folder(tmp_path)
        (folder / "DangVien.csv").write_text("Mã tổ chức,Họ và tên,Ghi chú\n001,An,"
                                             + "x" * 40000 + "\n", encoding="utf-8")
        path, limits, length = folder, ReadLimits(), 40000
    else:
        limits, length = ReadLimits(do_dai_o=1000), 5000
    roster = load(path, limits)
    [problem] = roster.errors
    assert (problem.place.sheet, problem.place.row, problem.place.column) == (
        "DangVien", 2, "Ghi chú")
    assert f"{length} ký tự" in problem.message and len(problem.value) < 50
    assert roster.members[0].ghi_chu == ""


def test_limits_are_settings(tmp_path):
    path = _good(tmp_path / "good.xlsx")
    assert load(path).errors == []
    size = path.stat().st_size / MB
    with pytest.raises(RosterError, match="giải nén ra hơn 0.03 MB"):
        load(path, ReadLimits(giai_nen_mb=max(size * 2, 0.03)))


def test_a_huge_csv_is_refused_before_it_is_read(tmp_path):
    folder = _csv_folder(tmp_path)
    with open(folder / "DangVien.csv", "wb") as f:
        f.truncate(3 * MB)
    with pytest.raises(RosterError, match="DangVien.csv.*tệp nặng 3 MB"):
        load(folder, ReadLimits(giai_nen_mb=2))


def test_a_csv_with_a_field_past_pythons_limit_or_too_many_cells(tmp_path):
    folder = _csv_folder(tmp_path)
    (folder / "DangVien.csv").write_text("Mã tổ chức,Họ và tên,Ghi chú\n001,An,\""
                                         + "x" * 200_000 + "\"\n", encoding="utf-8")
    roster = load(folder)  # past csv's own limit of 131072: read, then refused with its place
    assert [(p.place.row, p.place.column) for p in roster.errors] == [(2, "Ghi chú")]
    (folder / "DangVien.csv").write_text("Mã tổ chức,Họ và tên\n001,An" + "," * 200_000 + "\n",
                                         encoding="utf-8")
    with pytest.raises(RosterError, match="DangVien.csv»: tệp trải tới"):
        load(folder, ReadLimits(so_o=100_000))
