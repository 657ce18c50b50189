"""Pictures a document draws from its data (the results report's chart), put in place of
the template's own picture of that name.

The template holds a placeholder picture whose name (Word: Format Picture, Alt Text;
``wp:docPr/@name``) is the picture's; rendering puts the drawn bytes in its part. A
template without it (a clerk deleted the chart) renders without: nothing else changes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from lxml import etree

from ..ooxml import read_parts, rels_of, write_parts

_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
MAIN = "word/document.xml"
PNG = b"\x89PNG\r\n\x1a\n"


def picture_parts(parts: Mapping[str, bytes], name: str) -> list[str]:
    """The media parts the main part's pictures named ``name`` show."""
    doc = etree.fromstring(parts[MAIN])
    rels = etree.fromstring(parts[rels_of(MAIN)]) if rels_of(MAIN) in parts else None
    if rels is None:
        return []
    targets = {r.get("Id"): r.get("Target", "") for r in rels
               if r.get("TargetMode") != "External"}
    out = []
    for pr in doc.iterfind(".//wp:docPr", _NS):
        if pr.get("name") != name:
            continue
        for blip in pr.getparent().iterfind(".//a:blip", _NS):
            target = targets.get(blip.get(f"{{{_NS['r']}}}embed"))
            if target:
                part = (target[1:] if target.startswith("/")
                        else posixpath.normpath(posixpath.join("word", target)))
                if part in parts and part not in out:
                    out.append(part)
    return out


def placeholders(data: bytes) -> set[str]:
    """The names of the PNG pictures a template's main part holds: those rendering can draw
    in place (a picture changed to a JPEG keeps its name, but is never drawn over)."""
    parts = read_parts(data)
    names = {pr.get("name", "") for pr in etree.fromstring(parts[MAIN]).iterfind(
        ".//wp:docPr", _NS)}
    return {n for n in names if any(p.lower().endswith(".png") for p in picture_parts(parts, n))}


def put_pictures(data: bytes, pictures: Mapping[str, bytes]) -> bytes:
    """``data`` (a .docx) with each named picture's part holding the given PNG bytes."""
    if not pictures:
        return data
    parts = read_parts(data)
    changed = False
    for name, png in pictures.items():
        if not png.startswith(PNG):
            raise ValueError(f"ảnh «{name}» không phải PNG")
        for part in picture_parts(parts, name):
            if part.lower().endswith(".png"):  # the content type stays right
                parts[part], changed = png, True
    return write_parts(parts) if changed else data
