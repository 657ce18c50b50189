"""Tables of the built-in templates: ruled lists whose rows never split across a page,
and the balanced breaking of a cell's or a heading's one value (the ``can_dong`` filter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from .. import wrap

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
YEAR = "2024"  # how wide a year is: any year's four digits are as wide as these


class Tables:
    """The table blocks of :class:`~.base.Builder` (``self.doc`` is its document)."""

    def table(self, widths: Iterable, *, borders: bool, rows: int = 1) -> Table:
        widths = list(widths)
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        edges = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "single" if borders else "nil")
            if borders:
                el.set(qn("w:sz"), "4")
                el.set(qn("w:color"), "000000")
            edges.append(el)
        tbl_pr.append(edges)
        for row in table.rows:
            keep_row_whole(row)
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        for col, width in zip(table.columns, widths, strict=True):
            col.width = width
        return table

    def grid(self, headers: Iterable[tuple[str, float]], cells: Iterable[str | tuple], *,
             loop: str, size: float = 13) -> Table:
        """A ruled table: a bold header row, then one row per item of ``loop``.

        A cell given as ``(text, align)`` is aligned so; a plain string is centred.
        """
        return self.grouped_grid(headers, None, cells, outer=None, loop=loop, size=size)

    def grouped_grid(self, headers: Iterable[tuple[str, float]],
                     group: tuple[str, str] | None, cells, *, outer: str | None, loop: str,
                     size: float = 13, margin: float = 0.38) -> Table:
        """A ruled table whose rows come in groups: a bold row per group, then its items.

        ``outer`` loops over the groups (``g in nhom``) and ``loop`` over each group's items
        (``r in g.muc``); with ``outer`` None it is a plain one-loop table. ``group`` is the
        group row's (number, name): the name runs across the other columns, and the row
        is kept with the first item, never alone at the foot of a page. An item cell that
        is one value, not justified, is broken evenly in its column (``margin``: the
        column's cell margins, in cm): «Hoàn thành xuất sắc / nhiệm vụ», not «… nhiệm / vụ».
        """
        headers = list(headers)
        rows = [("head", None)]
        if outer:
            number, name = group
            blank = [""] * (len(headers) - 2)
            rows += [("tag", "{%tr for " + outer + " %}"),
                     ("group", (number, (name, LEFT), *blank))]
        # The row before the list's last is kept with it: a page never holds one row alone
        # (in a grouped list the last group's title row is kept with its first row anyway).
        before_last = "loop.revindex == 2"
        if outer:
            var, seq = (part.strip() for part in outer.split(" in "))
            before_last += f" and {var} is sameas {seq}[-1]"
        rows += [("tag", "{%tr for " + loop + " %}"), ("tag", "{%tr if " + before_last + " %}"),
                 ("kept", cells), ("tag", "{%tr else %}"), ("item", cells),
                 ("tag", "{%tr endif %}"), ("tag", "{%tr endfor %}")]
        if outer:
            rows.append(("tag", "{%tr endfor %}"))
        table = self.table([Cm(w) for _, w in headers], borders=True, rows=len(rows))
        for row, (what, spec) in zip(table.rows, rows, strict=True):
            if what == "head":
                for cell, (text, _) in zip(row.cells, headers, strict=True):
                    _cell(cell, text, CENTER, size, bold=True)
                _repeat_header(row)
            elif what == "tag":
                _row_tag(row, spec)
            else:
                for cell, item, (_, width) in zip(row.cells, spec, headers, strict=True):
                    text, align = (item, CENTER) if isinstance(item, str) else item
                    value = _ONE_VALUE.match(text)
                    if what != "group" and value and align != JUSTIFY:
                        text = balanced_tag(value[1], round(width - margin, 2), size)
                    _cell(cell, text, align, size, bold=what == "group")
                if what in ("group", "kept"):
                    for cell in row.cells:
                        cell.paragraphs[0].paragraph_format.keep_with_next = True
                if what == "group":
                    _span(row, 1, len(headers) - 1)
        return table


_ONE_VALUE = re.compile(r"^\{\{ ([\w.]+) \}\}$")


def inner_width(width) -> float:
    """A table column's width less Word's default cell margins (0.19 cm a side), in cm."""
    return round(width / Cm(1) - 0.38, 2)


def balanced_tag(name: str, box_cm: float, size: float, style: str = "thuong") -> str:
    """A value's tag that breaks it evenly in a box (the ``can_dong`` filter)."""
    style_arg = "" if style == "thuong" else f', "{style}"'
    return "{{ %s|can_dong(%s, %g%s) }}" % (name, f"{box_cm:g}", size, style_arg)


def balanced_text(text: str, box_cm: float, size: float, style: str = "thuong") -> str:
    """Template text broken evenly now, its ``{{ nam }}`` measured as a year's four digits."""
    assert YEAR not in text, "the text must not hold the year the tag is measured as"
    measured = text.replace("{{ nam }}", YEAR)
    return wrap.balance(measured, box_cm, size, style).replace(YEAR, "{{ nam }}")


def _cell(cell, text: str, align, size: float, *, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)


def _row_tag(row, text: str) -> None:
    row.cells[0].paragraphs[0].add_run(text)


def keep_row_whole(row) -> None:
    """A row never split across pages: its tail alone on the next page reads as a new row."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _span(row, first: int, last: int) -> None:
    """Merge cells ``first``..``last`` of ``row``, keeping only the first one's text."""
    for cell in row.cells[first + 1:last + 1]:
        for r in cell.paragraphs[0]._p.r_lst:  # an empty cell merges without a stray run
            cell.paragraphs[0]._p.remove(r)
    row.cells[first].merge(row.cells[last])
