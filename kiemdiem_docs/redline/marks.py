"""Word's tracked-change marks (w:ins, w:del) as the redline writes them: each with an id
of its own, the author and the time of the re-issue."""

from __future__ import annotations

import copy
import datetime as dt

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
INS, DEL = "ins", "del"
# What deleted text is written as (Word refuses a w:t inside a w:del).
_DELETED = {W + "t": W + "delText", W + "instrText": W + "delInstrText"}


def w(tag: str) -> str:
    return W + tag


class Marks:
    """The marks of one redline: ids counted from 1, one author, one time."""

    def __init__(self, author: str, when: dt.datetime) -> None:
        self.author = author
        # A naive time is the office's local time; Word shows the time as written.
        self.date = when.replace(microsecond=0).isoformat()
        self.next_id = 1
        self.counts = {INS: 0, DEL: 0}

    def mark(self, what: str) -> etree._Element:
        """A new w:ins or w:del element, counted."""
        el = etree.Element(w(what), nsmap={"w": W_NS})
        el.set(w("id"), str(self.next_id))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        self.next_id += 1
        self.counts[what] += 1
        return el

    def wrap(self, what: str, runs: list[etree._Element]) -> etree._Element:
        """``runs`` inside one new mark (their deleted text made w:delText)."""
        el = self.mark(what)
        for r in runs:
            if what == DEL:
                deleted(r)
            el.append(r)
        return el

    def whole_paragraph(self, p: etree._Element, what: str) -> etree._Element:
        """A copy of ``p`` inserted or deleted whole: its runs and its paragraph mark."""
        p = copy.deepcopy(p)
        for r in [r for r in p.iter(w("r")) if not _marked(r)]:
            parent = r.getparent()
            at = parent.index(r)
            parent.insert(at, self.wrap(what, [r]))
        paragraph_rpr(p).insert(0, self.mark(what))
        return p

    def whole_row(self, tr: etree._Element, what: str) -> etree._Element:
        """A copy of ``tr`` inserted or deleted whole: the row mark, then its runs."""
        tr = copy.deepcopy(tr)
        trpr = tr.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            ex = tr.find(w("tblPrEx"))
            tr.insert(0 if ex is None else tr.index(ex) + 1, trpr)
        change = trpr.find(w("trPrChange"))
        mark = self.mark(what)
        if change is None:
            trpr.append(mark)
        else:
            change.addprevious(mark)
        for r in [r for r in tr.iter(w("r")) if not _marked(r)]:
            parent = r.getparent()
            parent.insert(parent.index(r), self.wrap(what, [r]))
        return tr

    def whole_table(self, tbl: etree._Element, what: str) -> etree._Element:
        tbl = copy.deepcopy(tbl)
        for tr in tbl.findall(w("tr")):
            tr.addprevious(self.whole_row(tr, what))
            tbl.remove(tr)
        return tbl


def deleted(run: etree._Element) -> None:
    """Make a run's text deleted text, in place."""
    for el in run.iter(*_DELETED):
        el.tag = _DELETED[el.tag]


def _marked(r: etree._Element) -> bool:
    parent = r.getparent()
    return parent is not None and parent.tag in (w(INS), w(DEL))


def paragraph_rpr(p: etree._Element) -> etree._Element:
    """The run properties of a paragraph's mark (w:pPr/w:rPr), made where missing, in the
    place the schema gives it (after the other paragraph properties)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        after = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
        if after:
            after[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr
