"""The archive is append-only, and file moves follow the register's rows even when a run
is killed or a folder refuses a write."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, load, make_config, register_problems
from docutil import text
from workspaces import SETTINGS, kiemdiem, make_workspace, spawn_build

from kiemdiem_docs.api import build
from kiemdiem_docs.errors import RegisterError
from kiemdiem_docs.issuing import REISSUED, Request
from kiemdiem_docs.kinds import letters
from kiemdiem_docs.register import CURRENT, journal, open_register
from kiemdiem_docs.roster import Award, Member

pytestmark = pytest.mark.usefixtures("register_sound")


def _entries(cfg) -> list:
    with open_register(cfg.so_dang_ky) as register:
        return register.entries()


def test_two_documents_that_swap_file_names_both_keep_every_revision(tmp_path, monkeypatch):
    cfg = make_config(tmp_path)
    roster = load(SAMPLE)
    build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME,
          request=Request(kinds=frozenset({"cong-van"})))
    first = {e.key: (e.docx, (cfg.dau_ra / e.docx).read_bytes()) for e in _entries(cfg)
             if e.kind == "cong-van"}  # the invitations follow their letters: left aside
    a, b = roster.orgs[0].ma, roster.orgs[1].ma
    stems = {a: Path(first[b][0]).stem, b: Path(first[a][0]).stem}
    original = letters.org_stem
    monkeypatch.setattr(letters, "org_stem", lambda org: stems.get(org.ma) or original(org))
    moved = make_config(tmp_path, co_quan={"dia_danh": "Ninh Bình"})  # every letter changes
    summary = build(moved, roster, today=BUILD_DAY, now=BUILD_TIME, request=Request(
        kinds=frozenset({"cong-van"}), reason="Đổi địa danh"))
    assert {r.key for r in summary.results if r.status == REISSUED and r.kind == "cong-van"} \
        == set(first)
    rows = [e for e in _entries(cfg) if e.kind == "cong-van"]
    for key, (docx, data) in first.items():
        old = next(e for e in rows if e.key == key and e.revision == 1)
        assert (cfg.dau_ra / old.docx).read_bytes() == data, "revision 1 is lost"
        new = next(e for e in rows if e.key == key and e.status == CURRENT)
        assert new.docx == first[b if key == a else a][0] if key in (a, b) else docx
        org = roster.org(key)
        assert org.ten in text(cfg.dau_ra / new.docx).replace("\n", " ") or key not in (a, b)
    assert register_problems(cfg.so_dang_ky) == []


def _with_namesakes(last: str):
    """The sample with two awarded members of one name, and a third award to ``last``."""
    roster = load(SAMPLE)  # a fresh one: a roster is not changed after loading
    org = roster.orgs[0].ma
    names = ("Nguyễn Văn Tú", "Nguyễn Văn Tú", last)
    roster.members += [Member(org, n, row=900 + i) for i, n in enumerate(names)]
    roster.awards += [Award(org, n, "Có thành tích xuất sắc", row=900 + i)
                      for i, n in enumerate(names)]
    return roster


def test_namesakes_moved_by_a_correction_keep_every_revision(tmp_path):
    """Two awarded members of one name, and a correction that sorts another award ahead."""
    cfg = make_config(tmp_path)
    kinds = frozenset({"quyet-dinh-khen-thuong", "giay-khen"})
    build(cfg, _with_namesakes("Phạm Văn Xuân"), today=BUILD_DAY, now=BUILD_TIME,
          request=Request(kinds=kinds))
    before = {e.id: (cfg.dau_ra / e.docx).read_bytes() for e in _entries(cfg)}
    summary = build(cfg, _with_namesakes("Nguyễn Văn An"), today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=kinds, reason="Sửa tên"))
    assert summary.count(REISSUED) >= 1
    rows = {e.id: e for e in _entries(cfg)}
    for entry_id, data in before.items():
        assert (cfg.dau_ra / rows[entry_id].docx).read_bytes() == data
    assert register_problems(cfg.so_dang_ky) == []


def _flip(ws: Path, n: int) -> None:
    """A setting every document shows, changed: the next build re-issues everything."""
    place = ("Nam Định", "Ninh Bình")[n % 2]
    (ws / "kiemdiem.toml").write_text(SETTINGS + f'[co_quan]\ndia_danh = "{place}"\n',
                                      encoding="utf-8")


KILLS = int(os.environ.get("KIEMDIEM_KILLS", "6"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_reissue_killed_at_random_leaves_the_register_true_for_the_next_command(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    _flip(ws, 0)
    first = spawn_build(ws)
    out = first.communicate(timeout=300)[0]
    assert first.returncode == 0, out
    rng = random.Random(int(os.environ.get("KIEMDIEM_SEED", "12")))
    for n in range(1, KILLS + 1):
        _flip(ws, n)
        proc = spawn_build(ws, "--reason", f"lần {n}")
        time.sleep(rng.uniform(0.3, 2.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        # Before any later build: the next command that takes the workspace finishes what
        # was journaled, and the register agrees with its files.
        shown = kiemdiem(ws, "register", "--all")
        out = shown.communicate(timeout=120)[0]  # read as it comes: the book is long
        assert shown.returncode == 0, out
        assert register_problems(ws / "so-dang-ky.sqlite") == [], f"after kill {n}"
    final = spawn_build(ws, "--reason", "xong")
    out = final.communicate(timeout=300)[0]
    assert final.returncode == 0, out
    assert register_problems(ws / "so-dang-ky.sqlite") == []


def test_a_move_refused_after_the_commit_is_finished_by_the_next_build(tmp_path, monkeypatch):
    cfg = make_config(tmp_path)
    roster = load(SAMPLE)
    only = Request(kinds=frozenset({"cong-van"}))
    build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
    real = os.replace

    def refuse_archive(src, dst):
        if f"{os.sep}cu{os.sep}" in str(dst):
            raise PermissionError(13, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(journal.os, "replace", refuse_archive)
    moved = make_config(tmp_path, co_quan={"dia_danh": "Ninh Bình"})
    with pytest.raises(RegisterError, match="chưa chuyển được .* Sửa quyền ghi"):
        build(moved, roster, today=BUILD_DAY, now=BUILD_TIME,
              request=Request(kinds=only.kinds, reason="x"))
    with open_register(cfg.so_dang_ky) as register:
        assert register.pending_moves(cfg.dau_ra), "the moves stay journaled"
    monkeypatch.setattr(journal.os, "replace", real)
    summary = build(moved, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
    assert {r.status for r in summary.results} == {"unchanged"}
    assert register_problems(cfg.so_dang_ky) == []


def test_a_workspace_moved_after_a_killed_commit_is_finished_where_it_now_is(tmp_path,
                                                                           monkeypatch):
    """The journal holds paths within the output folder: moving the whole workspace between
    the commit and its moves loses nothing."""
    import shutil

    from kiemdiem_docs.register import Register

    ws = tmp_path / "ws"
    cfg = make_config(ws)
    roster = load(SAMPLE)
    only = Request(kinds=frozenset({"cong-van"}))
    build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
    first = {e.key: (cfg.dau_ra / e.docx).read_bytes() for e in _entries(cfg)}

    def killed(self, out):  # the run ends right after its commit, before any move
        if self.pending_moves(out):
            raise KeyboardInterrupt
        return 0

    monkeypatch.setattr(Register, "finish_moves", killed)
    moved = make_config(ws, co_quan={"dia_danh": "Ninh Bình"})
    with pytest.raises(KeyboardInterrupt):
        build(moved, roster, today=BUILD_DAY, now=BUILD_TIME,
              request=Request(kinds=only.kinds, reason="x"))
    monkeypatch.undo()
    shutil.move(ws, tmp_path / "elsewhere")
    there = make_config(tmp_path / "elsewhere", co_quan={"dia_danh": "Ninh Bình"})
    summary = build(there, roster, today=BUILD_DAY, now=BUILD_TIME, request=only)
    assert {r.status for r in summary.results} == {"unchanged"}
    rows = _entries(there)
    for key, data in first.items():
        old = next(e for e in rows if e.key == key and e.revision == 1)
        assert (there.dau_ra / old.docx).read_bytes() == data
    assert register_problems(there.so_dang_ky) == []
