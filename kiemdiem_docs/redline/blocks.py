"""Two versions of a body (or of a table cell's content) as one: blocks aligned on what
they say, then paragraphs compared word by word and tables row by row.

Rows are aligned on their cells' text with a running number (STT) left out, so that a
row added or taken away is one inserted or deleted row and the rows after it keep their
content; the numbers that moved are marked in their own cells, as the only change there.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Sequence

from lxml import etree

from .marks import DEL, INS, Marks, w
from .words import merge, plain, text_of

_COUNTER = re.compile(r"\d{1,4}\.?|[IVXLC]{1,6}\.?")
_PAIRED = 0.5  # how alike two blocks must be to be one block changed, not two
_LARGEST = 40_000  # pairs weighed in one changed stretch before giving up on pairing


def _cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(w("tc"))


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(_key(b) for b in tc if b.tag in (w("p"), w("tbl")))


def _row_key(tr: etree._Element) -> str:
    texts = [_cell_text(tc) for tc in _cells(tr)]
    if texts and _COUNTER.fullmatch(texts[0].removeprefix("p:").strip()):
        texts[0] = "#"  # the running number: a row is the same row whatever its number
    return "\t".join(texts)


def _key(block: etree._Element) -> str:
    if block.tag == w("p"):
        return "p:" + text_of(block)
    if block.tag == w("tbl"):
        return "t:" + "\n".join(_row_key(tr) for tr in block.iterchildren(w("tr")))
    return "x:" + etree.tostring(block).decode()


def _alike(a: etree._Element, b: etree._Element, ka: str, kb: str) -> float:
    """How much of two blocks is the same (0 when they cannot be one block changed)."""
    if a.tag != b.tag or a.tag not in (w("p"), w("tbl"), w("tr")):
        return 0.0
    if a.tag == w("tr") and len(_cells(a)) != len(_cells(b)):
        return 0.0
    if a.tag == w("tbl"):
        return 1.0  # a table changed stays a table changed, its rows compared
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= _PAIRED else 0.0


def _pairs(old: Sequence, new: Sequence, ko: list[str], kn: list[str]) -> list[tuple]:
    """The old and new blocks of a changed stretch that are one block changed, in order,
    as many and as alike as can be: (i, j) pairs."""
    n, m = len(old), len(new)
    if n == m == 1 and old[0].tag == new[0].tag:
        return [(0, 0)]  # one block where one was: that block changed («99» → «100»)
    if n * m > _LARGEST:
        return []
    score = [[_alike(old[i], new[j], ko[i], kn[j]) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = score[i][j] + best[i + 1][j + 1] if score[i][j] >= _PAIRED else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if score[i][j] >= _PAIRED and best[i][j] == score[i][j] + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


def _align(old: list, new: list, keys: Callable[[etree._Element], str], same, changed,
           gone, added) -> list[etree._Element]:
    """Old and new sequences as one: ``same(o, n)`` for blocks that say the same,
    ``changed(o, n)`` for a block changed, ``gone(o)`` and ``added(n)`` for the rest."""
    ko, kn = [keys(b) for b in old], [keys(b) for b in new]
    out: list[etree._Element] = []
    matcher = difflib.SequenceMatcher(None, ko, kn, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [same(old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
            continue
        i, j = i1, j1
        for pi, pj in [(i1 + a, j1 + b) for a, b in _pairs(old[i1:i2], new[j1:j2], ko[i1:i2],
                                                        kn[j1:j2])] + [(i2, j2)]:
            out += [gone(old[k]) for k in range(i, pi)] + [added(new[k]) for k in range(j, pj)]
            if pi < i2:
                out.append(changed(old[pi], new[pj]))
            i, j = pi + 1, pj + 1
    return out


def body(old: list, new: list, marks: Marks) -> list[etree._Element]:
    """The blocks of a body or a cell, old and new, as one sequence of marked blocks."""
    def same(o, n):
        return table(o, n, marks) if n.tag == w("tbl") else copy.deepcopy(n)

    def changed(o, n):
        if n.tag == w("tbl"):
            return table(o, n, marks)
        if plain(o) and plain(n):
            return merge(o, n, marks)
        return _both(o, n)

    def _both(o, n):  # not taken apart: the old one deleted, then the new one inserted
        holder = etree.Element(w("holder"))
        holder.extend([gone(o), added(n)])
        return holder

    def gone(o):
        return marks.whole_table(o, DEL) if o.tag == w("tbl") else \
            marks.whole_paragraph(o, DEL) if o.tag == w("p") else copy.deepcopy(o)

    def added(n):
        return marks.whole_table(n, INS) if n.tag == w("tbl") else \
            marks.whole_paragraph(n, INS) if n.tag == w("p") else copy.deepcopy(n)

    out = _align(old, new, _key, same, changed, gone, added)
    flat: list[etree._Element] = []
    for el in out:
        flat += list(el) if el.tag == w("holder") else [el]
    return flat


def table(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    """The new table, its rows aligned with the old one's."""
    out = etree.Element(w("tbl"))
    out.extend(copy.deepcopy(c) for c in new if c.tag != w("tr"))
    rows_old, rows_new = old.findall(w("tr")), new.findall(w("tr"))
    out.extend(_align(rows_old, rows_new, _row_key, lambda o, n: _row(o, n, marks),
                      lambda o, n: _row(o, n, marks), lambda o: marks.whole_row(o, DEL),
                      lambda n: marks.whole_row(n, INS)))
    return out


def _row(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    """A row in both versions: each cell's content compared with its old self."""
    tr = etree.Element(w("tr"))
    old_cells = _cells(old)
    for child in new:
        if child.tag != w("tc"):
            tr.append(copy.deepcopy(child))
            continue
        o = old_cells[len(tr.findall(w("tc")))]
        tc = etree.SubElement(tr, w("tc"))
        tc.extend(copy.deepcopy(c) for c in child if c.tag == w("tcPr"))
        blocks_o = [b for b in o if b.tag != w("tcPr")]
        tc.extend(body(blocks_o, [b for b in child if b.tag != w("tcPr")], marks))
    return tr
