"""A .docx opened for measuring: its effective formats, its places, and the breaches found.

:class:`Measured` is what every rule module works on (``layout``, ``lines``, and the
page and font rules in ``document``): it reads formatting through :mod:`reader` and
collects :class:`Breach` records, capping a wrong style that repeats on every paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Format
from ..packs import FormatPack
from .reader import Formats, all_places, body_blocks, text

MAX_SAME = 10  # a wrong style repeats on every paragraph; past this, one summary line


@dataclass(frozen=True)
class Breach:
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def quote(t: str) -> str:
    """A paragraph as messages cite it: on one line, in «», cut to 60 characters."""
    t = " ".join(t.split())
    return "«" + (t if len(t) <= 60 else t[:57] + "…") + "»"


def pt(x: float) -> str:
    return f"{x:g}"


class Measured:
    """One document being checked, and the breaches found in it so far."""

    def __init__(self, doc, fmt: Format, pack: FormatPack) -> None:
        self.doc, self.fm, self.pack = doc, Formats(doc), pack
        self.margins = (fmt.le_tren, fmt.le_duoi, fmt.le_trai, fmt.le_phai)
        self.line_pt, self.sep = fmt.gian_dong, fmt.dau_noi_nhan
        self.out: list[Breach] = []
        self.places = list(all_places(doc))
        self.where = {pl.el: pl.where for pl in self.places}
        self.blocks = body_blocks(doc)
        body = [text(pl.el).strip() for pl in self.places
                if not pl.where.startswith(("đầu trang", "chân trang"))]
        section = doc.sections[0]
        # A certificate printed on a pre-printed blank (phôi) has no «GIẤY KHEN» of its
        # own; its landscape page and its golden-book line say what it is.
        self.blank_form = "GIẤY KHEN" not in body and (
            section.page_width > section.page_height
            and any(t.startswith("Số sổ vàng:") for t in body))
        self.certificate = "GIẤY KHEN" in body or self.blank_form

    def add(self, rule: str, where: str, message: str) -> None:
        self.out.append(Breach(rule, where, message))

    def capped(self) -> list[Breach]:
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
        label = label if "«" in label else f"{label} {quote(text(p))}"
        if size is not None:
            lo, hi = size if isinstance(size, tuple) else (size, size)
            bad = sorted(s for s in fm.sizes(p) if not lo <= s <= hi)
            if bad:
                want = pt(lo) if lo == hi else f"{pt(lo)}–{pt(hi)}"
                self.add(rule, where, f"{label} cỡ chữ "
                         f"{', '.join(map(pt, bad))}, phải {want}")
        for tag, want, yes, no in (("b", bold, "in đậm", "không in đậm"),
                                   ("i", italic, "in nghiêng", "không in nghiêng")):
            if want is True and not fm.all_on(p, tag):
                self.add(rule, where, f"{label} phải {yes}")
            elif want is False and fm.any_on(p, tag):
                self.add(rule, where, f"{label} phải {no}")
        shown = fm.caps(p)
        if caps is True and shown is False:
            self.add(rule, where, f"{label} phải viết in hoa")
        if caps is False and shown is True:
            self.add(rule, where, f"{label} không viết in hoa toàn bộ")
        if align is not None:
            allowed = (align,) if isinstance(align, str) else align
            if fm.align(p) not in allowed:
                names = {"center": "căn giữa", "right": "căn phải", "both": "căn đều hai bên",
                         "left": "căn trái"}
                self.add(rule, where, f"{label} đang {names.get(fm.align(p), '?')}"
                         f", phải {' hoặc '.join(names[a] for a in allowed)}")
