"""The bad-input corpus (tests/corpus/): each file gives exactly the problems it should.

The files are committed so that a reviewer can open them in Excel;
tests/corpus/make_corpus.py makes them, and a test here checks that it still
makes the same ones.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import TESTS
from corpus import make_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemdiem_docs.errors import RosterError
from kiemdiem_docs.roster import Grade, Roster, load
from kiemdiem_docs.roster.validation import validate

CORPUS = TESTS / "corpus"

RECORDS = ("orgs", "members", "meetings", "grades", "staff", "awards")


def records(roster: Roster) -> dict[str, list]:
    return {name: getattr(roster, name) for name in RECORDS}


@pytest.fixture(scope="module")
def good() -> Roster:
    return load(CORPUS / "good.xlsx")


def test_every_corpus_file_is_committed():
    for name in make_corpus.CORPUS:
        assert (CORPUS / name).exists(), f"tests/corpus/{name} is missing: run make_corpus.py"
    assert sorted(p.name for p in (CORPUS / "good_csv").iterdir()) == [
        "CanBo.csv", "DangVien.csv", "KhenThuong.csv", "LichKiemDiem.csv", "ToChuc.csv",
        "XepLoai.csv"]


def _contents(path: Path) -> object:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    data = path.read_bytes()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: z.read(n) for n in z.namelist()}
    return data


def test_make_corpus_makes_the_committed_files(tmp_path: Path):
    make_corpus.build(tmp_path)
    for name in make_corpus.CORPUS:
        assert _contents(tmp_path / name) == _contents(CORPUS / name), name


@pytest.mark.parametrize(("name", "fragment"), [
    ("not_a_workbook.xlsx", "«not_a_workbook.xlsx» không phải sổ Excel (.xlsx)"),
    ("empty.xlsx", "«empty.xlsx» là tệp rỗng (0 byte)"),
    ("word_document.xlsx", "«word_document.xlsx» không phải sổ Excel: đây là văn bản Word (.docx)"),
])  # fmt: skip
def test_files_that_are_not_workbooks(name: str, fragment: str):
    with pytest.raises(RosterError) as err:
        load(CORPUS / name)
    assert fragment in str(err.value)


# file -> every problem validate reports: (level, sheet, row, column, part of the message, value)
EXPECTED: dict[str, list[tuple]] = {
    "good.xlsx": [],
    "good_csv": [],
    "nfd_text.xlsx": [],
    # A break inside a field is joined into one line, a hidden character dropped: each said.
    "control_chars.xlsx": [
        ("warning", "ToChuc", 2, "Tên tổ chức", "xuống dòng (Alt+Enter), đã nối thành một dòng",
         "Đảng bộ Công ty\nCổ phần Dệt Nam Định"),
        ("warning", "DangVien", 2, "Họ và tên", "xuống dòng", "Trần\nVăn Bình"),
        ("warning", "DangVien", 3, "Ghi chú", "xuống dòng", "Dòng một\nDòng hai"),
        ("warning", "DangVien", 4, "Họ và tên", "ký tự ẩn (U+200B), đã bỏ", "Phạm Thị Hương")],
    "special_chars.xlsx": [],
    "missing_sheet.xlsx": [
        ("error", "DangVien", None, None, "Thiếu sheet «DangVien»", None)],
    "missing_column.xlsx": [
        ("error", "DangVien", 1, "Họ và tên", "Thiếu cột «Họ và tên»", None)],
    "merged_header.xlsx": [
        ("error", "LichKiemDiem", 3, "Ngày", "tiêu đề gộp nhiều ô",
         "05/12/2024 | 06/12/2024")],
    "hidden_sheet.xlsx": [
        ("warning", "DangVien", None, None, "Sheet «DangVien» đang bị ẩn nhưng vẫn được đọc",
         None)],
    "blank_rows.xlsx": [
        ("error", "DangVien", 9, "Ngày sinh", "Ngày không có thật: tháng 2/1980 không có ngày 31",
         "31/02/1980")],
    "duplicate_codes.xlsx": [
        ("error", "ToChuc", 5, "Mã", "có ở 2 dòng của sheet ToChuc, cột Mã: dòng 3", "002"),
        ("error", "XepLoai", 9, "Mã tổ chức", "đã có dòng xếp loại ở dòng 4", "003")],
    "unknown_org.xlsx": [
        ("error", "DangVien", 10, "Mã tổ chức", "mã «0002» trong sheet ToChuc. Có phải «002»?",
         "0002"),
        ("error", "DangVien", 17, "Mã tổ chức", "Không có tổ chức mã «099»", "099")],
    "misspelt_grade.xlsx": [
        ("error", "DangVien", 3, "Xếp loại", "có phải «Hoàn thành tốt nhiệm vụ»?",
         "Hoàn thành tốt nhiêm vụ"),
        ("error", "XepLoai", 3, "Xếp loại", "có phải «Hoàn thành xuất sắc nhiệm vụ»?",
         "Xuất sắt")],
    "impossible_date.xlsx": [
        ("error", "DangVien", 3, "Ngày sinh", "Ngày không có thật", "31/02/1980"),
        ("error", "DangVien", 5, "Ngày sinh", "Không đọc được ngày", "1990.01.01"),
        ("error", "DangVien", 7, "Ngày sinh", "ngày/tháng/năm", "5/13/1995"),
        ("error", "DangVien", 8, "Ngày sinh", "Không đọc được ngày", "ngày 4 tháng 4")],
    "excel_errors.xlsx": [
        ("error", "DangVien", 3, "Chức vụ", "Ô có lỗi Excel #N/A", "#N/A"),
        ("error", "DangVien", 4, "Ngày sinh", "Ô có lỗi Excel #REF!", "#REF!"),
        ("error", "DangVien", 5, "Họ và tên", "Ô có lỗi Excel #N/A", "#N/A"),
        ("warning", "DangVien", 17, None, "1 dòng chỉ có ô lỗi Excel", None)],
    "formulas.xlsx": [
        ("error", "DangVien", 5, "Họ và tên", "công thức nhưng chưa có giá trị tính sẵn", None)],
    "tcvn3_text.xlsx": [
        ("error", "ToChuc", 2, "Tên tổ chức", "bảng mã cũ TCVN3",
         "§¶ng bé C«ng ty Cæ phÇn DÖt Nam §Þnh"),
        ("error", "DangVien", 3, "Họ và tên", "bảng mã cũ TCVN3", "NguyÔn ThÞ Lan")],
    "vni_text.xlsx": [
        ("error", "DangVien", 3, "Họ và tên", "bảng mã cũ VNI", "Nguyeãn Thò Lan"),
        ("error", "DangVien", 4, "Chi bộ", "bảng mã cũ VNI", "Chi boä Phaân xöôûng Sôïi")],
}


def test_every_readable_corpus_file_has_expectations():
    unreadable = {"not_a_workbook.xlsx", "empty.xlsx", "word_document.xlsx"}
    assert set(EXPECTED) | unreadable == set(make_corpus.CORPUS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_problems(name: str):
    found = validate(load(CORPUS / name))
    got = [(p.level, p.place.sheet, p.place.row, p.place.column, p.value) for p in found]
    want = [(lvl, sheet, row, col, value) for lvl, sheet, row, col, _, value in EXPECTED[name]]
    assert got == want, [str(p) for p in found]
    for problem, expected in zip(found, EXPECTED[name], strict=True):
        assert expected[4] in problem.message


def test_csv_folder_loads_the_same_records_as_the_workbook(good: Roster):
    assert records(load(CORPUS / "good_csv")) == records(good)


def test_nfd_text_loads_composed(good: Roster):
    r = load(CORPUS / "nfd_text.xlsx")
    assert records(r) == records(good)
    assert all(unicodedata.is_normalized("NFC", m.ho_ten + m.chi_bo) for m in r.members)


def test_blank_rows_are_skipped_and_later_rows_keep_their_numbers():
    r = load(CORPUS / "blank_rows.xlsx")
    assert [o.row for o in r.orgs] == list(range(4, 11))  # title row 1, header row 3
    assert [m.row for m in r.members] == [2, 3, *range(7, 20)]
    assert r.members[2].ho_ten == "Phạm Thị Hương"


def test_merged_header_cells_are_read_as_excel_shows_them(good: Roster):
    r = load(CORPUS / "merged_header.xlsx")
    assert [(o.ma, o.ten, o.row) for o in r.orgs] == [(o.ma, o.ten, o.row + 1) for o in good.orgs]

    def essentials(m):
        return m.ma_to_chuc, m.ho_ten, m.ngay_sinh, m.ngay_vao_dang, m.xep_loai

    # the name split over two cells under one merged header is joined, and the code
    # merged down over the eight members of 001 belongs to each of them
    assert [essentials(m) for m in r.members] == [essentials(m) for m in good.members]
    assert [m.row for m in r.members] == [m.row + 1 for m in good.members]
    assert r.meetings[1].ngay == dt.date(2024, 12, 5)  # the first of the two values


def test_hidden_sheet_is_read_and_unknown_sheets_ignored(good: Roster):
    assert records(load(CORPUS / "hidden_sheet.xlsx")) == records(good)


def test_formulas_give_their_cached_values(good: Roster):
    r = load(CORPUS / "formulas.xlsx")
    by_row = {m.row: m for m in r.members}
    assert by_row[2].ma_to_chuc == "001"
    assert by_row[3].ngay_sinh == dt.date(1980, 5, 12)
    assert by_row[4].ghi_chu == "Ghi chú 4"
    assert 5 not in by_row  # its name is a formula without a value: reported, not guessed


def test_excel_errors_are_treated_as_empty():
    r = load(CORPUS / "excel_errors.xlsx")
    by_row = {m.row: m for m in r.members}
    assert by_row[3].chuc_vu == "" and by_row[4].ngay_sinh is None and 5 not in by_row


def test_control_characters_and_excel_escapes_are_cleaned():
    r = load(CORPUS / "control_chars.xlsx")
    by_row = {m.row: m for m in r.members}
    assert by_row[2].ho_ten == "Trần Văn Bình"
    assert by_row[3].ghi_chu == "Dòng một Dòng hai"
    assert by_row[4].ho_ten == "Phạm Thị Hương"
    assert r.orgs[0].ten == "Đảng bộ Công ty Cổ phần Dệt Nam Định"  # Alt+Enter typed in a cell


def test_special_characters_are_kept_exactly():
    r = load(CORPUS / "special_chars.xlsx")
    assert r.orgs[0].ten == 'Đảng bộ Công ty "Dệt & May" <Nam Định>'
    assert r.orgs[0].ten_cap_uy == 'Ban Thường vụ Đảng ủy Công ty "Dệt & May" <Nam Định>'
    assert r.orgs[0].dia_chi == "Số 4/12 Hà Huy Tập; P. Trần Hưng Đạo\\Nam Định"
    assert r.members[1].ho_ten == "Nguyễn Thị O'Lan"
    assert r.members[1].ghi_chu == "Kiêm nhiệm: Tổ trưởng Công đoàn & Đoàn thanh niên <b>"


def test_legacy_text_is_kept_as_typed_not_converted_silently():
    r = load(CORPUS / "tcvn3_text.xlsx")
    assert r.members[1].ho_ten == "NguyÔn ThÞ Lan" and r.orgs[0].ten_cap_uy == ""


def test_grade_without_accents_is_accepted():
    r = load(CORPUS / "misspelt_grade.xlsx")
    assert {m.row: m.xep_loai for m in r.members}[4] is Grade.HTTNV


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads a file whatever its permissions")
def test_locked_workbook(tmp_path: Path):
    path = tmp_path / "danh-sach.xlsx"
    shutil.copy(CORPUS / "good.xlsx", path)
    path.chmod(0)
    try:
        with pytest.raises(RosterError, match="Không có quyền đọc"):
            load(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("name", sorted(make_corpus.CORPUS))
def test_load_raises_nothing_but_roster_error(name: str):
    try:
        assert isinstance(load(CORPUS / name), Roster)
    except RosterError:
        pass


_GOOD_BYTES = (CORPUS / "good.xlsx").read_bytes()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(_GOOD_BYTES)),
       flips=st.lists(st.tuples(st.integers(0, len(_GOOD_BYTES) - 1), st.integers(0, 255)),
                      max_size=8))
def test_damaged_workbooks_raise_nothing_but_roster_error(tmp_path: Path, cut, flips):
    data = bytearray(_GOOD_BYTES)
    for at, byte in flips:
        data[at] = byte
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data[:cut] if flips == [] else data))
    try:
        roster = load(path)
    except RosterError:
        return
    validate(roster)
