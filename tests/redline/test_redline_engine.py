"""The redline engine on documents drawn here: words, paragraphs, rows, long lists."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import docx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from docutil import text  # noqa: E402
from redlineutil import marks, resolved_text  # noqa: E402

from kiemdiem_docs.redline import make_redline  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2024, 11, 22, 15, 30)


def document(paragraphs: list[str], rows: list[list[str]] = ()) -> bytes:
    d = docx.Document()
    for line in paragraphs:
        p = d.add_paragraph()
        head, _, rest = line.partition(":")
        if rest:  # «Điều 1:» bold, as the decisions write it
            p.add_run(head + ":").bold = True
            p.add_run(rest)
        else:
            p.add_run(line)
    if rows:
        table = d.add_table(rows=0, cols=len(rows[0]))
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def redline(tmp_path: Path, old: bytes, new: bytes) -> Path:
    (tmp_path / "old.docx").write_bytes(old)
    (tmp_path / "new.docx").write_bytes(new)
    path = tmp_path / "x.thay-doi.docx"
    path.write_bytes(make_redline(old, new, author="van-thu", when=WHEN).data)
    assert resolved_text(path, True, tmp_path) == text(tmp_path / "new.docx")
    assert resolved_text(path, False, tmp_path) == text(tmp_path / "old.docx")
    return path


def said(path: Path) -> tuple[list[str], list[str]]:
    """The text inserted and deleted, a mark each; a paragraph's own mark (its ¶, marked
    with the paragraph inserted or deleted whole) left out."""
    found = marks(path)
    return tuple(["".join(m.itertext()) for m in found[what]
                  if m.getparent().tag != W + "rPr"] for what in ("ins", "del"))


@pytest.mark.parametrize(("old", "new", "inserted", "deleted"), [
    ("Đồng chí Nguyễn Văn An", "Đồng chí Nguyễn Văn Ân", ["Ân"], ["An"]),
    # Two words side by side are one change, not two split by a space.
    ("Đồng chí Nguyễn Văn An, chi bộ 2", "Đồng chí Nguyễn Thị Ân, chi bộ 2", ["Thị Ân"],
     ["Văn An"]),
    ("Điều 1: có 05 tổ chức", "Điều 1: có 06 tổ chức", ["06"], ["05"]),
    ("Đồng chí An", "Đồng chí An và đồng chí Bình", [" và đồng chí Bình"], []),
])
def test_a_paragraph_changes_by_its_words(tmp_path, old, new, inserted, deleted):
    path = redline(tmp_path, document(["Mở đầu", old, "Kết"]), document(["Mở đầu", new, "Kết"]))
    assert said(path) == (inserted, deleted)


def test_a_changed_word_keeps_its_runs_formatting(tmp_path):
    path = redline(tmp_path, document(["Điều 1: có 05 tổ chức"]),
                   document(["Điều 2: có 05 tổ chức"]))
    (ins,) = marks(path)["ins"]
    assert ins.find(f"{W}r/{W}rPr/{W}b") is not None


def test_a_paragraph_added_and_one_removed_are_whole(tmp_path):
    path = redline(tmp_path, document(["Một", "Hai bỏ đi hẳn", "Ba"]),
                   document(["Một", "Ba", "Bốn thêm vào cuối"]))
    assert said(path) == (["Bốn thêm vào cuối"], ["Hai bỏ đi hẳn"])
    paragraph_marks = [m for what in ("ins", "del") for m in marks(path)[what]
                       if m.getparent().tag == W + "rPr"]
    assert len(paragraph_marks) == 2


def _numbered(names: list[str]) -> list[list[str]]:
    return [["STT", "Họ và tên"]] + [[f"{i:02d}", n] for i, n in enumerate(names, 1)]


NAMES = [f"Người thứ {chr(0x41 + i % 26)}{chr(0x61 + i // 26)}" for i in range(300)]


def test_a_row_added_at_the_top_of_a_long_list_moves_no_row(tmp_path):
    """300 rows, one added first: one inserted row; every other row keeps its content, only
    its running number marked, in its own cell."""
    import zipfile

    from lxml import etree

    path = redline(tmp_path, document(["DANH SÁCH"], _numbered(NAMES)),
                   document(["DANH SÁCH"], _numbered(["Người mới"] + NAMES)))
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = root.findall(f".//{W}tr")
    inserted = [tr for tr in rows if tr.find(f"{W}trPr/{W}ins") is not None]
    assert len(inserted) == 1 and "Người mới" in "".join(inserted[0].itertext())
    assert not [tr for tr in rows if tr.find(f"{W}trPr/{W}del") is not None]
    for tr in rows:
        if tr not in inserted:  # a name never marked: only the number cell
            assert tr.findall(f"{W}tc")[1].find(f".//{W}ins") is None
    assert len(marks(path)["del"]) == 300


def test_a_one_name_correction_in_a_50_row_list_is_two_changes(tmp_path):
    names = NAMES[:50]
    fixed = names[:20] + ["Người được sửa tên"] + names[21:]
    path = redline(tmp_path, document(["DANH SÁCH"], _numbered(names)),
                   document(["DANH SÁCH"], _numbered(fixed)))
    ins, dels = said(path)
    assert (len(ins), len(dels)) == (1, 1)


def test_nothing_changed_is_nothing_marked(tmp_path):
    same = document(["Một", "Hai"], _numbered(NAMES[:5]))
    assert said(redline(tmp_path, same, same)) == ([], [])


def test_the_marks_carry_ids_author_and_date(tmp_path):
    path = redline(tmp_path, document(["Một hai ba", "Bốn"]), document(["Một hai bẩy", "Năm"]))
    found = marks(path)["ins"] + marks(path)["del"]
    # «ba» → «bẩy»; «Bốn» deleted and «Năm» inserted whole, each with its paragraph mark.
    assert len({m.get(W + "id") for m in found}) == len(found) == 6
    assert {(m.get(W + "author"), m.get(W + "date")) for m in found} == {
        ("van-thu", "2024-11-22T15:30:00")}


def test_mark_ids_follow_the_documents_own(tmp_path):
    """A bookmark (Word's _GoBack, a clerk's template) keeps its id; the marks take others."""
    def bookmarked(line: str) -> bytes:
        d = docx.Document()
        p = d.add_paragraph(line)
        start = p._p.makeelement(W + "bookmarkStart", {W + "id": "7", W + "name": "_GoBack"})
        p._p.insert(0, start)
        p._p.append(p._p.makeelement(W + "bookmarkEnd", {W + "id": "7"}))
        d.add_paragraph("Hai")
        out = io.BytesIO()
        d.save(out)
        return out.getvalue()

    path = redline(tmp_path, document(["Một", "Hai ba"]), bookmarked("Một"))
    ids = [int(m.get(W + "id")) for what in ("ins", "del") for m in marks(path)[what]]
    assert ids and min(ids) > 7
