"""Make the bad-input corpus of tests/corpus/: real files, each wrong in one way.

    .venv/bin/python tests/corpus/make_corpus.py [OUT_DIR]   (default: this folder)

Every workbook starts from the small good roster below and changes one thing,
so a reviewer can read here what each file holds. Formulas with cached values,
error cells computed by a formula, and fixed timestamps need the sheet XML
edited after openpyxl has written it (openpyxl cannot write cached values);
zip members are rewritten with a fixed date so that running this script again
gives the same contents. tests/test_bad_input.py checks that it does.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
D = dt.date

TO_CHUC = [
    ["Mã", "Tên tổ chức", "Loại", "Cụm", "Bí thư", "Tên cấp ủy", "Địa chỉ"],
    ["001", "Đảng bộ Công ty Cổ phần Dệt Nam Định", "Đảng bộ cơ sở", 1, "Trần Văn Bình", None,
     "Số 4 Hà Huy Tập, Nam Định"],
    ["002", "Chi bộ Trường Cao đẳng Y tế", "Chi bộ cơ sở", 2, "Lê Thị Hoa", None,
     "Số 1 Trần Hưng Đạo"],
    ["003", "Đảng bộ Sở Tài chính", "Đảng bộ cơ sở", 1, "Phạm Minh Đức",
     "Ban Thường vụ Đảng ủy Sở Tài chính tỉnh", None],
    ["004", "Chi bộ Công ty Cấp nước", "Chi bộ cơ sở", 2, "Vũ Thị Mai", None, None],
    ["005", "Chi bộ Ban Quản lý dự án", "Chi bộ cơ sở", 2, "Đỗ Văn Hải", None, None],
    ["006", "Chi bộ Công ty In", "Chi bộ cơ sở", 1, "Bùi Thị Lan", None, None],
    ["007", "Chi bộ Công ty Môi trường đô thị", "Chi bộ cơ sở", 1, "Mai Xuân Hòa", None, None],
]
DANG_VIEN = [
    ["Mã tổ chức", "Chi bộ", "Họ và tên", "Ngày sinh", "Chức vụ", "Ngày vào Đảng",
     "Chính thức/Dự bị", "Tự xếp loại", "Đề nghị", "Xếp loại", "Lý do không xếp loại",
     "HTXSNV 5 năm liền", "Ghi chú"],
    ["001", "Chi bộ Phân xưởng Sợi", "Trần Văn Bình", D(1970, 3, 2), "Bí thư Đảng ủy",
     D(1995, 5, 19), "Chính thức", "HTXSNV", "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", None,
     "Có", None],
    ["001", "Chi bộ Phân xưởng Sợi", "Nguyễn Thị Lan", D(1980, 5, 12), "Tổ trưởng",
     D(2010, 2, 3), "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không",
     None],
    ["001", "Chi bộ Phân xưởng Dệt", "Phạm Thị Hương", D(1985, 11, 30), None, D(2012, 9, 1),
     "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["001", "Chi bộ Phân xưởng Dệt", "Đặng Văn Đạt", D(1990, 1, 1), None, D(2015, 6, 6),
     "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["001", "Chi bộ Văn phòng", "Hoàng Anh Tú", D(1992, 7, 14), None, D(2018, 3, 26),
     "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["001", "Chi bộ Văn phòng", "Lê Thị Ánh", D(1995, 2, 28), None, D(2019, 12, 22),
     "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["001", "Chi bộ Văn phòng", "Lương Thu Hằng", D(1991, 3, 8), None, D(2016, 1, 9),
     "Chính thức", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["001", "Chi bộ Văn phòng", "Ngô Văn Ước", D(2000, 4, 4), None, D(2024, 9, 2), "Dự bị",
     None, None, "Không xếp loại", "Vào Đảng chưa đủ 6 tháng", "Không", None],
    ["002", None, "Lê Thị Hoa", D(1975, 8, 8), "Bí thư chi bộ", D(2000, 1, 1), "Chính thức",
     "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", None, "Không", None],
    ["002", None, "Trịnh Văn Dũng", D(1988, 10, 10), None, D(2014, 5, 1), "Chính thức",
     "HTNV", "HTNV", "Hoàn thành nhiệm vụ", None, "Không", "Chuyển đến tháng 3"],
    ["003", None, "Phạm Minh Đức", D(1972, 6, 15), "Bí thư Đảng ủy", D(1998, 2, 3), "Chính thức",
     None, None, None, None, "Không", None],
    ["004", None, "Vũ Thị Mai", D(1979, 9, 9), "Bí thư chi bộ", D(2003, 3, 3), "Chính thức",
     None, None, None, None, "Không", None],
    ["005", None, "Đỗ Văn Hải", D(1983, 12, 1), "Bí thư chi bộ", D(2008, 8, 19), "Chính thức",
     None, None, None, None, "Không", None],
    ["006", None, "Bùi Thị Lan", D(1986, 4, 30), "Bí thư chi bộ", D(2011, 11, 11), "Chính thức",
     None, None, None, None, "Không", None],
    ["007", None, "Mai Xuân Hòa", D(1977, 1, 20), "Bí thư chi bộ", D(2004, 7, 1), "Chính thức",
     None, None, None, None, "Không", None],
]
LICH = [
    ["Mã tổ chức", "Ngày", "Giờ", "Địa điểm", "Đại biểu", "Chức vụ đại biểu", "Cán bộ dự"],
    ["001", D(2024, 12, 5), dt.time(8, 0), "Hội trường tầng 2", "Nguyễn Tài Sơn",
     "Phó Bí thư Đảng ủy Khối", "Trần Thị Hà"],
    ["002", D(2024, 12, 5), dt.time(14, 0), "Phòng họp số 1", "Nguyễn Tài Sơn",
     "Phó Bí thư Đảng ủy Khối", None],
    ["003", D(2024, 12, 6), dt.time(8, 30), "Phòng họp tầng 3", "Trần Thị Hà",
     "Ủy viên Ban Thường vụ", None],
]
XEP_LOAI = [
    ["Mã tổ chức", "Tự xếp loại", "Đề nghị", "Xếp loại", "Tiêu biểu", "Thành tích"],
    ["001", "HTXSNV", "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", "Có",
     "Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024"],
    *[[f"00{n}", "HTTNV", "HTTNV", "Hoàn thành tốt nhiệm vụ", "Không", None] for n in range(2, 8)],
]
CAN_BO = [
    ["Họ và tên", "Chức vụ", "Cụm phụ trách"],
    ["Nguyễn Tài Sơn", "Phó Bí thư Đảng ủy Khối", "1"],
    ["Trần Thị Hà", "Ủy viên Ban Thường vụ", "2"],
]
KHEN_THUONG = [
    ["Mã tổ chức", "Họ và tên", "Thành tích"],
    ["002", None, "Góp phần tích cực vào việc hoàn thành xuất sắc công tác phát triển tổ chức "
     "đảng, phát triển đảng viên"],
]
GOOD = {"ToChuc": TO_CHUC, "DangVien": DANG_VIEN, "LichKiemDiem": LICH, "XepLoai": XEP_LOAI,
        "CanBo": CAN_BO, "KhenThuong": KHEN_THUONG}

FIXED_TIME = (2024, 11, 8, 8, 0, 0)
THEME = "xl/theme/theme1.xml"
Edits = dict[str, list[tuple[str, str]]]  # sheet name -> (regex, replacement) on its XML


def good() -> dict[str, list[list]]:
    return copy.deepcopy(GOOD)


def workbook(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm"
    for name in hidden:
        wb[name].sheet_state = "hidden"
    return wb


def save(wb: openpyxl.Workbook, path: Path, edits: Edits | None = None) -> None:
    """Save with fixed timestamps, after editing sheet XML by regex."""
    wb.properties.creator = "make_corpus.py"
    raw = io.BytesIO()
    wb.save(raw)
    parts = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    todo = {parts[sheet]: subs for sheet, subs in (edits or {}).items()}
    _rezip(raw.getvalue(), path, todo)


def _rezip(data: bytes, path: Path, todo: dict[str, list[tuple[str, str]]]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == THEME:
                continue  # 10 KB of colours no test needs; Excel opens a workbook without it
            body = src.read(info.filename)
            body = re.sub(rb'<(Relationship|Override)[^>]*theme[^>]*/>', b"", body)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-11-08T08:00:00Z", body)
            for pattern, repl in todo.get(info.filename, ()):
                body, n = re.subn(pattern.encode(), repl.encode(), body)
                if n != 1:
                    raise SystemExit(f"{path.name}: {pattern!r} matched {n} times")
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    path.write_bytes(out.getvalue())


def cached(ref: str, value: str, kind: str | None = None) -> tuple[str, str]:
    """An edit giving the formula at ``ref`` the value Excel would have saved with it."""
    t = f' t="{kind}"' if kind else ""
    return (rf'<c r="{ref}"( s="\d+")?( t="\w+")?><f>(.*?)</f><v\s*/?>(</v>)?</c>',
            rf'<c r="{ref}"\1{t}><f>\3</f><v>{value}</v></c>')


# -- the corpus ------------------------------------------------------------------------

def not_a_workbook(path: Path) -> None:
    path.write_text("Mã;Tên tổ chức\n001;Đảng bộ Công ty X\n", encoding="utf-8")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def word_document(path: Path) -> None:
    """The smallest .docx Word opens, saved under an .xlsx name."""
    ns = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{ns}package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Override PartName="/word/document.xml" ContentType="'
            f'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{ns}officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<w:document xmlns:w="{ns}wordprocessingml/2006/main"><w:body><w:p><w:r>'
            "<w:t>Danh sách đảng viên (nhầm: đây là văn bản Word)</w:t></w:r></w:p>"
            "</w:body></w:document>"),
    }
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        for name, text in parts.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    _rezip(raw.getvalue(), path, {})


def missing_sheet(path: Path) -> None:
    sheets = good()
    del sheets["DangVien"]
    save(workbook(sheets), path)


def missing_column(path: Path) -> None:
    sheets = good()
    sheets["DangVien"] = [row[:2] + row[3:] for row in sheets["DangVien"]]  # no Họ và tên
    save(workbook(sheets), path)


def merged_header(path: Path) -> None:
    """A title row, a two-row header, a name split over two columns, codes merged down."""
    sheets = good()
    sheets["ToChuc"].insert(0, ["DANH SÁCH TỔ CHỨC CƠ SỞ ĐẢNG"])
    dv = sheets["DangVien"]
    header = ["Mã tổ chức", "Đảng viên", None, None, "Ngày vào Đảng", "Xếp loại", "Lý do"]
    sub = [None, "Họ và tên", None, "Ngày sinh", None, None, "Lý do không xếp loại"]
    rows = [[r[0], *r[2].rsplit(" ", 1), r[3], r[5], r[9], r[10]] for r in dv[1:]]
    for r in rows[1:8]:
        r[0] = None  # under the code merged down over the eight members of 001
    sheets["DangVien"] = [header, sub, *rows]
    lich = sheets["LichKiemDiem"]
    lich[0] = ["Mã tổ chức", "Ngày", None, "Giờ", "Địa điểm", "Đại biểu"]
    lich[1:] = [[r[0], r[1], None, r[2], r[3], r[4]] for r in lich[1:]]
    lich[2][2] = "06/12/2024"  # two values under the one merged "Ngày" header
    wb = workbook(sheets)
    wb["ToChuc"].merge_cells("A1:G1")
    ws = wb["DangVien"]
    for rng in ("A1:A2", "B1:D1", "B2:C2", "E1:E2", "F1:F2", "A3:A10"):
        ws.merge_cells(rng)
    wb["LichKiemDiem"].merge_cells("B1:C1")
    save(wb, path)


def hidden_sheet(path: Path) -> None:
    sheets = good()
    sheets["Ghi chú"] = [["Sheet ghi chú của văn phòng, không phải dữ liệu"]]
    sheets["ToChuc cũ"] = [row[:3] for row in sheets["ToChuc"][:3]]
    save(workbook(sheets, hidden=("DangVien", "ToChuc cũ")), path)


def blank_rows(path: Path) -> None:
    sheets = good()
    sheets["ToChuc"][0:0] = [["DANH SÁCH TỔ CHỨC CƠ SỞ ĐẢNG"], []]  # header on row 3
    dv = sheets["DangVien"]
    dv[3:3] = [[], [None] * 13, [" ", "", None]]  # three blank rows: excel rows 4-6
    dv[8][3] = "31/02/1980"  # was row 8, now excel row 9
    save(workbook(sheets), path)


def duplicate_codes(path: Path) -> None:
    sheets = good()
    sheets["ToChuc"][4][0] = "002"  # row 5 repeats the code of row 3
    sheets["XepLoai"].append(["003", None, None, "Hoàn thành nhiệm vụ", None, None])
    save(workbook(sheets), path)


def unknown_org(path: Path) -> None:
    sheets = good()
    sheets["DangVien"][9][0] = "0002"  # a zero too many
    sheets["DangVien"].append(["099", None, "Mai Văn Tâm", None, None, None, None, None, None,
                               None, None, None, None])
    save(workbook(sheets), path)


def misspelt_grade(path: Path) -> None:
    sheets = good()
    sheets["DangVien"][2][9] = "Hoàn thành tốt nhiêm vụ"
    sheets["DangVien"][3][9] = "Hoan thanh tot nhiem vu"  # no accents at all: accepted
    sheets["XepLoai"][2][3] = "Xuất sắt"
    save(workbook(sheets), path)


def impossible_date(path: Path) -> None:
    sheets = good()
    dv = sheets["DangVien"]
    dv[2][3] = "31/02/1980"
    dv[3][3] = "12-05-1985"
    dv[4][3] = "1990.01.01"
    dv[5][3] = "1992-07-14"
    dv[6][3] = "5/13/1995"
    dv[7][3] = "ngày 4 tháng 4"
    save(workbook(sheets), path)


def excel_errors(path: Path) -> None:
    sheets = good()
    dv = sheets["DangVien"]
    dv[2][4] = "#N/A"  # Chức vụ, written as an error cell
    dv[3][3] = "#REF!"  # Ngày sinh
    dv.append([None, None, None, None, "#N/A"])  # an error left in an otherwise empty row
    wb = workbook(sheets)
    for ref in ("E3", "D4", "E17"):
        wb["DangVien"][ref].data_type = "e"
    wb["DangVien"]["C5"] = '=VLOOKUP(A5,ToChuc!A:B,9,FALSE)'
    save(wb, path, {"DangVien": [cached("C5", "#N/A", "e")]})


def formulas(path: Path) -> None:
    """Formulas Excel saved with their values, and one a script saved without."""
    sheets = good()
    wb = workbook(sheets)
    ws = wb["DangVien"]
    ws["A2"] = "=ToChuc!A2"
    ws["D3"] = "=DATE(1980,5,12)"
    ws["M4"] = '="Ghi chú "&ROW()'
    ws["C5"] = '=PROPER("đặng văn đạt")'
    edits = [cached("A2", "001", "str"), cached("D3", "29353"), cached("M4", "Ghi chú 4", "str")]
    save(wb, path, {"DangVien": edits})


def control_chars(path: Path) -> None:
    sheets = good()
    dv = sheets["DangVien"]
    dv[1][2] = "Trần_x000B_Văn\tBình"  # Excel's escape of a vertical tab, and a tab
    dv[2][12] = "Dòng một\r\nDòng hai_x000B_"
    dv[3][2] = "\u200bPhạm Thị\u00a0 Hương "  # zero-width and no-break spaces
    sheets["ToChuc"][1][1] = "Đảng bộ Công ty\nCổ phần Dệt Nam Định"  # Alt+Enter in a cell
    save(workbook(sheets), path)


def nfd_text(path: Path) -> None:
    import unicodedata

    def nfd(rows: list[list]) -> list[list]:
        return [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row]
                for row in rows]

    save(workbook({name: nfd(rows) for name, rows in good().items()}), path)


def tcvn3_text(path: Path) -> None:
    sheets = good()
    sheets["ToChuc"][1][1] = "§¶ng bé C«ng ty Cæ phÇn DÖt Nam §Þnh"  # Đảng bộ Công ty Cổ phần…
    sheets["DangVien"][2][2] = "NguyÔn ThÞ Lan"  # Nguyễn Thị Lan
    save(workbook(sheets), path)


def vni_text(path: Path) -> None:
    sheets = good()
    sheets["DangVien"][2][2] = "Nguyeãn Thò Lan"  # Nguyễn Thị Lan
    sheets["DangVien"][3][1] = "Chi boä Phaân xöôûng Sôïi"  # Chi bộ Phân xưởng Sợi
    save(workbook(sheets), path)


def special_chars(path: Path) -> None:
    sheets = good()
    sheets["ToChuc"][1][1] = 'Đảng bộ Công ty "Dệt & May" <Nam Định>'
    sheets["ToChuc"][1][6] = "Số 4/12 Hà Huy Tập; P. Trần Hưng Đạo\\Nam Định"
    sheets["DangVien"][2][2] = "Nguyễn Thị O'Lan"
    sheets["DangVien"][2][12] = "Kiêm nhiệm: Tổ trưởng Công đoàn & Đoàn thanh niên <b>"
    save(workbook(sheets), path)


def good_workbook(path: Path) -> None:
    save(workbook(good()), path)


def good_csv(folder: Path) -> None:
    """The good roster as Excel's "CSV UTF-8" would save it, one file a sheet."""
    folder.mkdir(exist_ok=True)
    for n, (name, rows) in enumerate(good().items()):
        delimiter = ";" if n % 2 else ","  # a Vietnamese Windows saves with ";"
        lines = [delimiter.join(_csv_cell(v, delimiter) for v in row) for row in rows]
        bom = "\ufeff" if n % 3 == 0 else ""
        (folder / f"{name}.csv").write_text(bom + "\r\n".join(lines) + "\r\n", encoding="utf-8",
                                            newline="")


def _csv_cell(value: object, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        text = f"{value:%d/%m/%Y}"
    elif isinstance(value, dt.time):
        text = f"{value:%H:%M}"
    else:
        text = str(value)
    if any(ch in text for ch in (delimiter, '"', "\n")):
        text = '"' + text.replace('"', '""') + '"'
    return text


CORPUS: dict[str, Callable[[Path], None]] = {
    "not_a_workbook.xlsx": not_a_workbook,
    "empty.xlsx": empty,
    "word_document.xlsx": word_document,
    "missing_sheet.xlsx": missing_sheet,
    "missing_column.xlsx": missing_column,
    "merged_header.xlsx": merged_header,
    "hidden_sheet.xlsx": hidden_sheet,
    "blank_rows.xlsx": blank_rows,
    "duplicate_codes.xlsx": duplicate_codes,
    "unknown_org.xlsx": unknown_org,
    "misspelt_grade.xlsx": misspelt_grade,
    "impossible_date.xlsx": impossible_date,
    "excel_errors.xlsx": excel_errors,
    "formulas.xlsx": formulas,
    "control_chars.xlsx": control_chars,
    "nfd_text.xlsx": nfd_text,
    "tcvn3_text.xlsx": tcvn3_text,
    "vni_text.xlsx": vni_text,
    "special_chars.xlsx": special_chars,
    "good.xlsx": good_workbook,
    "good_csv": good_csv,
}


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, make in CORPUS.items():
        make(out / name)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
