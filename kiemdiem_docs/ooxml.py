"""What several steps share about WordprocessingML packages and docxtpl's view of them.

The jinja delimiters as they show in a document's text, the paragraph split that
docxtpl hands to jinja (so that jinja's line numbers are paragraphs), zip entries
with fixed dates, so that equal content always gives equal bytes, the parts of a
package no document uses (dropped from templates and documents alike) and the
core and extended properties a document's file says it has.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import io
import posixpath
import re
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

# jinja's delimiters, as they show in a template's text (a tag split across runs included).
DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARA = re.compile(r"<w:p([ >])")

# Every zip entry carries this date and these attributes, so equal content gives equal bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def paragraph_lines(xml: str) -> str:
    """The XML with each paragraph on its own line, as docxtpl hands it to jinja (so that
    jinja's line numbers are paragraphs)."""
    return _PARA.sub(r"\n<w:p\1", xml)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A deflated entry with the fixed date and no platform attributes."""
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0  # not the platform's default, so Windows and Linux agree
    info.external_attr = 0
    return info


# -- parts a document does not use ------------------------------------------------------
# python-docx's default package carries parts no generated document uses: Word 2010's
# copy of the styles with text effects (438 KB of XML), an empty bibliography store, a
# blank preview picture and web-page settings. A clerk's template may carry the same, or
# the same parts in use: each is dropped only when nothing in the document refers to it.

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG = "http://schemas.openxmlformats.org/package/2006/"
_R_EXT = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_R_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT_CORE = _PKG + "relationships/metadata/core-properties"
RT_APP = _R + "extended-properties"
RT_THUMBNAIL = _PKG + "relationships/metadata/thumbnail"
RT_CUSTOM_XML = _R + "customXml"
RT_CUSTOM_XML_PROPS = _R + "customXmlProps"
RT_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
RT_WEB = _R + "webSettings"
RT_GLOSSARY = _R + "glossaryDocument"
RT_NUMBERING = _R + "numbering"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_CT_NS = "{%s}" % (_PKG + "content-types")
_REL_NS = "{%s}" % (_PKG + "relationships")
TYPES = "[Content_Types].xml"
REL = _REL_NS + "Relationship"
OVERRIDE = _CT_NS + "Override"
_STORE_ID = re.compile(rb'storeItemID="([^"]+)"')
_ITEM_ID = re.compile(rb'itemID="([^"]+)"')
_SOURCE = re.compile(rb"<(?:\w+:)?Source[\s>/]")  # a bibliography source (not «Sources»)
_WEB_USED = re.compile(rb"<w:(?:divs|frameset)\b")
_NUM_USED = re.compile(rb"<w:numId\b")
_DOC_PART = re.compile(rb"<w:docPart")


def rels_of(name: str) -> str:
    """The relationships part of part ``name`` ("" for the package)."""
    folder, _, base = name.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _target(source: str, rel: etree._Element) -> str | None:
    """The part a relationship of ``source`` points to (None: outside the package)."""
    if rel.get("TargetMode") == "External":
        return None
    target = urllib.parse.unquote(rel.get("Target", ""))
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relationships(parts: dict[str, bytes], source: str) -> etree._Element | None:
    blob = parts.get(rels_of(source))
    return etree.fromstring(blob) if blob is not None else None


def _story(parts: dict[str, bytes], but: str = "") -> bytes:
    """The document's own XML (body, headers, notes, styles), where references to parts are."""
    return b"".join(blob for name, blob in parts.items() if name.startswith("word/")
                    and name.endswith(".xml") and name != but
                    and not name.startswith("word/glossary/"))


def _unused(parts: dict[str, bytes], story: bytes, reltype: str, target: str) -> bool:
    """Whether the part a relationship of this type points to serves the document."""
    if reltype in (RT_THUMBNAIL, RT_EFFECTS):
        # A template's preview is not the document's page; Word 2013 on neither writes
        # nor needs the styles-with-effects copy (Word 2010 makes it again from styles).
        return True
    blob = parts.get(target, b"")
    if reltype == RT_WEB:
        return not _WEB_USED.search(blob)  # HTML divisions pasted text may refer to
    if reltype == RT_NUMBERING:
        return not _NUM_USED.search(_story(parts, but=target))
    if reltype == RT_GLOSSARY:
        return not _DOC_PART.search(story)  # content controls' placeholder text lives there
    if reltype == RT_CUSTOM_XML:
        # Kept when a content control is bound to it, or when it holds the sources that
        # the document's citations quote; else it is an empty store or stale metadata.
        if _SOURCE.search(blob):
            return False
        bound = {m.upper() for m in _STORE_ID.findall(story)}
        rels = _relationships(parts, target)
        for rel in rels if rels is not None else ():
            props = _target(target, rel) if rel.get("Type") == RT_CUSTOM_XML_PROPS else None
            ids = _ITEM_ID.findall(parts.get(props, b"")) if props else []
            if any(i.upper() in bound for i in ids):
                return False
        return True
    return False


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """``parts`` (name -> bytes, in zip order) less the parts the document does not use,
    with their relationships, the parts only they reached and their content types.

    Nothing else changes: a clean package comes back equal, byte for byte.
    """
    while True:  # a part dropped may have been what used another (effects used numbering)
        cleaner = _clean_once(parts)
        if cleaner.keys() == parts.keys():
            return cleaner
        parts = cleaner


def _clean_once(parts: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(parts)
    story = _story(parts)
    for source in ("", "word/document.xml"):
        rels = _relationships(out, source)
        if rels is None:
            continue
        drop = [rel for rel in rels if (target := _target(source, rel)) is not None
                and _unused(out, story, rel.get("Type", ""), target)]
        for rel in drop:
            rels.remove(rel)
        if drop:
            out[rels_of(source)] = xml_bytes(rels)
    # What no relationship reaches any more is no part of the document.
    reached, todo = {TYPES, rels_of("")}, [""]
    while todo:
        source = todo.pop()
        rels = _relationships(out, source)
        for rel in rels if rels is not None else ():
            target = _target(source, rel)
            if target is not None and target in out and target not in reached:
                reached |= {target, rels_of(target)}
                todo.append(target)
    if reached >= set(out):
        return out
    out = {name: blob for name, blob in out.items() if name in reached}
    types = etree.fromstring(out[TYPES])
    used = {name.rpartition(".")[2].lower() for name in out} | {"rels", "xml"}
    for entry in list(types):
        if entry.tag == _CT_NS + "Override" and entry.get("PartName", "")[1:] not in out \
                or entry.tag == _CT_NS + "Default" and entry.get("Extension", "").lower() \
                not in used:
            types.remove(entry)
    out[TYPES] = xml_bytes(types)
    return out


# A Word document inflates to a few megabytes; a picture does not compress. Past these a
# .docx is a zip bomb, refused before python-docx inflates every part of it in memory.
MAX_INFLATED = 64 * 1024 * 1024
MAX_RATIO = 200  # inflated ÷ compressed, for a part over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def package_problem(path: Path | str) -> str | None:
    """Why the .docx at ``path`` must not be opened (it inflates past the bounds), in
    Vietnamese naming the part; None when it may be (or is no zip: the opener says so).
    A zip's declared sizes bind its reader: zipfile stops a part at its declared size."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    total = 0
    for info in infos:
        size = info.file_size
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            return (f"phần «{info.filename}» giải nén ra {size // 2**20} MB, gấp "
                    f"{size // max(info.compress_size, 1)} lần khi nén: tệp không phải văn "
                    "bản Word thường (có thể là bom nén)")
        total += size
        if total > MAX_INFLATED:
            return (f"giải nén ra hơn {MAX_INFLATED // 2**20} MB (ở phần «{info.filename}»): "
                    "quá lớn cho một văn bản; bỏ bớt hình ảnh hoặc lưu lại bằng Word")
    return None


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def write_parts(parts: dict[str, bytes]) -> bytes:
    """The zip of ``parts`` in their order, with fixed dates (see :func:`zip_entry`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, blob in parts.items():
            z.writestr(zip_entry(name), blob)
    return out.getvalue()


def clean_package(data: bytes) -> bytes:
    """``data`` (a .docx) less the parts it does not use (:func:`clean_parts`), repacked."""
    return write_parts(clean_parts(read_parts(data)))


# -- the properties a clerk's file manager shows and searches -----------------------------

GENERATOR = "kiemdiem-docs"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML


@dataclass(frozen=True)
class Properties:
    """What a document's core and extended properties say about it."""

    title: str  # the kind and its number: «Quyết định số 15-QĐ/ĐUK»
    subject: str | None  # its trích yếu; None: the one under its title (:func:`summary`)
    creator: str  # the body that issues it
    company: str  # the workspace's issuing body
    issued: dt.date | None  # its date of issue (None: not yet dated)
    # The packs it was made under, which `kiemdiem check` reads back: «thể thức hd36-2018».
    keywords: str = ""


@functools.cache
def app_version() -> str:
    """This package's version as app.xml writes one, «XX.YYYY» (0.1.0 -> 00.0100), or ""."""
    try:
        version = importlib.metadata.version(GENERATOR)
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return ""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    return f"{numbers[0] % 100:02d}.{numbers[1] % 100:02d}{numbers[2] % 100:02d}"


def _text(value: str) -> str:
    return xml_escape(_CONTROL.sub("", value))


def app_xml(company: str = "", version: str | None = None) -> bytes:
    """The extended properties: this generator, and no page or word counts (it cannot
    count pages, and Word counts them again when it saves). ``version``: the AppVersion
    («» for none), by default this package's."""
    version = app_version() if version is None else version
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_R_EXT}"'
            f' xmlns:vt="{_R_VT}"><Application>{GENERATOR}</Application>'
            + (f"<Company>{_text(company)}</Company>" if company else "")
            + (f"<AppVersion>{version}</AppVersion>" if version else "")
            + "</Properties>").encode("utf-8")


def own_template(data: bytes) -> bytes:
    """A template this package made (``data``), cleaned, its app.xml naming the generator.

    Without a version: a new version would change every template's bytes, and so every
    document's fingerprint, though not one word of them.
    """
    parts = clean_parts(read_parts(data))
    parts["docProps/app.xml"] = app_xml(version="")
    return write_parts(parts)


def core_xml(props: Properties, subject: str) -> bytes:
    """The core properties; created and modified are the issue date at 00:00 in Việt Nam,
    so the same document always has the same bytes."""
    when = ""
    if props.issued is not None:
        stamp = f"{props.issued:%Y-%m-%d}T00:00:00+07:00"
        when = "".join(f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{tag}>'
                       for tag in ("created", "modified"))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties'
            f' xmlns:cp="{_PKG}metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(props.title)}</dc:title>"
            + (f"<dc:subject>{_text(subject)}</dc:subject>" if subject else "")
            + f"<dc:creator>{_text(props.creator)}</dc:creator>"
            + (f"<cp:keywords>{_text(props.keywords)}</cp:keywords>" if props.keywords else "")
            + f"<cp:lastModifiedBy>{GENERATOR}</cp:lastModifiedBy>{when}"
            "</cp:coreProperties>").encode("utf-8")


_W_P, _W_T, _W_BR = "{%s}p" % _W_NS, "{%s}t" % _W_NS, "{%s}br" % _W_NS
_RULE = re.compile(r"^-{3,7}$")


def summary(document: etree._Element) -> str:
    """The trích yếu of a document: the lines between its title (the first line after the
    header table) and the short rule under them (FORMAT.md), "" when it has none."""
    body = document.find("{%s}body" % _W_NS) if document.tag != "{%s}body" % _W_NS else document
    lines = []
    for block in body if body is not None else ():
        if block.tag != _W_P:
            continue
        # A balanced title's line break is a space between its words.
        line = "".join((t.text or "") if t.tag == _W_T else " "
                       for t in block.iter(_W_T, _W_BR)).strip()
        if not line:
            continue
        if _RULE.match(line):
            return " ".join(lines[1:])
        lines.append(line)
        if len(lines) > 5:
            break
    return ""
