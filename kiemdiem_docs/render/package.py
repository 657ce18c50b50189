"""A template's package cut once into what every document shares and what each one adds.

Every document of a template has the same parts but three: its main part, and its core
and extended properties (its number, trích yếu, date and issuing body, for the file
manager's columns and search). The shared parts are cleaned of what no document uses
and zipped once; each document appends its three, so no document costs a second parse
of the package.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..ooxml import (
    CT_APP,
    CT_CORE,
    OVERRIDE,
    REL,
    RT_APP,
    RT_CORE,
    TYPES,
    Properties,
    app_xml,
    clean_parts,
    core_xml,
    read_parts,
    rels_of,
    summary,
    write_parts,
    xml_bytes,
    zip_entry,
)


class Package:
    """The parts of a saved package (a .docx) that every document of it shares."""

    def __init__(self, data: bytes, main: str) -> None:
        self.main = main
        self._parts = clean_parts(read_parts(data))
        self._plain: bytes | None = None
        self._owned: tuple[bytes, str, str] | None = None

    def assemble(self, xml: bytes, properties: Properties | None = None,
                 tree: etree._Element | None = None) -> bytes:
        """The document whose main part is ``xml`` (parsed: ``tree``, if the caller has it).

        Without ``properties`` the template's own property parts stay, as docxtpl keeps them.
        """
        if properties is None:
            if self._plain is None:
                self._plain = write_parts({n: b for n, b in self._parts.items() if n != self.main})
            return _append(self._plain, [(self.main, xml)])
        if self._owned is None:
            self._owned = self._with_property_parts()
        base, core, app = self._owned
        subject = properties.subject
        if subject is None:
            subject = summary(tree if tree is not None else etree.fromstring(xml))
        return _append(base, [(core, core_xml(properties, subject)),
                              (app, app_xml(properties.company)), (self.main, xml)])

    def _with_property_parts(self) -> tuple[bytes, str, str]:
        """The shared parts without the two property parts, which the package is made to
        have (a relationship and a content type each) if it has not; and their names."""
        parts = dict(self._parts)
        rels = etree.fromstring(parts[rels_of("")])
        types = etree.fromstring(parts[TYPES])
        names, added = {}, False
        for reltype, content_type, default in ((RT_CORE, CT_CORE, "docProps/core.xml"),
                                               (RT_APP, CT_APP, "docProps/app.xml")):
            found = [r for r in rels if r.get("Type") == reltype]
            if found:
                names[reltype] = found[0].get("Target", "").lstrip("/")
                continue
            ids = {r.get("Id") for r in rels}
            rid = next(f"rIdKd{n}" for n in range(1, len(ids) + 2) if f"rIdKd{n}" not in ids)
            etree.SubElement(rels, REL, Id=rid, Type=reltype, Target=default)
            if not any(o.get("PartName") == "/" + default for o in types.iter(OVERRIDE)):
                etree.SubElement(types, OVERRIDE, PartName="/" + default,
                                 ContentType=content_type)
            names[reltype], added = default, True
        if added:
            parts[rels_of("")], parts[TYPES] = xml_bytes(rels), xml_bytes(types)
        for name in (names[RT_CORE], names[RT_APP], self.main):
            parts.pop(name, None)
        return write_parts(parts), names[RT_CORE], names[RT_APP]


def _append(base: bytes, parts: list[tuple[str, bytes]]) -> bytes:
    """``base`` (a zip) with ``parts`` added after its own."""
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a") as zout:
        for name, blob in parts:
            # The fastest deflate: a few per cent larger, a good part of a render's time.
            zout.writestr(zip_entry(name), blob, compresslevel=1)
    return out.getvalue()
