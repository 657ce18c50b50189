"""Templates of the Khối's decisions after grading, and of the certificate (giấy khen)."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .base import Builder
from .tables import CENTER, LEFT, balanced_tag

RED = RGBColor(0xC0, 0x00, 0x00)
CERT_MARGIN = 20  # mm on every side: a certificate is framed, not bound
CERT_TEXT = 21.0  # cm: the width of the name and achievement lines, well inside the frame


def _execution(b: Builder, who: str) -> None:
    b.article(2, "Quyết định có hiệu lực kể từ ngày ký.")
    b.article(3, "Văn phòng, Ban Tổ chức {{ cq.ten_ngan }}, " + who
              + " căn cứ Quyết định thi hành" + b.ending("Quyết định"))


def quyet_dinh_xep_loai(b: Builder) -> None:
    """The Ban Thường vụ grades every grassroots organisation; the list follows, by level."""
    b.header()
    b.decision("về việc xếp loại chất lượng tổ chức cơ sở đảng năm {{ nam }}")
    b.article(1, "Xếp loại chất lượng năm {{ nam }} đối với {{ tong }} tổ chức cơ sở đảng trực "
                 "thuộc {{ cq.ten_ngan }} (có danh sách kèm theo) như sau:")
    b.body_each("m in muc")
    _execution(b, "các tổ chức cơ sở đảng trực thuộc và các đồng chí có liên quan")
    b.signature()
    b.attached_list("xếp loại chất lượng tổ chức cơ sở đảng năm {{ nam }}")
    b.grouped_grid(
        (("STT", 1.3), ("Tên tổ chức cơ sở đảng", 7.0), ("Xếp loại", 6.2), ("Ghi chú", 2.0)),
        ("{{ g.so }}", "{{ g.ten }}"),
        ("{{ r.stt }}", ("{{ r.ten }}", LEFT), "{{ r.xep_loai }}", "{{ r.ghi_chu }}"),
        outer="g in nhom", loop="r in g.muc", size=13,
    )


def quyet_dinh_khen_thuong(b: Builder) -> None:
    """The Ban Thường vụ awards its certificates; the list gives each its golden-book number."""
    b.header()
    b.decision("về việc tặng giấy khen năm {{ nam }}")
    b.article(1, "Tặng Giấy khen của Ban Thường vụ {{ cq.ten_ngan }} cho {{ nguoi_nhan }} đã "
                 "có thành tích trong công tác xây dựng Đảng năm {{ nam }} (có danh sách kèm "
                 "theo), cụ thể:")
    b.body_each("m in muc")
    _execution(b, "các tổ chức cơ sở đảng và các tập thể, cá nhân có tên tại Điều 1")
    b.signature()
    b.attached_list("tập thể, cá nhân được tặng giấy khen năm {{ nam }}")
    b.grouped_grid(
        (("Số sổ vàng", 1.7), ("Tên tập thể, cá nhân", 6.6), ("Đơn vị", 6.4), ("Ghi chú", 1.8)),
        ("{{ g.so }}", "{{ g.ten }}"),
        ("{{ r.so_vang }}", ("{{ r.ten }}", LEFT), ("{{ r.don_vi }}", LEFT), "{{ r.ghi_chu }}"),
        outer="g in nhom", loop="r in g.muc", size=13,
    )


# -- the certificate ------------------------------------------------------------
# Every line has an exact height, so that the phôi variant, which leaves out the
# pre-printed headings, puts each variable line where the full certificate has it.
# The heights add up to about 430 pt of the 482 pt between the margins: room for a
# name or an achievement one line longer than usual before the page overflows.

def _line(b: Builder, text: str, *, size: float, height: float, bold: bool = False,
          red: bool = False, italic: bool = False, container=None, align=CENTER,
          before: float = 0) -> Paragraph:
    p = b.para(text, align=align, size=size, bold=bold, italic=italic, container=container)
    _exact(p, height, before)
    for run in p.runs:
        if red:
            run.font.color.rgb = RED
    return p


def _exact(p: Paragraph, height: float, before: float = 0) -> None:
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(height)
    pf.space_before, pf.space_after = Pt(before), Pt(0)
    pf.first_line_indent = Cm(0)


def _fill(cell, text: str, *, size: float, height: float, bold: bool = False) -> None:
    """Write into a cell's own first paragraph (a new one would add an empty line)."""
    p = cell.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    _exact(p, height)


def _page_border(b: Builder) -> None:
    """A thick-thin red double line round the page, drawn by Word and LibreOffice alike."""
    sect = b.doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "thickThinLargeGap")
        el.set(qn("w:sz"), "24")
        el.set(qn("w:space"), "24")
        el.set(qn("w:color"), "C00000")
        borders.append(el)
    sect.find(qn("w:pgMar")).addnext(borders)


def _certificate(b: Builder, *, printed: bool) -> None:
    """``printed``: the whole certificate with its border; otherwise only what changes from
    one certificate to the next, for pre-printed blanks (phôi)."""
    section = b.doc.sections[0]
    section.top_margin = section.bottom_margin = Mm(CERT_MARGIN)
    section.left_margin = section.right_margin = Mm(CERT_MARGIN)
    width = section.page_width - 2 * Mm(CERT_MARGIN)

    def fixed(text: str, **kw) -> None:
        _line(b, text if printed else "", **kw)

    fixed("ĐẢNG CỘNG SẢN VIỆT NAM", size=16, height=22, bold=True, before=10)
    fixed("{{ chu_the }}", size=16, height=22, bold=True, red=True, before=4)
    fixed("TẶNG", size=16, height=22, bold=True, before=16)
    fixed("GIẤY KHEN", size=40, height=56, bold=True, red=True, before=4)
    _line(b, "", size=14, height=6)
    middle = b.table((width,), borders=False, rows=3)
    for row, (name, size, height, lines, style) in zip(middle.rows, (
            ("nhan.ten", 24, 30, 2, "dam"),
            ("nhan.don_vi", 16, 22, 1, "thuong"),
            ("nhan.thanh_tich", 16, 22, 2, "thuong")), strict=True):
        # At least room for the usual number of lines: a longer name pushes down, not out.
        row.height, row.height_rule = Pt(height * lines), WD_ROW_HEIGHT_RULE.AT_LEAST
        cell = row.cells[0]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # Held inside the border, away from it, and broken evenly.
        _fill(cell, balanced_tag(name, CERT_TEXT, size, style), size=size, height=height,
              bold=style == "dam")
        pf = cell.paragraphs[0].paragraph_format
        pf.left_indent = pf.right_indent = (width - Cm(CERT_TEXT)) // 2 - Cm(0.19)
    _line(b, "", size=14, height=16)
    bottom = b.table((Cm(12.2), width - Cm(12.2)), borders=False)
    left, right = bottom.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for i, text in enumerate(("{{ quyet_dinh }}", "Số sổ vàng: {{ nhan.so_vang }}")):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.alignment = LEFT
        p.add_run(text)
        for run in p.runs:
            run.bold = run.italic = True
            run.font.size = Pt(14)
        _exact(p, 20)
        p.paragraph_format.left_indent = Cm(0.5)
    _fill(right, "{{ ngay }}", size=14, height=20)
    right.paragraphs[0].runs[0].italic = True
    _line(b, "{{ nguoi_ky.tham_quyen }}", size=14, height=20, bold=True, container=right)
    _line(b, "{{ nguoi_ky.chuc_vu }}", size=14, height=20, container=right)
    for _ in range(3):
        _line(b, "", size=14, height=20, container=right)
    _line(b, "{{ nguoi_ky.ho_ten }}", size=14, height=20, bold=True, container=right)
    if printed:
        _page_border(b)


def giay_khen(b: Builder) -> None:
    """The certificate printed whole on plain A4 landscape paper, with its border."""
    _certificate(b, printed=True)


def giay_khen_phoi(b: Builder) -> None:
    """The certificate's variable text only, placed for pre-printed blanks."""
    _certificate(b, printed=False)
