"""Reading a roster: workbooks and csv folders written here in tmp_path, and cell values."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from corpus.make_corpus import workbook

from kiemdiem_docs.errors import RosterError
from kiemdiem_docs.roster import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, Grade, Org, load
from kiemdiem_docs.roster.cells import reader
from kiemdiem_docs.roster.schema import DANG_VIEN, LICH_KIEM_DIEM, TO_CHUC
from kiemdiem_docs.roster.validation import validate

D = dt.date
TC_HEAD = ["Mã", "Tên tổ chức", "Loại"]
DV_HEAD = ["Mã tổ chức", "Họ và tên"]


def write_xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    workbook(sheets, hidden).save(path)
    return path


def minimal(tc_rows=None, dv_rows=None, **more) -> dict[str, list[list]]:
    tc = tc_rows if tc_rows is not None else [TC_HEAD, ["001", "Chi bộ Trường A", "Chi bộ cơ sở"]]
    dv = dv_rows if dv_rows is not None else [DV_HEAD, ["001", "Nguyễn Văn An"]]
    return {"ToChuc": tc, "DangVien": dv, **more}


def problems_of(roster) -> list[tuple]:
    return [(p.level, p.place.sheet, p.place.row, p.place.column) for p in roster.problems]


@pytest.fixture
def good_path(tmp_path: Path) -> Path:
    """A small complete roster, every sheet, values typed the ways clerks type them."""
    return write_xlsx(tmp_path / "danh-sach.xlsx", {
        "ToChuc": [
            ["Mã", "Tên tổ chức", "Loại", "Cụm", "Bí thư", "Tên cấp ủy", "Địa chỉ", "STT"],
            ["001", "Đảng bộ Công ty Cổ phần Dệt Nam Định", "Đảng bộ cơ sở", 1, "trần  văn bình",
             None, "Số 4 Hà Huy Tập, Nam Định", 1],
            ["002", "Chi bộ Trường Cao đẳng Y tế", "chi bộ", "2", None, "Chi ủy Chi bộ Trường",
             None, 2],
        ],
        "DangVien": [
            ["Mã tổ chức", "Chi bộ", "Họ tên", "Ngày sinh", "Chức vụ", "Ngày vào đảng",
             "Chính thức/Dự bị", "Tự xếp loại", "Đề nghị", "Xếp loại", "Lý do không xếp loại",
             "HTXSNV 5 năm", "Ghi chú", "Cấp uỷ viên"],
            ["001", "Chi bộ Sợi", "NGUYỄN THỊ LAN", D(1980, 5, 12), "Tổ trưởng", "03/02/2010",
             "CT", "Tốt", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, None, "Ghi chú & <b>", "x"],
            ["002", None, "Lê Văn Bình", "1985-11-30", None, D(2024, 9, 1), "Dự bị", None, None,
             "KXL", "Vào Đảng chưa đủ 6 tháng", "Không", None, None],
        ],
        "LichKiemDiem": [
            ["Mã tổ chức", "Ngày", "Giờ", "Địa điểm", "Đại biểu", "Chức vụ đại biểu",
             "Cán bộ dự"],
            ["001", D(2024, 12, 5), dt.time(8, 0), "Hội trường", "nguyễn tài sơn",
             "Phó Bí thư Đảng ủy Khối", "Trần Thị Hà"],
            ["002", "06/12/2024", "14h30", None, None, None, None],
        ],
        "XepLoai": [
            ["Mã tổ chức", "Tự xếp loại", "Đề nghị", "Xếp loại", "Tiêu biểu", "Thành tích"],
            ["001", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", "Không", None],
        ],
        "CanBo": [["Họ và tên", "Chức vụ", "Cụm phụ trách"],
                  ["Nguyễn Tài Sơn", "Phó Bí thư Đảng ủy Khối", 1]],
        "KhenThuong": [["Mã tổ chức", "Họ và tên", "Thành tích"],
                       ["002", None, "Góp phần tích cực"]],
        "Ghi chú": [["sheet lạ, bỏ qua"]],
    })


def test_round_trip_of_a_small_roster(good_path: Path):
    r = load(good_path)
    assert r.problems == [] and validate(r) == []
    assert r.source == str(good_path)
    assert r.orgs == [
        Org("001", "Đảng bộ Công ty Cổ phần Dệt Nam Định", DANG_BO, "1", "Trần Văn Bình",
            "Ban Thường vụ Đảng ủy Công ty Cổ phần Dệt Nam Định", "Số 4 Hà Huy Tập, Nam Định", 2),
        Org("002", "Chi bộ Trường Cao đẳng Y tế", CHI_BO, "2", "", "Chi ủy Chi bộ Trường", "", 3),
    ]
    lan, binh = r.members
    assert (lan.ma_to_chuc, lan.ho_ten, lan.chi_bo, lan.row) == ("001", "Nguyễn Thị Lan",
                                                                  "Chi bộ Sợi", 2)
    assert (lan.ngay_sinh, lan.ngay_vao_dang, lan.chinh_thuc) == (D(1980, 5, 12), D(2010, 2, 3),
                                                                   CHINH_THUC)
    assert (lan.tu_xep_loai, lan.de_nghi, lan.xep_loai) == (Grade.HTTNV,) * 3
    assert lan.htxsnv_5_nam is False and lan.ghi_chu == "Ghi chú & <b>"
    assert (lan.cap_uy, binh.cap_uy) == (True, None)  # «x» marks; a blank cell says nothing
    assert (binh.ngay_sinh, binh.chinh_thuc, binh.xep_loai) == (D(1985, 11, 30), DU_BI, Grade.KXL)
    assert binh.ly_do_khong_xep_loai == "Vào Đảng chưa đủ 6 tháng" and binh.row == 3
    first, second = r.meetings
    assert (first.ngay, first.gio, first.dai_bieu, first.can_bo_du) == (
        D(2024, 12, 5), dt.time(8, 0), "Nguyễn Tài Sơn", "Trần Thị Hà")
    assert (second.ngay, second.gio, second.row) == (D(2024, 12, 6), dt.time(14, 30), 3)
    assert r.grades[0].xep_loai is Grade.HTTNV and r.grades[0].tieu_bieu is False
    assert (r.staff[0].ho_ten, r.staff[0].cum_phu_trach) == ("Nguyễn Tài Sơn", "1")
    assert (r.awards[0].ma_to_chuc, r.awards[0].ho_ten, r.awards[0].row) == ("002", "", 2)
    assert r.members_of("001") == [lan] and r.org("002").ten_cap_uy == "Chi ủy Chi bộ Trường"


def test_xlsm_is_read_like_xlsx(good_path: Path, tmp_path: Path):
    xlsm = tmp_path / "so.xlsm"
    xlsm.write_bytes(good_path.read_bytes())
    assert load(xlsm).members == load(good_path).members


# -- headers ---------------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    "Họ và tên", "HỌ VÀ TÊN", "  họ   và tên ", "Họ tên", "Họ, tên", "Ho va ten",
    "Họ và tên (*)", "Họ và tên:", "Họ và\ntên",
])  # fmt: skip
def test_header_spellings(tmp_path: Path, header: str):
    path = write_xlsx(tmp_path / "h.xlsx", minimal(dv_rows=[["Mã tổ chức", header],
                                                            ["001", "Nguyễn Văn An"]]))
    r = load(path)
    assert r.problems == [] and r.members[0].ho_ten == "Nguyễn Văn An"


def test_header_tone_style_and_nfd(tmp_path: Path):
    import unicodedata

    head = [unicodedata.normalize("NFD", "Mã tổ chức"), "Họ và tên", "Ngày vào Đảng"]
    path = write_xlsx(tmp_path / "h.xlsx", minimal(dv_rows=[head, ["001", "A", "01/02/2003"]]))
    assert load(path).members[0].ngay_vao_dang == D(2003, 2, 1)


def test_header_below_a_title_and_blank_rows_keeps_excel_row_numbers(tmp_path: Path):
    dv = [["DANH SÁCH ĐẢNG VIÊN"], [], DV_HEAD + ["Ngày sinh"],
          ["001", "Nguyễn Văn An", "01/01/1980"], [], [None, None],
          ["001", "Lê Văn Bình", "31/02/1980"]]
    r = load(write_xlsx(tmp_path / "t.xlsx", minimal(dv_rows=dv)))
    assert [m.row for m in r.members] == [4, 7]
    assert problems_of(r) == [("error", "DangVien", 7, "Ngày sinh")]


def test_column_number_row_under_the_header_is_skipped(tmp_path: Path):
    dv = [DV_HEAD + ["Chức vụ"], ["(1)", "(2)", "(3)"], ["001", "Nguyễn Văn An", "Bí thư"]]
    r = load(write_xlsx(tmp_path / "n.xlsx", minimal(dv_rows=dv)))
    assert r.problems == [] and [m.row for m in r.members] == [3]


def test_missing_and_duplicated_columns(tmp_path: Path):
    sheets = minimal(tc_rows=[["Mã", "Tên tổ chức"], ["001", "Chi bộ A"]],
                     dv_rows=[["Mã tổ chức", "Họ và tên", "Họ tên", "Cột lạ"],
                              ["001", "Nguyễn Văn An", "Khác", "x"]])
    r = load(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert problems_of(r) == [("error", "ToChuc", 1, "Loại"),
                              ("error", "DangVien", 1, "Họ và tên")]
    assert "Thiếu cột «Loại»" in r.problems[0].message
    assert "có hai lần (cột B và cột C)" in r.problems[1].message
    assert r.members[0].ho_ten == "Nguyễn Văn An"  # the first of the two is read


def test_missing_required_sheet_and_absent_optional_sheets(tmp_path: Path):
    r = load(write_xlsx(tmp_path / "s.xlsx", {"ToChuc": minimal()["ToChuc"]}))
    assert problems_of(r) == [("error", "DangVien", None, None)]
    assert "Thiếu sheet «DangVien»" in r.problems[0].message


def test_empty_required_sheet(tmp_path: Path):
    r = load(write_xlsx(tmp_path / "e.xlsx", minimal(dv_rows=[])))
    assert problems_of(r) == [("error", "DangVien", None, None)]
    assert "trống" in r.problems[0].message


def test_sheet_names_are_matched_loosely_and_look_alikes_reported(tmp_path: Path):
    sheets = {"Tổ chức ": minimal()["ToChuc"], "dang vien": minimal()["DangVien"],
              "DangVien": [DV_HEAD, ["001", "Trần Thị Bé"]]}
    r = load(write_xlsx(tmp_path / "n.xlsx", sheets))
    assert [m.ho_ten for m in r.members] == ["Trần Thị Bé"]  # the exact name wins
    assert problems_of(r) == [("warning", "DangVien", None, None)]
    assert "bỏ qua «dang vien»" in r.problems[0].message


def test_hidden_required_sheet_is_read_with_a_warning(tmp_path: Path):
    r = load(write_xlsx(tmp_path / "h.xlsx", minimal(), hidden=("DangVien",)))
    assert len(r.members) == 1
    assert problems_of(r) == [("warning", "DangVien", None, None)]
    assert "bị ẩn" in r.problems[0].message


# -- cells -----------------------------------------------------------------------------

def read(column, raw):
    return reader(column)(raw)


DATE = DANG_VIEN.column("ngay_sinh")
TIME = LICH_KIEM_DIEM.column("gio")
GRADE = DANG_VIEN.column("xep_loai")
BOOL = DANG_VIEN.column("htxsnv_5_nam")
KIND = TO_CHUC.column("loai")
STATUS = DANG_VIEN.column("chinh_thuc")
CODE = TO_CHUC.column("ma")
NAME = DANG_VIEN.column("ho_ten")


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.datetime(1980, 5, 12, 0, 0), D(1980, 5, 12)),
    (D(1980, 5, 12), D(1980, 5, 12)),
    ("12/05/1980", D(1980, 5, 12)),
    ("2/5/1980", D(1980, 5, 2)),
    ("12-05-1980", D(1980, 5, 12)),
    ("12.05.1980", D(1980, 5, 12)),
    ("1980-05-12", D(1980, 5, 12)),
    (" 12 / 05 / 1980 ", D(1980, 5, 12)),
    ("12/05/1980 00:00:00", D(1980, 5, 12)),
    ("29/02/2024", D(2024, 2, 29)),
])  # fmt: skip
def test_dates(raw, expected):
    assert read(DATE, raw) == (expected, None)


@pytest.mark.parametrize(("raw", "fragment"), [
    ("31/02/1980", "không có thật"),
    ("29/02/2023", "không có thật"),
    ("05/13/1980", "ngày/tháng/năm"),
    ("12/05/80", "bốn chữ số"),
    ("1980", "Chỉ có năm"),
    (1980.0, "Chỉ có năm"),
    ("12/05/1080", "không hợp lý"),
    ("mười hai tháng năm", "dd/mm/yyyy"),
    (True, "dd/mm/yyyy"),
])  # fmt: skip
def test_bad_dates(raw, fragment):
    value, issue = read(DATE, raw)
    assert value is None and issue[0] == "error" and fragment in issue[1]


def test_date_cell_without_its_format_is_read_with_a_warning():
    value, issue = read(DATE, 29353.0)
    assert value == D(1980, 5, 12) and issue[0] == "warning" and "12/05/1980" in issue[1]


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.time(8, 0), (8, 0)), (dt.datetime(1899, 12, 30, 14, 30), (14, 30)),
    (dt.timedelta(hours=8, minutes=30), (8, 30)), (0.375, (9, 0)), (8.0, (8, 0)),
    ("8:00", (8, 0)), ("08:00", (8, 0)), ("8h", (8, 0)), ("08h00", (8, 0)), ("8h30", (8, 30)),
    ("8 giờ", (8, 0)), ("8 giờ 30", (8, 30)), ("8 giờ 30 phút", (8, 30)), ("14:30", (14, 30)),
    ("2 giờ chiều", (14, 0)), ("7h30 sáng", (7, 30)), ("8:00:00", (8, 0)), ("8G30", (8, 30)),
    ("14", (14, 0)),
])  # fmt: skip
def test_times(raw, expected):
    assert read(TIME, raw) == (dt.time(*expected), None)


@pytest.mark.parametrize("raw", ["25:00", "8:75", "sáng", "8 rưỡi", "1.5"])
def test_bad_times(raw):
    value, issue = read(TIME, raw)
    assert value is None and issue[0] == "error"


@pytest.mark.parametrize(("raw", "grade"), [
    ("Hoàn thành xuất sắc nhiệm vụ", Grade.HTXSNV), ("HOÀN THÀNH TỐT NHIỆM VỤ", Grade.HTTNV),
    ("hoàn  thành nhiệm vụ", Grade.HTNV), ("Không hoàn thành nhiệm vụ", Grade.KHTNV),
    ("HTXSNV", Grade.HTXSNV), ("httnv", Grade.HTTNV), ("HTNV", Grade.HTNV),
    ("KHTNV", Grade.KHTNV), ("Xuất sắc", Grade.HTXSNV), ("Tốt", Grade.HTTNV),
    ("Hoàn thành", Grade.HTNV), ("Không hoàn thành", Grade.KHTNV),
    ("Không xếp loại", Grade.KXL), ("KXL", Grade.KXL), ("“Hoàn thành tốt nhiệm vụ”", Grade.HTTNV),
    ("Hoan thanh tot nhiem vu", Grade.HTTNV),
])  # fmt: skip
def test_grades(raw, grade):
    assert read(GRADE, raw) == (grade, None)


@pytest.mark.parametrize(("raw", "suggested"), [
    ("Hoàn thành tốt nhiêm vụ", "Hoàn thành tốt nhiệm vụ"),
    ("Hoàn thành xuất sắt nhiệm vụ", "Hoàn thành xuất sắc nhiệm vụ"),
    ("HTXSN", "Hoàn thành xuất sắc nhiệm vụ"),
    ("Hoàn thanh tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ"),
    ("Không hoàn thàn nhiệm vụ", "Không hoàn thành nhiệm vụ"),
])  # fmt: skip
def test_misspelt_grade_suggests_the_nearest(raw, suggested):
    value, (level, message) = read(GRADE, raw)
    assert value is None and level == "error" and f"có phải «{suggested}»?" in message


def test_unknown_grade_lists_the_valid_ones():
    value, (level, message) = read(GRADE, "Loại A")
    assert value is None and "«Hoàn thành tốt nhiệm vụ» (HTTNV)" in message


@pytest.mark.parametrize(("raw", "expected"), [
    ("Có", True), ("có", True), ("x", True), ("X", True), ("yes", True), ("1", True), (1.0, True),
    (True, True), ("Không", False), ("không", False), ("0", False), (0.0, False), (False, False),
])  # fmt: skip
def test_booleans(raw, expected):
    assert read(BOOL, raw) == (expected, None)


def test_bad_boolean():
    value, issue = read(BOOL, "Có lẽ")
    assert value is None and "«Có»" in issue[1]


@pytest.mark.parametrize(("column", "raw", "expected"), [
    (KIND, "Đảng bộ cơ sở", DANG_BO), (KIND, "đảng  bộ cơ sở", DANG_BO), (KIND, "Đảng bộ", DANG_BO),
    (KIND, "Chi bộ", CHI_BO), (KIND, "chi bo co so", CHI_BO), (STATUS, "CT", CHINH_THUC),
    (STATUS, "DB", DU_BI), (STATUS, "dự bị", DU_BI), (STATUS, "Chính thức", CHINH_THUC),
])  # fmt: skip
def test_choices(column, raw, expected):
    assert read(column, raw) == (expected, None)


def test_bad_choice_lists_the_choices():
    value, (level, message) = read(KIND, "Đảng bộ bộ phận")
    assert value is None and level == "error"
    assert "«Đảng bộ cơ sở», «Chi bộ cơ sở»" in message


@pytest.mark.parametrize(("raw", "expected"), [
    ("001", "001"), (" 001 ", "001"), (1.0, "1"), (12, "12"), ("A-01", "A-01")])
def test_codes(raw, expected):
    assert read(CODE, raw) == (expected, None)


@pytest.mark.parametrize(("raw", "expected"), [
    ("nguyễn thị  lan", "Nguyễn Thị Lan"), ("NGUYỄN THỊ LAN", "Nguyễn Thị Lan"),
    ("Nguyễn Thị O'Lan", "Nguyễn Thị O'Lan"),
])  # fmt: skip
def test_names(raw, expected):
    assert read(NAME, raw) == (expected, None)


@pytest.mark.parametrize(("raw", "expected", "said"), [
    ("Nguyễn\nThị Lan", "Nguyễn Thị Lan", "xuống dòng"),
    ("Nguyễn_x000B_Thị\r\nLan", "Nguyễn Thị Lan", "xuống dòng"),
    ("Nguyễn Thị \u202eLan", "Nguyễn Thị Lan", "U+202E"),
    ("Nguyễn \u2066Thị\u2069 Lan\x07", "Nguyễn Thị Lan", "U+2066, U+2069, U+0007"),
])  # fmt: skip
def test_breaks_and_hidden_characters_are_taken_out_with_a_warning(raw, expected, said):
    raw = raw.replace("_x000B_", "\x0b")  # as calamine hands Excel's escape over
    value, (level, message) = read(NAME, raw)
    assert (value, level) == (expected, "warning") and said in message


@pytest.mark.parametrize(("column", "raw"), [
    (NAME, "NguyÔn ThÞ Lan"), (NAME, "Nguyeãn Thò Lan"), (GRADE, "Hoµn thµnh tèt nhiÖm vô"),
])  # fmt: skip
def test_legacy_encodings_are_errors_everywhere(column, raw):
    value, (level, message) = read(column, raw)
    assert level == "error" and "Unicode" in message
    assert ("TCVN3" in message) or ("VNI" in message)


def test_required_cells_empty(tmp_path: Path):
    tc = [TC_HEAD, ["001", "", "Chi bộ cơ sở"], [None, "Chi bộ B", "Chi bộ cơ sở"],
          ["003", "Chi bộ C", None]]
    dv = [DV_HEAD, ["001", None], ["001", "Nguyễn Văn An"], ["001", "\u200b_x000B_"]]
    r = load(write_xlsx(tmp_path / "r.xlsx", minimal(tc, dv)))
    assert problems_of(r) == [("error", "ToChuc", 2, "Tên tổ chức"),
                              ("error", "ToChuc", 3, "Mã"),
                              ("error", "ToChuc", 4, "Loại"),
                              ("error", "DangVien", 2, "Họ và tên"),
                              ("error", "DangVien", 4, "Họ và tên")]  # invisible only
    # an org row missing its name or kind still gives an Org, so members do not cascade
    assert [o.ma for o in r.orgs] == ["001", "003"] and len(r.members) == 1


def test_codes_typed_as_numbers_get_their_zeros_back(tmp_path: Path):
    tc = [TC_HEAD, ["001", "Chi bộ A", "Chi bộ cơ sở"], [2, "Chi bộ B", "Chi bộ cơ sở"]]
    dv = [DV_HEAD, [1, "Nguyễn Văn An"], ["002", "Lê Văn Bình"], [2, "Trần Văn Cường"]]
    r = load(write_xlsx(tmp_path / "z.xlsx", minimal(tc, dv)))
    assert [o.ma for o in r.orgs] == ["001", "002"]
    assert [m.ma_to_chuc for m in r.members] == ["001", "002", "002"]
    assert problems_of(r) == [("warning", "ToChuc", 3, "Mã"),
                              ("warning", "DangVien", 2, "Mã tổ chức")]
    assert "02 mã" in r.problems[1].message and "dòng 2, 4" in r.problems[1].message


def test_numeric_codes_are_kept_when_nothing_says_how_wide(tmp_path: Path):
    tc = [TC_HEAD, [1, "Chi bộ A", "Chi bộ cơ sở"], [12, "Chi bộ B", "Chi bộ cơ sở"]]
    dv = [DV_HEAD, [1, "Nguyễn Văn An"], ["12", "Lê Văn Bình"]]
    r = load(write_xlsx(tmp_path / "z.xlsx", minimal(tc, dv)))
    assert [o.ma for o in r.orgs] == ["1", "12"] and r.problems == []


@pytest.mark.parametrize(("ten", "loai", "derived", "warned"), [
    ("Đảng bộ Công ty X", DANG_BO, "Ban Thường vụ Đảng ủy Công ty X", False),
    ("ĐẢNG BỘ Công ty X", DANG_BO, "Ban Thường vụ Đảng ủy Công ty X", False),
    ("Công ty X", DANG_BO, "Ban Thường vụ Đảng ủy Công ty X", True),
    ("Chi bộ Trường Y", CHI_BO, "Chi ủy Chi bộ Trường Y", False),
    ("Trường Y", CHI_BO, "Chi ủy Chi bộ Trường Y", True),
    ("Đảng bộ Trường Y", CHI_BO, "Chi ủy Chi bộ Đảng bộ Trường Y", True),
])  # fmt: skip
def test_committee_name_is_derived(tmp_path: Path, ten, loai, derived, warned):
    tc = [TC_HEAD, ["001", ten, loai]]
    r = load(write_xlsx(tmp_path / "d.xlsx", minimal(tc_rows=tc)))
    assert r.orgs[0].ten_cap_uy == derived
    assert problems_of(r) == ([("warning", "ToChuc", 2, "Tên cấp ủy")] if warned else [])


def test_given_committee_name_is_kept(tmp_path: Path):
    tc = [TC_HEAD + ["Tên cấp ủy"], ["001", "Công ty X", DANG_BO, "Đảng ủy Công ty X"]]
    r = load(write_xlsx(tmp_path / "d.xlsx", minimal(tc_rows=tc)))
    assert r.orgs[0].ten_cap_uy == "Đảng ủy Công ty X" and r.problems == []


def test_excel_error_text_counts_as_an_error_value(tmp_path: Path):
    dv = [DV_HEAD + ["Chức vụ"], ["001", "Nguyễn Văn An", "#VALUE!"], ["001", "#DIV/0!", "x"]]
    r = load(write_xlsx(tmp_path / "e.xlsx", minimal(dv_rows=dv)))
    assert problems_of(r) == [("error", "DangVien", 2, "Chức vụ"),
                              ("error", "DangVien", 3, "Họ và tên")]
    assert "#VALUE!" in r.problems[0].message and len(r.members) == 1


# -- csv folders ------------------------------------------------------------------------

def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    folder.mkdir(exist_ok=True)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    (folder / f"{name}.csv").write_bytes(data)


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: letters with their vowel mark, tones combining."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + "".join(c for c in d if c in tones)).encode("cp1258")
    return out


def test_csv_folder_with_semicolons_bom_and_ragged_rows(tmp_path: Path):
    folder = tmp_path / "csv"
    write_csv(folder, "ToChuc", "\ufeffMã;Tên tổ chức;Loại\n001;\"Chi bộ A; B\";Chi bộ cơ sở\n")
    write_csv(folder, "DangVien", "Mã tổ chức,Họ và tên,Ngày sinh,Ghi chú\n001,Lan\n"
                                  "001,Bình,31/02/1980,\"hai\ndòng\"\n")
    r = load(folder)
    assert r.orgs[0].ten == "Chi bộ A; B"
    assert [(m.ho_ten, m.row) for m in r.members] == [("Lan", 2), ("Bình", 3)]
    assert r.members[1].ghi_chu == "hai dòng"  # one line, said in a warning
    assert problems_of(r) == [("error", "DangVien", 3, "Ngày sinh"),
                              ("warning", "DangVien", 3, "Ghi chú")]


def test_csv_in_windows_1258_is_read_with_a_warning(tmp_path: Path):
    folder = tmp_path / "csv"
    write_csv(folder, "ToChuc", "Mã,Tên tổ chức,Loại\n001,Chi bộ Trường,Chi bộ cơ sở\n", "cp1258")
    write_csv(folder, "DangVien", "Mã tổ chức,Họ và tên\n001,Nguyễn Thị Lan\n")
    r = load(folder)
    assert r.orgs[0].ten == "Chi bộ Trường" and r.orgs[0].loai == CHI_BO
    assert problems_of(r) == [("warning", "ToChuc", None, None)]
    assert "Windows-1258" in r.problems[0].message


def test_csv_folder_ignores_excel_lock_files(tmp_path: Path):
    folder = tmp_path / "csv"
    write_csv(folder, "ToChuc", "Mã,Tên tổ chức,Loại\n001,Chi bộ A,Chi bộ cơ sở\n")
    write_csv(folder, "DangVien", "Mã tổ chức,Họ và tên\n001,An\n")
    (folder / "~$DangVien.csv").write_bytes(b"\x00\x01")
    assert load(folder).problems == []


# -- files that are not a workbook -------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("a.xls", b"whatever", "Excel Workbook (*.xlsx)"),
    ("a.ods", b"PK", "chỉ đọc .xlsx"),
    ("a.csv", b"Ma,Ten\n", "một thư mục"),
    ("a.txt", b"hello", "không phải sổ Excel"),
    ("a.xlsx", OLE + b"\x00" * 500, "Excel 97-2003 (.xls)"),
    ("a.xlsx", OLE + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le"), "mật khẩu"),
    ("a.xlsx", b"<html><body><table><tr><td>1</td></tr></table>", "HTML"),
    ("a.xlsx", b"%PDF-1.7 ...", "PDF"),
    ("a.xlsx", b"PK\x03\x04 truncated", "bị hỏng"),
    ("a.xlsx", b"", "rỗng (0 byte)"),
])  # fmt: skip
def test_unreadable_files_raise_roster_error(tmp_path: Path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterError) as err:
        load(path)
    assert fragment in str(err.value)


def test_zip_that_is_not_a_workbook(tmp_path: Path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(RosterError, match="tệp nén không chứa sổ Excel"):
        load(path)


def test_missing_file_and_folder_without_csv(tmp_path: Path):
    with pytest.raises(RosterError, match="Không tìm thấy tệp danh sách"):
        load(tmp_path / "khong-co.xlsx")
    with pytest.raises(RosterError, match="không có tệp .csv nào"):
        load(tmp_path)


def test_lock_file_beside_an_unreadable_workbook_says_excel_has_it(tmp_path: Path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"")  # what a sync tool leaves while Excel holds the file
    (tmp_path / "~$danh-sach.xlsx").write_bytes(b"\x00")
    with pytest.raises(RosterError, match="Sổ đang mở trong Excel"):
        load(path)


def test_lock_file_beside_a_readable_workbook_warns_of_unsaved_changes(good_path: Path):
    (good_path.parent / ("~$" + good_path.name)).write_bytes(b"\x00")
    r = load(good_path)
    assert problems_of(r) == [("warning", "danh-sach.xlsx", None, None)]
    assert "chưa lưu" in r.problems[0].message and len(r.members) == 2


def test_permission_denied_names_the_file(good_path: Path, monkeypatch):
    def denied(self):
        raise PermissionError(13, "Permission denied")

    (good_path.parent / ("~$" + good_path.name[2:])).write_bytes(b"\x00")  # Excel's long form
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(RosterError) as err:
        load(good_path)
    assert "Không có quyền đọc" in str(err.value) and "đóng Excel" in str(err.value)


def test_a_document_number_typed_as_a_number_keeps_its_value(tmp_path):
    """Leading zeros come back to codes, never to the văn thư's numbers (sheet SoVanBan)."""
    sheets = minimal(tc_rows=[TC_HEAD, ["001", "Chi bộ Trường A", "Chi bộ cơ sở"],
                              ["002", "Chi bộ Trường B", "Chi bộ cơ sở"]],
                     SoVanBan=[["Loại văn bản", "Mã văn bản", "Số", "Ngày"],
                               ["cong-van", 1, 5, None], ["cong-van", "002", 12, None]])
    roster = load(write_xlsx(tmp_path / "so.xlsx", sheets))
    assert [(g.ma, g.so) for g in roster.numbers] == [("001", "5"), ("002", "12")]
    assert not [p for p in roster.problems if p.place.column == "Số"]


def test_a_cell_that_looks_like_a_template_tag_is_kept_and_warned_about():
    value, (level, message) = read(NAME, "Nguyễn {{ so }} An")
    assert value == "Nguyễn {{ So }} An" and level == "warning" and "«{{»" in message
