"""Workspaces for tests that build: a folder with its own roster copy, builds in this
process or as a separate ``kiemdiem`` process, and workbook corrections."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, load

from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import Request

# A command that has to wait for another gives up after half a minute, with a message: a
# test that would hang fails instead.
SETTINGS = '[tep]\ndanh_sach = "ds.xlsx"\n[khoa]\ncho_toi_da = 30\n'


def make_workspace(tmp: Path, workbook: Path = SAMPLE) -> Path:
    """A workspace folder (for the CLI and subprocesses) with its own copy of the roster."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(workbook, tmp / "ds.xlsx")
    (tmp / "kiemdiem.toml").write_text(SETTINGS, encoding="utf-8")
    return tmp


def do_build(cfg, workbook: Path, **request):
    return build(cfg, load(workbook), today=BUILD_DAY, now=BUILD_TIME,
                 request=Request(**request) if request else None)


def rename_member(src: Path, dst: Path, old: str, new: str) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb["DangVien"]
    header = [c.value for c in ws[1]]
    col = header.index("Họ và tên") + 1
    hits = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == old]
    assert len(hits) == 1
    ws.cell(hits[0], col).value = new
    wb.save(dst)


def kiemdiem(ws: Path, *args: str) -> subprocess.Popen:
    """``kiemdiem -w WS ARGS…`` as a process of its own, output and errors together."""
    return subprocess.Popen([sys.executable, "-m", "kiemdiem_docs", "-w", str(ws), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def spawn_build(ws: Path, *extra: str) -> subprocess.Popen:
    return kiemdiem(ws, "build", "--ngay", "20/11/2024", "--no-pdf", *extra)
