"""Every fault ends with one Vietnamese line saying what happened and what to do, exit 1,
nothing half-written: no traceback, no library's own words alone."""

from __future__ import annotations

import errno
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import register_problems
from test_cli import small_roster

from kiemdiem_docs.cli import cli
from kiemdiem_docs.register import connect


def run(ws: Path, *args: str):
    return CliRunner().invoke(cli, ["-w", str(ws), *args], obj={})


@pytest.fixture
def ws(tmp_path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    small_roster(ws / "ds.xlsx")
    (ws / "kiemdiem.toml").write_text('[tep]\ndanh_sach = "ds.xlsx"\n[pdf]\ntao_pdf = false\n',
                                      encoding="utf-8")
    return ws


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Lỗi: "), result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in last, last


def files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_disk_full_names_the_folder_and_writes_nothing(ws, monkeypatch):
    real = Path.write_bytes

    def full(self, data):
        if self.name.endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = run(ws, "build", "--ngay", "20/11/2024")
    assert_one_line_error(result, "Ổ đĩa chứa", "đã đầy", "còn trống")
    assert not [p for p in (ws / "output").rglob("*") if p.is_file()]


@pytest.mark.parametrize("code, said", [(errno.EROFS, "ổ chỉ đọc"),
                                        (errno.EACCES, "Không có quyền ghi hoặc đọc")])
def test_a_folder_that_refuses_writes(ws, monkeypatch, code, said):
    from kiemdiem_docs import atomic

    def refuse(target):
        raise OSError(code, os.strerror(code), str(target.parent))

    monkeypatch.setattr(atomic, "temp_beside", refuse)
    monkeypatch.setattr("kiemdiem_docs.render.pool.temp_beside", refuse)
    assert_one_line_error(run(ws, "build", "--ngay", "20/11/2024"), said)


def test_a_read_only_register_is_named_and_left_as_it_is(ws, monkeypatch):
    assert run(ws, "build", "--ngay", "20/11/2024").exit_code == 0
    register = ws / "so-dang-ky.sqlite"
    before = register.read_bytes()
    monkeypatch.setattr(connect, "_connect", lambda path: sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, isolation_level=None))
    (ws / "ds.xlsx").unlink()
    small_roster(ws / "ds.xlsx", CanBo=[{"ho_ten": "Trần Văn Sơn", "cum_phu_trach": "1"}])
    result = run(ws, "build", "--ngay", "20/11/2024", "--reason", "Đổi cán bộ")
    assert_one_line_error(result, f"Sổ đăng ký {register}", "chỉ đọc", "Không văn bản nào")
    assert register.read_bytes() == before
    monkeypatch.undo()
    assert register_problems(register, ws / "output") == []


def test_a_damaged_page_is_named_and_left_as_it_is(ws):
    assert run(ws, "build", "--ngay", "20/11/2024").exit_code == 0
    register = ws / "so-dang-ky.sqlite"
    data = bytearray(register.read_bytes())
    page = 4096
    data[page:] = b"\xff" * (len(data) - page)  # every page after the first
    register.write_bytes(bytes(data))
    result = run(ws, "build", "--ngay", "20/11/2024")
    assert_one_line_error(result, f"Sổ đăng ký {register}", "hỏng", "bản sao lưu")
    assert register.read_bytes() == bytes(data)


def test_a_register_without_its_plans_is_only_slower(ws):
    assert run(ws, "build", "--ngay", "20/11/2024").exit_code == 0
    db = sqlite3.connect(ws / "so-dang-ky.sqlite")
    db.execute("DROP TABLE plans")
    db.commit()
    db.close()
    again = run(ws, "build", "--ngay", "20/11/2024")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].startswith("Xong: 0 mới, 0 ban hành lại, 4 không đổi")


def test_an_empty_register_file_is_refused_and_numbering_does_not_restart(ws):
    (ws / "so-dang-ky.sqlite").write_bytes(b"")
    result = run(ws, "build", "--ngay", "20/11/2024")
    assert_one_line_error(result, "là tệp rỗng (0 byte)", "Khôi phục bản sao lưu")
    assert not (ws / "output").exists()


def test_a_template_that_is_not_a_docx(ws):
    (ws / "templates").mkdir()
    (ws / "templates" / "cong-van.docx").write_bytes(b"not a word file")
    result = run(ws, "build", "--ngay", "20/11/2024")
    assert_one_line_error(result, "cong-van.docx", "không mở được như mẫu Word .docx")


def test_a_template_without_its_tags_is_refused_before_anything_is_made(ws):
    import docx

    (ws / "templates").mkdir()
    document = docx.Document()
    document.add_paragraph("Công văn không có biến nào")
    document.save(ws / "templates" / "cong-van.docx")
    result = run(ws, "build", "--ngay", "20/11/2024")
    assert_one_line_error(result, "không dùng được cho công văn",
                          "kiemdiem check-template")
    assert not (ws / "output").exists() or not list((ws / "output").rglob("*.docx"))


def test_reissue_needs_a_reason(ws):
    assert run(ws, "build", "--ngay", "20/11/2024").exit_code == 0
    assert_one_line_error(run(ws, "reissue", "cong-van", "001", "--reason", "  "),
                          "Cần ghi lý do ban hành lại")


def test_exporting_the_book_to_a_folder_that_does_not_exist(ws, tmp_path):
    assert run(ws, "build", "--ngay", "20/11/2024").exit_code == 0
    target = tmp_path / "no" / "such" / "book.xlsx"
    assert_one_line_error(run(ws, "register", "--xlsx", str(target)),
                          f"Không có thư mục {target.parent}")
    assert not (tmp_path / "no").exists()


def test_a_broken_workbook_is_described_in_vietnamese(ws):
    with zipfile.ZipFile(ws / "ds.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", "<not a workbook")
        z.writestr("[Content_Types].xml", "<Types/>")
    result = run(ws, "validate")
    assert_one_line_error(result, "Không đọc được sổ «ds.xlsx»", "Mở sổ bằng Excel rồi lưu lại")


def test_a_killed_conversion_leaves_no_copies_of_documents_behind(tmp_path, monkeypatch):
    import tempfile

    from kiemdiem_docs.pdf.base import work_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / "kiemdiem-pdf-999999999-abc"  # no process has this number
    dead.mkdir()
    (dead / "001_cong-van.docx").write_bytes(b"a copy")
    mine = tmp_path / f"kiemdiem-pdf-{os.getpid()}-old"
    mine.mkdir()
    with work_folder("pdf") as folder:
        assert Path(folder).name.startswith(f"kiemdiem-pdf-{os.getpid()}-")
    assert not dead.exists() and mine.exists()
