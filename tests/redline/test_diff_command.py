"""`kiemdiem diff KIND KEY [--revision N]`: the fields that changed between two revisions,
and the redline's path; the redline made on demand when the register has none."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

sys.path.insert(0, str(Path(__file__).parent))
from docutil import text  # noqa: E402
from redlineutil import resolved_text  # noqa: E402
from rosters import set_cell  # noqa: E402
from workspaces import make_workspace  # noqa: E402

from kiemdiem_docs.cli import cli  # noqa: E402

pytestmark = pytest.mark.usefixtures("register_sound")
MEMBERS = "quyet-dinh-xep-loai-dang-vien"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), obj={})


@pytest.fixture
def ws(tmp_path):
    """A workspace built three times: 001's member decision at its third revision."""
    ws = make_workspace(tmp_path / "dot")
    built = ("build", "--kind", MEMBERS, "--ngay", "20/11/2024", "--no-pdf")
    assert run("-w", str(ws), *built).exit_code == 0
    set_cell(SAMPLE, ws / "ds.xlsx", "Phan Thị Kim Nga", "Họ và tên", "Phan Thị Kim Ngân")
    assert run("-w", str(ws), *built, "--reason", "Sửa tên").exit_code == 0
    set_cell(ws / "ds.xlsx", ws / "ds.xlsx", "Phan Thị Nhung", "Xếp loại",
             "Hoàn thành nhiệm vụ")
    assert run("-w", str(ws), *built, "--reason", "Sửa xếp loại").exit_code == 0
    return ws


def test_diff_prints_each_changed_field_and_the_redline(ws):
    result = run("-w", str(ws), "diff", MEMBERS, "001", "--revision", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Quyết định xếp loại đảng viên «001», số ")
    assert lines[0].endswith(": lần 1 → lần 2 (Sửa tên)")
    assert [line for line in lines if "→" in line][1:] == [
        "nhom[1].muc[2].ho_ten: «Phan Thị Kim Nga» → «Phan Thị Kim Ngân»"]
    assert "1 chỗ đổi trong dữ liệu." in lines
    path = Path(lines[-1].removeprefix("Bản thể hiện thay đổi: "))
    assert path.is_file() and "/cu/" in str(path) and path.name.endswith(".r2.thay-doi.docx")


def test_diff_defaults_to_the_last_revision(ws):
    result = run("-w", str(ws), "diff", MEMBERS, "001")
    assert result.exit_code == 0, result.output
    assert ": lần 2 → lần 3 (Sửa xếp loại)" in result.output.splitlines()[0]
    assert ("nhom[3].muc[1]: «» → «Chi bộ Khoa Kỹ thuật · Phan Thị Nhung · Hoàn thành nhiệm "
            "vụ»") in result.output.splitlines()
    path = Path(result.output.splitlines()[-1].removeprefix("Bản thể hiện thay đổi: "))
    assert path.parent.name == MEMBERS and path.name.endswith("song-hong.thay-doi.docx")


def test_diff_makes_the_redline_when_the_register_has_none(ws, tmp_path):
    """A re-issue made before redlines existed: made on demand, inside the output folder,
    the same file each time."""
    db = sqlite3.connect(ws / "so-dang-ky.sqlite")
    (old,) = db.execute("SELECT docx FROM redlines WHERE new_id = (SELECT id FROM documents "
                        "WHERE kind = ? AND key = '001' AND revision = 2)", (MEMBERS,)
                        ).fetchone()
    db.execute("DELETE FROM redlines WHERE docx = ?", (old,))
    db.commit()
    db.close()
    (ws / "output" / old).unlink()
    first = run("-w", str(ws), "diff", MEMBERS, "001", "--revision", "2")
    assert first.exit_code == 0, first.output
    path = Path(first.output.splitlines()[-1].removeprefix("Bản thể hiện thay đổi: "))
    assert path.parent == ws / "output" / "2024" / MEMBERS / "thay-doi"
    assert path.name == "001_dang-bo-truong-cao-dang-kinh-te-ky-thuat-song-hong.r1-r2.thay-doi.docx"
    made = path.read_bytes()
    assert run("-w", str(ws), "diff", MEMBERS, "001", "--revision", "2").exit_code == 0
    assert path.read_bytes() == made
    cu = ws / "output" / "2024" / MEMBERS / "cu"
    stem = "001_dang-bo-truong-cao-dang-kinh-te-ky-thuat-song-hong"
    assert resolved_text(path, True, tmp_path) == text(cu / f"{stem}.r2.docx")
    assert resolved_text(path, False, tmp_path) == text(cu / f"{stem}.r1.docx")


@pytest.mark.parametrize(("args", "message"), [
    (("001", "--revision", "1"), "Lỗi: Quyết định xếp loại đảng viên «001» lần 1 là lần ban "
     "hành đầu: không có lần trước để so.\n"),
    (("001", "--revision", "7"), "Lỗi: Quyết định xếp loại đảng viên «001» không có lần ban "
     "hành 7; có các lần: 1, 2, 3.\n"),
    (("999",), "Lỗi: Sổ đăng ký không có quyết định xếp loại đảng viên mã «999». Mã là cột "
     "«Mã» của `kiemdiem register`.\n"),
])
def test_diff_says_what_cannot_be_compared(ws, args, message):
    result = run("-w", str(ws), "diff", MEMBERS, *args)
    assert result.exit_code == 1 and result.output == message


def test_diff_of_an_unknown_kind(ws):
    result = run("-w", str(ws), "diff", "quyet-dinh", "001")
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: Không có loại văn bản «quyet-dinh». Các loại: ")


def test_diff_of_an_altered_file_prints_the_fields_then_says_why_no_redline(ws):
    db = sqlite3.connect(ws / "so-dang-ky.sqlite")
    for (rel,) in db.execute("SELECT docx FROM redlines").fetchall():
        (ws / "output" / rel).unlink()
    db.execute("DELETE FROM redlines")
    db.commit()
    (rel,) = db.execute("SELECT docx FROM documents WHERE kind = ? AND key = '001' AND "
                        "revision = 1", (MEMBERS,)).fetchone()
    db.close()
    target = ws / "output" / rel
    original = target.read_bytes()
    target.write_bytes(b"PK altered")
    result = run("-w", str(ws), "diff", MEMBERS, "001", "--revision", "2")
    target.write_bytes(original)  # the workspace as the invariant expects it
    assert result.exit_code == 1
    assert "«Phan Thị Kim Nga» → «Phan Thị Kim Ngân»" in result.output
    assert result.output.splitlines()[-1].startswith(f"Lỗi: Tệp lần 1 ({rel}) không còn đúng")
