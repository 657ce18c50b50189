"""The template of the results report (``bao-cao-ket-qua``): its text, then its annex of
tables and the chart, which rendering draws in place of the placeholder picture."""

from __future__ import annotations

import io
import struct
import zlib
from copy import deepcopy

from docx.shared import Cm
from docx.table import Table

from .base import Builder
from .tables import CENTER, LEFT

B = {"bold": True}
CHART = "bieu-do"  # the picture's name, as kinds.report draws it
CHART_CM = (16.0, 15.0)  # as stats.chart draws it
LEVELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
          "Không hoàn thành nhiệm vụ")
# Label, total, four times (count, share), not graded: 16.5 cm, the text's width.
LEVEL_WIDTHS = (3.0, 1.5) + (1.45, 1.15) * 4 + (1.6,)


def placeholder_png(width: int = 32, height: int = 30) -> bytes:
    """A plain light-grey PNG, written byte for byte (the same on every machine)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\xe6" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _level_table(b: Builder, key: str, label: str) -> Table:
    """A table by level under a two-row header: each level's name over «Số lượng» and
    «Tỷ lệ (%)»; the label, the total and «Không xếp loại» span both rows."""
    cells = [("{{ r[0] }}", LEFT)] + ["{{ r[%d] }}" % i for i in range(1, 11)]
    second = [label, "Tổng số"] + ["Số lượng", "Tỷ lệ (%)"] * 4 + ["Không xếp loại"]
    table = b.grid(list(zip(second, LEVEL_WIDTHS, strict=True)), cells,
                   loop=f"r in bang.{key}", size=11)
    head = table.rows[0]
    top = deepcopy(head._tr)
    head._tr.addprevious(top)
    first, second_row = table.rows[0], table.rows[1]
    for i, cell in enumerate(first.cells):
        for run in cell.paragraphs[0].runs:
            run.text = ""
        if 2 <= i <= 9 and i % 2 == 0:
            cell.paragraphs[0].runs[0].text = LEVELS[(i - 2) // 2]
    for i in (0, 1, 10):  # spanning both rows: the top cell keeps the text
        first.cells[i].paragraphs[0].runs[0].text = second_row.cells[i].paragraphs[0].runs[0].text
        second_row.cells[i].paragraphs[0].runs[0].text = ""
        _only_first(first.cells[i].merge(second_row.cells[i]))
    for i in range(2, 10, 2):
        _only_first(first.cells[i].merge(first.cells[i + 1]))
    return table


def _only_first(cell) -> None:
    """A merged cell keeps each cell's paragraph: the empty ones would be blank lines."""
    for p in cell.paragraphs[1:]:
        if not p.text:
            p._p.getparent().remove(p._p)


def _caption(b: Builder, text: str) -> None:
    b.para(text, align=LEFT, bold=True, space_after=3).paragraph_format.keep_with_next = True


def bao_cao_ket_qua(b: Builder) -> None:
    """The Ban Thường vụ's report of the round's results to the Tỉnh ủy."""
    b.header()
    b.title("BÁO CÁO", "kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và "
                       "đảng viên năm {{ nam }}")
    b.body("Thực hiện {{ dot.thuc_hien }}, Ban Thường vụ {{ cq.ten_ngan }} báo cáo kết quả "
           "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên năm "
           "{{ nam }} như sau:")
    b.body(("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN", B))
    b.body_each("d in doan.to_chuc_thuc_hien")
    b.body(("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG", B))
    for heading, key in (("1. Đối với tổ chức cơ sở đảng", "to_chuc"),
                         ("2. Đối với đảng viên", "dang_vien"),
                         ("3. Về tỷ lệ “Hoàn thành xuất sắc nhiệm vụ”", "ty_le"),
                         ("4. Về khen thưởng", "khen_thuong")):
        b.body((heading, B))
        b.body_each(f"d in doan.{key}")
    b.body("Số liệu chi tiết theo loại hình, theo cụm{% if so_sanh %} và so với năm "
           "{{ nam_truoc }}{% endif %} tại phụ lục kèm theo. Tỷ lệ phần trăm tính trên số được "
           "xếp loại, làm tròn đến một chữ số thập phân; phần lẻ lớn nhất được làm tròn lên để "
           "các tỷ lệ của mỗi dòng cộng lại đúng 100% (vì vậy hai mức có cùng số lượng có thể "
           "lệch nhau 0,1%).")
    b.body("Trên đây là báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở "
           "đảng và đảng viên năm {{ nam }} của Ban Thường vụ {{ cq.ten_ngan }}"
           + b.ending("Báo cáo"))
    b.signature()
    b.page_break()
    b.para("PHỤ LỤC", align=CENTER, bold=True, size=15)
    b.para("số liệu kiểm điểm, đánh giá, xếp loại chất lượng năm {{ nam }}", align=CENTER,
           bold=True)
    b.attached_to()
    for n, (key, title, label) in enumerate((
            ("to_chuc_loai", "Kết quả xếp loại tổ chức cơ sở đảng theo loại hình", "Loại hình"),
            ("to_chuc_cum", "Kết quả xếp loại tổ chức cơ sở đảng theo cụm", "Cụm"),
            ("dang_vien_loai", "Kết quả xếp loại đảng viên theo loại hình tổ chức cơ sở đảng",
             "Loại hình"),
            ("dang_vien_cum", "Kết quả xếp loại đảng viên theo cụm", "Cụm")), 1):
        _caption(b, f"Biểu {n}. {title}")
        _level_table(b, key, label)
        b.para("", space_after=6)
    _caption(b, "Biểu đồ. Kết quả xếp loại tổ chức cơ sở đảng và đảng viên theo cụm")
    picture = b.para("", align=CENTER)
    run = picture.add_run()
    run.add_picture(io.BytesIO(placeholder_png()), width=Cm(CHART_CM[0]),
                    height=Cm(CHART_CM[1]))
    doc_pr = run._r.xpath(".//wp:docPr")[0]
    doc_pr.set("name", CHART)
    doc_pr.set("descr", "Biểu đồ kết quả xếp loại theo cụm: kiemdiem-docs vẽ lại từ số liệu "
                        "mỗi lần ban hành; đổi cỡ, vị trí được, đừng đổi tên ảnh.")
    _caption(b, "Biểu 5. Đảng viên không xếp loại theo lý do")
    b.grid((("Lý do", 10.5), ("Số lượng", 3.0), ("Tỷ lệ (%)", 3.0)),
           (("{{ r[0] }}", LEFT), "{{ r[1] }}", "{{ r[2] }}"), loop="r in bang.ly_do", size=12)
    b.para("", space_after=6)
    _caption(b, "Biểu 6. Tổ chức có số đảng viên “Hoàn thành xuất sắc nhiệm vụ” vượt tỷ lệ")
    b.tag("if bang.ty_le")
    b.grid((("Tổ chức", 6.5), ("Hoàn thành xuất sắc nhiệm vụ", 2.5),
            ("Hoàn thành tốt nhiệm vụ", 2.5), ("Tối đa", 2.5), ("Vượt", 2.5)),
           (("{{ r[0] }}", LEFT), "{{ r[1] }}", "{{ r[2] }}", "{{ r[3] }}", "{{ r[4] }}"),
           loop="r in bang.ty_le", size=12)
    b.tag("else")
    b.body("Không có tổ chức nào vượt tỷ lệ.")
    b.tag("endif")
    b.para("", space_after=6)
    _caption(b, "Biểu 7. Khen thưởng")
    b.grid((("Thành tích", 10.5), ("Tập thể", 3.0), ("Cá nhân", 3.0)),
           (("{{ r[0] }}", LEFT), "{{ r[1] }}", "{{ r[2] }}"), loop="r in bang.khen_thuong",
           size=12)
    b.tag("if so_sanh")
    b.para("", space_after=6)
    _caption(b, "Biểu 8. So sánh với năm {{ nam_truoc }}")
    b.grid((("Chỉ tiêu", 8.5), ("Năm {{ nam_truoc }}", 2.7), ("Năm {{ nam }}", 2.7),
            ("Tăng (+), giảm (-)", 2.6)),
           (("{{ r[0] }}", LEFT), "{{ r[1] }}", "{{ r[2] }}", "{{ r[3] }}"),
           loop="r in bang.so_sanh", size=12)
    b.tag("endif")
