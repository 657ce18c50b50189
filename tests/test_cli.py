"""The command line: exact output, exit codes, and every command in the README."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLE

from kiemdiem_docs.cli import cli
from kiemdiem_docs.roster import write_roster


def run(*args: str):
    return CliRunner().invoke(cli, list(args), obj={})


def small_roster(path, **extra):
    sheets = {
        "ToChuc": [
            {"ma": "001", "ten": "Đảng bộ Công ty Cổ phần Dệt Nam Định", "loai": "Đảng bộ cơ sở",
             "cum": "1", "bi_thu": "Trần Văn Bình"},
            {"ma": "002", "ten": "Chi bộ Trường Cao đẳng Nghề", "loai": "Chi bộ cơ sở",
             "cum": "1", "bi_thu": "Lê Thị Hoa"},
        ],
        "DangVien": [
            {"ma_to_chuc": "001", "ho_ten": "Nguyễn Văn An", "ngay_sinh": dt.date(1980, 1, 2)},
            {"ma_to_chuc": "002", "ho_ten": "Phạm Thị Bích", "ngay_sinh": dt.date(1985, 3, 4)},
        ],
        "CanBo": [{"ho_ten": "Nguyễn Tài Sơn", "chuc_vu": "Phó Bí thư Đảng ủy Khối",
                   "cum_phu_trach": "1"}],
    }
    sheets.update(extra)
    write_roster(path, sheets)
    return path


def documented_commands() -> set[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    return set(re.findall(r"^\s*kiemdiem ([a-z-]+)", readme, re.M))


def test_every_command_is_documented():
    assert set(cli.commands) <= documented_commands()


def test_validate_sample_exits_zero():
    result = run("-w", str(REPO), "validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("0 lỗi, 0 cảnh báo.") or " 0 lỗi" in (
        result.output.splitlines()[-1])


def test_validate_json(tmp_path):
    result = run("validate", "--json", str(SAMPLE))
    data = json.loads(result.output)
    assert data["errors"] == 0 and result.exit_code == 0


def test_validate_reports_place_and_exits_one(tmp_path):
    book = small_roster(tmp_path / "ds.xlsx", DangVien=[
        {"ma_to_chuc": "009", "ho_ten": "Nguyễn Văn An"}])
    result = run("validate", str(book))
    assert result.exit_code == 1
    assert "sheet DangVien, dòng 2, cột Mã tổ chức" in result.output
    assert "009" in result.output


def test_no_workspace_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert result.output.startswith("Error: Không tìm thấy kiemdiem.toml")


def test_init_then_build_then_check(tmp_path):
    ws = tmp_path / "dot"
    result = run("init", str(ws))
    assert result.exit_code == 0, result.output
    assert (ws / "kiemdiem.toml").is_file() and (ws / "templates" / "cong-van.docx").is_file()
    again = run("init", str(ws))
    assert again.exit_code == 1 and "--force" in again.output
    small_roster(ws / "data" / "danh-sach.xlsx")
    built = run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    assert built.exit_code == 0, built.output
    lines = built.output.splitlines()
    assert "Công văn: 2 mới" in lines
    assert ("Bỏ qua Giấy mời: chưa có lịch kiểm điểm (sheet LichKiemDiem trống)."
            in lines)
    assert lines[-1].startswith("Xong: 4 mới, 0 ban hành lại, 0 không đổi,")
    again = run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    assert again.output.splitlines()[-1].startswith("Xong: 0 mới, 0 ban hành lại, 4 không đổi")
    checked = run("-w", str(ws), "check", str(ws / "output"))
    assert checked.exit_code == 0, checked.output
    assert checked.output == "4 tệp, 0 tệp sai thể thức.\n"
    # Superseded revisions below a folder are passed over; a folder named cu itself is not.
    letters = sorted((ws / "output" / "2024" / "cong-van").glob("*.docx"))
    old = ws / "output" / "2024" / "cong-van" / "cu"
    old.mkdir()
    letters[0].rename(old / letters[0].name)
    assert run("check", str(ws / "output")).output == "3 tệp, 0 tệp sai thể thức.\n"
    assert run("check", str(old)).output == "1 tệp, 0 tệp sai thể thức.\n"


def test_check_flags_a_broken_document(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a docx")
    result = run("check", str(bad))
    assert result.exit_code == 1


@pytest.mark.parametrize("kind", ["cong-van", "giay-moi", "thong-bao-lich"])
def test_check_template_accepts_the_builtin(kind):
    from kiemdiem_docs.render import builtin_template

    result = run("check-template", str(builtin_template(f"{kind}.docx")), "--kind", kind)
    assert result.exit_code == 0, result.output
    assert result.output == f"Mẫu {kind}.docx hợp với loại {kind}.\n"
