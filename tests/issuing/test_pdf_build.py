"""The sample round as PDF: every document converted, faithful, in bundles and packs."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME
from docx.oxml.ns import qn
from pypdf import PdfReader

from kiemdiem_docs import vn
from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import UNCHANGED
from kiemdiem_docs.pdf import find_soffice
from kiemdiem_docs.register import open_register

pytestmark = pytest.mark.skipif(
    find_soffice() is None and not __import__("os").environ.get("CI"),
    reason="LibreOffice không có trên máy này (CI cài nó)",
)
FONTS = {"TimesNewRoman", "LiberationSerif"}


def words(text: str) -> str:
    return " ".join(vn.nfc(text).split())


def body_paragraphs(path) -> list[str]:
    """The text of every paragraph of the body once: a cell merged down a table's rows
    (the minutes' two header rows) is read once, as a PDF prints it on a page."""
    body = docx.Document(str(path)).element.body
    # A balanced line's break stands where a space was.
    return ["".join(t.text or "" if t.tag == qn("w:t") else " "
                    for t in p.iter(qn("w:t"), qn("w:br"))) for p in body.iter(qn("w:p"))]


def test_every_document_has_its_pdf(pdf_build):
    cfg, summary, _ = pdf_build
    assert summary.extras.failures == []
    assert summary.extras.pdfs == len(summary.results)
    register = open_register(cfg.so_dang_ky)
    for entry in register.all_current():
        assert entry.pdf and (cfg.dau_ra / entry.pdf).is_file()
    register.close()


def test_pdf_text_matches_the_docx_and_fonts_are_serif(pdf_build):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils không có")
    _, summary, _ = pdf_build
    seen = set()
    for r in summary.results:
        if r.kind in seen:
            continue
        seen.add(r.kind)
        pdf = r.path.with_suffix(".pdf")
        extracted = words(re.sub(r"-{3,}", " ", subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        ).split()
        expected = words(" ".join(body_paragraphs(r.path))).split()
        # Every word, as often as the .docx has it; the order of table cells and of page
        # numbers at page breaks is the PDF's own.
        # pdftotext glues the short rule "-----" under a title to the next word: drop rules.
        missing = Counter(w for w in expected if set(w) != {"-"}) - Counter(extracted)
        assert not missing, (r.kind, list(missing.items())[:5])
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        names = {re.sub(r"^[A-Z]{6}\+", "", f.split()[0]).split("-")[0] for f in fonts}
        assert names and names <= FONTS, (r.kind, names)


def test_a_decision_with_its_list_has_at_least_two_pages(pdf_build):
    _, summary, _ = pdf_build
    decisions = [r for r in summary.results if r.kind.startswith("quyet-dinh")]
    assert decisions
    for r in decisions:
        assert len(PdfReader(r.path.with_suffix(".pdf")).pages) >= 2, r.path.name


def test_bundles_and_packs(pdf_build):
    cfg, summary, _ = pdf_build
    year = cfg.dau_ra / str(cfg.nam)
    kinds = {r.kind for r in summary.results}
    assert {p.name for p in (year / "in").iterdir()} == {f"{k}.pdf" for k in kinds}
    for kind in kinds:
        pages = sum(len(PdfReader(r.path.with_suffix(".pdf")).pages)
                    for r in summary.results if r.kind == kind)
        assert len(PdfReader(year / "in" / f"{kind}.pdf").pages) == pages
    orgs = {r.path.name.split("_")[0] for r in summary.results if r.kind == "cong-van"}
    packs = {p.stem for p in (year / "to-chuc").glob("*.zip")}
    assert packs == orgs
    code = sorted(orgs)[0]
    names = zipfile.ZipFile(year / "to-chuc" / f"{code}.zip").namelist()
    assert any(n.startswith("cong-van/") and n.endswith(".pdf") for n in names)
    assert any(n.startswith("thong-bao-lich/") for n in names)


def test_a_second_build_converts_nothing(pdf_build, sample_roster):
    cfg, _, converter = pdf_build
    year = cfg.dau_ra / str(cfg.nam)
    before = {p: p.stat().st_mtime_ns for p in year.rglob("*") if p.is_file()}
    again = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME, converter=converter)
    assert {r.status for r in again.results} == {UNCHANGED}
    assert again.extras.pdfs == 0 and not again.extras.bundles and not again.extras.packs
    assert {p: p.stat().st_mtime_ns for p in year.rglob("*") if p.is_file()} == before
