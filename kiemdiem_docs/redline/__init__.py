"""The redline of a re-issue: the new document with what changed since the revision it
supersedes shown as Word tracked changes (w:ins, w:del), so that Word's Review pane shows
exactly what was corrected, Accept All gives the new document and Reject All the old.

Both revisions are rendered from recorded data with the same (or nearly the same)
template, so their bodies are compared block by block (:mod:`blocks`), paragraphs word
by word (:mod:`words`). The redline is the new package with its body replaced; headers,
footers and paragraph or table properties are the new revision's (a change there is not
marked). Works on .docx bytes only; imports only the core modules.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from lxml import etree

from ..ooxml import read_parts, write_parts, xml_bytes
from .blocks import body
from .marks import DEL, INS, W_NS, Marks, w

__all__ = ["AUTHOR", "SUFFIX", "Redline", "make_redline"]

AUTHOR = "kiemdiem-docs"  # the author of the marks when nobody is named
SUFFIX = ".thay-doi"  # of a redline's name: «<stem>.thay-doi.docx»
_TITLE = " – bản thể hiện thay đổi"
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_TERMS = "{http://purl.org/dc/terms/}"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


class Redline(NamedTuple):
    data: bytes  # the .docx
    insertions: int  # w:ins marks (a row inserted counts once, for the row)
    deletions: int


def make_redline(old: bytes, new: bytes, *, author: str, when: dt.datetime) -> Redline:
    """The new document (.docx bytes) with its differences from ``old`` marked, by
    ``author`` at ``when`` (the time of the re-issue)."""
    parts = read_parts(new)
    old_doc = etree.fromstring(read_parts(old)[_DOCUMENT])
    new_doc = etree.fromstring(parts[_DOCUMENT])
    old_body, new_body = old_doc.find(w("body")), new_doc.find(w("body"))
    marks = Marks(author or AUTHOR, when)
    # Annotations share one id space (a clerk's template may carry bookmarks).
    taken = [int(v) for v in new_doc.xpath("//@w:id", namespaces={"w": W_NS})
             if v.lstrip("-").isdigit()]
    marks.next_id = max(taken, default=0) + 1
    section = new_body.find(w("sectPr"))
    merged = body([b for b in old_body if b.tag != w("sectPr")],
                  [b for b in new_body if b.tag != w("sectPr")], marks)
    for child in list(new_body):
        new_body.remove(child)
    new_body.extend(merged + ([section] if section is not None else []))
    parts[_DOCUMENT] = xml_bytes(new_doc)
    if _CORE in parts:
        parts[_CORE] = _core(parts[_CORE], marks.author, when)
    rows = (_row_marks(new_body, INS), _row_marks(new_body, DEL))
    return Redline(write_parts(parts), marks.counts[INS] - rows[0][1] + rows[0][0],
                   marks.counts[DEL] - rows[1][1] + rows[1][0])


def _row_marks(body_el: etree._Element, what: str) -> tuple[int, int]:
    """Rows marked ``what`` whole, and the marks inside them: a row is one change."""
    rows = [tr for tr in body_el.iter(w("tr")) if tr.find(f"{w('trPr')}/{w(what)}") is not None]
    inside = sum(len(tr.findall(f".//{w(what)}")) for tr in rows)
    return len(rows), inside


def _core(xml: bytes, author: str, when: dt.datetime) -> bytes:
    """The new revision's properties, its title saying what the copy is, last changed by
    ``author`` at ``when``."""
    root = etree.fromstring(xml)
    title = root.find(_DC + "title")
    if title is None:
        title = etree.SubElement(root, _DC + "title")
    if not (title.text or "").endswith(_TITLE):
        title.text = (title.text or "") + _TITLE
    by = root.find(_CP + "lastModifiedBy")
    if by is None:
        by = etree.SubElement(root, _CP + "lastModifiedBy")
    by.text = author
    modified = root.find(_TERMS + "modified")
    if modified is None:
        modified = etree.SubElement(root, _TERMS + "modified")
        modified.set(_XSI + "type", "dcterms:W3CDTF")
    stamp = when.replace(microsecond=0)
    modified.text = stamp.isoformat() if stamp.tzinfo else stamp.isoformat() + "+07:00"
    return xml_bytes(root)
