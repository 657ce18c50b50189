"""Reading a redline back as Word would after Accept All or Reject All, for assertions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docutil import text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _drop(el) -> None:
    el.getparent().remove(el)


def _unwrap(el) -> None:
    parent, at = el.getparent(), el.getparent().index(el)
    for child in reversed(list(el)):
        parent.insert(at, child)
    parent.remove(el)


def resolved(path: Path, accept: bool) -> docx.Document:
    """The redline at ``path`` with every change accepted (or rejected), as python-docx
    opens it: rows and paragraphs marked whole go or stay, marked runs go or stay."""
    document = docx.Document(str(path))
    keep, lose = ("ins", "del") if accept else ("del", "ins")
    body = document.element.body
    for tr in list(body.iter(W + "tr")):
        if tr.find(f"{W}trPr/{W}{lose}") is not None:
            _drop(tr)
        else:
            for mark in tr.findall(f"{W}trPr/{W}{keep}"):
                _drop(mark)
    for p in list(body.iter(W + "p")):
        mark = p.find(f"{W}pPr/{W}rPr/{W}{lose}")
        if mark is not None:
            # The paragraph's mark goes: what is left of it joins the next paragraph.
            _drop(mark)
            rest = [c for c in p if c.tag != W + "pPr"]
            nxt = p.getnext()
            if nxt is not None and nxt.tag == W + "p":
                at = 1 if nxt.find(W + "pPr") is not None else 0
                for child in reversed(rest):
                    nxt.insert(at, child)
            _drop(p)
        for mark in p.findall(f"{W}pPr/{W}rPr/{W}{keep}"):
            _drop(mark)
    for el in list(body.iter(W + lose)):
        _drop(el)
    for el in list(body.iter(W + keep)):
        _unwrap(el)
    for el in body.iter(W + "delText"):
        el.tag = W + "t"
    for el in body.iter(W + "delInstrText"):
        el.tag = W + "instrText"
    return document


def resolved_text(path: Path, accept: bool, tmp: Path) -> str:
    """The text (``docutil.text``) of the redline once every change is accepted or
    rejected."""
    out = tmp / ("accepted.docx" if accept else "rejected.docx")
    resolved(path, accept).save(str(out))
    return text(out)


def marks(path: Path) -> dict[str, list]:
    """The w:ins and w:del elements of a redline's body, by name."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.parse(io.BytesIO(z.read("word/document.xml"))).getroot()
    return {what: root.findall(f".//{W}{what}") for what in ("ins", "del")}
