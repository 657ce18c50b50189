"""Templates of what a grassroots organisation writes about its review: the minutes
of its meeting and its committee's decision grading its members."""

from __future__ import annotations

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..roster import LEVELS
from .base import Builder
from .tables import CENTER, LEFT

B = {"bold": True}
TABLE_PT = 11  # three columns of grades written in full have to fit the page width
BLANK_NAME = "……………………………"


def bien_ban(b: Builder) -> None:
    """The minutes form of a review meeting, filled with what the roster knows."""
    b.header()
    b.title("BIÊN BẢN", "hội nghị kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân "
                        "năm {{ nam }}")
    # A đảng bộ's meeting is its committee's (Ban Chấp hành): it reviews the committee and
    # its members; a chi bộ cơ sở reviews the chi bộ and every member.
    b.body(
        "Hồi {{ hop.thoi_gian }}, tại {{ hop.dia_diem }}, {% if dang_bo %}Ban Chấp hành "
        "{% endif %}", "{{ org.ten }}",
        " tổ chức hội nghị kiểm điểm, đánh giá, xếp loại chất lượng {% if dang_bo %}tập thể "
        "Ban Chấp hành Đảng bộ (cấp ủy) và các đồng chí cấp ủy viên{% else %}tập thể, cá nhân"
        "{% endif %} năm {{ nam }}.",
    )
    b.body(("I. THÀNH PHẦN", B))
    b.body("1. {% if dang_bo %}Cấp ủy viên{% else %}Đảng viên{% endif %}: tổng số "
           "{{ thanh_phan.dang_vien }}; có mặt: ….. đồng chí; vắng mặt: "
           "….. đồng chí (có lý do: ….. đồng chí, không có lý do: ….. đồng chí).")
    ruled(b, "{% if dang_bo %}Cấp ủy viên{% else %}Đảng viên{% endif %} vắng mặt và lý do: ",
          lines=2)
    b.body("2. Đại biểu Đảng ủy Khối dự, chỉ đạo: đồng chí {{ hop.dai_bieu }}, "
           "{{ hop.chuc_vu_dai_bieu }}.")
    b.tag("if hop.can_bo_du")
    b.body("Cán bộ đi cùng: {{ hop.can_bo_du }}.")
    b.tag("endif")
    b.body("3. Chủ trì hội nghị: đồng chí {{ nguoi_ky.ho_ten }}, {{ nguoi_ky.chuc_vu }}.")
    b.body(f"4. Thư ký hội nghị: đồng chí {BLANK_NAME}.")
    b.body(("II. NỘI DUNG", B))
    b.body("1. Đồng chí chủ trì nêu mục đích, yêu cầu, thông qua chương trình hội nghị; giới "
           "thiệu đại biểu dự, chỉ đạo.")
    b.body("2. Thay mặt cấp ủy, đồng chí chủ trì trình bày báo cáo kiểm điểm của tập thể "
           "{% if dang_bo %}Ban Chấp hành Đảng bộ{% else %}cấp ủy{% endif %} năm {{ nam }} và "
           "bản tự đánh giá, xếp loại chất lượng của ", "{{ org.ten }}", ".")
    b.body("3. Hội nghị thảo luận, tự phê bình và phê bình, góp ý kiến đối với tập thể "
           "{% if dang_bo %}Ban Chấp hành Đảng bộ{% else %}cấp ủy{% endif %} và từng đồng chí "
           "cấp ủy viên.")
    ruled(b, "Ý kiến thảo luận: ", lines=3)
    b.body("4. Từng {% if dang_bo %}đồng chí cấp ủy viên{% else %}đảng viên{% endif %} trình "
           "bày bản kiểm điểm, tự nhận mức xếp loại chất lượng; hội nghị "
           "góp ý kiến và đề xuất mức xếp loại đối với từng đồng chí.")
    b.body("5. Đại biểu Đảng ủy Khối phát biểu chỉ đạo.")
    ruled(b, "Ý kiến chỉ đạo: ", lines=2)
    b.body("6. Hội nghị bầu Ban kiểm phiếu, bỏ phiếu đánh giá, xếp loại chất lượng "
           "{% if dang_bo %}cấp ủy viên{% else %}đảng viên{% endif %}; Ban kiểm phiếu công bố "
           "kết quả.")
    b.body("7. Đồng chí chủ trì tiếp thu ý kiến, kết luận hội nghị.")
    b.body(("III. KẾT QUẢ", B))
    # A known grade ends its sentence; an unknown one gets a dotted line to the margin,
    # which a justified line would otherwise stretch across the page.
    b.tag("if tap_the")
    b.body("1. Tập thể tự đánh giá, xếp loại chất lượng năm {{ nam }}: {{ tap_the }}.")
    b.tag("else")
    ruled(b, "1. Tập thể tự đánh giá, xếp loại chất lượng năm {{ nam }}: ", lines=1)
    b.tag("endif")
    b.body("2. Kết quả biểu quyết đánh giá, xếp loại chất lượng {% if dang_bo %}cấp ủy viên"
           "{% else %}đảng viên{% endif %}:")
    vote_table(b)
    b.para("")
    b.body("Kết quả xếp loại chất lượng {% if dang_bo %}cấp ủy viên{% else %}đảng viên"
           "{% endif %} năm {{ nam }}:")
    b.body_each("k in ket_qua")
    b.body("Biên bản đã được thông qua trước hội nghị và được hội nghị nhất trí. Hội "
                     "nghị kết thúc hồi ….. giờ ….. cùng ngày" + b.ending("Biên bản"))
    minutes_signature(b)


def ruled(b: Builder, label: str, *, lines: int) -> None:
    """``label`` then dotted lines to the right margin, to write on by hand."""
    width = Mm(210 - b.fmt.le_trai - b.fmt.le_phai)
    for n in range(lines):
        p = b.body(label if n == 0 else "", "\t", align=LEFT, indent=False if n else None)
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT,
                                                  WD_TAB_LEADER.DOTS)


def vote_table(b: Builder) -> None:
    """STT | name | self-grade | proposal | votes at each level | result; two header rows."""
    widths = (1.0, 3.3, 2.3, 2.3, 1.3, 1.3, 1.3, 1.3, 2.4)
    table = b.table([Cm(w) for w in widths], borders=True, rows=5)
    _narrow_margins(table)
    head, levels = table.rows[0], table.rows[1]
    for i, text in ((0, "STT"), (1, "Họ và tên"), (2, "Tự xếp loại"), (3, "Chi bộ đề nghị"),
                    (8, "Kết quả")):
        _text(head.cells[i], text, bold=True)
        head.cells[i].merge(levels.cells[i])
    for i, g in enumerate(LEVELS, 4):
        _text(levels.cells[i], g.full)  # upright: bold would break «Không» in 1.3 cm
    _text(head.cells[4], "Số phiếu", bold=True)
    head.cells[4].merge(head.cells[7])
    for row in (head, levels):
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell in row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    _text(table.rows[2].cells[0], "{%tr for r in dang_vien %}", align=LEFT)
    item = table.rows[3].cells
    for i, key in ((0, "stt"), (1, "ho_ten"), (2, "tu_xep_loai"), (3, "de_nghi"), (8, "ket_qua")):
        _text(item[i], "{{ r.%s }}" % key, align=LEFT if key == "ho_ten" else CENTER)
    _text(table.rows[4].cells[0], "{%tr endfor %}", align=LEFT)


def minutes_signature(b: Builder) -> None:
    """The secretary (left, a name to write in) and the chair (right), side by side."""
    table = b.signature_table()
    for cell, role, name in zip(table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ HỘI NGHỊ"),
                                (BLANK_NAME, "{{ nguoi_ky.ho_ten }}"), strict=True):
        first = cell.paragraphs[0]
        first.alignment = CENTER
        first.add_run(role).bold = True
        for _ in range(4):
            b.para("", align=CENTER, container=cell)
        b.para(name, align=CENTER, bold=True, container=cell)


def quyet_dinh_xep_loai_dang_vien(b: Builder) -> None:
    """A đảng bộ's committee grades its members; the list by level on page 2."""
    b.header()
    b.decision("về việc xếp loại chất lượng đảng viên năm {{ nam }}")
    b.article(1, "Xếp loại chất lượng năm {{ nam }} đối với {{ so_dang_vien }} đảng viên của ",
              "{{ org.ten }}", " như sau (có danh sách kèm theo):")
    b.body_each("d in dieu_1")
    b.article(2, "Quyết định có hiệu lực kể từ ngày ký.")
    b.article(3, "Các chi bộ trực thuộc và các đồng chí có tên tại Điều 1 căn cứ Quyết định "
                 "thi hành" + b.ending("Quyết định"))
    b.signature()
    b.attached_list("xếp loại chất lượng đảng viên năm {{ nam }}")
    table = b.grouped_grid(
        (("STT", 1.1), ("Họ và tên", 3.9), ("Chi bộ", 4.0), ("Xếp loại", 5.3), ("Ghi chú", 2.2)),
        ("{{ g.so }}", "{{ g.ten }}"),
        ("{{ r.stt }}", ("{{ r.ho_ten }}", LEFT), ("{{ r.chi_bo }}", LEFT), "{{ r.xep_loai }}",
         ("{{ r.ghi_chu }}", LEFT)),
        outer="g in nhom", loop="r in g.muc", size=12, margin=0.2,
    )
    _narrow_margins(table)


def _text(cell, text: str, *, bold: bool = False, align=CENTER) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(TABLE_PT)


def _narrow_margins(table) -> None:
    # Default cell margins would break level names mid-word in narrow columns, or wrap them.
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)
