"""Measure a generated .docx against FORMAT.md and list each breach found.

Only what can be measured on the file is checked: page, fonts, colours, the
header and signature tables, the number and date lines, titles, body text,
decisions, attached lists, certificates, and text a bad render leaves behind.
Effective formatting (run, styles, defaults) comes from :mod:`docxread`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .docxread import (
    FONT_SLOTS,
    THEME_ATTRS,
    Formats,
    all_places,
    body_blocks,
    cell_paragraphs,
    cells,
    has_page_break,
    header_footer_parts,
    prefix_runs,
    runs,
    text,
    text_runs,
)

TNR = "Times New Roman"
TITLES = {"QĐ": "QUYẾT ĐỊNH", "TB": "THÔNG BÁO", "BB": "BIÊN BẢN", "GM": "GIẤY MỜI",
          "KH": "KẾ HOẠCH", "HD": "HƯỚNG DẪN", "BC": "BÁO CÁO", "CV": None}
ISSUERS = ("ĐUK", "ĐU", "CB", "TU")
MAX_SAME = 10  # a wrong style repeats on every paragraph; past this, one summary line
_GAP = "[ \u00a0]"
_NUMBER = re.compile(rf"^Số(?P<colon>{_GAP}*:)?(?P<gap>{_GAP}*|\t+)(?P<num>\d*)"
                     rf"{_GAP}*-(?P<kind>[^/]*)/(?P<issuer>.*)$")
_DATE = re.compile(rf"^(?P<place>[^,]+),{_GAP}+ngày{_GAP}+(?P<d>\S+){_GAP}+tháng{_GAP}+"
                   rf"(?P<m>\S+){_GAP}+năm{_GAP}+(?P<y>\d{{4}})$")
_BLANK_DATE = re.compile(rf"^[^,]+, ngày{_GAP}{{3,}}tháng{_GAP}{{3,}}năm \d{{4}}$")
_TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_EMPTY_WORDS = re.compile(r"\bNone\b|\bNaN\b|\bnan\b(?! (?:giải|hoa))")  # «nan giải» is Vietnamese
_ESCAPED = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")
_HYPHENS = re.compile(r"^-{3,7}$")
_PREFIX = re.compile(r"^(?:TS|ThS|PGS|GS|KS|BS|CN|Đ/c|đ/c|đồng chí|Đồng chí)\b\.?", re.U)
_BLANK_NAME = re.compile(r"^[.…_\s]+$")
_DECISION_REF = re.compile(rf"^Quyết định số{_GAP}*(\d{{2,}}|{_GAP}{{3,}})-QĐ/"
                           rf"(?:{'|'.join(ISSUERS)}), ngày (\d{{2}})/(\d{{2}})/(\d{{4}})$")
_GOLDEN = re.compile(r"^Số sổ vàng: \d{2,}$")


@dataclass(frozen=True)
class Breach:
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _q(t: str) -> str:
    t = " ".join(t.split())
    return "«" + (t if len(t) <= 60 else t[:57] + "…") + "»"


def _pt(x: float) -> str:
    return f"{x:g}"


def number_problems(t: str) -> tuple[list[str], str | None]:
    """What is wrong with a number line (`Số 05-QĐ/ĐUK`), and the kind's symbol."""
    m = _NUMBER.match(t.strip())
    if not m:
        return [f"dòng số {_q(t)} không đúng dạng «Số 05-QĐ/ĐUK»"], None
    out = []
    if m["colon"]:
        out.append(f"{_q(t)}: viết «Số» không có dấu hai chấm (không theo kiểu «Số:»)")
    num, gap = m["num"], m["gap"]
    if num:
        if len(num) != max(2, len(str(int(num)))):
            out.append(f"{_q(t)}: số dưới 10 có một số 0 đứng trước (05), số từ 10 không có")
        if gap != " " and not m["colon"]:
            out.append(f"{_q(t)}: giữa «Số» và số văn bản là một dấu cách")
    elif len(gap) < 3 and "\t" not in gap:
        out.append(f"{_q(t)}: số để trống phải chừa chỗ (ít nhất 3 dấu cách) để ghi số")
    if m["kind"] not in TITLES:
        out.append(f"{_q(t)}: ký hiệu loại văn bản «{m['kind']}» không thuộc "
                   + ", ".join(TITLES))
    if m["issuer"] not in ISSUERS:
        out.append(f"{_q(t)}: ký hiệu cơ quan «{m['issuer']}» không thuộc " + ", ".join(ISSUERS))
    return out, m["kind"] if m["kind"] in TITLES else None


def date_problems(t: str) -> list[str]:
    """What is wrong with a place-and-date line (`Nam Định, ngày 08 tháng 11 năm 2024`)."""
    t = t.strip()
    if _BLANK_DATE.match(t):
        return []
    m = _DATE.match(t)
    if not m:
        return [f"dòng ngày {_q(t)} không đúng dạng «Nam Định, ngày 08 tháng 11 năm 2024»"]
    out = []
    d, mo, y = m["d"], m["m"], int(m["y"])
    if not re.fullmatch(r"\d{2}", d):
        out.append(f"{_q(t)}: ngày viết hai chữ số (ngày 08), thấy «ngày {d}»")
    if not mo.isdigit() or not 1 <= int(mo) <= 12:
        out.append(f"{_q(t)}: tháng «{mo}» không phải một tháng")
    elif mo != (f"{int(mo):02d}" if int(mo) <= 2 else str(int(mo))):
        want = f"{int(mo):02d}" if int(mo) <= 2 else str(int(mo))
        out.append(f"{_q(t)}: tháng 1, 2 viết 01, 02; tháng 3 đến 12 không có số 0: "
                   f"«tháng {want}», thấy «tháng {mo}»")
    if d.isdigit() and mo.isdigit() and not out:
        try:
            dt.date(y, int(mo), int(d))
        except ValueError:
            out.append(f"{_q(t)}: không có ngày {d}/{mo}/{y}")
    return out


def check_document(path: Path, margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15),
                   line_spacing_pt: float = 18, recipient_separator: str = ",") -> list[Breach]:
    """Every breach of FORMAT.md measured on ``path``; empty when it passes."""
    try:
        doc = docx.Document(str(path))
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        return [Breach("file", Path(path).name,
                       f"không đọc được như một tệp Word .docx ({type(exc).__name__}: {exc})")]
    return _Checker(doc, margins_mm, line_spacing_pt, recipient_separator).run()


class _Checker:
    def __init__(self, doc, margins_mm, line_spacing_pt, separator) -> None:
        self.doc, self.fm = doc, Formats(doc)
        self.margins, self.line_pt, self.sep = margins_mm, line_spacing_pt, separator
        self.out: list[Breach] = []
        self.places = list(all_places(doc))
        self.where = {pl.el: pl.where for pl in self.places}
        self.blocks = body_blocks(doc)
        self.certificate = any(text(pl.el).strip() == "GIẤY KHEN" for pl in self.places
                               if not pl.where.startswith(("đầu trang", "chân trang")))

    def add(self, rule: str, where: str, message: str) -> None:
        self.out.append(Breach(rule, where, message))

    def run(self) -> list[Breach]:
        self.check_page()
        self.check_fonts()
        self.check_text()
        if self.certificate:
            self.check_certificate()
        else:
            self.check_page_numbers()
            _Layout(self).run()
        return self._capped()

    def _capped(self) -> list[Breach]:
        seen: dict[str, int] = {}
        out = []
        for b in self.out:
            seen[b.rule] = seen.get(b.rule, 0) + 1
            if b.rule not in ("font", "color") or seen[b.rule] <= MAX_SAME:
                out.append(b)
        for rule in ("font", "color"):
            if seen.get(rule, 0) > MAX_SAME:
                out.append(Breach(rule, "tài liệu",
                                  f"còn {seen[rule] - MAX_SAME} chỗ khác cùng lỗi (không liệt kê)"))
        return out

    # Formatting expectations, one breach per property that differs

    def expect(self, p, where: str, rule: str, label: str, *, size=None, bold=None,
               italic=None, caps=None, align=None) -> None:
        fm = self.fm
        if not text(p).strip():
            self.add(rule, where, f"thiếu {label}")
            return
        label = label if "«" in label else f"{label} {_q(text(p))}"
        if size is not None:
            lo, hi = size if isinstance(size, tuple) else (size, size)
            bad = sorted(s for s in fm.sizes(p) if not lo <= s <= hi)
            if bad:
                want = _pt(lo) if lo == hi else f"{_pt(lo)}–{_pt(hi)}"
                self.add(rule, where, f"{label} cỡ chữ "
                         f"{', '.join(map(_pt, bad))}, phải {want}")
        for tag, want, yes, no in (("b", bold, "in đậm", "không in đậm"),
                                   ("i", italic, "in nghiêng", "không in nghiêng")):
            if want is True and not fm.all_on(p, tag):
                self.add(rule, where, f"{label} phải {yes}")
            elif want is False and fm.any_on(p, tag):
                self.add(rule, where, f"{label} phải {no}")
        if caps is True and not fm.caps(p):
            self.add(rule, where, f"{label} phải viết in hoa")
        if caps is False and fm.caps(p):
            self.add(rule, where, f"{label} không viết in hoa toàn bộ")
        if align is not None:
            allowed = (align,) if isinstance(align, str) else align
            if fm.align(p) not in allowed:
                names = {"center": "căn giữa", "right": "căn phải", "both": "căn đều hai bên",
                         "left": "căn trái"}
                self.add(rule, where, f"{label} đang {names.get(fm.align(p), '?')}"
                         f", phải {' hoặc '.join(names[a] for a in allowed)}")

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
                self.add("margin", "trang", f"{name} {got_mm}, phải {_pt(want_mm)} mm")

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
            self.add("font", where, f"{_q(text(p))} có phông {', '.join(sorted(found))}; "
                     f"phải {TNR} ở cả bốn ô, không dùng phông theo chủ đề")
        if colours:
            allowed = "đen hoặc đỏ" if self.certificate else "đen"
            self.add("color", where, f"{_q(text(p))} có màu chữ {', '.join(sorted(colours))}, "
                     f"phải {allowed}")

    # Text left behind by a bad render

    def check_text(self) -> None:
        for pl in self.places:
            t = text(pl.el)
            if not t.strip():
                continue
            if m := _TAGS.search(t):
                self.add("leftover", pl.where, f"còn thẻ mẫu «{m.group()}» trong {_q(t)}")
            if m := _EMPTY_WORDS.search(t):
                self.add("leftover", pl.where, f"có chữ «{m.group()}» (giá trị trống chưa "
                         f"điền) trong {_q(t)}")
            if m := _ESCAPED.search(t):
                self.add("leftover", pl.where, f"có «{m.group()}» (ký tự bị thoát hai lần) "
                         f"trong {_q(t)}")
            if not unicodedata.is_normalized("NFC", t):
                self.add("nfc", pl.where, f"chữ tổ hợp chưa chuẩn hóa NFC trong "
                         f"{_q(unicodedata.normalize('NFC', t))}")

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
        self.expect(p, "đầu trang", "page-number", "số trang", align="center")
        shown = [r for r in runs(p) if r.find(qn("w:instrText")) is not None] + text_runs(p)
        sizes = sorted({self.fm.size(r, p) for r in shown})
        if sizes and sizes != [14]:
            self.add("page-number", "đầu trang",
                     f"số trang cỡ chữ {', '.join(map(_pt, sizes))}, phải 14")

    # Certificate (giấy khen)

    def check_certificate(self) -> None:
        by_text: dict[str, list] = {}
        for pl in self.places:
            by_text.setdefault(text(pl.el).strip(), []).append(pl)
        for label in ("ĐẢNG CỘNG SẢN VIỆT NAM", "GIẤY KHEN"):
            for pl in by_text.get(label, []):
                self.expect(pl.el, pl.where, "certificate", f"dòng «{label}»", bold=True)
            if label not in by_text:
                self.add("certificate", "giấy khen", f"thiếu dòng «{label}»")
        biggest = max((self.fm.size(r, pl.el) for pl in self.places for r in text_runs(pl.el)),
                      default=0)
        for pl in by_text.get("GIẤY KHEN", []):
            if min(self.fm.sizes(pl.el)) < biggest:
                self.add("certificate", pl.where, f"«GIẤY KHEN» cỡ {_pt(min(self.fm.sizes(pl.el)))}"
                         f" phải là dòng chữ lớn nhất (có chữ cỡ {_pt(biggest)})")
        lines = {"quyết định": [pl for t, pls in by_text.items() for pl in pls
                                if t.startswith("Quyết định số")],
                 "sổ vàng": [pl for t, pls in by_text.items() for pl in pls
                             if t.startswith("Số sổ vàng")]}
        for label, found in lines.items():
            if not found:
                self.add("certificate", "giấy khen", f"thiếu dòng {label} (in nghiêng, đậm)")
            for pl in found:
                self.expect(pl.el, pl.where, "certificate", f"dòng {label}", bold=True,
                            italic=True)
                t = text(pl.el).strip()
                m = _DECISION_REF.match(t) if label == "quyết định" else _GOLDEN.match(t)
                if not m:
                    want = ("Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024" if label == "quyết định"
                            else "Số sổ vàng: 03")
                    self.add("certificate", pl.where, f"{_q(t)} không đúng dạng «{want}»")
                elif label == "quyết định":
                    try:
                        dt.date(int(m[4]), int(m[3]), int(m[2]))
                    except ValueError:
                        self.add("certificate", pl.where, f"{_q(t)}: ngày không có thật")
        if "T/M BAN THƯỜNG VỤ" not in by_text:
            self.add("certificate", "giấy khen", "thiếu thẩm quyền ký «T/M BAN THƯỜNG VỤ»")
        for pl in self.places:
            if ", ngày" in text(pl.el) and not text(pl.el).startswith("Quyết định số"):
                for msg in date_problems(text(pl.el)):
                    self.add("date", pl.where, msg)
                self.expect(pl.el, pl.where, "date", "dòng ngày", italic=True)


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


class _Layout:
    """The header table, title, body, decision, signature and list of one document."""

    def __init__(self, c: _Checker) -> None:
        self.c, self.fm, self.blocks = c, c.fm, c.blocks
        self.kind: str | None = None

    def where(self, p) -> str:
        return self.c.where.get(p, "tài liệu")

    def run(self) -> None:
        c, blocks = self.c, self.blocks
        if not blocks or blocks[0].tag != qn("w:tbl"):
            c.add("header", "đầu văn bản", "phần tiêu đề phải là bảng hai cột đứng đầu văn bản")
            return
        self.header(blocks[0])
        sign_at = next((i for i, b in enumerate(blocks) if i and b.tag == qn("w:tbl")
                        and _sign_kind(b)), None)
        lists = [i for i, b in enumerate(blocks) if b.tag == qn("w:p")
                 and text(b).strip() in ("DANH SÁCH", "DANH MỤC")]
        end = sign_at if sign_at is not None else (lists[0] if lists else len(blocks))
        start = self.title(end)
        body = [b for b in blocks[start:end] if b.tag == qn("w:p") and text(b).strip()]
        for p in body:
            self.body(p)
        decision = [p for p in body if text(p).strip() == "QUYẾT ĐỊNH:"]
        if decision:
            self.decision(body, decision[0])
        if sign_at is None:
            c.add("signature", "cuối văn bản", "không thấy bảng ký (ô trái bắt đầu «Nơi nhận:», "
                  "hoặc «THƯ KÝ» / «CHỦ TRÌ HỘI NGHỊ» với biên bản)")
        else:
            self.signature(blocks[sign_at])
        for i in lists:
            self.attached_list(i)

    # Header table

    def header(self, tbl) -> None:
        c = self.c
        grid = tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))
        row = cells(tbl)[0] if cells(tbl) else []
        if len(grid) != 2 or len(row) != 2:
            c.add("header", "bảng tiêu đề", f"bảng tiêu đề có {len(grid)} cột, phải 2")
            if len(row) < 2:
                return
        visible = _visible_borders(tbl, self.fm)
        if visible:
            c.add("header", "bảng tiêu đề", f"bảng tiêu đề có đường viền ({', '.join(visible)})"
                  "; phải không viền")
        self.left(row[0])
        self.right(row[-1])

    def left(self, tc) -> None:
        c, paras = self.c, cell_paragraphs(tc)
        lines = [(i, p) for i, p in enumerate(paras, 1) if text(p).strip()]

        def at(i: int) -> str:
            return f"bảng tiêu đề, cột trái, dòng {i}"

        star = next((k for k, (_, p) in enumerate(lines) if text(p).strip() == "*"), None)
        if star is None or star < 2 or star > 3 or star + 1 >= len(lines):
            found = " / ".join(_q(text(p)) for _, p in lines) or "trống"
            c.add("header", at(1), "cột trái phải gồm: cơ quan cấp trên, cơ quan ban hành (1–2 "
                  f"dòng), dấu «*», dòng số; thấy {found}")
            if star is None or star < 1 or star + 1 >= len(lines):
                return
        i, p = lines[0]
        c.expect(p, at(i), "header", "dòng cơ quan cấp trên", size=14, bold=False, caps=True,
                 align="center")
        for i, p in lines[1:star]:
            c.expect(p, at(i), "header", "dòng cơ quan ban hành", size=14, bold=True, caps=True,
                     align="center")
        c.expect(lines[star][1], at(lines[star][0]), "header", "dấu «*»", align="center")
        i, p = lines[star + 1]
        c.expect(p, at(i), "header", "dòng số", size=14, align="center")
        problems, self.kind = number_problems(text(p))
        for msg in problems:
            c.add("number", at(i), msg)
        rest = lines[star + 2:]
        if self.kind == "CV" and not rest:
            c.add("header", at(i), "công văn phải có dòng trích yếu «V/v …» dưới dòng số")
        for k, (i, p) in enumerate(rest):
            if self.kind == "CV" and k == 0 and text(p).strip().startswith("V/v "):
                c.expect(p, at(i), "header", "dòng trích yếu", size=12, italic=True,
                         align="center")
            else:
                c.add("header", at(i), f"thừa dòng {_q(text(p))} ở cột trái (sau dòng số chỉ "
                      "có dòng «V/v …» của công văn)")

    def right(self, tc) -> None:
        c = self.c
        lines = [(i, p) for i, p in enumerate(cell_paragraphs(tc), 1) if text(p).strip()]

        def at(i: int) -> str:
            return f"bảng tiêu đề, cột phải, dòng {i}"

        if len(lines) != 2 or text(lines[0][1]).strip() != "ĐẢNG CỘNG SẢN VIỆT NAM":
            c.add("header", at(1), "cột phải phải có đúng hai dòng: «ĐẢNG CỘNG SẢN VIỆT NAM» "
                  "và dòng địa danh, ngày tháng")
            if len(lines) < 2:
                return
        i, p = lines[0]
        c.expect(p, at(i), "header", "dòng «ĐẢNG CỘNG SẢN VIỆT NAM»", size=15, bold=True,
                 caps=True, align="center")
        if not self.fm.underlined(p) and not self.fm.border(p, "bottom"):
            c.add("header", at(i), "dưới «ĐẢNG CỘNG SẢN VIỆT NAM» phải có đường kẻ (gạch chân "
                  "hoặc viền dưới đoạn)")
        i, p = lines[-1]
        c.expect(p, at(i), "date", "dòng ngày", size=14, italic=True, align=("center", "right"))
        for msg in date_problems(text(p)):
            c.add("date", at(i), msg)

    # Title or «Kính gửi:»; returns the index of the first body block

    def title(self, end: int) -> int:
        c, blocks = self.c, self.blocks
        paras = [(k, b) for k, b in enumerate(blocks[1:end], 1)
                 if b.tag == qn("w:p") and text(b).strip()]
        if not paras:
            c.add("title", "sau bảng tiêu đề", "không có tiêu đề hay «Kính gửi:» sau bảng tiêu đề")
            return 1
        k, p = paras[0]
        if self.kind == "CV" or (self.kind is None and text(p).startswith("Kính gửi:")):
            if not text(p).strip().startswith("Kính gửi:"):
                c.add("title", self.where(p), f"công văn: sau bảng tiêu đề phải là «Kính gửi:», "
                      f"thấy {_q(text(p))}")
            else:
                c.expect(p, self.where(p), "title", "dòng «Kính gửi:»", align="center")
            return k + 1
        want = TITLES.get(self.kind or "")
        if want and text(p).strip() != want:
            c.add("title", self.where(p), f"tên loại văn bản {_q(text(p))}, phải «{want}»")
        c.expect(p, self.where(p), "title", "tên loại văn bản", size=(15, 16), bold=True,
                 caps=True, align="center")
        line = next((n for n, (_, q) in enumerate(paras[1:5], 1)
                     if _HYPHENS.match(text(q).strip())), None)
        if line is None:
            c.add("title", self.where(p), "thiếu đường gạch ngắn «-----» (3–7 dấu gạch) dưới "
                  "trích yếu")
            return (paras[1][0] + 1) if len(paras) > 1 else k + 1
        if line == 1:
            c.add("title", self.where(p), "thiếu trích yếu dưới tên loại văn bản")
        for n, (_, q) in enumerate(paras[1:line]):
            c.expect(q, self.where(q), "title", "trích yếu", size=14, bold=True, align="center")
            first = next((ch for ch in text(q) if ch.isalpha()), "")
            if n == 0 and not first.islower():
                c.add("title", self.where(q), f"trích yếu {_q(text(q))} phải bắt đầu bằng chữ "
                      "thường («về việc …»)")
        c.expect(paras[line][1], self.where(paras[line][1]), "title", "đường gạch dưới trích yếu",
                 align="center")
        return paras[line][0] + 1

    # Body text

    def body(self, p) -> None:
        c, fm, where = self.c, self.fm, self.where(p)
        centred_heading = fm.align(p) == "center" and fm.caps(p) and fm.all_on(p, "b")
        bad = sorted(s for s in fm.sizes(p) if s != 14)
        if bad and not centred_heading:
            c.add("body", where, f"{_q(text(p))} cỡ chữ {', '.join(map(_pt, bad))}, phải 14")
        if fm.align(p) != "both":
            return
        indent = fm.first_line_cm(p)
        if not 0.9 <= indent <= 1.35:
            c.add("body", where, f"{_q(text(p))} thụt đầu dòng {indent:.2f} cm, phải khoảng "
                  "1 cm (0,9–1,35 cm)")
        line, rule, before, after = fm.spacing(p)
        exact = rule == "exact" and abs(line / 20 - c.line_pt) <= 0.25
        multiple = rule == "auto" and 240 <= line <= 360
        if not (exact or multiple):
            found = f"{line / 240:g} dòng" if rule == "auto" else f"{rule} {line / 20:g} pt"
            c.add("body", where, f"{_q(text(p))} giãn dòng {found}, phải đúng "
                  f"{_pt(c.line_pt)} pt (hoặc từ 1 đến 1,5 dòng)")
        if before + after < 120:
            c.add("body", where, f"{_q(text(p))} cách đoạn {(before + after) / 20:g} pt, "
                  "phải ít nhất 6 pt")

    # Decision

    def decision(self, body: list, qd) -> None:
        c, fm = self.c, self.fm
        c.expect(qd, self.where(qd), "decision", "dòng «QUYẾT ĐỊNH:»", bold=True, align="center")
        head = body[: body.index(qd)]
        if not head:
            c.add("decision", self.where(qd), "thiếu cơ quan ban hành và căn cứ trước "
                  "«QUYẾT ĐỊNH:»")
        else:
            c.expect(head[0], self.where(head[0]), "decision", "dòng cơ quan ra quyết định",
                     bold=True, caps=True)
            grounds = head[1:]
            if not grounds:
                c.add("decision", self.where(head[0]), "thiếu các căn cứ trước «QUYẾT ĐỊNH:»")
            for n, p in enumerate(grounds):
                t, last = text(p).strip(), n == len(grounds) - 1
                end = "," if last else ";"
                if not t.startswith("- "):
                    c.add("decision", self.where(p), f"căn cứ {_q(t)} phải bắt đầu «- »")
                if not t.endswith(end):
                    c.add("decision", self.where(p), f"căn cứ {_q(t)} phải kết thúc «{end}»")
                if last and not t.startswith("- Xét đề nghị"):
                    c.add("decision", self.where(p), f"căn cứ cuối {_q(t)} phải là «- Xét đề "
                          "nghị …,»")
                if fm.any_on(p, "i"):
                    c.add("decision", self.where(p), f"căn cứ {_q(t)} in nghiêng; căn cứ "
                          "trong văn bản Đảng viết chữ đứng")
        for p in body[body.index(qd) + 1:]:
            m = re.match(r"Điều \d+\.", text(p))
            if m and not all(fm.flag(r, p, "b") for r in prefix_runs(p, m.end())):
                c.add("decision", self.where(p), f"«{m.group()}» phải in đậm")

    # Signature and recipients

    def signature(self, tbl) -> None:
        row = cells(tbl)[0]
        if _sign_kind(tbl) == "minutes":
            for n, tc in enumerate(row[:2]):
                self.sign_block(tc, f"bảng ký, cột {'trái' if n == 0 else 'phải'}", minutes=True)
            return
        self.recipients(row[0])
        if len(row) < 2:
            self.c.add("signature", "bảng ký", "bảng ký phải có hai cột: nơi nhận và chữ ký")
            return
        self.sign_block(row[-1], "bảng ký, cột phải", minutes=False)

    def recipients(self, tc) -> None:
        c, fm = self.c, self.fm
        lines = [(i, p) for i, p in enumerate(cell_paragraphs(tc), 1) if text(p).strip()]
        i, p = lines[0]
        at = f"bảng ký, cột trái, dòng {i}"
        if not text(p).strip().startswith("Nơi nhận:"):
            c.add("recipients", at, f"{_q(text(p))}: viết «Nơi nhận:» (có dấu hai chấm)")
        c.expect(p, at, "recipients", "«Nơi nhận:»", size=14, italic=False)
        if not fm.underlined(p, len("Nơi nhận")):
            c.add("recipients", at, "«Nơi nhận:» phải gạch chân (không in đậm nghiêng như văn "
                  "bản Nhà nước)")
        if len(lines) < 2:
            c.add("recipients", at, "thiếu danh sách nơi nhận dưới «Nơi nhận:»")
        for n, (i, p) in enumerate(lines[1:], 2):
            at, t = f"bảng ký, cột trái, dòng {i}", text(p).strip()
            end = "." if n == len(lines) else self.c.sep
            if not t.startswith("- "):
                c.add("recipients", at, f"nơi nhận {_q(t)} phải bắt đầu «- »")
            if not t.endswith(end):
                c.add("recipients", at, f"nơi nhận {_q(t)} phải kết thúc «{end}»")
            c.expect(p, at, "recipients", "nơi nhận", size=12)

    def sign_block(self, tc, at: str, minutes: bool) -> None:
        c, paras = self.c, cell_paragraphs(tc)
        lines = [k for k, p in enumerate(paras) if text(p).strip()]
        if not lines:
            c.add("signature", at, "ô chữ ký trống")
            return
        k0 = lines[0]
        first = text(paras[k0]).strip()
        if minutes:
            c.expect(paras[k0], f"{at}, dòng {k0 + 1}", "signature", "chức danh", bold=True,
                     caps=True)
            before_room = k0
        else:
            if re.match(r"^(TM|KT|TL)\.", first):
                c.add("signature", f"{at}, dòng {k0 + 1}", f"{_q(first)}: văn bản Đảng viết "
                      "«T/M», «K/T», «T/L» (không viết «TM.», «KT.», «TL.» như Nhà nước)")
            elif not re.match(r"^(T/M|K/T|T/L) \S", first):
                c.add("signature", f"{at}, dòng {k0 + 1}", f"dòng đầu {_q(first)} phải là thẩm "
                      "quyền ký «T/M …», «K/T …» hoặc «T/L …»")
            c.expect(paras[k0], f"{at}, dòng {k0 + 1}", "signature", "thẩm quyền ký", bold=True,
                     caps=True)
            if len(lines) < 2:
                c.add("signature", at, "thiếu chức vụ người ký")
                return
            k1 = lines[1]
            c.expect(paras[k1], f"{at}, dòng {k1 + 1}", "signature", "chức vụ người ký",
                     bold=False, caps=True)
            before_room = k1
        after = [k for k in lines if k > before_room]
        name_at = after[0] if after else len(paras)
        room = sum(1 + len(p.findall(".//" + qn("w:br")))
                   for p in paras[before_room + 1:name_at])
        if room < 3:
            c.add("signature", at, f"chỉ có {room} dòng trống để ký, phải ít nhất 3")
        if not after:
            c.add("signature", at, "thiếu họ tên người ký")
            return
        p, t = paras[name_at], text(paras[name_at]).strip()
        if _BLANK_NAME.match(t):
            return  # dots left for a name written by hand
        c.expect(p, f"{at}, dòng {name_at + 1}", "signature", "họ tên người ký", size=14,
                 bold=True, caps=False)
        if m := _PREFIX.match(t):
            c.add("signature", f"{at}, dòng {name_at + 1}", f"{_q(t)}: không ghi học hàm, học "
                  f"vị hay «{m.group()}» trước họ tên người ký")

    # Attached list

    def attached_list(self, i: int) -> None:
        c, fm, blocks = self.c, self.fm, self.blocks
        p = blocks[i]
        broken = fm.page_break_before(p) or has_page_break(p)
        k = i - 1
        while not broken and k >= 0 and blocks[k].tag == qn("w:p"):
            broken = has_page_break(blocks[k])
            if text(blocks[k]).strip():
                break
            k -= 1
        if not broken:
            c.add("list", self.where(p), f"danh sách kèm theo phải sang trang mới (ngắt trang "
                  f"trước «{text(p).strip()}»)")
        c.expect(p, self.where(p), "list", f"«{text(p).strip()}»", bold=True, caps=True,
                 align="center")
        after = [b for b in blocks[i + 1:] if b.tag == qn("w:p") and text(b).strip()][:3]
        want = "(Kèm theo Quyết định số" if self.kind == "QĐ" else "(Kèm theo"
        found = [n for n, q in enumerate(after) if text(q).strip().startswith("(Kèm theo")]
        if not found:
            c.add("list", self.where(p), f"thiếu dòng «{want} …» dưới trích yếu danh sách")
            return
        q = after[found[0]]
        if found[0] != 1:
            c.add("list", self.where(q), "dòng «(Kèm theo …)» phải ở ngay dưới trích yếu")
        if not text(q).strip().startswith(want):
            c.add("list", self.where(q), f"{_q(text(q))} phải bắt đầu «{want}»")
        c.expect(q, self.where(q), "list", "dòng kèm theo", italic=True, align="center")


def _sign_kind(tbl) -> str | None:
    row = cells(tbl)[0] if cells(tbl) else []
    heads = [next((text(p).strip() for p in cell_paragraphs(tc) if text(p).strip()), "")
             for tc in row]
    if heads and heads[0].startswith("Nơi nhận"):
        return "letter"
    if heads[:2] == ["THƯ KÝ", "CHỦ TRÌ HỘI NGHỊ"]:
        return "minutes"
    return None


_SIDES = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")


def _visible_borders(tbl, fm: Formats) -> list[str]:
    """Sides drawn: the table's own borders, else its style's (basedOn chain), and any
    cell's own borders."""
    style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
    chain = fm.chain(style.get(qn("w:val")) if style is not None else None, "table")
    levels = [tbl.find(qn("w:tblPr"))] + [s.find(qn("w:tblPr")) for s in chain]
    out = []
    for side in _SIDES:
        for tblpr in (x for x in levels if x is not None):
            el = tblpr.find(qn("w:tblBorders") + "/" + qn("w:" + side))
            if el is not None:
                if el.get(qn("w:val"), "nil") not in ("nil", "none"):
                    out.append(side)
                break
    for el in tbl.iter(qn("w:tcBorders")):
        out += [ch.tag.split("}")[1] + " (ô)" for ch in el
                if ch.get(qn("w:val"), "nil") not in ("nil", "none")]
    return sorted(set(out))
