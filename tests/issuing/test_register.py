"""The register: numbers, rebuilds that change nothing, corrections, re-issues, safety."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, load, make_config
from docutil import text
from workspaces import do_build, make_workspace, rename_member, spawn_build

from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.cli import cli
from kiemdiem_docs.errors import ReasonRequired, RegisterError
from kiemdiem_docs.issuing import REISSUED, UNCHANGED, Request
from kiemdiem_docs.register import SCHEMA_VERSION, open_register

# Every scenario ends with the register agreeing with its files.
pytestmark = pytest.mark.usefixtures("register_sound")


def files(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("register")
    cfg = make_config(tmp)
    first = do_build(cfg, SAMPLE)
    return cfg, first


def test_every_document_is_registered_under_a_unique_number(built):
    cfg, first = built
    reg = open_register(cfg.so_dang_ky)
    entries = reg.all_current()
    assert len(entries) == len(first.results)
    numbered = [(e.symbol, e.issuer, e.number) for e in entries if e.number is not None]
    assert len(numbered) == len(set(numbered))
    cv = sorted(e.number for e in entries if e.kind == "cong-van")
    assert cv == list(range(821, 821 + len(cv)))
    assert all((cfg.dau_ra / e.docx).is_file() for e in entries)
    assert {e.revision for e in entries} == {1}
    reg.close()


def test_a_second_build_changes_nothing(built):
    cfg, _ = built
    before = files(cfg.dau_ra)
    again = do_build(cfg, SAMPLE)
    assert {r.status for r in again.results} == {UNCHANGED}
    assert files(cfg.dau_ra) == before


def test_a_corrected_name_reissues_exactly_the_documents_that_mention_it(tmp_path):
    cfg = make_config(tmp_path)
    do_build(cfg, SAMPLE)
    reg = open_register(cfg.so_dang_ky)
    sample = load(SAMPLE)
    # A secretary's name reaches the letters too; pick a plain member where one exists.
    member = sample.members[5]
    old, new = member.ho_ten, member.ho_ten + " Minh"
    mentioning = {(e.kind, e.key) for e in reg.all_current()
                  if old in json.dumps(e.data(reg), ensure_ascii=False)}
    before = {(e.kind, e.key): e for e in reg.all_current()}
    reg.close()
    fixed = tmp_path / "fixed.xlsx"
    rename_member(SAMPLE, fixed, old, new)
    after = do_build(cfg, fixed, reason="Sửa tên đảng viên")
    reissued = {(r.kind, r.key) for r in after.results if r.status == REISSUED}
    assert reissued == mentioning
    assert {r.status for r in after.results if (r.kind, r.key) not in reissued} == {UNCHANGED}
    reg = open_register(cfg.so_dang_ky)
    for ident in reissued:
        e = reg.current(*ident)
        assert (e.number, e.date, e.revision) == (before[ident].number, before[ident].date, 2)
        assert e.reason == "Sửa tên đảng viên"
        old_entry = reg.get(e.supersedes)
        assert old_entry.docx.split("/")[-2] == "cu" and ".r1." in old_entry.docx
        assert (cfg.dau_ra / old_entry.docx).is_file()
        assert new in text(cfg.dau_ra / e.docx)
        assert old in text(cfg.dau_ra / old_entry.docx)
    reg.close()


def test_reissue_and_new_number(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(cli, ["-w", str(ws), "build", "--no-pdf"], obj={}).exit_code == 0
    out = runner.invoke(cli, ["-w", str(ws), "reissue", "cong-van", "001", "--reason",
                              "In lại", "--no-pdf"], obj={})
    assert out.exit_code == 0, out.output
    assert "Công văn: 1 ban hành lại" in out.output
    cfg = make_config(ws)
    reg = open_register(ws / "so-dang-ky.sqlite")
    e = reg.current("cong-van", "001")
    assert (e.number, e.revision, e.reason) == (821, 2, "In lại")
    reg.close()
    out = runner.invoke(cli, ["-w", str(ws), "reissue", "cong-van", "001", "--reason",
                              "Thay thế do sai địa chỉ", "--new-number", "--no-pdf"],
                       obj={})
    assert out.exit_code == 0, out.output
    reg = open_register(ws / "so-dang-ky.sqlite")
    e = reg.current("cong-van", "001")
    count = len([x for x in reg.all_current() if x.kind == "cong-van"])
    assert e.number == 821 + count and e.replaces is not None
    assert reg.get(e.replaces).status == "replaced"
    body = text(ws / "output" / e.docx)
    # Said where Party documents say it: the body's last sentence, before «./.».
    assert ("xem xét, quyết định. Công văn này thay thế Công văn số 821-CV/ĐUK, ngày "
            "08/11/2024./.") in body
    assert check_document(ws / "output" / e.docx) == []
    # The invitation of 001 cites its letter: it follows it, in the same command.
    invitation = next(x for x in reg.all_current() if x.kind == "giay-moi" and x.org == "001")
    assert invitation.revision == 2 and invitation.reason == "Thay thế do sai địa chỉ"
    assert f"Công văn số {e.number}-CV/ĐUK" in text(ws / "output" / invitation.docx)
    others = [x for x in reg.all_current() if x.kind == "giay-moi" and x.org != "001"]
    assert {x.revision for x in others} == {1}
    reg.close()
    book = runner.invoke(cli, ["-w", str(ws), "register", "--kind", "cong-van", "--all",
                               "--xlsx", str(tmp_path / "so.xlsx")], obj={})
    assert book.exit_code == 0, book.output
    assert f"{821 + count}-CV/ĐUK" in book.output and "thay thế số 821-CV/ĐUK" in book.output
    sheet = openpyxl.load_workbook(tmp_path / "so.xlsx").active
    assert sheet.cell(1, 2).value == "Số, ký hiệu"
    assert sheet.max_row == 1 + count + 2
    # Which rules and format each revision was made under.
    assert sheet.cell(1, 11).value == "Bộ quy định, thể thức"
    assert {sheet.cell(r, 11).value for r in range(2, sheet.max_row + 1)} == {
        "124-2023 hd36-2018"}
    del cfg


def test_a_removed_organisation_is_withdrawn_with_a_reason_not_deleted(tmp_path):
    cfg = make_config(tmp_path)
    do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"}))
    wb = openpyxl.load_workbook(SAMPLE)
    sheet = wb["ToChuc"]
    code = sheet.cell(2, 1).value
    sheet.delete_rows(2)
    for name in ("DangVien", "LichKiemDiem", "XepLoai", "KhenThuong"):
        ws = wb[name]
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, 1).value == code:
                ws.delete_rows(r)
    smaller = tmp_path / "smaller.xlsx"
    wb.save(smaller)
    with pytest.raises(ReasonRequired) as refused:
        do_build(cfg, smaller, kinds=frozenset({"cong-van"}))
    # The letter, and the invitation that cites it (it follows its letter).
    assert [(c.status, c.kind, c.key) for c in refused.value.changes] == [
        ("withdrawn", "cong-van", code), ("withdrawn", "giay-moi", f"{code}-1")]
    summary = do_build(cfg, smaller, kinds=frozenset({"cong-van"}), reason="Tổ chức giải thể")
    gone = next(e for e in summary.withdrawn if e.kind == "cong-van")
    assert gone.key == code and len(summary.withdrawn) == 2
    with open_register(cfg.so_dang_ky) as reg:
        row = reg.get(gone.id)
    assert (row.status, row.withdrawn_reason) == ("withdrawn", "Tổ chức giải thể")
    assert row.docx.startswith("2024/cong-van/cu/") and (cfg.dau_ra / row.docx).is_file()
    assert not (cfg.dau_ra / gone.docx).exists()


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, None])
def test_a_damaged_or_newer_register_is_refused_untouched(tmp_path, content):
    path = tmp_path / "so-dang-ky.sqlite"
    if content is None:
        open_register(path).close()
        db = sqlite3.connect(path)
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                   (str(SCHEMA_VERSION + 1),))
        db.commit()
        db.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="hỏng|mới hơn"):
        open_register(path)
    assert path.read_bytes() == before
    cfg = make_config(tmp_path)
    with pytest.raises(RegisterError):
        do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"}))
    assert path.read_bytes() == before


def assert_consistent(ws: Path) -> None:
    out = ws / "output"
    reg = open_register(ws / "so-dang-ky.sqlite")
    entries = reg.entries()
    current = reg.all_current()
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.docx")}
    registered = {e.docx for e in entries}
    assert on_disk == registered, "a file without its row, or a row without its file"
    numbers = [(e.symbol, e.issuer, e.number) for e in current if e.number is not None]
    assert len(numbers) == len(set(numbers))
    # Golden-book numbers (series SV) are given to awards, not to registered documents.
    claimed = reg.db.execute("SELECT COUNT(*) FROM numbers WHERE symbol != 'SV'").fetchone()[0]
    assert claimed == len({(e.symbol, e.issuer, e.number) for e in entries
                           if e.number is not None}), "a number without its document"
    assert not list(out.rglob("*.tmp"))
    reg.close()


# KIEMDIEM_STRESS=20 runs the concurrency and kill tests twenty times each (by hand;
# CI runs them once).
STRESS = range(int(os.environ.get("KIEMDIEM_STRESS", "1")))


@pytest.mark.parametrize("attempt", STRESS)
def test_two_builds_at_once_hand_out_no_number_twice(tmp_path, attempt):
    ws = make_workspace(tmp_path / "ws")
    procs = [spawn_build(ws) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert_consistent(ws)
    reg = open_register(ws / "so-dang-ky.sqlite")
    assert {e.revision for e in reg.entries()} == {1}
    reg.close()


@pytest.mark.parametrize("attempt", STRESS)
def test_a_build_killed_at_random_points_completes_on_the_next_run(tmp_path, attempt):
    ws = make_workspace(tmp_path / "ws")
    rng = random.Random(5 + attempt)
    for _ in range(4):
        proc = spawn_build(ws)
        time.sleep(rng.uniform(0.3, 3.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    final = spawn_build(ws)
    out = final.communicate(timeout=600)[0]
    assert final.returncode == 0, out
    assert_consistent(ws)
    finished = make_config(tmp_path / "fresh")
    reference = do_build(finished, SAMPLE)
    reg = open_register(ws / "so-dang-ky.sqlite")
    assert len(reg.all_current()) == len(reference.results)
    reg.close()


def test_each_grassroots_organisation_numbers_its_own_documents(tmp_path):
    from conftest import make_config as config_with

    cfg = config_with(tmp_path, danh_so={"bien-ban": {"cach": "register", "bat_dau": 1}})
    summary = do_build(cfg, SAMPLE, kinds=frozenset({"bien-ban"}))
    reg = open_register(cfg.so_dang_ky)
    entries = reg.all_current()
    assert len(entries) == len(summary.results) > 2
    assert {e.number for e in entries} == {1}, "every organisation starts its own series at 01"
    assert all(text(cfg.dau_ra / e.docx).count(f"Số 01-BB/{e.issuer}") == 1 for e in entries)
    reg.close()


def test_organisations_not_ready_are_named_in_the_summary(tmp_path):
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb["DangVien"]
    header = [c.value for c in ws[1]]
    grade = header.index("Xếp loại") + 1
    org_col = header.index("Mã tổ chức") + 1
    sample = load(SAMPLE)
    party = next(o for o in sample.orgs if o.is_dang_bo)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, org_col).value == party.ma)
    ws.cell(row, grade).value = None
    ws.cell(row, header.index("Lý do không xếp loại") + 1).value = None
    partial = tmp_path / "partial.xlsx"
    wb.save(partial)
    cfg = make_config(tmp_path)
    summary = do_build(cfg, partial, kinds=frozenset({"quyet-dinh-xep-loai-dang-vien"}))
    built = {r.key for r in summary.results}
    assert party.ma not in built and built
    [(kind, why)] = summary.skipped
    assert kind == "quyet-dinh-xep-loai-dang-vien" and why.startswith(party.ma)
    assert f"dòng {row}" in why


def test_a_deleted_or_altered_file_is_written_again_as_registered(tmp_path):
    from kiemdiem_docs.issuing import REPAIRED

    cfg = make_config(tmp_path)
    do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"}))
    reg = open_register(cfg.so_dang_ky)
    first, second = reg.all_current()[:2]
    reg.close()
    gone, altered = cfg.dau_ra / first.docx, cfg.dau_ra / second.docx
    original = altered.read_bytes()
    gone.unlink()
    altered.write_bytes(original[:-10] + b"0123456789")
    again = do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"}))
    statuses = {r.key: r.status for r in again.results}
    assert statuses[first.key] == statuses[second.key] == REPAIRED
    assert {s for k, s in statuses.items() if k not in (first.key, second.key)} == {UNCHANGED}
    assert gone.is_file() and altered.read_bytes() == original
    reg = open_register(cfg.so_dang_ky)
    assert reg.current("cong-van", first.key).revision == 1
    reg.close()


def test_roster_numbering_takes_the_clerks_numbers(tmp_path):
    from conftest import make_config as config_with

    from kiemdiem_docs.roster import write_roster

    sample = load(SAMPLE)
    codes = [o.ma for o in sample.orgs[:3]]
    book = tmp_path / "so.xlsx"
    wb = openpyxl.load_workbook(SAMPLE)
    wb.save(book)
    given = [{"loai": "cong-van", "ma": codes[0], "so": "15", "ngay": dt_date(2024, 11, 9)},
             {"loai": "cong-van", "ma": codes[1], "so": "16"}]
    add_sheet(book, tmp_path / "so1.xlsx", given, write_roster)
    cfg = config_with(tmp_path, danh_so={"cong-van": {"cach": "roster"}})
    do_build(cfg, tmp_path / "so1.xlsx", kinds=frozenset({"cong-van"}))
    reg = open_register(cfg.so_dang_ky)
    first, second, third = (reg.current("cong-van", c) for c in codes)
    assert (first.number, first.date) == (15, dt_date(2024, 11, 9))
    assert second.number == 16 and third.number is None
    assert "Số 15-CV/ĐUK" in text(cfg.dau_ra / first.docx)
    assert "Nam Định, ngày 09 tháng 11 năm 2024" in text(cfg.dau_ra / first.docx)
    reg.close()
    # The văn thư numbers the third later: it is issued again with its number.
    add_sheet(book, tmp_path / "so2.xlsx",
              given + [{"loai": "cong-van", "ma": codes[2], "so": "17"}], write_roster)
    again = do_build(cfg, tmp_path / "so2.xlsx", kinds=frozenset({"cong-van"}), reason="Số mới")
    assert [r.key for r in again.results if r.status == REISSUED and r.kind == "cong-van"] \
        == [codes[2]]
    reg = open_register(cfg.so_dang_ky)
    assert (reg.current("cong-van", codes[2]).number,
            reg.current("cong-van", codes[2]).revision) == (17, 2)
    reg.close()


@pytest.mark.parametrize("row, column, fragment", [
    ({"loai": "cong-vam", "ma": "001", "so": "5"}, "Loại văn bản", "cong-van"),
    ({"loai": "cong-van", "ma": "001", "so": "năm"}, "Số", "số nguyên dương"),
])
def test_clerks_numbers_are_checked(tmp_path, row, column, fragment):
    from kiemdiem_docs.roster import write_roster

    add_sheet(SAMPLE, tmp_path / "so.xlsx", [row], write_roster)
    [error] = load(tmp_path / "so.xlsx").errors
    assert (error.place.sheet, error.place.row, error.place.column) == ("SoVanBan", 2, column)
    assert fragment in error.message


def test_one_number_for_two_documents_is_an_error(tmp_path):
    from kiemdiem_docs.roster import write_roster

    rows = [{"loai": "cong-van", "ma": "001", "so": "5"},
            {"loai": "cong-van", "ma": "002", "so": "5"}]
    add_sheet(SAMPLE, tmp_path / "so.xlsx", rows, write_roster)
    [error] = load(tmp_path / "so.xlsx").errors
    assert error.place.row == 3 and "dòng 2" in error.message


def dt_date(y: int, m: int, d: int):
    import datetime

    return datetime.date(y, m, d)


def add_sheet(src: Path, dst: Path, rows: list[dict], write_roster) -> None:
    """``src`` with a SoVanBan sheet holding ``rows`` (written as the workbook writer does)."""
    tmp = dst.with_suffix(".sheet.xlsx")
    write_roster(tmp, {"SoVanBan": rows})
    wb = openpyxl.load_workbook(src)
    extra = openpyxl.load_workbook(tmp)["SoVanBan"]
    if "SoVanBan" in wb.sheetnames:
        del wb["SoVanBan"]
    ws = wb.create_sheet("SoVanBan")
    for row in extra.iter_rows(values_only=True):
        ws.append(row)
    wb.save(dst)


def test_an_undated_clerks_number_keeps_the_day_it_was_first_issued(tmp_path):
    import datetime

    from conftest import make_config as config_with

    from kiemdiem_docs.roster import write_roster

    code = load(SAMPLE).orgs[0].ma
    add_sheet(SAMPLE, tmp_path / "so.xlsx", [{"loai": "cong-van", "ma": code, "so": "16"}],
              write_roster)
    cfg = config_with(tmp_path, danh_so={"cong-van": {"cach": "roster"}},
                      dot={"ngay_cong_van": ""})
    only = Request(kinds=frozenset({"cong-van"}))
    build(cfg, load(tmp_path / "so.xlsx"), today=BUILD_DAY, now=BUILD_TIME, request=only)
    later = BUILD_DAY + datetime.timedelta(days=3)
    # Planned again in full: the fingerprints in the register do not mention the day.
    again = build(cfg, load(tmp_path / "so.xlsx"), today=later, now=BUILD_TIME,
                  request=Request(kinds=only.kinds, replan=True))
    assert {r.status for r in again.results} == {UNCHANGED}
    reg = open_register(cfg.so_dang_ky)
    entry = reg.current("cong-van", code)
    reg.close()
    assert (entry.number, entry.date, entry.revision) == (16, BUILD_DAY, 1)


def test_a_replacement_still_says_what_it_replaces_when_corrected(tmp_path):
    cfg = make_config(tmp_path)
    do_build(cfg, SAMPLE)
    sample = load(SAMPLE)
    code = sample.orgs[0].ma
    do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"}), keys=frozenset({code}),
             renumber=frozenset({("cong-van", code)}), reason="Sai địa chỉ")
    reg = open_register(cfg.so_dang_ky)
    replacement = reg.current("cong-van", code)
    original = reg.get(replacement.replaces)
    reg.close()
    line = f"Công văn này thay thế Công văn số {original.number_line}, ngày 08/11/2024./."
    # Built again as it is: nothing to re-issue, the line stays.
    assert {r.status for r in do_build(cfg, SAMPLE, kinds=frozenset({"cong-van"})).results} \
        == {UNCHANGED}
    wb = openpyxl.load_workbook(SAMPLE)
    sheet = wb["ToChuc"]
    col = [c.value for c in sheet[1]].index("Địa chỉ") + 1
    sheet.cell(2, col).value = "Số 1 Trần Hưng Đạo, Nam Định"
    wb.save(tmp_path / "fixed.xlsx")
    fixed = do_build(cfg, tmp_path / "fixed.xlsx", kinds=frozenset({"cong-van"}),
                     reason="Sửa địa chỉ")
    assert [r.key for r in fixed.results if r.status == REISSUED and r.kind == "cong-van"] \
        == [code]
    reg = open_register(cfg.so_dang_ky)
    corrected = reg.current("cong-van", code)
    reg.close()
    assert corrected.number == replacement.number
    assert corrected.revision == replacement.revision + 1
    assert corrected.replaces == original.id
    assert line in text(cfg.dau_ra / corrected.docx)


def test_a_replaced_award_decision_takes_its_certificates_along(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(cli, ["-w", str(ws), "build", "--no-pdf"], obj={}).exit_code == 0
    out = runner.invoke(cli, ["-w", str(ws), "reissue", "quyet-dinh-khen-thuong", "2024",
                              "--reason", "Thay thế", "--new-number", "--ngay", "26/12/2024",
                              "--no-pdf"], obj={})
    assert out.exit_code == 0, out.output
    with open_register(ws / "so-dang-ky.sqlite") as reg:
        decision = reg.current("quyet-dinh-khen-thuong", "2024")
        old = reg.get(decision.replaces)
        certificates = [x for x in reg.all_current() if x.kind == "giay-khen"]
    body = text(ws / "output" / decision.docx)
    assert (f"Quyết định này thay thế Quyết định số {old.number_line}, ngày "
            f"{old.date:%d/%m/%Y}./.") in body
    assert check_document(ws / "output" / decision.docx) == []
    assert certificates and {c.revision for c in certificates} == {2}
    for c in certificates:
        assert (f"Quyết định số {decision.number_line}, ngày 26/12/2024"
                in text(ws / "output" / c.docx))
    assert "Giấy khen: " + str(len(certificates)) + " ban hành lại" in out.output


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("attempt", STRESS)
def test_a_killed_build_leaves_no_worker_and_no_lock_behind(tmp_path, attempt):
    from kiemdiem_docs.lock import workspace_lock

    ws = make_workspace(tmp_path / "ws")
    proc = spawn_build(ws)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the build made no render workers (it needs 24 documents or more)"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while workers and time.monotonic() < deadline:
        workers = {w for w in workers if Path(f"/proc/{w}").exists()
                   and "Z" not in Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1][:3]}
        time.sleep(0.1)
    assert not workers, f"workers outlived their build: {workers}"
    with workspace_lock(ws / "so-dang-ky.sqlite.lock", timeout=1):
        pass  # taken at once: no one holds it
