"""Nothing is written outside the workspace's output folder, whatever the workbook holds or
the output folder links to."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, load, make_config
from workspaces import make_workspace

from kiemdiem_docs.api import build
from kiemdiem_docs.cli import cli
from kiemdiem_docs.errors import WorkspaceError
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.roster import write_roster


def _tree(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


@pytest.mark.parametrize("code", ["../../../../pwned", "/tmp/pwned-abs", "..\\..\\pwned"])
def test_a_code_that_climbs_out_is_refused_before_anything_is_written(tmp_path, code):
    ws = tmp_path / "deep" / "ws"
    ws.mkdir(parents=True)
    write_roster(ws / "ds.xlsx", {
        "ToChuc": [{"ma": code, "ten": "Chi bộ Trường Nghề", "loai": "Chi bộ cơ sở"}],
        "DangVien": [{"ma_to_chuc": code, "ho_ten": "Nguyễn Văn An"}]})
    (ws / "kiemdiem.toml").write_text('[tep]\ndanh_sach = "ds.xlsx"\n', encoding="utf-8")
    before = _tree(tmp_path) | _tree(Path("/tmp/pwned-abs").parent)
    result = CliRunner().invoke(cli, ["-w", str(ws), "build", "--no-pdf"], obj={})
    assert result.exit_code == 1
    assert "sheet ToChuc, dòng 2, cột Mã" in result.output
    assert not Path("/tmp/pwned-abs.zip").exists()
    assert _tree(tmp_path) - before <= {ws / "so-dang-ky.sqlite.lock"} | _tree(ws)
    assert not list(tmp_path.rglob("pwned*"))


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
@pytest.mark.parametrize("linked", ["2024/cong-van", "2024/cong-van/cu", "2024/to-chuc"])
def test_a_folder_that_links_out_of_the_output_folder_is_refused(tmp_path, linked):
    cfg = make_config(tmp_path)
    roster = load(SAMPLE)
    only = Request(kinds=frozenset({"cong-van"}))
    if linked.endswith("cu"):  # an archive folder that links out: met at the first re-issue
        build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
        cfg = make_config(tmp_path, co_quan={"dia_danh": "Ninh Bình"})
        only = Request(kinds=only.kinds, reason="x")
    outside = tmp_path / "outside"
    outside.mkdir()
    link = cfg.dau_ra / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link, target_is_directory=True)
    with pytest.raises(WorkspaceError, match="dẫn ra ngoài thư mục văn bản"):
        build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
    assert list(outside.iterdir()) == []


def test_packs_are_named_by_the_slug_of_the_code(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    write_roster(ws / "ds.xlsx", {
        "ToChuc": [{"ma": "CB-05", "ten": "Chi bộ Trường Nghề", "loai": "Chi bộ cơ sở"}],
        "DangVien": [{"ma_to_chuc": "CB-05", "ho_ten": "Nguyễn Văn An"}]})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build", "--no-pdf"], obj={})
    assert result.exit_code == 0, result.output
    assert [p.name for p in (ws / "output" / "2024" / "to-chuc").iterdir()] == ["cb-05.zip"]
