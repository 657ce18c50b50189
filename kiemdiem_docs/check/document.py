"""Measure a generated .docx against FORMAT.md and list each breach found.

Only what can be measured on the file is checked: page, fonts, colours, the
header and signature tables, the number and date lines, titles, body text,
decisions, attached lists, certificates, and text a bad render leaves behind.
Effective formatting (run, styles, defaults) comes from :mod:`reader`; the page,
font and leftover rules are here, the layout rules in :mod:`layout`, the fixed-form
lines in :mod:`lines`.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..config import SUPERSEDED_FOLDER, Format
from ..ooxml import DELIMITERS, package_problem
from ..packs import FormatPack, available, default_names, format_pack
from .certificate import check_certificate
from .layout import Layout
from .measured import Breach, Measured, pt, quote
from .reader import FONT_SLOTS, THEME_ATTRS, header_footer_parts, runs, text, text_runs

TNR = "Times New Roman"
_EMPTY_WORDS = re.compile(r"\bNone\b|\bNaN\b|\bnan\b(?! (?:giải|hoa))")  # «nan giải» is Vietnamese
_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


def check_document(path: Path, fmt: Format | None = None, *,
                   pack: FormatPack | None = None,
                   workspace: FormatPack | None = None) -> list[Breach]:
    """Every breach of FORMAT.md measured on ``path``; empty when it passes.

    ``fmt``: the workspace's format settings (margins, line spacing, the recipients'
    separator); the defaults of FORMAT.md when None. ``pack``: the format pack to measure
    against; when None, the one the document's properties say it was made under, else
    ``workspace`` (the workspace's pack), else HD 36's.
    """
    fmt = fmt or Format()
    problem = package_problem(path)
    if problem:
        return [Breach("file", Path(path).name, problem)]
    try:
        doc = docx.Document(str(path))
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        return [Breach("file", Path(path).name,
                       f"không đọc được như một tệp Word .docx ({type(exc).__name__}: {exc})")]
    if not doc.sections:  # no page set at all (a document.xml cut short, say)
        return [Breach("page", "tài liệu", "không có định dạng trang (sectPr): tệp hỏng hoặc "
                       "bị cắt cụt")]
    pack, fmt = _pack_for(doc, fmt, pack, workspace)
    return _Checker(doc, fmt, pack).run()


_RECORDED = re.compile(r"thể thức ([A-Za-z0-9.-]+)")


def recorded_pack(doc) -> str | None:
    """The format pack a document's properties say it was made under (``keywords``)."""
    m = _RECORDED.search(doc.core_properties.keywords or "")
    return m.group(1) if m else None


def _pack_for(doc, fmt: Format, pack: FormatPack | None,
              workspace: FormatPack | None) -> tuple[FormatPack, Format]:
    """The pack to measure against, and the settings under it: a document of the
    workspace's own pack is held to the workspace's settings (its overrides too); one of
    another pack, to that pack's own."""
    if pack is None:
        name = recorded_pack(doc)
        if name and name in available("the-thuc") and (workspace is None
                                                       or name != workspace.ten):
            pack = format_pack(name)
        elif workspace is not None:
            return workspace, fmt
        else:  # no workspace, nothing recorded: FORMAT.md's own rules, as given
            return format_pack(default_names(2018)[1]), fmt
    if pack is not workspace:
        fmt = replace(fmt, dau_noi_nhan=pack.dau_noi_nhan)
    return pack, fmt


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """The .docx files to check: each file given, and every .docx below each folder given.

    Below a folder, superseded revisions (in ``cu/``) are passed over: they keep the
    format they were issued in. A folder named ``cu`` given itself is checked. Word's
    lock files (``~$…``) are never documents.
    """
    def below(folder: Path) -> Iterator[Path]:
        for f in folder.rglob("*.docx"):
            if SUPERSEDED_FOLDER not in f.relative_to(folder).parts[:-1]:
                yield f

    found = {f for p in paths for f in ([p] if p.is_file() else below(p))}
    return sorted(f for f in found if not f.name.startswith("~$"))


class _Checker(Measured):
    """The page, font, leftover-text and page-number rules, then the layout."""

    def run(self) -> list[Breach]:
        self.check_page()
        self.check_fonts()
        self.check_text()
        if self.certificate:
            check_certificate(self)
        else:
            self.check_page_numbers()
            Layout(self).run()
        return self.capped()

    # Page

    def check_page(self) -> None:
        sections = self.doc.sections
        if len(sections) != 1:
            self.add("page", "tài liệu", f"có {len(sections)} phần (section), phải đúng một")
        s = sections[-1]
        if s.page_width is None or s.page_height is None:
            self.add("page", "trang", "chưa đặt khổ giấy; phải A4")
            return
        w, h = s.page_width.mm, s.page_height.mm
        want = (297, 210) if self.certificate else (210, 297)
        if abs(w - want[0]) > 0.5 or abs(h - want[1]) > 0.5:
            rule = "certificate" if self.certificate else "page"
            shape = "A4 ngang" if self.certificate else "A4 dọc"
            self.add(rule, "trang", f"khổ giấy {w:.1f} × {h:.1f} mm, phải {shape} "
                     f"{want[0]} × {want[1]} mm")
        if self.certificate:
            return
        names = ("lề trên", "lề dưới", "lề trái", "lề phải")
        found = (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
        for name, got, want_mm in zip(names, found, self.margins, strict=True):
            if got is None or abs(got.mm - want_mm) > 0.5:
                got_mm = "không đặt" if got is None else f"{got.mm:.1f} mm"
                self.add("margin", "trang", f"{name} {got_mm}, phải {pt(want_mm)} mm")

    # Fonts and colours

    def check_fonts(self) -> None:
        root = self.doc.styles.element
        rpr = self.fm.rpr_default
        rf = rpr.find(qn("w:rFonts")) if rpr is not None else None
        self._style_fonts(rf, "styles.xml, phông mặc định (docDefaults)", required=True)
        for style in root.findall(qn("w:style")):
            name_el = style.find(qn("w:name"))
            name = name_el.get(qn("w:val")) if name_el is not None else style.get(qn("w:styleId"))
            for n, rf in enumerate(style.iter(qn("w:rFonts"))):
                self._style_fonts(rf, f"styles.xml, kiểu «{name}»" + (f" ({n + 1})" if n else ""))
        for pl in self.places:
            self._paragraph_fonts(pl.el, pl.where)

    def _style_fonts(self, rf, where: str, required: bool = False) -> None:
        if rf is None:
            if required:
                self.add("font", where, f"chưa đặt phông; phải {TNR} ở cả bốn ô "
                         "(ascii, hAnsi, eastAsia, cs)")
            return
        themes = [THEME_ATTRS[s] for s in FONT_SLOTS if rf.get(qn("w:" + THEME_ATTRS[s]))]
        if themes:
            self.add("font", where, f"dùng phông theo chủ đề (theme: {', '.join(themes)}); "
                     f"phải ghi thẳng {TNR}")
        bad = [f"{s}={rf.get(qn('w:' + s)) or 'trống'}" for s in FONT_SLOTS
               if rf.get(qn("w:" + s)) != TNR]
        if bad:
            self.add("font", where, f"phông {', '.join(bad)}; cả bốn ô ascii, hAnsi, eastAsia, "
                     f"cs phải là {TNR}")

    def _paragraph_fonts(self, p, where: str) -> None:
        fm, found, colours, raw = self.fm, set(), set(), set()
        for rpr in [p.find(qn("w:pPr"))] + [r.find(qn("w:rPr")) for r in runs(p)]:
            for rf in rpr.iter(qn("w:rFonts")) if rpr is not None else ():
                raw |= {f"theme:{rf.get(qn('w:' + a))}" for a in THEME_ATTRS.values()
                        if rf.get(qn("w:" + a))}
        for r in text_runs(p):
            found |= {f"{slot}={name or 'trống'}" for slot, name in fm.fonts(r, p).items()
                      if name != TNR}
            val, theme = fm.color(r, p)
            if not _allowed_colour(val.upper(), theme, self.certificate):
                colours.add(theme or val)
        if not any("theme:" in f for f in found):
            found |= raw  # a theme font on an empty run or the paragraph mark
        if found:
            self.add("font", where, f"{quote(text(p))} có phông {', '.join(sorted(found))}; "
                     f"phải {TNR} ở cả bốn ô, không dùng phông theo chủ đề")
        if colours:
            allowed = "đen hoặc đỏ" if self.certificate else "đen"
            self.add("color", where, f"{quote(text(p))} có màu chữ {', '.join(sorted(colours))}, "
                     f"phải {allowed}")

    # Text left behind by a bad render

    def check_text(self) -> None:
        for pl in self.places:
            t = text(pl.el)
            if not t.strip():
                continue
            if m := DELIMITERS.search(t):
                self.add("leftover", pl.where, f"còn thẻ mẫu «{m.group()}» trong {quote(t)}")
            if m := _EMPTY_WORDS.search(t):
                self.add("leftover", pl.where, f"có chữ «{m.group()}» (giá trị trống chưa "
                         f"điền) trong {quote(t)}")
            if m := _ESCAPED.search(t):
                self.add("leftover", pl.where, f"có «{m.group()}» (ký tự bị thoát hai lần) "
                         f"trong {quote(t)}")
            if not unicodedata.is_normalized("NFC", t):
                self.add("nfc", pl.where, f"chữ tổ hợp chưa chuẩn hóa NFC trong "
                         f"{quote(unicodedata.normalize('NFC', t))}")

    # Page numbers

    def check_page_numbers(self) -> None:
        s = self.doc.sections[0]
        if not s.different_first_page_header_footer:
            self.add("page-number", "trang", "chưa đặt «trang đầu khác» (different first "
                     "page): số trang sẽ hiện ở trang 1")
        parts = dict(header_footer_parts(self.doc))
        first = parts.get("đầu trang của trang đầu")
        if first is not None and (_has_page_field(first) or any(
                text(p).strip() for p in first.iter(qn("w:p")))):
            self.add("page-number", "đầu trang của trang đầu",
                     "trang 1 không ghi số trang; đầu trang của trang đầu phải để trống")
        header = parts.get("đầu trang")
        pages = [p for p in header.iter(qn("w:p")) if _has_page_field(p)] \
            if header is not None else []
        if not pages:
            self.add("page-number", "đầu trang", "thiếu số trang (trường PAGE) ở đầu trang "
                     "từ trang 2")
            return
        p = pages[0]
        if text(p).strip():
            self.expect(p, "đầu trang", "page-number", "số trang", align="center")
        elif self.fm.align(p) != "center":  # a field Word has not yet filled shows no text
            self.add("page-number", "đầu trang", "số trang phải căn giữa")
        shown = [r for r in runs(p) if r.find(qn("w:instrText")) is not None] + text_runs(p)
        sizes = sorted({self.fm.size(r, p) for r in shown})
        if sizes and sizes != [14]:
            self.add("page-number", "đầu trang",
                     f"số trang cỡ chữ {', '.join(map(pt, sizes))}, phải 14")


def _allowed_colour(val: str, theme: str | None, certificate: bool) -> bool:
    if theme is not None:
        return theme in ("text1", "dark1")
    if val in ("AUTO", "000000"):
        return True
    if certificate and re.fullmatch(r"[0-9A-F]{6}", val):
        r, g, b = (int(val[i:i + 2], 16) for i in (0, 2, 4))
        return r >= 0x99 and g <= 0x50 and b <= 0x50
    return False


def _has_page_field(el) -> bool:
    instr = [i.text or "" for i in el.iter(qn("w:instrText"))]
    instr += [f.get(qn("w:instr"), "") for f in el.iter(qn("w:fldSimple"))]
    return any(re.search(r"\bPAGE\b", i) for i in instr)
