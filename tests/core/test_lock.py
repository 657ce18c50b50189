"""One command at a time per workspace: a waiter says whom it waits for, and gives up."""

from __future__ import annotations

import subprocess
import sys
import time

from workspaces import make_workspace

from kiemdiem_docs.lock import holder, workspace_lock


def test_a_build_that_must_wait_says_whom_for_and_gives_up(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws / "kiemdiem.toml").write_text('[tep]\ndanh_sach = "ds.xlsx"\n[khoa]\ncho_toi_da = 1\n',
                                      encoding="utf-8")
    lock = ws / "so-dang-ky.sqlite.lock"
    with workspace_lock(lock, what="kiemdiem build, bắt đầu 09:00:00 20/11/2024"):
        assert holder(lock).startswith("tiến trình ")
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "kiemdiem_docs", "-w", str(ws), "build",
                               "--no-pdf"], capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - start
    who = holder(lock)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Đang chờ {who} xong (tối đa 1 giây)…\n"), done.stderr
    assert "Lỗi: Không gian làm việc đang bận: tiến trình" in done.stderr
    assert "kiemdiem build, bắt đầu 09:00:00 20/11/2024" in done.stderr
    assert waited < 60
    assert not (ws / "output").exists(), "nothing was done while waiting"


def test_the_lock_is_taken_again_once_released(tmp_path):
    lock = tmp_path / "x.lock"
    with workspace_lock(lock, timeout=0.1):
        pass
    with workspace_lock(lock, timeout=0.1):
        assert holder(lock).startswith("tiến trình ")
