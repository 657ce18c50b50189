"""Every re-issue comes with its redline: Accept All gives the new revision, Reject All the
old one, and only what changed is marked."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import BUILD_DAY, SAMPLE, load, make_config

sys.path.insert(0, str(Path(__file__).parent))
from docutil import text  # noqa: E402
from redlineutil import marks, resolved_text  # noqa: E402
from rosters import add_member, remove_member, set_cell  # noqa: E402

from kiemdiem_docs.api import build  # noqa: E402
from kiemdiem_docs.check import check_document  # noqa: E402
from kiemdiem_docs.issuing import REISSUED, Request, report  # noqa: E402
from kiemdiem_docs.register import open_register  # noqa: E402

pytestmark = pytest.mark.usefixtures("register_sound")
MEMBERS = "quyet-dinh-xep-loai-dang-vien"
FIRST = dt.datetime(2024, 11, 20, 9, 0)
AGAIN = dt.datetime(2024, 11, 22, 15, 30)


def _build(cfg, workbook, now, request=None):
    return build(cfg, load(workbook), today=BUILD_DAY, now=now,
                 request=request or Request(reason="Sửa sổ danh sách", user="van-thu"))


def _redline(cfg, kind, key):
    """(the redline row, the revision it shows, the one it supersedes)."""
    with open_register(cfg.so_dang_ky) as register:
        new = register.current(kind, key)
        red = register.redline_of(new.id)
        old = register.get(red.old_id) if red else None
    return red, new, old


def assert_exact(cfg, kind, key, tmp_path):
    """The redline of the document's last re-issue: accepted, the new revision's text;
    rejected, the old one's; it passes `kiemdiem check` as the new one does."""
    red, new, old = _redline(cfg, kind, key)
    assert red is not None, f"no redline for {kind} {key}"
    path = cfg.dau_ra / red.docx
    assert path.name == Path(new.docx).stem + ".thay-doi.docx"
    assert path.parent == (cfg.dau_ra / new.docx).parent
    assert red.new_id == new.id and red.old_id == old.id and old.revision == new.revision - 1
    assert resolved_text(path, True, tmp_path) == text(cfg.dau_ra / new.docx)
    assert resolved_text(path, False, tmp_path) == text(cfg.dau_ra / old.docx)
    assert text(cfg.dau_ra / new.docx) != text(cfg.dau_ra / old.docx)
    assert check_document(path, cfg.format) == []
    return path


def _corrected(tmp_path, edit):
    """The sample built, then built again with ``edit(src, dst)`` made to its workbook:
    (the settings, the second build's summary)."""
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    fixed = tmp_path / "fixed.xlsx"
    edit(SAMPLE, fixed)
    return cfg, _build(cfg, fixed, AGAIN)


def _renamed(src, dst):
    set_cell(src, dst, "Phan Thị Kim Nga", "Họ và tên", "Phan Thị Kim Ngân")


def _fields(path):
    found = marks(path)
    return found["ins"], found["del"]


def test_a_corrected_name_is_one_deletion_and_one_insertion(tmp_path):
    cfg, summary = _corrected(tmp_path, _renamed)
    assert (MEMBERS, "001") in {(r.kind, r.key) for r in summary.results
                                if r.status == REISSUED}
    assert summary.redlines == summary.count(REISSUED) and not summary.notes
    assert (f"Bản thể hiện thay đổi cho người ký: {summary.redlines} tệp .thay-doi.docx cạnh "
            "văn bản ban hành lại.") in report(summary, cfg.dau_ra)
    path = assert_exact(cfg, MEMBERS, "001", tmp_path)
    ins, dels = _fields(path)
    assert len(ins) == len(dels) == 1
    assert "".join(dels[0].itertext()) == "Nga" and "".join(ins[0].itertext()) == "Ngân"
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for m in ins + dels:  # who and when: the user who ran it, at the re-issue
        assert m.get(W + "author") == "van-thu"
        assert m.get(W + "date") == "2024-11-22T15:30:00"
    assert len({m.get(W + "id") for m in ins + dels}) == 2
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
    assert "– bản thể hiện thay đổi</dc:title>" in core and "van-thu" in core


def test_a_changed_grade(tmp_path):
    cfg, _ = _corrected(tmp_path, lambda src, dst: set_cell(
        src, dst, "Phan Thị Nhung", "Xếp loại", "Hoàn thành nhiệm vụ"))
    path = assert_exact(cfg, MEMBERS, "001", tmp_path)
    ins, dels = _fields(path)
    assert ins and dels  # the row moved to another level, the counts of Điều 1 changed


def test_a_row_added_to_a_list_is_an_inserted_row(tmp_path):
    cfg, _ = _corrected(tmp_path, lambda src, dst: add_member(
        src, dst, "Phan Thị Nhung", "Lê Thị Bích Ngọc", dt.datetime(1990, 5, 4)))
    path = assert_exact(cfg, MEMBERS, "001", tmp_path)
    rows = _rows(path, "ins")
    assert [r for r in rows if "Lê Thị Bích Ngọc" in r] == rows and len(rows) == 1


def test_a_row_removed_from_a_list_is_a_deleted_row(tmp_path):
    cfg, _ = _corrected(tmp_path, lambda src, dst: remove_member(src, dst, "Phan Thị Nhung"))
    path = assert_exact(cfg, MEMBERS, "001", tmp_path)
    rows = _rows(path, "del")
    assert len(rows) == 1 and "Phan Thị Nhung" in rows[0]
    assert _rows(path, "ins") == []


def _rows(path, what):
    """The text of every table row marked inserted (or deleted) whole."""
    from lxml import etree

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text or "" for t in tr.iter(W + "t", W + "delText"))
            for tr in root.iter(W + "tr") if tr.find(f"{W}trPr/{W}{what}") is not None]


def test_a_replaced_number(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    before = _redline(cfg, "cong-van", "001")[1]
    _build(cfg, SAMPLE, AGAIN, Request.reissue("cong-van", "001", "Thay thế",
                                               new_number=True))
    path = assert_exact(cfg, "cong-van", "001", tmp_path)
    after = _redline(cfg, "cong-van", "001")[1]
    assert after.number != before.number
    dels = ["".join(d.itertext()) for d in _fields(path)[1]]
    assert f"{before.number}" in "".join(dels)


def test_a_one_name_correction_in_a_50_row_list_is_two_changes(tmp_path):
    cfg = make_config(tmp_path)
    fifty = tmp_path / "fifty.xlsx"
    # 002 has 49 members: one more makes its list fifty rows.
    add_member(SAMPLE, fifty, "Trần Văn Hải", "Lê Thị Bích Ngọc", dt.datetime(1990, 5, 4))
    _build(cfg, fifty, FIRST)
    listed = _listed(cfg, "002")
    assert len(listed) == 50
    fixed = tmp_path / "fixed.xlsx"
    set_cell(fifty, fixed, "Trần Văn Hải", "Họ và tên", "Trần Văn Hài")
    _build(cfg, fixed, AGAIN)
    assert len(_listed(cfg, "002")) == 50
    path = assert_exact(cfg, MEMBERS, "002", tmp_path)
    ins, dels = _fields(path)
    assert (len(ins), len(dels)) == (1, 1)
    assert ("".join(dels[0].itertext()), "".join(ins[0].itertext())) == ("Hải", "Hài")


def _listed(cfg, org):
    """The numbered rows of an organisation's member list (STT | name | …)."""
    import re

    from docutil import text_lines

    _, new, _ = _redline(cfg, MEMBERS, org)
    return [line for line in text_lines(cfg.dau_ra / new.docx) if re.match(r"\d+ \|", line)]


def test_a_third_revision_moves_the_second_ones_redline_to_cu(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    second, third = tmp_path / "second.xlsx", tmp_path / "third.xlsx"
    set_cell(SAMPLE, second, "Phan Thị Kim Nga", "Họ và tên", "Phan Thị Kim Ngân")
    set_cell(second, third, "Nguyễn Công Ân", "Họ và tên", "Nguyễn Công Ấn")
    _build(cfg, second, AGAIN)
    red2, r2, _ = _redline(cfg, MEMBERS, "001")
    kept = (cfg.dau_ra / red2.docx).read_bytes()
    _build(cfg, third, AGAIN + dt.timedelta(days=1))
    red3, r3, old = _redline(cfg, MEMBERS, "001")
    assert (r3.revision, old.id) == (3, r2.id)
    assert red3.docx == red2.docx  # the place beside the document, taken by the new one
    with open_register(cfg.so_dang_ky) as register:
        moved = register.redline_of(r2.id)
        archived = register.get(r2.id)
    assert moved.docx == archived.docx.replace(".docx", ".thay-doi.docx")
    assert "/cu/" in moved.docx and moved.docx.endswith(".r2.thay-doi.docx")
    assert (cfg.dau_ra / moved.docx).read_bytes() == kept  # moved, never written again
    path = assert_exact(cfg, MEMBERS, "001", tmp_path)
    ins, dels = _fields(path)  # only the third correction
    assert [("".join(d.itertext()), "".join(i.itertext()))
            for d, i in zip(dels, ins, strict=True)] == [("Ân", "Ấn")]
    assert resolved_text(cfg.dau_ra / moved.docx, True, tmp_path) == text(cfg.dau_ra /
                                                                          archived.docx)


def test_packs_do_not_carry_the_redline(tmp_path):
    cfg, _ = _corrected(tmp_path, _renamed)
    assert list(cfg.dau_ra.rglob("*.thay-doi.docx"))
    with zipfile.ZipFile(cfg.dau_ra / "2024" / "to-chuc" / "001.zip") as z:
        names = z.namelist()
    assert any(n.startswith(MEMBERS) for n in names)
    assert not [n for n in names if "thay-doi" in n]


def test_a_withdrawn_document_takes_its_redline_to_cu(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    fixed, gone = tmp_path / "fixed.xlsx", tmp_path / "gone.xlsx"
    set_cell(SAMPLE, fixed, "Đỗ Phương Anh", "Họ và tên", "Đỗ Phương Ánh")
    _build(cfg, fixed, AGAIN)
    red, certificate, _ = _redline(cfg, "giay-khen", "dv-the-29462052-5nam")
    assert red is not None
    set_cell(fixed, gone, "Đỗ Phương Ánh", "HTXSNV 5 năm liền", "Không")
    _build(cfg, gone, AGAIN + dt.timedelta(days=1))
    with open_register(cfg.so_dang_ky) as register:
        moved = register.redline_of(certificate.id)
        assert register.get(certificate.id).status == "withdrawn"
    assert "/cu/" in moved.docx and (cfg.dau_ra / moved.docx).is_file()
    assert not (cfg.dau_ra / red.docx).exists()


def test_a_redline_move_refused_after_the_commit_is_finished_by_the_next_command(
        tmp_path, monkeypatch):
    import os

    from kiemdiem_docs.book import verify_book
    from kiemdiem_docs.errors import RegisterError
    from kiemdiem_docs.register import journal

    cfg, _ = _corrected(tmp_path, _renamed)
    red2, r2, _ = _redline(cfg, MEMBERS, "001")
    kept = (cfg.dau_ra / red2.docx).read_bytes()
    third = tmp_path / "third.xlsx"
    set_cell(tmp_path / "fixed.xlsx", third, "Nguyễn Công Ân", "Họ và tên", "Nguyễn Công Ấn")
    real = os.replace

    def refuse_redlines(src, dst):
        if ".thay-doi" in str(dst):
            raise PermissionError(13, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(journal.os, "replace", refuse_redlines)
    with pytest.raises(RegisterError, match="chưa chuyển được"):
        _build(cfg, third, AGAIN + dt.timedelta(days=1))
    monkeypatch.setattr(journal.os, "replace", real)
    assert verify_book(cfg) == []  # the command took the workspace: the moves finished
    with open_register(cfg.so_dang_ky) as register:
        moved = register.redline_of(r2.id)
    assert (cfg.dau_ra / moved.docx).read_bytes() == kept
    assert_exact(cfg, MEMBERS, "001", tmp_path)


def test_every_kinds_redline_is_exact(tmp_path):
    """A change every document shows (the place in the date line), a name and a grade at
    once: each re-issued document's redline, of every kind, accepted gives it, rejected
    gives the revision before, and passes `kiemdiem check`."""
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    fixed, graded = tmp_path / "fixed.xlsx", tmp_path / "graded.xlsx"
    _renamed(SAMPLE, fixed)
    set_cell(fixed, graded, "Trần Văn Hải", "Xếp loại", "Hoàn thành tốt nhiệm vụ")
    moved = make_config(tmp_path, co_quan={"dia_danh": "Ninh Bình"})
    summary = _build(moved, graded, AGAIN)
    reissued = {(r.kind, r.key) for r in summary.results if r.status == REISSUED}
    assert {kind for kind, _ in reissued} >= {"cong-van", "giay-moi", "thong-bao-lich",
                                              "bien-ban", MEMBERS, "quyet-dinh-xep-loai",
                                              "quyet-dinh-khen-thuong", "giay-khen"}
    assert summary.redlines == len(reissued) and not summary.notes
    for kind, key in sorted(reissued):
        assert_exact(moved, kind, key, tmp_path)


def test_a_superseded_file_altered_by_hand_gets_no_redline_and_says_so(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE, FIRST)
    _, current, _ = _redline(cfg, MEMBERS, "001")
    live = cfg.dau_ra / current.docx
    original = live.read_bytes()
    live.write_bytes(original + b"\0")  # opened and saved by hand
    fixed = tmp_path / "fixed.xlsx"
    _renamed(SAMPLE, fixed)
    summary = _build(cfg, fixed, AGAIN)
    assert (MEMBERS, "001") in {(r.kind, r.key) for r in summary.results
                                if r.status == REISSUED}
    assert summary.notes == [f"Không làm được bản thể hiện thay đổi của {MEMBERS} «001»: tệp "
                             f"lần 1 ({current.docx}) không còn đúng bản đã đăng ký."]
    assert summary.notes[0] in report(summary, cfg.dau_ra)
    assert _redline(cfg, MEMBERS, "001")[0] is None
    with open_register(cfg.so_dang_ky) as register:
        archived = register.get(current.id)
    (cfg.dau_ra / archived.docx).write_bytes(original)  # as registered, for the invariant
