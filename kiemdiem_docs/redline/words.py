"""Two versions of one paragraph as one, the words that changed marked.

A paragraph is read as a sequence of atoms: the words, spaces and signs of its text,
each with its run's properties, and the run's other content (a tab, a line break, a
picture) one atom each. The atoms are compared by what they say, not how they look (a
change of formatting alone is not marked); a deletion and an insertion separated only by
a space are one change, as Word's own comparison shows them.
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import NamedTuple

from lxml import etree

from .marks import DEL, INS, XML_SPACE, Marks, w

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Paragraph content with no text of its own, left out of a paragraph made again.
_QUIET = {w("bookmarkStart"), w("bookmarkEnd"), w("proofErr"), w("permStart"),
          w("permEnd")}
# Run content with no text and no place in a rendering.
_NOTHING = {w("rPr"), w("lastRenderedPageBreak")}


class Atom(NamedTuple):
    key: str  # what is compared
    rpr: bytes  # the run's properties, serialised (runs of equal ones are joined)
    props: etree._Element | None
    text: str | None  # a piece of text, or None for ``element``
    element: etree._Element | None


def plain(p: etree._Element) -> bool:
    """Whether ``p`` holds only runs (and bookmarks and the like): what :func:`merge` can
    take apart word by word."""
    for child in p:
        if child.tag == w("pPr") or child.tag in _QUIET or not isinstance(child.tag, str):
            continue
        if child.tag != w("r"):
            return False
    return True


def atoms(p: etree._Element) -> list[Atom]:
    out: list[Atom] = []
    for r in p.iterchildren(w("r")):
        props = r.find(w("rPr"))
        key = b"" if props is None else etree.tostring(props)
        for child in r:
            if child.tag in _NOTHING or not isinstance(child.tag, str):
                continue
            if child.tag == w("t"):
                out += [Atom(tok, key, props, tok, None)
                        for tok in _TOKEN.findall(child.text or "")]
            else:
                out.append(Atom(etree.tostring(child).decode(), key, props, None, child))
    return out


def text_of(p: etree._Element) -> str:
    """What a paragraph says, as the block comparison keys it: :func:`atoms`' keys without
    the run properties, which are most of the cost of reading a paragraph."""
    parts = []
    for r in p.iterchildren(w("r")):
        for child in r:
            if child.tag in _NOTHING or not isinstance(child.tag, str):
                continue
            parts.append(child.text or "" if child.tag == w("t")
                         else "\x00" + etree.tostring(child).decode())
    return "".join(parts)


def _spans(old: list[Atom], new: list[Atom]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes with the changes that only a space keeps apart joined."""
    ops = difflib.SequenceMatcher(None, [a.key for a in old], [a.key for a in new],
                                  autojunk=False).get_opcodes()
    out: list[list] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        between = 0 < k < len(ops) - 1 and tag == "equal" and all(
            a.text is not None and not a.text.strip() for a in old[i1:i2])
        if tag == "equal" and not between:
            out.append([tag, i1, i2, j1, j2])
        elif out and out[-1][0] != "equal":
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append(["replace", i1, i2, j1, j2])
    return [tuple(o) for o in out]


def _runs(part: list[Atom]) -> list[etree._Element]:
    """Atoms as runs: one run for each stretch of atoms with the same properties."""
    out: list[etree._Element] = []
    last = None
    for a in part:
        if out and a.rpr == last:
            r = out[-1]
        else:
            r = etree.Element(w("r"))
            if a.props is not None:
                r.append(copy.deepcopy(a.props))
            out.append(r)
            last = a.rpr
        if a.text is None:
            r.append(copy.deepcopy(a.element))
            continue
        tail = r[-1] if len(r) and r[-1].tag == w("t") else None
        if tail is None:
            tail = etree.SubElement(r, w("t"))
            tail.text = ""
        tail.text += a.text
    for r in out:
        for t in r.iter(w("t")):
            t.set(XML_SPACE, "preserve")
    return out


def merge(old: etree._Element, new: etree._Element, marks: Marks) -> etree._Element:
    """The new paragraph, its properties kept, with the words that differ from the old one
    marked deleted and inserted."""
    a, b = atoms(old), atoms(new)
    p = etree.Element(w("p"))
    ppr = new.find(w("pPr"))
    if ppr is not None:
        p.append(copy.deepcopy(ppr))
    for tag, i1, i2, j1, j2 in _spans(a, b):
        if tag == "equal":
            p.extend(_runs(b[j1:j2]))
            continue
        if i2 > i1:
            p.append(marks.wrap(DEL, _runs(a[i1:i2])))
        if j2 > j1:
            p.append(marks.wrap(INS, _runs(b[j1:j2])))
    return p
