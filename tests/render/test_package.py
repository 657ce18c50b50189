"""What a generated .docx holds: only the parts it uses, consistently related and typed,
and properties that say what the document is (number, trích yếu, issuing body, date)."""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, make_config
from docutil import text_lines
from lxml import etree

from kiemdiem_docs import __version__, kinds, pdf, vn
from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.ooxml import Properties, app_version, clean_package, read_parts, write_parts
from kiemdiem_docs.render import BUILTIN, PreparedTemplate

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
EXT = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
UNUSED = ("word/stylesWithEffects.xml", "customXml/", "docProps/thumbnail", "word/webSettings",
          "word/numbering.xml")
NAMES = {"CV": "Công văn", "GM": "Giấy mời", "TB": "Thông báo", "BB": "Biên bản", "BC": "Báo cáo",
         "QĐ": "Quyết định"}
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def package_problems(data: bytes) -> list[str]:
    """What would make Word offer to repair the package: a relationship to a missing part,
    a part without a content type, a content type for a part that is not there."""
    parts = read_parts(data)
    problems = []
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {e.get("PartName")[1:] for e in types if e.tag == CT + "Override"}
    defaults = {e.get("Extension").lower() for e in types if e.tag == CT + "Default"}
    problems += [f"override without part: {n}" for n in sorted(overrides - set(parts))]
    for name in parts:
        if name != "[Content_Types].xml" and name not in overrides \
                and name.rpartition(".")[2].lower() not in defaults:
            problems.append(f"no content type: {name}")
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        for rel in etree.fromstring(parts[name]).iter(REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = target[1:] if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            if path not in parts:
                problems.append(f"{name} -> missing {path}")
    if next(iter(parts)) != "[Content_Types].xml":
        problems.append("[Content_Types].xml is not the first entry")
    return problems


def one_of_each(summary) -> dict[str, Path]:
    out = {}
    for r in summary.results:
        out.setdefault(r.kind, r.path)
    return out


def test_every_kind_holds_only_the_parts_it_uses(sample_build):
    _, summary = sample_build
    documents = one_of_each(summary)
    assert set(documents) == set(kinds.keys())
    for kind, path in documents.items():
        data = path.read_bytes()
        names = read_parts(data)
        assert not [n for n in names if n.startswith(UNUSED)], kind
        assert {"word/document.xml", "word/styles.xml", "word/settings.xml",
                "word/fontTable.xml", "docProps/core.xml", "docProps/app.xml"} <= set(names)
        assert package_problems(data) == [], kind
        # Was 29 KB with python-docx's leftovers; a drawn picture (the report's chart) aside.
        drawn = sum(len(b) for n, b in names.items() if n.startswith("word/media/"))
        assert len(data) - drawn < 16_000, (kind, len(data), drawn)


def test_properties_say_what_the_document_is(sample_build):
    cfg, summary = sample_build
    body = cfg.co_quan["ten"]
    for kind_key, path in one_of_each(summary).items():
        kind = kinds.get(kind_key)
        lines = [" ".join(line.split()) for line in text_lines(path)]
        text = "\n".join(lines)
        props = docx.Document(str(path)).core_properties
        number = re.search(r"Số (\d+)-([^/\s]+)/(\S+)", text)
        if not kind.own_number:
            assert props.title.startswith(f"{kind.title} – "), props.title
        elif number:
            assert props.title == f"{NAMES[kind.symbol]} s{number.group(0)[1:]}", props.title
        else:
            assert props.title.startswith(f"{NAMES[kind.symbol]} – "), props.title
        if kind_key == "cong-van":
            assert props.subject.startswith("V/v ") and props.subject in text
        elif kind.own_number:
            title = next(i for i, line in enumerate(lines) if line == vn.upper(
                NAMES[kind.symbol]))
            assert props.subject == lines[title + 1], kind_key
        else:
            assert props.subject == "", kind_key
        if kind.issuer == kinds.KHOI:
            assert props.author == body
        else:
            assert props.author != body and vn.upper(props.author) in text, props.author
        assert props.last_modified_by == "kiemdiem-docs"
        day = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", text)
        if day and (number or not kind.own_number):
            issued = dt.date(int(day[3]), int(day[2]), int(day[1]))
            for stamp in (props.created, props.modified):
                assert stamp.astimezone(VIETNAM) == dt.datetime.combine(
                    issued, dt.time(0), VIETNAM), kind_key
        else:  # not numbered yet: no date of issue to tell
            assert props.created is None and props.modified is None, kind_key
        app = etree.fromstring(read_parts(path.read_bytes())["docProps/app.xml"])
        assert app.findtext(EXT + "Application") == "kiemdiem-docs"
        assert app.findtext(EXT + "AppVersion") == app_version()
        assert app.findtext(EXT + "Company") == body
        for count in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "Template",
                      "TotalTime"):
            assert app.find(EXT + count) is None, count


def test_app_version_is_the_package_version_as_xx_yyyy():
    major, minor, patch = (int(n) for n in __version__.split(".")[:3])
    assert app_version() == f"{major:02d}.{minor:02d}{patch:02d}"
    assert re.fullmatch(r"\d\d\.\d{4}", app_version())


def test_the_built_in_templates_are_clean():
    for template in sorted(BUILTIN.glob("*.docx")):
        data = template.read_bytes()
        assert clean_package(data) == data, template.name  # nothing left to drop
        assert not [n for n in read_parts(data) if n.startswith(UNUSED)], template.name
        app = etree.fromstring(read_parts(data)["docProps/app.xml"])
        assert app.findtext(EXT + "Application") == "kiemdiem-docs"
        assert app.find(EXT + "Pages") is None and app.find(EXT + "AppVersion") is None


# ---- a clerk's own template ---------------------------------------------------------

STORE = "{6E3E1F1C-0B4A-4D55-9E4B-5C3D0A1B2C3D}"


def word_made(template: Path, *, bound: bool) -> None:
    """``template`` as Word would save a clerk's edit: a preview picture, web settings, a
    datastore item (bound to a content control in the body when ``bound``), Word's
    app.xml with its counts and a core.xml about the template."""
    src = docx.Document(str(BUILTIN / "cong-van.docx"))
    if bound:
        sdt = etree.fromstring(
            '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:sdtPr><w:dataBinding w:xpath="/r/a" w:storeItemID="{STORE}"/></w:sdtPr>'
            '<w:sdtContent><w:p><w:r><w:t>Gắn dữ liệu</w:t></w:r></w:p></w:sdtContent></w:sdt>')
        src.element.body.insert(0, sdt)
    src.core_properties.title = "Mẫu công văn của văn phòng"
    buffer = io.BytesIO()
    src.save(buffer)
    parts = read_parts(buffer.getvalue())
    parts["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff\xe0 not really a picture"
    parts["word/webSettings.xml"] = (
        b'<w:webSettings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:optimizeForBrowser/></w:webSettings>")
    parts["customXml/item1.xml"] = b"<r><a>BOUND-VALUE-2024</a></r>"
    parts["customXml/itemProps1.xml"] = (
        b'<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'customXml" ds:itemID="' + STORE.lower().encode() + b'"/>')
    parts["customXml/_rels/item1.xml.rels"] = _rels(
        ("rId1", "customXmlProps", "itemProps1.xml"))
    parts["docProps/app.xml"] = (
        f'<Properties xmlns="{EXT[1:-1]}"><Application>Microsoft Office Word</Application>'
        "<Pages>3</Pages><Words>412</Words><TotalTime>95</TotalTime></Properties>").encode()
    for name, extra in (("_rels/.rels", ("rId9", "thumbnail", "docProps/thumbnail.jpeg")),
                        ("word/_rels/document.xml.rels", ("rId90", "webSettings",
                                                          "webSettings.xml")),
                        ("word/_rels/document.xml.rels", ("rId91", "customXml",
                                                          "../customXml/item1.xml"))):
        root = etree.fromstring(parts[name])
        rid, kind, target = extra
        base = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                if kind == "thumbnail" else
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/")
        etree.SubElement(root, REL, Id=rid, Type=base + kind, Target=target)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, CT + "Default", Extension="jpeg", ContentType="image/jpeg")
    for part, content in (("/word/webSettings.xml", "wordprocessingml.webSettings+xml"),
                          ("/customXml/itemProps1.xml", "customXmlProperties+xml")):
        etree.SubElement(types, CT + "Override", PartName=part,
                         ContentType="application/vnd.openxmlformats-officedocument." + content)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    assert package_problems(write_parts(parts)) == []
    template.write_bytes(write_parts(parts))


def _rels(*rels: tuple[str, str, str]) -> bytes:
    root = etree.Element(REL.replace("Relationship", "Relationships"))
    for rid, kind, target in rels:
        etree.SubElement(root, REL, Id=rid, Target=target,
                         Type="http://schemas.openxmlformats.org/officeDocument/2006/"
                              "relationships/" + kind)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("bound", [False, True])
def test_a_clerks_template_is_cleaned_and_its_documents_tell_the_truth(tmp_path, sample_roster,
                                                                       bound):
    cfg = make_config(tmp_path)
    (tmp_path / "templates").mkdir()
    word_made(tmp_path / "templates" / "cong-van.docx", bound=bound)
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"cong-van"})))
    path = summary.results[0].path
    data = path.read_bytes()
    names = set(read_parts(data))
    assert package_problems(data) == []
    assert not names & {"docProps/thumbnail.jpeg", "word/webSettings.xml"}
    # The clerk's data store stays when a content control is bound to it, else it goes.
    store = {"customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"}
    assert (store <= names) if bound else not (store & names)
    props = docx.Document(str(path)).core_properties
    assert re.fullmatch(r"Công văn số \d+-CV/ĐUK", props.title)
    assert props.author == cfg.co_quan["ten"] and props.subject.startswith("V/v ")
    app = etree.fromstring(read_parts(data)["docProps/app.xml"])
    assert app.findtext(EXT + "Application") == "kiemdiem-docs"
    assert app.find(EXT + "Pages") is None and app.find(EXT + "Words") is None


def test_a_template_without_property_parts_gets_them(tmp_path):
    document = docx.Document()
    document.add_paragraph("{{ x }}")
    buffer = io.BytesIO()
    document.save(buffer)
    parts = read_parts(buffer.getvalue())
    del parts["docProps/app.xml"]
    rels = etree.fromstring(parts["_rels/.rels"])
    for rel in list(rels):
        if rel.get("Target") == "docProps/app.xml":
            rels.remove(rel)
    parts["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    types = etree.fromstring(parts["[Content_Types].xml"])
    for entry in list(types):
        if entry.get("PartName") == "/docProps/app.xml":
            types.remove(entry)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8")
    template = tmp_path / "t.docx"
    template.write_bytes(write_parts(parts))
    props = Properties(title="Tiêu đề", subject="Trích & yếu", creator="Cơ quan <A>",
                       company="Khối", issued=dt.date(2024, 12, 2))
    data = PreparedTemplate(template).render_bytes({"x": "y"}, properties=props)
    assert package_problems(data) == []
    core = docx.Document(io.BytesIO(data)).core_properties
    assert (core.title, core.subject, core.author) == ("Tiêu đề", "Trích & yếu", "Cơ quan <A>")
    assert read_parts(data)["docProps/app.xml"].count(b"<Application>kiemdiem-docs<") == 1


SOFFICE = pdf.find_soffice()


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                    reason="LibreOffice không có trên máy này (CI cài nó; ở đây bỏ qua)")
def test_libreoffice_converts_a_cleaned_clerks_document(tmp_path, sample_roster):
    assert SOFFICE, "CI must have LibreOffice: .ci/run installs libreoffice-writer-nogui"
    cfg = make_config(tmp_path)
    (tmp_path / "templates").mkdir()
    word_made(tmp_path / "templates" / "cong-van.docx", bound=True)
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"cong-van"}), only="001"))
    document = summary.results[0].path
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(document)], check=True, capture_output=True, timeout=300)
    converted = tmp_path / (document.stem + ".pdf")
    assert converted.is_file() and converted.stat().st_size > 1000
    if shutil.which("pdftotext"):
        words = " ".join(vn.nfc(subprocess.run(["pdftotext", str(converted), "-"], check=True,
                                               capture_output=True, text=True).stdout).split())
        # LibreOffice shows the bound control's value from the kept data store.
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in words and "BOUND-VALUE-2024" in words
