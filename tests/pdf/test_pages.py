"""Pages as LibreOffice sets them: no row across a page break, no signature alone on a
page, no header line holding one word, a certificate's achievement inside its frame."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, load, make_config
from docx.oxml.ns import qn

from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.roster import write_roster
from kiemdiem_docs.sample import make_rows

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not __import__("os").environ.get("CI"),
    reason="poppler-utils không có trên máy này (CI cài nó)",
)
SIGNATURE_TOPS = ("Nơi nhận", "T/M ", "K/T ", "THƯ KÝ", "CHỦ TRÌ")
ROW_START = re.compile(r"^\s*(\d+|[IVX]+)\s")
LONG_ACHIEVEMENT = ("Đã có thành tích xuất sắc trong công tác xây dựng tổ chức cơ sở đảng "
                    "trong sạch, vững mạnh, lãnh đạo hoàn thành xuất sắc nhiệm vụ chính trị "
                    "năm 2024")


@pytest.fixture(scope="module")
def realistic(tmp_path_factory, pdf_build):
    """A ten-organisation round of another seed, one certificate with a long achievement."""
    tmp = tmp_path_factory.mktemp("realistic")
    rows = make_rows(10, 320, seed=31)
    rows["KhenThuong"].append({"ma_to_chuc": rows["ToChuc"][0]["ma"], "ho_ten": "",
                               "thanh_tich": LONG_ACHIEVEMENT})
    write_roster(tmp / "ds.xlsx", rows)
    cfg = make_config(tmp)
    summary = build(cfg, load(tmp / "ds.xlsx"), today=BUILD_DAY, now=BUILD_TIME,
                    converter=pdf_build[2])
    assert summary.extras.failures == []
    return cfg, summary


def _rounds(pdf_build, realistic):
    return [(pdf_build[0], pdf_build[1]), realistic]


def pages(pdf: Path) -> list[list[str]]:
    """Each page's non-blank lines as pdftotext lays them out, the page number dropped."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    result = []
    for page in out.split("\f")[:-1]:
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        result.append(lines)
    return result


def documents(rounds):
    for _, summary in rounds:
        for r in summary.results:
            yield r, r.path, (r.path).with_suffix(".pdf")


def header_words(path: Path) -> set[str]:
    """The words of every repeated table header row of a document."""
    words: set[str] = set()
    for table in docx.Document(str(path)).tables:
        row = table.rows[0]
        if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


def test_every_row_of_every_table_is_kept_whole(pdf_build, realistic):
    for _r, path, _ in documents(_rounds(pdf_build, realistic)):
        for table in docx.Document(str(path)).tables:
            for i, row in enumerate(table.rows):
                pr = row._tr.trPr
                assert pr is not None and pr.find(qn("w:cantSplit")) is not None, \
                    f"{path.name}: hàng {i + 1} có thể bị ngắt sang trang"


def test_no_table_row_runs_across_a_page_break(pdf_build, realistic):
    checked = 0
    for _r, path, pdf in documents(_rounds(pdf_build, realistic)):
        head = header_words(path)
        if not head:
            continue
        for n, lines in enumerate(pages(pdf)[1:], start=2):
            if not lines or "STT" not in lines[0] and "Số sổ vàng" not in lines[0]:
                continue
            rest = list(lines)
            while rest and not ROW_START.match(rest[0]) and set(rest[0].split()) <= head:
                rest.pop(0)  # the repeated header, one or two lines
            assert rest and ROW_START.match(rest[0]), \
                f"{pdf.name} trang {n}: mở đầu bằng phần đuôi của một hàng: {rest[:1]}"
            checked += 1
    assert checked >= 10, "the rounds must have lists that run onto a second page"


def test_no_page_holds_only_the_signature(pdf_build, realistic):
    for _r, _, pdf in documents(_rounds(pdf_build, realistic)):
        for n, lines in enumerate(pages(pdf)[1:], start=2):
            assert lines, f"{pdf.name}: trang {n} trắng"
            assert not lines[0].strip().startswith(SIGNATURE_TOPS), \
                f"{pdf.name} trang {n}: chỉ có Nơi nhận và chữ ký, tách khỏi nội dung"


def test_no_header_line_holds_a_single_word(pdf_build, realistic):
    seen = 0
    for r, _, pdf in documents(_rounds(pdf_build, realistic)):
        if r.kind == "giay-khen":
            continue
        first = pages(pdf)[0]
        for line in first[:first.index(next(x for x in first if x.strip().startswith("*")))]:
            left = re.split(r"\s{3,}", line.strip())[0]
            if left.isupper():  # the issuing body's lines (the right column is not caps)
                assert len(left.split()) > 1, f"{pdf.name}: dòng tiêu đề một chữ «{left}»"
                seen += 1
    assert seen > 100


def test_titles_and_list_headings_do_not_leave_a_word_alone(pdf_build, realistic):
    for _r, path, _ in documents(_rounds(pdf_build, realistic)):
        for p in docx.Document(str(path)).paragraphs:
            if "\n" in p.text:  # a balanced line: every line at least two words
                assert all(len(line.split()) > 1 for line in p.text.split("\n")), p.text


def test_a_long_achievement_wraps_evenly_inside_the_frame(realistic):
    cfg, summary = realistic
    certs = [r for r in summary.results if r.kind == "giay-khen"]
    pdf = next(r.path for r in certs
               if LONG_ACHIEVEMENT[:40] in "\n".join(
                   p.text for p in docx.Document(str(r.path)).paragraphs
                   + [c.paragraphs[0] for t in docx.Document(str(r.path)).tables
                      for c in t._cells])).with_suffix(".pdf")
    (text,) = pages(pdf)
    start = next(i for i, line in enumerate(text) if "Đã có thành tích" in line)
    lines = [text[start].strip(), text[start + 1].strip()]
    assert " ".join(lines) == LONG_ACHIEVEMENT
    assert all(len(line.split()) > 3 for line in lines)
    assert abs(len(lines[0]) - len(lines[1])) < 0.3 * len(lines[0])
    # Inside the 21 cm box: its left edge well right of the frame's, in the layout's columns.
    width = max(len(line) for line in text)
    assert all(text[start + k].index(lines[k][:5]) > 0.08 * width for k in (0, 1))


def test_the_documents_pass_the_format_check(realistic):
    cfg, summary = realistic
    for r in summary.results:
        assert check_document(r.path) == [], r.path
