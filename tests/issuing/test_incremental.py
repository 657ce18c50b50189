"""Incremental planning: a rebuild plans only what changed, and misses nothing.

The proof is a comparison: for a change to any field of any record of the
sample, a build that trusts the fingerprints in the register must decide
exactly what a build planning everything decides.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3

import pytest
from conftest import BUILD_DAY, BUILD_TIME, make_config

from kiemdiem_docs import kinds
from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import MADE, REISSUED, UNCHANGED, Issuing, Request, incremental
from kiemdiem_docs.issuing.incremental import ROUND
from kiemdiem_docs.register import SCHEMA_VERSION, open_register
from kiemdiem_docs.register.schema import MIGRATIONS
from kiemdiem_docs.roster import GivenNumber, Grade, Roster, committee

# Every scenario ends with the register agreeing with its files.
pytestmark = pytest.mark.usefixtures("register_sound")


def fresh(roster: Roster) -> Roster:
    """A deep copy, without the indexes and memos built on the original."""
    return Roster(**{f.name: copy.deepcopy(getattr(roster, f.name))
                     for f in dataclasses.fields(Roster) if f.name != "_memo"})


def other(value, annotation: str):
    """A different value of the field's type."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, Grade):
        return Grade.HTNV if value is not Grade.HTNV else Grade.HTTNV
    if isinstance(value, dt.datetime | dt.time):
        return value.replace(minute=(value.minute + 30) % 60)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, int):
        return value + 1000
    if isinstance(value, str):
        return value + " X" if value else "X"
    assert value is None, (value, annotation)
    if "Grade" in annotation:
        return Grade.HTNV
    if "date" in annotation:
        return dt.date(2024, 11, 25)
    if "time" in annotation:
        return dt.time(8, 0)
    if "bool" in annotation:
        return True
    return "X"


def decisions(cfg, register, roster: Roster, **request) -> dict[tuple[str, str], tuple]:
    """(kind, key) -> (status, content hash) for every document, rendering nothing."""
    issuing = Issuing(cfg, roster, register, BUILD_DAY, BUILD_TIME, Request(**request))
    jobs = issuing.plan()
    out = {(e.kind, e.key): (UNCHANGED, e.content_hash) for e in issuing.kept}
    for template, doc in jobs:
        work = issuing.decide(template, doc)
        out[(doc.kind, doc.key)] = (work.status, work.digest)
    return out


@pytest.fixture(scope="module")
def round_built(tmp_path_factory, sample_roster):
    cfg = make_config(tmp_path_factory.mktemp("incremental"))
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    register = open_register(cfg.so_dang_ky)
    yield cfg, register
    register.close()


def mutations(roster: Roster):
    """(label, mutated roster) for every field of the records that matter most."""
    # An awarded member the minutes name: a đảng bộ's name only its committee.
    candidate = next(i for i, m in enumerate(roster.members)
                     if m.htxsnv_5_nam and m.xep_loai is Grade.HTXSNV
                     and (not roster.org(m.ma_to_chuc).is_dang_bo
                          or m in committee(roster, m.ma_to_chuc)))
    outstanding = next(i for i, g in enumerate(roster.grades) if g.tieu_bieu)
    picks = {"orgs": [0, 3], "members": [0, candidate], "meetings": [0], "grades": [0, outstanding],
             "staff": [0], "awards": [0], "numbers": []}
    for sheet, indexes in picks.items():
        for i in indexes:
            record = getattr(roster, sheet)[i]
            for f in dataclasses.fields(record):
                changed = fresh(roster)
                target = getattr(changed, sheet)[i]
                setattr(target, f.name, other(getattr(target, f.name), str(f.type)))
                yield f"{sheet}[{i}].{f.name}", changed


def test_an_unchanged_roster_plans_nothing(round_built, sample_roster):
    cfg, register = round_built
    issuing = Issuing(cfg, fresh(sample_roster), register, BUILD_DAY, BUILD_TIME, Request())
    assert issuing.plan() == []
    assert len(issuing.kept) == len(register.all_current())


def test_every_field_of_every_record_is_seen(round_built, sample_roster):
    cfg, register = round_built
    full = decisions(cfg, register, sample_roster, replan=True)
    assert {status for status, _ in full.values()} == {UNCHANGED}
    changes = {}
    for label, changed in mutations(sample_roster):
        trusted = decisions(cfg, register, changed)
        assert trusted == decisions(cfg, register, fresh(changed), replan=True), label
        changes[label] = {ident for ident, (status, _) in trusted.items() if status != UNCHANGED}
    # Not vacuous: most changes reach documents, and through both kinds of group.
    assert sum(bool(c) for c in changes.values()) >= len(changes) * 2 // 3
    name = next(k for k in changes if k.startswith("members[") and k.endswith(".ho_ten")
                and any(kind == "giay-khen" for kind, _ in changes[k]))
    assert {kind for kind, _ in changes[name]} >= {"bien-ban", "giay-khen",
                                                   "quyet-dinh-khen-thuong"}
    assert changes["members[0].ho_ten"] and not changes["members[0].row"]  # rows are not text


def test_settings_and_templates_are_seen(round_built, sample_roster, tmp_path):
    cfg, register = round_built
    raw = copy.deepcopy(cfg.raw)
    raw["co_quan"]["dia_danh"] = "Hà Nội"
    moved = dataclasses.replace(cfg, raw=raw)
    trusted = decisions(moved, register, fresh(sample_roster))
    assert trusted == decisions(moved, register, fresh(sample_roster), replan=True)
    assert {status for status, _ in trusted.values()} == {REISSUED}


def test_a_new_version_of_the_package_plans_everything(round_built, sample_roster, monkeypatch):
    cfg, register = round_built
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "another version")
    issuing = Issuing(cfg, fresh(sample_roster), register, BUILD_DAY, BUILD_TIME, Request())
    assert len(issuing.plan()) == len(register.all_current())
    assert issuing.kept == []


def test_a_correction_plans_one_organisation_and_writes_its_documents(tmp_path, sample_roster):
    cfg = make_config(tmp_path)
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    changed = fresh(sample_roster)
    member = next(m for m in changed.members if not m.htxsnv_5_nam)
    member.ho_ten += " Minh"
    register = open_register(cfg.so_dang_ky)
    jobs = Issuing(cfg, changed, register, BUILD_DAY, BUILD_TIME, Request()).plan()
    register.close()
    assert {d.org for _, d in jobs} == {member.ma_to_chuc}
    assert {kinds.get(d.kind).local for _, d in jobs} == {True}  # the round is kept whole
    summary = build(cfg, changed, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(reason="Sửa tên"))
    reissued = {(r.kind, r.key) for r in summary.results if r.status == REISSUED}
    assert reissued and {k for _, k in reissued} == {member.ma_to_chuc}
    assert len(summary.results) == len(register_entries(cfg))
    # Recorded afresh: the next build plans nothing.
    register = open_register(cfg.so_dang_ky)
    assert Issuing(cfg, changed, register, BUILD_DAY, BUILD_TIME, Request()).plan() == []
    register.close()


def register_entries(cfg):
    register = open_register(cfg.so_dang_ky)
    try:
        return register.all_current()
    finally:
        register.close()


def test_lost_fingerprints_cost_time_not_documents(tmp_path, sample_roster):
    cfg = make_config(tmp_path)
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    db = sqlite3.connect(cfg.so_dang_ky)
    db.execute("DELETE FROM plans")
    db.commit()
    db.close()
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    assert {r.status for r in summary.results} == {UNCHANGED}
    register = open_register(cfg.so_dang_ky)
    plans = register.plans()
    register.close()
    groups = {group for _, group in plans}
    assert groups == {o.ma for o in sample_roster.orgs} | {ROUND}
    assert {kind for kind, _ in plans} == set(kinds.keys())


def test_a_missing_file_sends_its_organisation_to_planning(tmp_path, sample_roster):
    cfg = make_config(tmp_path)
    first = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    gone = next(r for r in first.results if r.kind == "bien-ban")
    gone.path.unlink()
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    repaired = [(r.kind, r.key) for r in summary.results if r.status != UNCHANGED]
    assert repaired == [("bien-ban", gone.key)] and gone.path.is_file()


def test_a_build_of_part_of_the_round_records_only_what_it_made_whole(tmp_path, sample_roster):
    cfg = make_config(tmp_path)
    code = sample_roster.orgs[0].ma
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME, request=Request(only=code))
    register = open_register(cfg.so_dang_ky)
    groups = {group for _, group in register.plans()}
    register.close()
    assert groups == {code}
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    made = {r.key for r in summary.results if r.status == MADE and r.kind == "bien-ban"}
    assert made == {o.ma for o in sample_roster.orgs} - {code}


def test_a_first_version_register_is_migrated_whole(tmp_path):
    path = tmp_path / "so-dang-ky.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO numbers VALUES ('CV', 'ĐUK', '', 821, 'cong-van', '001')")
    db.execute("INSERT INTO documents VALUES (1, 'cong-van', '001', 1, 'current', 'CV', 'ĐUK', "
               "821, '2024-11-08', 'Đảng ủy A', '001', '2024/cong-van/001.docx', NULL, 'c', "
               "'f', 10, 20, '{\"so\": \"Số 821\"}', NULL, NULL, '', '2024-11-20T09:00:00')")
    db.commit()
    db.close()
    register = open_register(path)
    [entry] = register.all_current()
    assert (entry.number, entry.date, entry.file_size, entry.issued_at) == \
        (821, dt.date(2024, 11, 8), 10, "2024-11-20T09:00:00")
    assert entry.data(register) == {"so": "Số 821"}
    assert register.next_number("CV", "ĐUK", "", 1) == 822
    assert register.plans() == {}
    register.set_plan("cong-van", "001", "x", ["001"])
    assert register.plans() == {("cong-van", "001"): ("x", ["001"])}
    register.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    columns = [row[1] for row in db.execute("PRAGMA table_info(documents)")]
    assert "data" not in columns
    with pytest.raises(sqlite3.IntegrityError):  # still one current revision per document
        db.execute("INSERT INTO documents (kind, key, revision, status, symbol, issuer, "
                   "recipient, docx, content_hash, file_hash, issued_at) VALUES ('cong-van', "
                   "'001', 2, 'current', 'CV', 'ĐUK', '', '', '', '', '')")
    db.close()


def test_the_round_view_of_awards_holds_no_member_who_is_not_awarded(sample_roster):
    """A plain member's correction leaves the awards unplanned: the view shows why."""
    view = json.dumps(incremental._plain(kinds.get("giay-khen").reads(sample_roster)),
                      ensure_ascii=False, default=str)
    named = {o.bi_thu for o in sample_roster.orgs} | {a.ho_ten for a in sample_roster.awards}
    plain = next(m for m in sample_roster.members
                 if not m.htxsnv_5_nam and m.ho_ten not in named)
    awarded = next(m for m in sample_roster.members if m.htxsnv_5_nam
                   and m.xep_loai is Grade.HTXSNV)
    assert awarded.ho_ten in view and plain.ho_ten not in view


LATER = dt.date(2024, 12, 26)  # after every document of the sample round


@pytest.mark.parametrize("kind, citing", [("cong-van", "giay-moi"),
                                          ("quyet-dinh-khen-thuong", "giay-khen")])
def test_a_new_number_reaches_the_documents_citing_it(tmp_path, sample_roster, kind, citing):
    cfg = make_config(tmp_path)
    first = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    key = next(r.key for r in first.results if r.kind == kind)
    # Without the documents citing it: the next build finds them to re-issue.
    alone = Request(kinds=frozenset({kind}), keys=frozenset({key}),
                    renumber=frozenset({(kind, key)}), reason="Thay thế")
    with open_register(cfg.so_dang_ky) as register:
        # Dated after the decision it replaces (24/12), as a replacement must be.
        issuing = Issuing(cfg, fresh(sample_roster), register, LATER, BUILD_TIME, alone)
        issuing.run(None)
        trusted = decisions(cfg, register, fresh(sample_roster))
        assert trusted == decisions(cfg, register, fresh(sample_roster), replan=True)
    again = {ident for ident, (status, _) in trusted.items() if status != UNCHANGED}
    assert again and {k for k, _ in again} == {citing}


@pytest.mark.parametrize("kind, citing", [("cong-van", "giay-moi"),
                                          ("quyet-dinh-khen-thuong", "giay-khen")])
def test_a_reissue_under_a_new_number_takes_the_documents_citing_it(tmp_path, sample_roster,
                                                                     kind, citing):
    cfg = make_config(tmp_path)
    first = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    key = next(r.key for r in first.results if r.kind == kind)
    done = build(cfg, sample_roster, today=LATER, now=BUILD_TIME,
                 request=Request.reissue(kind, key, "Thay thế", new_number=True))
    assert {r.kind for r in done.results if r.status == REISSUED} == {kind, citing}
    with open_register(cfg.so_dang_ky) as register:
        trusted = decisions(cfg, register, fresh(sample_roster))
    assert {status for status, _ in trusted.values()} == {UNCHANGED}


def test_re_issues_dated_on_the_day_when_the_settings_say_so(tmp_path, sample_roster):
    cfg = make_config(tmp_path, dot={"ngay_tai_ban": "hom_nay"})
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    changed = fresh(sample_roster)
    org = changed.orgs[0]
    org.dia_chi += ", tầng 2"
    day2, day3 = BUILD_DAY + dt.timedelta(days=2), BUILD_DAY + dt.timedelta(days=3)
    second = build(cfg, changed, today=day2, now=BUILD_TIME, request=Request(reason="Sửa"))
    reissued = {(r.kind, r.key) for r in second.results if r.status == REISSUED}
    assert ("cong-van", org.ma) in reissued
    register = open_register(cfg.so_dang_ky)
    for ident in reissued:
        entry = register.current(*ident)
        assert entry.revision == 2
        if entry.number is not None:  # a blank number leaves the date to the văn thư
            assert entry.date == day2
            assert "ngày 22 tháng 11 năm 2024" in json.dumps(entry.data(register),
                                                            ensure_ascii=False)
    assert register.current("cong-van", changed.orgs[1].ma).date != day2
    # A day later, nothing to re-issue, and no date moves again.
    assert decisions(cfg, register, fresh(changed)) == decisions(cfg, register, fresh(changed),
                                                                 replan=True)
    register.close()
    third = build(cfg, changed, today=day3, now=BUILD_TIME, request=Request(replan=True))
    assert {r.status for r in third.results} == {UNCHANGED}


def structural(roster: Roster):
    """(label, roster) for rows added, removed, moved and reordered."""
    def edit(label, change):
        changed = fresh(roster)
        change(changed)
        return label, changed

    second = roster.orgs[1].ma
    yield edit("a member removed", lambda r: r.members.pop(0))
    yield edit("a member added", lambda r: r.members.append(
        dataclasses.replace(r.members[0], ho_ten="Lê Văn Mới", row=999)))
    yield edit("a member moved", lambda r: setattr(r.members[0], "ma_to_chuc", second))
    yield edit("a meeting removed", lambda r: r.meetings.pop(0))
    yield edit("a meeting added", lambda r: r.meetings.append(dataclasses.replace(
        r.meetings[0], ngay=r.meetings[0].ngay + dt.timedelta(days=7), row=999)))
    yield edit("two organisations swapped", lambda r: r.orgs.insert(0, r.orgs.pop(1)))
    yield edit("an award row added", lambda r: r.awards.append(dataclasses.replace(
        r.awards[0], ho_ten="Lê Văn Mới", row=999)))

    def remove_org(r: Roster) -> None:
        code = r.orgs.pop(0).ma
        for sheet in ("members", "meetings", "grades", "awards"):
            setattr(r, sheet, [x for x in getattr(r, sheet) if x.ma_to_chuc != code])
    yield edit("an organisation removed", remove_org)


def test_rows_added_removed_and_moved_are_seen(round_built, sample_roster):
    cfg, register = round_built
    for label, changed in structural(sample_roster):
        trusted = decisions(cfg, register, changed)
        assert trusted == decisions(cfg, register, fresh(changed), replan=True), label
        changed_any = any(status != UNCHANGED for status, _ in trusted.values())
        # Lists are sorted by code, date or name: the sheet's order of organisations is not text.
        assert changed_any == (label != "two organisations swapped"), label


def test_each_field_of_each_record_moves_its_fingerprint(sample_roster):
    """The encoders drop nothing: not a field, not the time of a date-time."""
    given = GivenNumber("cong-van", "001", "5", dt.date(2024, 11, 9), 2)
    records = [sample_roster.orgs[0], sample_roster.members[0], sample_roster.meetings[0],
               sample_roster.grades[0], sample_roster.staff[0], sample_roster.awards[0], given]
    assert {type(r) for r in records} == set(incremental._ENCODERS)
    for record in records:
        before = incremental.view_fingerprint([record])
        for f in dataclasses.fields(record):
            changed = dataclasses.replace(record, **{f.name: other(getattr(record, f.name),
                                                                   str(f.type))})
            assert incremental.view_fingerprint([changed]) != before, (type(record), f.name)


def test_a_replacement_is_not_redated_by_each_build(tmp_path, sample_roster):
    """With re-issues dated on the day, a replacement must still read as unchanged."""
    cfg = make_config(tmp_path, dot={"ngay_tai_ban": "hom_nay"})
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)
    code = sample_roster.orgs[0].ma
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,
          request=Request(kinds=frozenset({"cong-van"}), keys=frozenset({code}),
                          renumber=frozenset({("cong-van", code)}), reason="Thay thế"))
    build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,  # the invitation cites it
          request=Request(reason="Theo công văn mới"))
    later = build(cfg, sample_roster, today=BUILD_DAY + dt.timedelta(days=3), now=BUILD_TIME,
                  request=Request(replan=True))
    assert {r.status for r in later.results} == {UNCHANGED}
