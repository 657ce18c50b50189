"""The roster workbook, declared: its sheets, their columns, aliases and choices.

The loader, the blank workbook of ``init``, the sample and the benchmark
generator all read this one table, so a header renamed here is renamed
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, LEVELS, Grade

GRADE_CHOICES = tuple(g.full for g in LEVELS) + (Grade.KXL.full,)
# The blank workbook's example rows end with this, in the cell after the last column: a
# row that holds it is an example, never data (validate says so, build skips it).
EXAMPLE_MARK = "◄ DÒNG VÍ DỤ"
EXAMPLE_CELL = (f"{EXAMPLE_MARK}: sửa thành dữ liệu thật rồi xóa ô này, hoặc xóa cả dòng "
                "trước khi chạy")
YES_NO = ("Có", "Không")
SCORE_ALIASES = ("Tổng điểm", "Điểm đánh giá", "Điểm xếp loại", "Số điểm")
SCORE_NOTE = ("Không bắt buộc. Từ đợt 2025 (Quy định 366-QĐ/TW): điểm trên thang 100, ví dụ "
              "85 hoặc 89,5. Có điểm thì Xếp loại phải đúng mức của điểm (từ 90: xuất sắc; "
              "70 đến dưới 90: tốt; 50 đến dưới 70: hoàn thành; dưới 50: không hoàn thành).")


@dataclass(frozen=True)
class Column:
    key: str  # record field name (ASCII snake_case)
    header: str  # the header as the blank workbook writes it
    kind: str = "text"  # text | code | name | date | time | grade | bool | choice | score
    required: bool = False  # the column must exist
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # for kind "choice" (and the drop-down list)
    width: int = 18  # column width in the blank workbook
    example: str = ""  # the example row of the blank workbook
    note: str = ""  # shown as the header's comment in the blank workbook


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    optional: bool = False  # the sheet may be absent (a kind needing it is skipped)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


TO_CHUC = Sheet(
    "ToChuc",
    (
        Column("ma", "Mã", "code", True, ("Mã tổ chức", "Ma to chuc"), width=10, example="001"),
        Column("ten", "Tên tổ chức", "text", True, ("Tên",), width=48,
               example="Đảng bộ Công ty Cổ phần Dệt Nam Định"),
        Column("loai", "Loại", "choice", True, ("Loại hình",), (DANG_BO, CHI_BO), 16,
               example=DANG_BO),
        Column("cum", "Cụm", "text", False, ("Cụm cơ sở",), width=10, example="1"),
        Column("bi_thu", "Bí thư", "name", False, width=24, example="Trần Văn Bình"),
        Column("ten_cap_uy", "Tên cấp ủy", "text", False, ("Cấp ủy",), width=40,
               note="Để trống: tự ghép «Ban Thường vụ Đảng ủy …» hoặc «Chi ủy Chi bộ …»"),
        Column("dia_chi", "Địa chỉ", "text", False, width=36, example="Số 4 Hà Huy Tập, Nam Định"),
    ),
)

DANG_VIEN = Sheet(
    "DangVien",
    (
        Column("ma_to_chuc", "Mã tổ chức", "code", True, ("Mã",), width=10, example="001"),
        Column("chi_bo", "Chi bộ", "text", False, width=24, example="Chi bộ Phân xưởng Sợi"),
        Column("so_the", "Số thẻ đảng viên", "code", False, ("Số thẻ", "Số thẻ Đảng"), width=14,
               note="Không bắt buộc. Có số thẻ thì sửa họ tên, ngày sinh về sau vẫn nhận ra "
                    "đúng người (giấy khen giữ số sổ vàng, chỉ ban hành lại)."),
        Column("ho_ten", "Họ và tên", "name", True, ("Họ tên", "Họ, tên", "Tên đảng viên"),
               width=26, example="Nguyễn Thị Lan"),
        Column("ngay_sinh", "Ngày sinh", "date", False, width=12, example="12/05/1980"),
        Column("chuc_vu", "Chức vụ", "text", False, width=24, example="Bí thư chi bộ"),
        Column("cap_uy", "Cấp ủy viên", "bool", False, ("Cấp ủy", "Ủy viên cấp ủy"), width=10,
               example="Có",
               note="Đảng bộ cơ sở: «Có» (hoặc x) cho từng đồng chí trong Ban Chấp hành Đảng "
                    "bộ; hội nghị của đảng bộ kiểm điểm cấp ủy và các đồng chí này. Cả cột "
                    "trống cho một đảng bộ: nhận theo Chức vụ (Bí thư, Phó Bí thư, Đảng ủy "
                    "viên …; «Bí thư chi bộ» thì không). Chi bộ cơ sở: không cần điền."),
        Column("ngay_vao_dang", "Ngày vào Đảng", "date", False, ("Ngày vào đảng",), width=14,
               example="03/02/2010"),
        Column("chinh_thuc", "Chính thức/Dự bị", "choice", False, ("Đảng viên",),
               (CHINH_THUC, DU_BI), 14, example=CHINH_THUC),
        Column("tu_xep_loai", "Tự xếp loại", "grade", False, width=28),
        Column("de_nghi", "Đề nghị", "grade", False, ("Chi bộ đề nghị",), width=28),
        Column("diem", "Điểm", "score", False, SCORE_ALIASES, width=8, note=SCORE_NOTE),
        Column("xep_loai", "Xếp loại", "grade", False, ("Kết quả xếp loại",), width=28),
        Column("ly_do_khong_xep_loai", "Lý do không xếp loại", "text", False, width=28),
        Column("htxsnv_5_nam", "HTXSNV 5 năm liền", "bool", False, ("HTXSNV 5 năm",), width=10,
               example="Không"),
        Column("ghi_chu", "Ghi chú", "text", False, width=24),
    ),
)

LICH_KIEM_DIEM = Sheet(
    "LichKiemDiem",
    (
        Column("ma_to_chuc", "Mã tổ chức", "code", True, ("Mã",), width=10, example="001"),
        Column("ngay", "Ngày", "date", True, ("Ngày kiểm điểm",), width=12,
               example="05/12/2024"),
        Column("gio", "Giờ", "time", False, ("Thời gian",), width=8, example="08:00"),
        Column("dia_diem", "Địa điểm", "text", False, width=36, example="Hội trường tầng 2"),
        Column("dai_bieu", "Đại biểu", "name", False, ("Đại biểu dự",), width=24,
               example="Nguyễn Tài Sơn"),
        Column("chuc_vu_dai_bieu", "Chức vụ đại biểu", "text", False, width=30,
               example="Phó Bí thư Đảng ủy Khối"),
        Column("can_bo_du", "Cán bộ dự", "text", False, ("Cán bộ đi cùng",), width=30),
    ),
    optional=True,
)

XEP_LOAI = Sheet(
    "XepLoai",
    (
        Column("ma_to_chuc", "Mã tổ chức", "code", True, ("Mã",), width=10, example="001"),
        Column("tu_xep_loai", "Tự xếp loại", "grade", False, width=28),
        Column("de_nghi", "Đề nghị", "grade", False, ("Ban Tổ chức đề nghị",), width=28),
        Column("diem", "Điểm", "score", False, SCORE_ALIASES, width=8, note=SCORE_NOTE),
        Column("xep_loai", "Xếp loại", "grade", False, ("Kết quả xếp loại",), width=28),
        Column("tieu_bieu", "Tiêu biểu", "bool", False, width=10),
        Column("thanh_tich", "Thành tích", "text", False, width=40),
    ),
    optional=True,
)

CAN_BO = Sheet(
    "CanBo",
    (
        Column("ho_ten", "Họ và tên", "name", True, ("Họ tên",), width=26,
               example="Nguyễn Tài Sơn"),
        Column("chuc_vu", "Chức vụ", "text", False, width=32, example="Phó Bí thư Đảng ủy Khối"),
        Column("cum_phu_trach", "Cụm phụ trách", "text", False, ("Cụm",), width=12,
               example="1"),
    ),
    optional=True,
)

KHEN_THUONG = Sheet(
    "KhenThuong",
    (
        Column("ma_to_chuc", "Mã tổ chức", "code", True, ("Mã",), width=10),
        Column("ho_ten", "Họ và tên", "name", False, ("Họ tên",), width=26),
        Column("thanh_tich", "Thành tích", "text", True, width=60),
    ),
    optional=True,
)

# Numbers the văn thư gave, for the kinds numbered "roster" in kiemdiem.toml.
SO_VAN_BAN = Sheet(
    "SoVanBan",
    (
        Column("loai", "Loại văn bản", "text", True, ("Loại",), width=30,
               note="Tên loại như kiemdiem register ghi, ví dụ cong-van, quyet-dinh-xep-loai"),
        Column("ma", "Mã văn bản", "code", True, ("Mã",), width=18,
               note="Cột «Mã» của kiemdiem register: mã tổ chức, hoặc mã-thứ tự cuộc họp của "
                    "giấy mời (001-1)"),
        Column("so", "Số", "code", True, ("Số văn bản",), width=8),
        Column("ngay", "Ngày", "date", False, ("Ngày ban hành",), width=12),
    ),
    optional=True,
)

SHEETS: tuple[Sheet, ...] = (TO_CHUC, DANG_VIEN, LICH_KIEM_DIEM, XEP_LOAI, CAN_BO, KHEN_THUONG,
                             SO_VAN_BAN)


def sheet(name: str) -> Sheet:
    return next(s for s in SHEETS if s.name == name)
