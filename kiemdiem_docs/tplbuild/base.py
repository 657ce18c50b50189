"""The blocks every Party document shares, drawn with python-docx.

Templates are generated, not hand-made, so that a change to the layout is a
reviewable diff in this code and every kind gets the same header, signature
and page set-up. The jinja tags are written one per run, so Word never sees a
tag split across runs until a user edits it.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..config import Format
from .tables import CENTER, JUSTIFY, Tables, balanced_tag, balanced_text, inner_width

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
BODY = "Nội dung"  # the paragraph style clerks restyle in Word to change all body text
LEFT_COL, RIGHT_COL = Cm(8.2), Cm(8.3)
# Fixed, so that regenerating a template gives the same bytes in every part.
STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

Run = tuple[str, dict]  # (text, {"bold": True, "italic": True, "underline": True, "size": 12})


def set_fonts(rpr) -> None:
    """All four font slots to Times New Roman, no theme font (FORMAT.md, Page)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)


class Builder(Tables):
    """One template under construction."""

    def __init__(self, fmt: Format, *, title: str, landscape: bool = False) -> None:
        self.fmt = fmt
        self.doc = Document()
        self._styles()
        self._page(landscape)
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title, "kiemdiem-docs", "kiemdiem-docs"
        props.created = props.modified = STAMP
        props.revision = 1
        props.comments = props.subject = props.keywords = props.category = ""

    # -- set-up ---------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles.element
        for style in list(styles.findall(qn("w:style"))):
            if style.get(qn("w:styleId")) not in KEEP_STYLES:
                styles.remove(style)
        for latent in styles.findall(qn("w:latentStyles")):
            styles.remove(latent)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(14)
        normal.font.color.rgb = RGBColor(0, 0, 0)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after = Pt(0), Pt(0)
        pf.line_spacing = 1.0
        body = self.doc.styles.add_style(BODY, WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = normal
        body.quick_style = True
        bf = body.paragraph_format
        bf.alignment = JUSTIFY
        bf.first_line_indent = Cm(1)
        bf.space_before, bf.space_after = Pt(0), Pt(6)
        bf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        bf.line_spacing = Pt(self.fmt.gian_dong)
        # python-docx writes rFonts only where it is asked to; make every style explicit.
        for rpr in styles.iter(qn("w:rPr")):
            set_fonts(rpr)
        for style in styles.findall(qn("w:style")):
            if style.find(qn("w:rPr")) is None:
                rpr = OxmlElement("w:rPr")
                set_fonts(rpr)
                style.append(rpr)

    def _page(self, landscape: bool) -> None:
        section = self.doc.sections[0]
        width, height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        f = self.fmt
        section.top_margin, section.bottom_margin = Mm(f.le_tren), Mm(f.le_duoi)
        section.left_margin, section.right_margin = Mm(f.le_trai), Mm(f.le_phai)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        if landscape:
            return
        # Page numbers from page 2 on: a PAGE field, and an empty first-page header.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.alignment = CENTER
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None),
                           (None, "2"), ("end", None)):
            run = p.add_run()
            run.font.size = Pt(14)
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text

    # -- paragraphs -----------------------------------------------------
    def para(self, *runs: str | Run, align=None, size: float | None = None, bold: bool = False,
             italic: bool = False, style: str | None = None, space_after: float | None = None,
             container=None, indent: bool | None = None) -> Paragraph:
        """A paragraph of runs; a plain string is a run in the paragraph's own weight."""
        target = container if container is not None else self.doc
        p = target.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        if space_after is not None:
            p.paragraph_format.space_after = Pt(space_after)
        if indent is False:
            p.paragraph_format.first_line_indent = Cm(0)
        for item in runs:
            text, fmt = (item, {}) if isinstance(item, str) else item
            run = p.add_run(text)
            f = {"bold": bold, "italic": italic, "size": size, **fmt}
            run.bold = f["bold"] or None
            run.italic = f["italic"] or None
            if f.get("underline"):
                run.underline = True
            if f["size"]:
                run.font.size = Pt(f["size"])
        return p

    def body(self, *runs: str | Run, **kw) -> Paragraph:
        return self.para(*runs, style=BODY, **kw)

    def tag(self, statement: str, container=None) -> Paragraph:
        """A paragraph that holds only a docxtpl paragraph tag (``{%p … %}``)."""
        return self.para("{%p " + statement + " %}", container=container)

    def body_each(self, loop: str) -> None:
        """A body paragraph per item: ``loop`` is ``"x in items"``, each item a whole line."""
        self.tag(f"for {loop}")
        self.body("{{ %s }}" % loop.split(" in ")[0].strip())
        self.tag("endfor")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- shared blocks --------------------------------------------------
    def header(self, *, subject: bool = False) -> None:
        """The two-column header of FORMAT.md; ``subject`` adds the công văn's V/v line."""
        table = self.table((LEFT_COL, RIGHT_COL), borders=False)
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        first.alignment = CENTER
        box = inner_width(LEFT_COL)
        first.add_run(balanced_tag("tieu_de.cap_tren", box, 14))
        self.para(balanced_tag("tieu_de.co_quan", box, 14, "dam"), align=CENTER, bold=True,
                  container=left)
        self.para("*", align=CENTER, container=left)
        self.para("{{ so }}", align=CENTER, container=left)
        if subject:
            self.para(balanced_tag("trich_yeu", box, 12, "nghieng"), align=CENTER, italic=True,
                      size=12, container=left)
        top = right.paragraphs[0]
        top.alignment = CENTER
        run = top.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
        run.bold, run.underline, run.font.size = True, True, Pt(15)
        self.para("", align=CENTER, container=right)
        self.para("{{ ngay }}", align=CENTER, italic=True, container=right)
        self.para("")

    def title(self, name: str, subject: str) -> None:
        """Kind name, subject and the short rule, for documents that have a kind name."""
        self.para(name, align=CENTER, bold=True, size=15)
        self.para(balanced_text(subject, self.text_width, 14, "dam"), align=CENTER, bold=True)
        self.para("-----", align=CENTER, space_after=6)

    def signature(self, *, recipients: bool = True, signer: str = "nguoi_ky") -> None:
        """Recipients bottom left, the signer bottom right, level with each other.

        The body's last paragraph is kept with them: a signature alone on a page signs
        nothing the reader can see (FORMAT.md).
        """
        table = self.signature_table()
        left, right = table.rows[0].cells
        if recipients:
            head = left.paragraphs[0]
            run = head.add_run("Nơi nhận:")
            run.underline = True
            self.tag("for r in noi_nhan", container=left)
            self.para("{{ r }}", size=12, container=left)
            self.tag("endfor", container=left)
        self.sign_block(right, signer)

    def signature_table(self) -> Table:
        """The two cells a signature sits in, held with the body's last paragraph.

        The line of space above is the cells' space before, not an empty paragraph:
        LibreOffice lets an empty paragraph break the chain of «keep with next».
        """
        last = _last_text_paragraph(self.doc)
        if last is not None:
            last.paragraph_format.keep_with_next = True
        table = self.table((Cm(8.0), Cm(8.5)), borders=False)
        for cell in table.rows[0].cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(14)
        return table

    def sign_block(self, cell, signer: str) -> None:
        first = cell.paragraphs[0]
        first.alignment = CENTER
        first.add_run("{{ %s.tham_quyen }}" % signer).bold = True
        self.para("{{ %s.chuc_vu }}" % signer, align=CENTER, container=cell)
        for _ in range(4):
            self.para("", align=CENTER, container=cell)
        self.para("{{ %s.ho_ten }}" % signer, align=CENTER, bold=True, container=cell)

    # -- decisions ---------------------------------------------------------
    def decision(self, subject: str) -> None:
        """Title, subject, the acting body and its grounds, then ``QUYẾT ĐỊNH:``.

        Context: ``chu_the`` (the acting body, CAPS) and ``can_cu`` (grounds lines, each
        already with its ``- `` and its ``;`` or final ``,``).
        """
        self.title("QUYẾT ĐỊNH", subject)
        self.para("{{ chu_the }}", align=CENTER, bold=True, space_after=6)
        self.body_each("c in can_cu")
        self.para("QUYẾT ĐỊNH:", align=CENTER, bold=True, space_after=6)

    @staticmethod
    def ending(word: str) -> str:
        """How the body's last sentence ends: the format pack's end mark («./.» or «.»),
        before which a replacement issued under a new number says, as Party documents do,
        what it replaces («Công văn này thay thế Công văn số …»)."""
        return ("{%% if thay_the %%}. %s này thay thế {{ thay_the }}{%% endif %%}"
                "{{ ket_thuc }}" % word)

    def article(self, n: int, *runs: str | Run) -> Paragraph:
        """``Điều n.`` in bold, then its text."""
        return self.body((f"Điều {n}. ", {"bold": True}), *runs)

    def attached_list(self, subject: str) -> None:
        """A new page opening the list attached to a decision; context ``kem_theo``."""
        self.page_break()
        self.para("DANH SÁCH", align=CENTER, bold=True, size=15)
        self.para(subject, align=CENTER, bold=True)
        self.attached_to()

    def attached_to(self) -> None:
        """The «(Kèm theo …)» line under a list's title, balanced on the page's width."""
        self.para(balanced_tag("kem_theo", self.text_width, 14, "nghieng"), align=CENTER,
                  italic=True, space_after=6)

    @property
    def text_width(self) -> float:
        """The width between the page margins, in cm."""
        section = self.doc.sections[0]
        return (section.page_width - section.left_margin - section.right_margin) / Cm(1)

    def save(self, path) -> None:
        """Save with fixed zip dates, so that `make templates` changes no byte it need not,
        and without the parts of python-docx's package no document uses."""
        import io
        from pathlib import Path

        from ..ooxml import own_template

        buffer = io.BytesIO()
        self.doc.save(buffer)
        Path(path).write_bytes(own_template(buffer.getvalue()))


def _last_text_paragraph(doc) -> Paragraph | None:
    """The body's last paragraph that renders text (not a ``{%p`` tag, not empty)."""
    for p in reversed(doc.paragraphs):
        if p.text.strip() and not p.text.startswith("{%p"):
            return p
    return None
