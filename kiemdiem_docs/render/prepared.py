"""Render many documents from one template, prepared once, exactly as docxtpl would.

docxtpl reads the .docx, patches its XML into a jinja template and compiles it for
every document; that is most of a build's time. A :class:`PreparedTemplate` does
those steps once, with docxtpl's own methods on a ``DocxTemplate`` it keeps, and
for each document only runs the compiled template and docxtpl's own after-steps
(``resolve_listing``, ``fix_tables``, ``fix_docpr_ids``), then writes a copy of the
package whose other parts were saved once. Two shortcuts are exact by construction:
``resolve_listing`` is skipped when the XML holds none of the characters it replaces,
and the body is spliced into the document's saved bytes instead of moved into its
tree (``map_tree``), which the first render of each template checks against the move.

Whatever this cannot reproduce exactly (tags outside the body, a package without
core properties, pictures or sub-documents in the data) goes to
:class:`DocxtplTemplate`, one ``DocxTemplate`` per document like ``render.render``.
``prepare`` chooses. Objects are for one process; each worker prepares its own.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from ..atomic import write_atomic
from ..ooxml import Properties, paragraph_lines
from .engine import fresh, make_env, template_errors
from .package import Package

try:  # Subdoc needs docxcompose, an optional dependency of docxtpl.
    from docxtpl import Subdoc
except ImportError:  # pragma: no cover - depends on what is installed
    _BOUND: tuple[type, ...] = (InlineImage,)
else:
    _BOUND = (InlineImage, Subdoc)

_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl's render_properties runs through jinja.
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class Unsupported(Exception):
    """The fast path cannot give docxtpl's output for this template; ``prepare`` falls back."""


def _has_tags(env: jinja2.Environment, text: str) -> bool:
    """Whether jinja would see anything but plain text (a broken tag counts)."""
    try:
        return any(token != "data" for _, token, _ in env.lex(text))
    except jinja2.TemplateSyntaxError:
        return True


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _doc_bound(context: Any) -> bool:
    """Whether the data holds objects that add parts to a docxtpl document (pictures...)."""
    stack, seen = [context], set()
    while stack:
        value = stack.pop()
        if type(value) in _LEAVES:
            continue
        if isinstance(value, _BOUND) or isinstance(getattr(value, "tpl", None), DocxTemplate):
            return True
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
    return False


def _check_static(tpl: DocxTemplate, env: jinja2.Environment) -> None:
    """Refuse what docxtpl renders per document outside the body, or renders unrepeatably."""
    package = tpl.docx.part.package
    try:
        package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        # docxtpl would add a core part stamped with the time of each render.
        raise Unsupported("gói không có docProps/core.xml") from None
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            if _has_tags(env, tpl.patch_xml(tpl.get_part_xml(part))):
                raise Unsupported(f"có thẻ mẫu trong {part.partname}")
    props = tpl.docx.core_properties
    for name in _PROPERTIES:
        if _has_tags(env, getattr(props, name)):
            raise Unsupported(f"có thẻ mẫu trong thuộc tính {name}")
    for part in package.parts:
        if part.content_type == _FOOTNOTES:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            if _has_tags(env, tpl.patch_xml(blob)):
                raise Unsupported(f"có thẻ mẫu trong {part.partname}")


def _render_static(tpl: DocxTemplate, env: jinja2.Environment) -> None:
    """docxtpl's render steps after the body; without tags their result needs no data."""
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel_key, xml in tpl.build_headers_footers_xml({}, uri, env):
            tpl.map_headers_footers_xml(rel_key, xml)
    tpl.render_properties({}, env)
    tpl.render_footnotes({}, env)


def _splice_parts(tpl: DocxTemplate) -> tuple[bytes, bytes, bytes, bytes] | None:
    """How python-docx serializes the document once a parsed body is moved into it.

    ``map_tree`` moves the body into the kept document, which walks every node to fix
    its namespaces, and python-docx then serializes the whole document. Moving only
    drops the body's own declarations that the document already makes, so the result
    is the document's head, the body's start tag as moved, the body serialized on its
    own minus its start tag, and the document's tail. Measured here on the template's
    body: (start tag as parsed, start tag as moved, head, tail), or None if it is not so.
    """
    probe = etree.fromstring(tpl.get_xml(), etree.XMLParser(recover=True))
    alone = etree.tostring(probe, encoding="UTF-8")
    start = alone[:alone.index(b">") + 1]
    name = start[1:].split(b">")[0].split()[0]
    rest = alone[len(start):]
    tpl.map_tree(probe)
    whole = serialize_part_xml(tpl.docx.element)
    end = whole.rfind(rest)
    tag = whole.rfind(b"<" + name, 0, end)
    if start.endswith(b"/>") or not rest or end < 0 or tag < 0:
        return None
    return start, whole[tag:end], whole[:tag], whole[end + len(rest):]


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# fix_tables changes a table only when a row (nested tables' rows too) has more cells than
# the grid has columns, or when no row spans all of them; both asked of libxml2 in C.
_TOO_MANY = etree.XPath("count(.//w:tr[count(w:tc) > $n])", namespaces=_NS)
_FULL_ROWS = etree.XPath(
    "count(.//w:tr[count(w:tc[not(w:tcPr/w:gridSpan)])"
    " + sum(w:tc/w:tcPr/w:gridSpan/@w:val) >= $n])", namespaces=_NS)


def _fix_tables_changes(tree: etree._Element) -> bool:
    """Whether docxtpl's fix_tables would change ``tree`` (its own conditions, in XPath)."""
    for table in tree.iter(_W + "tbl"):
        grid = table.find(_W + "tblGrid")
        if grid is None:
            return True  # fix_tables itself would fail here: let it
        n = len(grid.findall(_W + "gridCol"))
        if _TOO_MANY(table, n=n) or not _FULL_ROWS(table, n=n):
            return True
    return False


_W = "{%s}" % _NS["w"]


class PreparedTemplate:
    """A template read, patched and compiled once; each render gives docxtpl's document."""

    def __init__(self, path: Path, *, tone: str = "cu") -> None:
        self.path, self.tone = Path(path), tone
        env = make_env()
        with template_errors(self.path):
            tpl = fresh(self.path, tone)
            tpl.render_init()
            _check_static(tpl, env)
            src = tpl.patch_xml(tpl.get_xml())
            # render_xml_part puts each paragraph on its own line (jinja reports line numbers).
            self._template = env.from_string(paragraph_lines(src))
            _render_static(tpl, env)
        self._ids_start = tpl.docx_ids_index
        self._member = tpl.docx.part.partname.membername
        self._splice = _splice_parts(tpl)
        self._spliced_ok = False  # the first render checks the splice against map_tree
        # Marked rendered, or save() would reload the file and lose the work above.
        tpl.is_rendered = True
        saved = io.BytesIO()
        tpl.save(saved)
        self._package = Package(saved.getvalue(), self._member)
        self._tpl = tpl
        self._lock = threading.Lock()  # renders share the one kept document
        self._fallback: DocxtplTemplate | None = None

    def document_xml(self, context: dict[str, Any]) -> bytes:
        """The rendered main part, byte for byte as docxtpl's render and save write it."""
        return self._document(context)[0]

    def _document(self, context: dict[str, Any]) -> tuple[bytes, etree._Element]:
        tpl = self._tpl
        with self._lock:
            with template_errors(self.path):
                xml = self._template.render(context)
            # The rest of docxtpl's render_xml_part, after its jinja render.
            # Its re.sub(r"\n<w:p([ >])", r"<w:p\1") as plain replaces: the same, and faster.
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            xml = (xml.replace("{_{", "{{").replace("}_}", "}}")
                   .replace("{_%", "{%").replace("%_}", "%}"))
            # resolve_listing only ever replaces these characters: without them it is a no-op;
            # with only line breaks (a balanced line's), what it does, done in one pass.
            if any(char in xml for char in "\t\a\f"):
                xml = tpl.resolve_listing(xml)
            elif "\n" in xml:
                xml = _TEXT_WITH_BREAK.sub(_line_breaks, xml)
            # fix_tables walks every row in Python; most documents have nothing to fix.
            tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
            if _fix_tables_changes(tree):
                tree = tpl.fix_tables(xml)
            tpl.docx_ids_index = self._ids_start
            tpl.fix_docpr_ids(tree)
            return self._serialize(tree), tree

    def _serialize(self, tree: etree._Element) -> bytes:
        fast = None
        if self._splice is not None:
            start, moved, head, tail = self._splice
            alone = etree.tostring(tree, encoding="UTF-8")
            if alone.startswith(start):
                fast = head + moved + alone[len(start):] + tail
                if self._spliced_ok:
                    return fast
        self._tpl.map_tree(tree)
        slow = serialize_part_xml(self._tpl.docx.element)
        if fast is not None:
            self._spliced_ok = fast == slow
            if not self._spliced_ok:
                self._splice = None
        return slow

    def render_bytes(self, context: dict[str, Any], *, plain: bool = False,
                     properties: Properties | None = None) -> bytes:
        """The .docx for ``context``; the same context always gives the same bytes.

        ``plain``: the caller vouches that the context holds only JSON data (as a build's
        do), so it is not searched for pictures or sub-documents that docxtpl must serve.
        ``properties``: what the document's properties say (else the template's stay).
        """
        if not plain and _doc_bound(context):
            if self._fallback is None:
                self._fallback = DocxtplTemplate(self.path, tone=self.tone,
                                                 reason="dữ liệu có hình hoặc văn bản con")
            return self._fallback.render_bytes(context, properties=properties)
        xml, tree = self._document(context)
        return self._package.assemble(xml, properties, tree)

    def render(self, context: dict[str, Any], out: Path) -> None:
        """Render into ``out``, atomically (nothing is written if rendering fails)."""
        _write(out, self.render_bytes(context))


class DocxtplTemplate:
    """Plain docxtpl, one ``DocxTemplate`` per document, for what the fast path cannot serve."""

    def __init__(self, path: Path, *, tone: str = "cu", reason: str = "") -> None:
        self.path, self.tone, self.reason = Path(path), tone, reason

    def render_bytes(self, context: dict[str, Any], *, plain: bool = False,
                     properties: Properties | None = None) -> bytes:
        with template_errors(self.path):
            tpl = fresh(self.path, self.tone)
            tpl.render(context, jinja_env=make_env(), autoescape=True)
        saved = io.BytesIO()
        tpl.save(saved)
        data, member = saved.getvalue(), tpl.docx.part.partname.membername
        # Packed as a PreparedTemplate packs: the same document gives the same bytes
        # whichever of the two made it.
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = z.read(member)
        return Package(data, member).assemble(part, properties)

    def render(self, context: dict[str, Any], out: Path) -> None:
        _write(out, self.render_bytes(context))


_TEXT_WITH_BREAK = re.compile(r"<w:t(?: [^>]*)?>[^<]*\n[^<]*</w:t>")


def _line_breaks(m: re.Match) -> str:
    # As docxtpl's resolve_listing: a "\n" in a run's text ends the text and breaks the line.
    return m.group(0).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def _write(out: Path, data: bytes) -> None:
    write_atomic(out, lambda tmp: Path(tmp).write_bytes(data))


Renderer = PreparedTemplate | DocxtplTemplate

# (resolved path, tone) -> ((mtime_ns, size), renderer): an edited template is prepared again.
_CACHE: dict[tuple[str, str], tuple[tuple[int, int], Renderer]] = {}


def prepare(path: Path, tone: str = "cu") -> Renderer:
    """The fastest exact renderer for ``path``, from this process's cache when unchanged.

    A broken tag in the body raises :class:`TemplateError` here, not at the first render.
    """
    path = Path(path)
    stat = path.stat()
    key, stamp = (str(path.resolve()), tone), (stat.st_mtime_ns, stat.st_size)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    renderer: Renderer
    try:
        renderer = PreparedTemplate(path, tone=tone)
    except Unsupported as exc:
        renderer = DocxtplTemplate(path, tone=tone, reason=str(exc))
    _CACHE[key] = (stamp, renderer)
    return renderer

