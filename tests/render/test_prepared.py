"""The prepared renderer gives docxtpl's documents, part for part, only faster."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest import mock

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, REPO, make_config
from docxtpl import DocxTemplate, InlineImage, RichText
from lxml import etree

from kiemdiem_docs import kinds
from kiemdiem_docs.api import plan_documents
from kiemdiem_docs.errors import RenderError, TemplateError
from kiemdiem_docs.ooxml import FIXED_TIME, clean_package
from kiemdiem_docs.render import render
from kiemdiem_docs.render.prepared import DocxtplTemplate, PreparedTemplate, Unsupported, prepare

TEMPLATES = sorted((REPO / "kiemdiem_docs" / "templates").glob("*.docx"))
MAIN = "word/document.xml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---- helpers ---------------------------------------------------------------------------

def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def canon(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def assert_same_package(fast: bytes, slow: bytes, *, skip: frozenset[str] = frozenset()) -> None:
    """Same part names; XML parts equal as canonical XML, the rest byte for byte."""
    a, b = parts(fast), parts(slow)
    assert sorted(a) == sorted(b)
    for name in sorted(set(b) - skip):
        if name.endswith((".xml", ".rels")):
            assert canon(a[name]) == canon(b[name]), name
        else:
            assert a[name] == b[name], name
    # Stronger than asked: the main part is docxtpl's bytes, not only its meaning.
    assert a[MAIN] == b[MAIN]


def docxtpl_bytes(template: Path, context: dict, tmp_path: Path, tone: str = "cu") -> bytes:
    """docxtpl's document, less the parts no document uses (as every renderer drops them)."""
    out = tmp_path / "docxtpl.docx"
    render(template, context, out, tone=tone)
    return clean_package(out.read_bytes())


def paragraph_texts(data: bytes) -> list[str]:
    root = etree.fromstring(parts(data)[MAIN])
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def make_template(tmp_path: Path, *lines: str, name: str = "t.docx", edit=None) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if edit is not None:
        edit(document)
    path = tmp_path / name
    document.save(path)
    return path


def tiny_png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    return path


def kind_of(template: Path) -> str:
    # A variant (giay-khen-phoi) takes the data of its kind: the longest key its name extends.
    stem = template.stem
    found = [k for k in kinds.keys() if stem == k or stem.startswith(k + "-")]
    assert found, f"{template.name}: no kind gives it data"
    return max(found, key=len)


SPICE = " & <b>\"Công ty A&B\" 'x' </w:t> {_{ z }_}\nDòng hai: Nguyễn Thị Thủy, Hòa\tcột"


def spiced(value):
    if isinstance(value, str):
        return value + SPICE
    if isinstance(value, dict):
        return {k: spiced(v) for k, v in value.items()}
    if isinstance(value, list):
        return [spiced(v) for v in value]
    return value


@pytest.fixture(scope="module")
def contexts(tmp_path_factory, sample_roster) -> dict[str, list[dict]]:
    """The sample round's documents, as the planner makes them: kind -> contexts."""
    cfg = make_config(tmp_path_factory.mktemp("fast-plan"))
    jobs = plan_documents(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    out: dict[str, list[dict]] = {}
    for _, doc in jobs:
        out.setdefault(doc.kind, []).append(doc.context)
    return out


def contexts_for(template: Path, contexts) -> list[dict]:
    found = contexts.get(kind_of(template))
    assert found, f"{template.name}: the sample round plans no document of its kind"
    return found


# ---- the built-in templates ------------------------------------------------------------

def test_there_are_builtin_templates():
    assert len(TEMPLATES) >= 8


@pytest.mark.parametrize("tone", ["cu", "moi"])
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_builtin_templates_render_as_docxtpl(template, tone, contexts, tmp_path):
    fast = prepare(template, tone)
    assert isinstance(fast, PreparedTemplate)
    found = contexts_for(template, contexts)
    for context in found if tone == "cu" else found[:3]:
        assert_same_package(fast.render_bytes(context),
                            docxtpl_bytes(template, context, tmp_path, tone))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_awkward_values_render_as_docxtpl(template, contexts, tmp_path):
    context = spiced(contexts_for(template, contexts)[0])
    for tone in ("cu", "moi"):
        data = prepare(template, tone).render_bytes(context)
        assert_same_package(data, docxtpl_bytes(template, context, tmp_path, tone))
    texts = paragraph_texts(data)
    # A value prints as given: docxtpl's "{_{" -> "{{" is for the template's own text.
    assert any('& <b>"Công ty A&B" \'x\' </w:t> {_{ z }_}' in t for t in texts)
    assert any(t.startswith("Dòng hai: Nguyễn Thị Thủy, Hòa") for t in texts)  # "\n": new ¶
    assert unicodedata.is_normalized("NFC", "".join(texts))


def test_the_tone_reaches_the_template_words(contexts, tmp_path):
    template = REPO / "kiemdiem_docs" / "templates" / "cong-van.docx"
    context = contexts_for(template, contexts)[0]
    old = "".join(paragraph_texts(prepare(template, "cu").render_bytes(context)))
    new = "".join(paragraph_texts(prepare(template, "moi").render_bytes(context)))
    assert old != new and "uỷ" in new


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_the_document_splice_holds_for_builtin_templates(template, contexts):
    fast = PreparedTemplate(template)
    for context in contexts_for(template, contexts)[:2]:
        fast.render_bytes(context)
    assert fast._splice is not None and fast._spliced_ok


# ---- what only docxtpl's own machinery shows: loops, columns, pictures, listings -------

def feature_template(tmp_path: Path) -> Path:
    def edit(document):
        rows = document.add_table(rows=3, cols=2)
        for cell, text in zip(rows.rows[0].cells, ["{%tr for r in rows %}", ""], strict=True):
            cell.text = text
        rows.rows[1].cells[0].text, rows.rows[1].cells[1].text = "{{ r.a }}", "{{ r.b }}"
        rows.rows[2].cells[0].text = "{%tr endfor %}"
        cols = document.add_table(rows=1, cols=3)
        for cell, text in zip(cols.rows[0].cells,
                              ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"], strict=True):
            cell.text = text
        document.add_paragraph("{%p if show %}")
        document.add_paragraph("Hiện: {{r rich }}")
        document.add_paragraph("{%p endif %}")
        document.add_picture(str(tiny_png(tmp_path / "dot.png")))
        document.add_picture(str(tmp_path / "dot.png"))
    return make_template(tmp_path, "Tên: {{ name }}.", "Ô: {{ tab }}", name="feature.docx",
                         edit=edit)


@pytest.mark.parametrize("n_cols", [1, 3, 6])
@pytest.mark.parametrize("tone", ["cu", "moi"])
def test_docxtpl_features_render_as_docxtpl(tmp_path, n_cols, tone):
    template = feature_template(tmp_path)
    fast = PreparedTemplate(template, tone=tone)
    context = {"name": "Đảng ủy A & B\nDòng hai\ftrang sau", "tab": "a\tb",
               "rows": [{"a": f"<{i}>", "b": f'"{i}"'} for i in range(4)],
               "cols": [f"cột {i}" for i in range(n_cols)], "show": n_cols > 1,
               "rich": RichText("đậm", bold=True)}
    for _ in range(2):  # the second render takes the spliced path
        assert_same_package(fast.render_bytes(context),
                            docxtpl_bytes(template, context, tmp_path, tone))


# ---- what the fast path hands to docxtpl ----------------------------------------------

def drop_core_properties(path: Path) -> None:
    data = parts(path.read_bytes())
    del data["docProps/core.xml"]
    for name in ("_rels/.rels", "[Content_Types].xml"):
        root = etree.fromstring(data[name])
        for child in list(root):
            if "core" in (child.get("Target", "") + child.get("PartName", "")):
                root.remove(child)
        data[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, blob in data.items():
            z.writestr(name, blob)


def tag_header(document):
    document.sections[0].header.paragraphs[0].text = "Đầu trang {{ x }}"


def tag_footer(document):
    document.sections[0].footer.paragraphs[0].text = "Chân trang {{ x }}"


def tag_title(document):
    document.core_properties.title = "Tiêu đề {{ x }}"


@pytest.mark.parametrize("edit, reason, skip", [
    (tag_header, "header", frozenset()),
    (tag_footer, "footer", frozenset()),
    (tag_title, "title", frozenset()),
    # Without a core part docxtpl adds one stamped with the render's time.
    (None, "core.xml", frozenset({"docProps/core.xml"})),
])
def test_what_the_fast_path_cannot_serve_goes_to_docxtpl(tmp_path, edit, reason, skip):
    template = make_template(tmp_path, "Thân: {{ x }}", edit=edit)
    if edit is None:
        drop_core_properties(template)
    with pytest.raises(Unsupported, match=reason):
        PreparedTemplate(template)
    renderer = prepare(template)
    assert isinstance(renderer, DocxtplTemplate) and reason in renderer.reason
    context = {"x": "giá trị & <x>"}
    data = renderer.render_bytes(context)
    assert_same_package(data, docxtpl_bytes(template, context, tmp_path), skip=skip)
    if not skip:  # a core part python-docx adds is stamped with the time of the render
        assert data == renderer.render_bytes(context)
    everything = b"".join(parts(data).values()).decode("utf-8", "replace")
    assert "{{" not in everything and "giá trị &amp; &lt;x&gt;" in everything


def test_pictures_in_the_data_go_to_docxtpl(tmp_path):
    template = make_template(tmp_path, "{{ x }}")
    fast = PreparedTemplate(template)
    image = InlineImage(DocxTemplate(str(template)), str(tiny_png(tmp_path / "p.png")))
    with mock.patch.object(DocxtplTemplate, "render_bytes", return_value=b"docxtpl") as slow:
        assert fast.render_bytes({"x": "chữ"}) != b"docxtpl"
        assert fast.render_bytes({"x": {"list": [1, image]}}) == b"docxtpl"
    assert slow.call_count == 1


# ---- bytes, files, errors, the cache ----------------------------------------------------

def test_same_context_same_bytes_across_preparations(contexts):
    template = REPO / "kiemdiem_docs" / "templates" / "quyet-dinh-xep-loai.docx"
    context = contexts_for(template, contexts)[0]
    first = PreparedTemplate(template).render_bytes(context)
    assert first == PreparedTemplate(template).render_bytes(context)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {FIXED_TIME}
    assert docx.Document(io.BytesIO(first)).paragraphs


@pytest.mark.parametrize("tone", ["cu", "moi"])
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_docxtpl_alone_gives_the_prepared_bytes(template, tone, contexts):
    """What the fast path cannot serve goes to docxtpl: the file must not depend on which."""
    for context in (contexts_for(template, contexts)[0],
                    spiced(contexts_for(template, contexts)[-1])):
        assert (DocxtplTemplate(template, tone=tone).render_bytes(context)
                == PreparedTemplate(template, tone=tone).render_bytes(context))


def _render_in_worker(template: Path, context: dict) -> bytes:
    return prepare(template, "moi").render_bytes(context)


def test_worker_processes_give_the_same_bytes(contexts):
    template = REPO / "kiemdiem_docs" / "templates" / "cong-van.docx"
    found = contexts_for(template, contexts)[:4]
    here = [prepare(template, "moi").render_bytes(c) for c in found]
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_render_in_worker, [template] * len(found), found)) == here


def test_render_writes_the_bytes_whole(tmp_path):
    fast = PreparedTemplate(make_template(tmp_path, "{{ x }}"))
    out = tmp_path / "ra" / "van-ban.docx"
    fast.render({"x": "một"}, out)
    assert out.read_bytes() == fast.render_bytes({"x": "một"})
    assert sorted(p.name for p in out.parent.iterdir()) == ["van-ban.docx"]


@pytest.mark.parametrize("line, context, error, match, at_prepare", [
    ("{{ ten_sai }}", {"x": 1}, TemplateError, "ten_sai", False),
    ("{{ x.khong_co }}", {"x": {}}, TemplateError, "khong_co", False),
    ("{{ x ", {}, TemplateError, "thẻ mẫu hỏng", True),
    ("{% for a in b %}", {"b": []}, TemplateError, "thẻ mẫu hỏng", True),
    ("{{ x }}", {"x": None}, RenderError, "None", False),
])
def test_errors_are_render_errors(tmp_path, line, context, error, match, at_prepare):
    template = make_template(tmp_path, line)
    out = tmp_path / "out.docx"
    with pytest.raises(error, match=match) as expected:
        render(template, context, out)
    with pytest.raises(error, match=match) as got:
        prepare(template).render(context, out)
    assert str(got.value) == str(expected.value)
    if at_prepare:  # a broken tag is found once, when the template is prepared
        with pytest.raises(error, match=match):
            PreparedTemplate(template)
    else:
        PreparedTemplate(template)
    assert not out.exists()


def test_prepare_reuses_until_the_template_changes(tmp_path):
    template = make_template(tmp_path, "{{ x }}")
    first = prepare(template)
    assert prepare(template) is first
    assert prepare(template, "moi") is not first
    make_template(tmp_path, "Mới: {{ x }}")
    again = prepare(template)
    assert again is not first
    assert paragraph_texts(again.render_bytes({"x": "a"})) == ["Mới: a"]
