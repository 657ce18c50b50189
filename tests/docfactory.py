"""Build a correct Party document with python-docx, with switches that break one thing.

The document follows the structure contract the templates are written to (one
section, header table, title block, body, signature table, attached list, or
the certificate). Every field of :class:`Spec` has the correct value by default;
a test changes one field with ``Spec(...)`` or ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

TNR = "Times New Roman"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
RED = RGBColor(0xC0, 0x00, 0x00)
NUMBERS = {"qd": "Số 12-QĐ/ĐUK", "cv": "Số 820-CV/ĐUK", "bb": "Số 03-BB/ĐU"}
TITLES = {"qd": "QUYẾT ĐỊNH", "bb": "BIÊN BẢN"}


@dataclass(frozen=True)
class Spec:
    kind: str = "qd"  # qd quyết định (with its list), cv công văn, bb biên bản, gk giấy khen
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)
    landscape: bool | None = None  # None: as the kind wants (only the certificate is)
    number: str | None = None  # None: the kind's correct number line
    date: str = "Nam Định, ngày 08 tháng 11 năm 2024"
    header_table_style: str | None = None  # "Table Grid" draws borders
    party_line_border: bool = False  # the line under the party name as a paragraph border
    title: str | None = None
    title_bold: bool = True
    subject: str | None = None
    body_size: float = 14  # of the first body paragraph
    line_rule: str = "exact"  # exact (18 pt) or "multiple" (1.2 lines)
    grounds_italic: bool = False
    dieu_bold: bool = True
    noi_nhan: str = "underline"  # or "bold-italic" (the State's way)
    recipients: tuple[str, ...] = ("- Như Điều 3,", "- Lưu Văn phòng Đảng ủy Khối.")
    recipient_size: float = 12
    authority: str = "T/M BAN THƯỜNG VỤ"
    signer: str = "Nguyễn Tài Sơn"
    room: int = 4  # empty paragraphs to sign in
    page_number_on_first: bool = False
    title_page: bool = True  # "different first page"
    run_font: str | None = None  # a font given to one body run ("Arial")
    run_theme_font: bool = False  # one body run on a theme font
    style_without_east_asia: bool = False  # Normal names its font in three slots only
    extra: str = ""  # text added to the first body paragraph
    end: str = "./."  # the body's end mark (HD 36); «.» under HD 05
    cv_subject: str = "V/v "  # how a công văn's subject starts (HD 36); «về việc » under HD 05
    list_page_break: bool = True


def build(spec: Spec | None = None) -> docx.document.Document:
    spec = spec or Spec()
    doc = docx.Document()
    _styles(doc, spec)
    _page(doc, spec)
    if spec.kind == "gk":
        _certificate(doc, spec)
        return doc
    _page_numbers(doc, spec)
    _header_table(doc, spec)
    _title(doc, spec)
    _body(doc, spec)
    _signature(doc, spec)
    if spec.kind == "qd":
        _attached_list(doc, spec)
    return doc


def save(path: Path, spec: Spec | None = None) -> Path:
    build(spec).save(str(path))
    return path


def border(p, side: str, *, sz: str, color: str) -> None:
    """A single-line paragraph border on ``side`` (how some draw the Party line)."""
    bdr, edge = OxmlElement("w:pBdr"), OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", sz), ("space", "1"), ("color", color)):
        edge.set(qn("w:" + k), v)
    bdr.append(edge)
    p._p.get_or_add_pPr().append(bdr)


def para(container, text: str = "", *, size: float = 14, bold: bool = False,
         italic: bool = False, underline: bool = False, align=CENTER, color=None):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    if text:
        run(p, text, size=size, bold=bold, italic=italic, underline=underline, color=color)
    return p


def run(p, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
        underline: bool = False, color=None):
    r = p.add_run(text)
    r.font.size, r.font.bold, r.font.italic = Pt(size), bold, italic
    r.font.underline = underline
    if color is not None:
        r.font.color.rgb = color
    return r


def body_para(container, text: str, spec: Spec, *, size: float = 14, bold_prefix: str = "",
              italic: bool = False):
    p = container.add_paragraph()
    p.alignment = JUSTIFY
    pf = p.paragraph_format
    pf.first_line_indent = Cm(1)
    pf.space_before, pf.space_after = Pt(6), Pt(0)
    if spec.line_rule == "exact":
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(18)
    else:
        pf.line_spacing = 1.2
    if bold_prefix:
        run(p, bold_prefix, size=size, bold=True)
    run(p, text, size=size, italic=italic)
    return p


def _styles(doc, spec: Spec) -> None:
    root = doc.styles.element
    for rf in root.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rf.attrib.pop(qn("w:" + attr), None)
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            rf.set(qn("w:" + slot), TNR)
    rpr = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "28")
    for style in root.findall(qn("w:style")):  # headings and the like are blue by default
        for color in style.iter(qn("w:color")):
            color.getparent().remove(color)
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    rf = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "cs") if spec.style_without_east_asia else (
            "ascii", "hAnsi", "eastAsia", "cs"):
        rf.set(qn("w:" + slot), TNR)
    normal.insert(0, rf)


def _page(doc, spec: Spec) -> None:
    s = doc.sections[0]
    landscape = spec.kind == "gk" if spec.landscape is None else spec.landscape
    s.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    top, bottom, left, right = spec.margins_mm
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = (
        Mm(top), Mm(bottom), Mm(left), Mm(right))


def _page_field(p, size: float) -> None:
    def fld(kind: str) -> None:
        r = p.add_run()
        r.font.size = Pt(size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = p.add_run()
    r.font.size = Pt(size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    run(p, "2", size=size)
    fld("end")


def _page_numbers(doc, spec: Spec) -> None:
    s = doc.sections[0]
    s.different_first_page_header_footer = spec.title_page
    header = s.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    _page_field(p, 14)
    first = s.first_page_header
    first.is_linked_to_previous = False
    if spec.page_number_on_first:
        first.paragraphs[0].alignment = CENTER
        _page_field(first.paragraphs[0], 14)


def _header_table(doc, spec: Spec) -> None:
    table = doc.add_table(rows=1, cols=2)
    if spec.header_table_style:
        table.style = doc.styles[spec.header_table_style]
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    left.paragraphs[0].alignment = CENTER
    run(left.paragraphs[0], "ĐẢNG BỘ TỈNH NAM ĐỊNH")
    issuer = ("ĐẢNG ỦY CÔNG TY CỔ PHẦN DỆT NAM ĐỊNH",) if spec.kind == "bb" else (
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "VÀ DOANH NGHIỆP TỈNH")
    for line in issuer:
        para(left, line, bold=True)
    para(left, "*")
    para(left, spec.number or NUMBERS[spec.kind])
    if spec.kind == "cv":
        para(left, spec.cv_subject + "kiểm điểm và đánh giá, xếp loại chất lượng đối với tập "
             "thể, cá nhân "
             "năm 2024", size=12, italic=True)
    right.paragraphs[0].alignment = CENTER
    run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True,
        underline=not spec.party_line_border)
    if spec.party_line_border:
        border(right.paragraphs[0], "bottom", sz="6", color="auto")
    para(right)
    para(right, spec.date, italic=True)


def _title(doc, spec: Spec) -> None:
    if spec.kind == "cv":
        para(doc, "")
        para(doc, "Kính gửi: Ban Thường vụ Đảng ủy Công ty Cổ phần Dệt may Nam Định")
        return
    para(doc, "")
    para(doc, spec.title or TITLES[spec.kind], size=15, bold=spec.title_bold)
    subject = spec.subject or ("về việc xếp loại chất lượng tổ chức cơ sở đảng năm 2024"
                               if spec.kind == "qd" else "hội nghị kiểm điểm năm 2024")
    para(doc, subject, bold=True)
    para(doc, "-----")


def _body(doc, spec: Spec) -> None:
    first = "Thực hiện Kế hoạch số 167-KH/TU, ngày 06/11/2024 của Ban Thường vụ Tỉnh ủy" \
        + spec.extra
    if spec.kind == "qd":
        para(doc, "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", bold=True)
        for line in ("- Căn cứ Điều lệ Đảng;",
                     "- Căn cứ Quy định số 124-QĐ/TW, ngày 04/10/2023 của Bộ Chính trị;",
                     "- Xét đề nghị của Ban Tổ chức Đảng ủy Khối,"):
            body_para(doc, line, spec, italic=spec.grounds_italic)
        para(doc, "QUYẾT ĐỊNH:", bold=True)
        p = body_para(doc, " Xếp loại chất lượng 05 tổ chức cơ sở đảng năm 2024" + spec.extra,
                      spec, size=spec.body_size, bold_prefix="Điều 1." if spec.dieu_bold else "")
        if not spec.dieu_bold:
            p.runs[0].text = "Điều 1." + p.runs[0].text
        target = p
        body_para(doc, " Ban Tổ chức thi hành Quyết định này.", spec, bold_prefix="Điều 2.")
        body_para(doc, " Các tổ chức có tên tại Điều 1 thi hành" + spec.end, spec,
                  bold_prefix="Điều 3.")
    else:
        target = body_para(doc, first, spec, size=spec.body_size)
        body_para(doc, "1. Các tổ chức cơ sở đảng báo cáo kết quả trước ngày 10/12/2024"
                  + spec.end, spec)
    r = target.runs[-1]
    if spec.run_font:
        r.font.name = spec.run_font
    if spec.run_theme_font:
        rf = r._r.get_or_add_rPr().get_or_add_rFonts()
        rf.set(qn("w:asciiTheme"), "minorHAnsi")
        rf.set(qn("w:hAnsiTheme"), "minorHAnsi")


def _sign_cell(cell, lines: tuple[tuple[str, bool], ...], spec: Spec) -> None:
    first = True
    for text, bold in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = CENTER
        run(p, text, bold=bold)
    for _ in range(spec.room):
        para(cell)
    para(cell, spec.signer, bold=True)


def _signature(doc, spec: Spec) -> None:
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if spec.kind == "bb":
        _sign_cell(left, (("THƯ KÝ", True),), spec)
        _sign_cell(right, (("CHỦ TRÌ HỘI NGHỊ", True),), spec)
        return
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if spec.noi_nhan == "underline":
        run(p, "Nơi nhận:", underline=True)
    else:
        run(p, "Nơi nhận:", bold=True, italic=True)
    for line in spec.recipients:
        para(left, line, size=spec.recipient_size, align=WD_ALIGN_PARAGRAPH.LEFT)
    _sign_cell(right, ((spec.authority, True), ("PHÓ BÍ THƯ", False)), spec)


def _attached_list(doc, spec: Spec) -> None:
    p = doc.add_paragraph()
    if spec.list_page_break:
        p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "DANH SÁCH", size=15, bold=True)
    para(doc, "tổ chức cơ sở đảng xếp loại chất lượng năm 2024", bold=True)
    para(doc, "(Kèm theo Quyết định số 12-QĐ/ĐUK, ngày 20/12/2024 của Ban Thường vụ "
         "Đảng ủy Khối)", italic=True)
    table = doc.add_table(rows=2, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("STT", "Tên tổ chức", "Xếp loại"), strict=True):
        run(cell.paragraphs[0], text, size=13, bold=True)
    for cell, text in zip(table.rows[1].cells, ("01", "Đảng bộ Công ty Cổ phần Dệt Nam Định",
                                                 "Hoàn thành tốt nhiệm vụ"), strict=True):
        run(cell.paragraphs[0], text, size=13)


def _certificate(doc, spec: Spec) -> None:
    s = doc.sections[0]
    s.top_margin = s.bottom_margin = s.left_margin = s.right_margin = Mm(20)
    para(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", size=14, bold=True)
    para(doc, "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", size=16, bold=True,
         color=RED)
    para(doc, "TẶNG", size=16, bold=True)
    para(doc, "GIẤY KHEN", size=36, bold=True, color=RED)
    para(doc, "Đảng bộ Công ty Cổ phần Dệt Nam Định" + spec.extra, size=18, bold=True)
    para(doc, "Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024", size=16)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run(left.paragraphs[0], "Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024", bold=True, italic=True)
    para(left, "Số sổ vàng: 03", bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    right.paragraphs[0].alignment = CENTER
    run(right.paragraphs[0], "Nam Định, ngày 24 tháng 12 năm 2024", italic=True)
    for text, bold in ((spec.authority, True), ("BÍ THƯ", False)):
        para(right, text, bold=bold)
    for _ in range(spec.room):
        para(right)
    para(right, spec.signer, bold=True)
