"""Reading a .docx as Word lays it out: effective formatting and named places.

How effective formatting is resolved here (property by property, nearest level
that sets it wins):

1. the run's own ``w:rPr`` (direct formatting);
2. the run's character style (``w:rStyle``) and its ``w:basedOn`` chain;
3. the paragraph's style (``w:pStyle``, else the default paragraph style) and
   its ``w:basedOn`` chain (its ``w:rPr`` applies to every run in it);
4. ``w:docDefaults/w:rPrDefault``.

Fonts resolve per slot (ascii, hAnsi, eastAsia, cs): each slot may come from a
different level, and a theme attribute (``w:asciiTheme`` …) hides the plain
name at its level, so it is reported as ``theme:<name>``. Toggle properties
(bold, italic, caps) follow Word: direct formatting is absolute; otherwise the
values the character style and the paragraph style set are XOR-ed (both bold
makes upright text); docDefaults count only when no style sets the property.
Table styles are ignored: Word applies their run properties between the
defaults and the paragraph style, but the templates never rely on that, and a
font named in a table style is still caught by the scan of every style's
``w:rFonts``. Paragraph properties: ``w:pPr``, the paragraph style chain, then
``w:pPrDefault``; spacing, indentation and borders resolve per attribute/side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTRS = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme",
               "cs": "cstheme"}
TWIPS_PER_CM = 566.929
_W_P, _W_R, _TXBX = qn("w:p"), qn("w:r"), qn("w:txbxContent")
_OFF = ("0", "false", "off", "none")


@dataclass(frozen=True)
class Place:
    """A paragraph and where a reader finds it (Vietnamese)."""

    el: object  # CT_P
    where: str


def run_text(r) -> str:
    """The text a run shows: tabs and breaks as characters, deleted text left out."""
    out = []
    for child in r:
        tag = child.tag
        if tag == qn("w:t"):
            out.append(child.text or "")
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
    return "".join(out)


def runs(p) -> list:
    """The runs of ``p`` itself, inside hyperlinks, fields and the like, but not
    those of paragraphs nested in its text boxes."""
    return [r for r in p.iter(_W_R) if next(r.iterancestors(_W_P), None) is p]


def text(p) -> str:
    return "".join(run_text(r) for r in runs(p))


def text_runs(p) -> list:
    """Runs with visible characters: the only ones whose formatting shows."""
    return [r for r in runs(p) if run_text(r).strip()]


def has_page_break(p) -> bool:
    return bool(p.xpath(".//w:br[@w:type='page']"))


def _on(el) -> bool:
    return el.get(qn("w:val"), "true").lower() not in _OFF


class Formats:
    """Effective formatting of runs and paragraphs of one document."""

    def __init__(self, doc: Document) -> None:
        root = doc.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.defaults = {s.get(qn("w:type")): s for s in root.findall(qn("w:style"))
                         if s.get(qn("w:default")) in ("1", "true", "on")}
        dd = root.find(qn("w:docDefaults"))
        self.rpr_default = dd.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if dd is not None \
            else None
        self.ppr_default = dd.find(qn("w:pPrDefault") + "/" + qn("w:pPr")) if dd is not None \
            else None

    def chain(self, style_id: str | None, kind: str) -> list:
        """The style and its basedOn ancestors, nearest first (cycles cut)."""
        style = self.styles.get(style_id) if style_id else self.defaults.get(kind)
        out: list = []
        while style is not None and style not in out:
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style = self.styles.get(based.get(qn("w:val"))) if based is not None else None
        return out

    def _para_style(self, p) -> str | None:
        ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        return ps.get(qn("w:val")) if ps is not None else None

    def _run_style(self, r) -> str | None:
        rs = r.find(qn("w:rPr") + "/" + qn("w:rStyle"))
        return rs.get(qn("w:val")) if rs is not None else None

    def _rpr_groups(self, r, p) -> tuple[list, list, list, list]:
        """rPr elements by level: direct, character style, paragraph style, defaults."""
        direct = [r.find(qn("w:rPr"))]
        char = [s.find(qn("w:rPr")) for s in self.chain(self._run_style(r), "character")
                if self._run_style(r)]
        para = [s.find(qn("w:rPr")) for s in self.chain(self._para_style(p), "paragraph")]
        return ([x for x in direct if x is not None], [x for x in char if x is not None],
                [x for x in para if x is not None],
                [self.rpr_default] if self.rpr_default is not None else [])

    def _rpr_levels(self, r, p) -> list:
        return [x for group in self._rpr_groups(r, p) for x in group]

    def rprop(self, r, p, tag: str):
        """The nearest element ``w:<tag>`` that formats run ``r`` of paragraph ``p``."""
        for rpr in self._rpr_levels(r, p):
            el = rpr.find(qn("w:" + tag))
            if el is not None:
                return el
        return None

    def fonts(self, r, p) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for slot in FONT_SLOTS:
            out[slot] = None
            for rpr in self._rpr_levels(r, p):
                rf = rpr.find(qn("w:rFonts"))
                if rf is None:
                    continue
                theme = rf.get(qn("w:" + THEME_ATTRS[slot]))
                if theme is not None:
                    out[slot] = "theme:" + theme
                    break
                if rf.get(qn("w:" + slot)) is not None:
                    out[slot] = rf.get(qn("w:" + slot))
                    break
        return out

    def size(self, r, p) -> float:
        el = self.rprop(r, p, "sz")
        return int(el.get(qn("w:val"))) / 2 if el is not None else 10.0  # Word's own default

    def flag(self, r, p, tag: str) -> bool:
        """A toggle property (``b``, ``i``, ``caps``) as Word shows it."""
        direct, char, para, defaults = self._rpr_groups(r, p)
        for rpr in direct:
            el = rpr.find(qn("w:" + tag))
            if el is not None:
                return _on(el)
        found, value = False, False
        for group in (char, para):
            el = next((x.find(qn("w:" + tag)) for x in group
                       if x.find(qn("w:" + tag)) is not None), None)
            if el is not None:
                found, value = True, value ^ _on(el)
        if found:
            return value
        el = next((x.find(qn("w:" + tag)) for x in defaults
                   if x.find(qn("w:" + tag)) is not None), None)
        return el is not None and _on(el)

    def underline(self, r, p) -> str | None:
        el = self.rprop(r, p, "u")
        val = el.get(qn("w:val"), "single") if el is not None else None
        return None if val in (None, "none") else val

    def color(self, r, p) -> tuple[str, str | None]:
        """(hex value or ``auto``, theme colour name or None)."""
        el = self.rprop(r, p, "color")
        if el is None:
            return "auto", None
        return el.get(qn("w:val"), "auto"), el.get(qn("w:themeColor"))

    # Paragraph properties

    def _ppr_levels(self, p) -> list:
        levels = [p.find(qn("w:pPr"))]
        levels += [s.find(qn("w:pPr")) for s in self.chain(self._para_style(p), "paragraph")]
        levels.append(self.ppr_default)
        return [x for x in levels if x is not None]

    def pattr(self, p, tag: str, attr: str) -> str | None:
        for ppr in self._ppr_levels(p):
            el = ppr.find(qn("w:" + tag))
            if el is not None and el.get(qn("w:" + attr)) is not None:
                return el.get(qn("w:" + attr))
        return None

    def align(self, p) -> str:
        """``left``, ``center``, ``right`` or ``both`` (justified)."""
        for ppr in self._ppr_levels(p):
            jc = ppr.find(qn("w:jc"))
            if jc is not None:
                val = jc.get(qn("w:val"), "left")
                return {"start": "left", "end": "right", "distribute": "both"}.get(val, val)
        return "left"

    def first_line_cm(self, p) -> float:
        for ppr in self._ppr_levels(p):
            ind = ppr.find(qn("w:ind"))
            if ind is None:
                continue
            if ind.get(qn("w:hanging")) is not None:
                return -int(ind.get(qn("w:hanging"))) / TWIPS_PER_CM
            if ind.get(qn("w:firstLine")) is not None:
                return int(ind.get(qn("w:firstLine"))) / TWIPS_PER_CM
        return 0.0

    def spacing(self, p) -> tuple[int, str, int, int]:
        """(line, lineRule, before, after) in twips / 240ths of a line."""
        line = self.pattr(p, "spacing", "line")
        rule = self.pattr(p, "spacing", "lineRule") or "auto"
        before = self.pattr(p, "spacing", "before") or "0"
        after = self.pattr(p, "spacing", "after") or "0"
        return int(line) if line else 240, rule, int(before), int(after)

    def border(self, p, side: str) -> bool:
        for ppr in self._ppr_levels(p):
            el = ppr.find(qn("w:pBdr") + "/" + qn("w:" + side))
            if el is not None:
                return el.get(qn("w:val"), "nil") not in ("nil", "none")
        return False

    def page_break_before(self, p) -> bool:
        for ppr in self._ppr_levels(p):
            el = ppr.find(qn("w:pageBreakBefore"))
            if el is not None:
                return _on(el)
        return False

    # Whole-paragraph views

    def sizes(self, p) -> set[float]:
        return {self.size(r, p) for r in text_runs(p)}

    def all_on(self, p, tag: str) -> bool:
        rs = text_runs(p)
        return bool(rs) and all(self.flag(r, p, tag) for r in rs)

    def any_on(self, p, tag: str) -> bool:
        return any(self.flag(r, p, tag) for r in text_runs(p))

    def underlined(self, p, upto: int | None = None) -> bool:
        """Every visible character (of the first ``upto``) is underlined."""
        return all(self.underline(r, p) for r in prefix_runs(p, upto))

    def caps(self, p) -> bool | None:
        """Shown in capitals: typed so, or every run set to small/all caps.

        None when the text cannot tell: fewer than two letters that have a case
        (digits, Hebrew, a one-letter name), which are neither capitals nor not.
        """
        if self.all_on(p, "caps"):
            return True
        cased = [c for c in text(p) if c.lower() != c.upper()]
        if len(cased) < 2:
            return None
        return all(c == c.upper() for c in cased)


def prefix_runs(p, upto: int | None) -> list:
    """The text runs holding the first ``upto`` characters of ``p`` (all if None)."""
    out, seen = [], 0
    for r in runs(p):
        t = run_text(r)
        if upto is not None and seen >= upto:
            break
        if upto is None:
            chunk = t
        else:
            chunk = t[: max(0, upto - seen)]
        if chunk.strip():
            out.append(r)
        seen += len(t)
    return out


def cells(tbl) -> list[list]:
    """Rows of cells (``w:tc``) of a table, as stored (merged cells once)."""
    return [tr.findall(qn("w:tc")) for tr in tbl.findall(qn("w:tr"))]


def cell_paragraphs(tc) -> list:
    return tc.findall(qn("w:p"))


def body_blocks(doc: Document) -> list:
    """Body-level paragraphs and tables in order, content controls opened."""
    out: list = []

    def walk(parent) -> None:
        for child in parent:
            if child.tag in (qn("w:p"), qn("w:tbl")):
                out.append(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    walk(doc.element.body)
    return out


def _table_places(tbl, prefix: str) -> Iterator[Place]:
    for ri, row in enumerate(cells(tbl), 1):
        for ci, tc in enumerate(row, 1):
            line = 0
            for child in tc.iter(_W_P):
                if next(child.iterancestors(qn("w:tc"), _TXBX)) is not tc:
                    continue  # nested tables and text boxes are named by their own walk
                line += 1
                yield Place(child, f"{prefix}, hàng {ri}, cột {ci}, dòng {line}")
            for n, inner in enumerate(tc.findall(qn("w:tbl")), 1):
                yield from _table_places(inner, f"{prefix}, hàng {ri}, cột {ci}, bảng {n}")


def all_places(doc: Document) -> Iterator[Place]:
    """Every paragraph a reader sees: body, tables, text boxes, headers, footers."""
    np = nt = 0
    for block in body_blocks(doc):
        if block.tag == qn("w:p"):
            np += 1
            yield Place(block, f"đoạn {np}")
        else:
            nt += 1
            yield from _table_places(block, f"bảng {nt}")
    boxes = [b for b in doc.element.body.iter(_TXBX)
             if not any(a.tag == qn("mc:Fallback") for a in b.iterancestors())]
    for n, box in enumerate(boxes, 1):
        for line, p in enumerate(box.iter(_W_P), 1):
            yield Place(p, f"khung chữ {n}, dòng {line}")
    for where, part in header_footer_parts(doc):
        for line, p in enumerate(part.iter(_W_P), 1):
            yield Place(p, f"{where}, dòng {line}")


def header_footer_parts(doc: Document) -> Iterator[tuple[str, object]]:
    """(name, root element) of each header and footer the sections define."""
    for section in doc.sections:
        for name, hf in (("đầu trang", section.header),
                         ("đầu trang của trang đầu", section.first_page_header),
                         ("đầu trang của trang chẵn", section.even_page_header),
                         ("chân trang", section.footer),
                         ("chân trang của trang đầu", section.first_page_footer),
                         ("chân trang của trang chẵn", section.even_page_footer)):
            if not hf.is_linked_to_previous:  # asking first keeps the document unchanged
                yield name, hf._element
