"""The round's opening documents, built from the sample and read back as files."""

from __future__ import annotations

from collections import Counter

import docx
import pytest
from conftest import check_golden
from docutil import text, text_lines

from kiemdiem_docs import vn
from kiemdiem_docs.check import check_document
from kiemdiem_docs.kinds.docdata import issuing_name, meeting_keys, meeting_order

GOLDEN_KINDS = ("cong-van", "giay-moi", "thong-bao-lich")


def results(summary, kind):
    return [r for r in summary.results if r.kind == kind]


def test_one_letter_per_organisation_and_numbers_run_on(sample_build, sample_roster):
    _, summary = sample_build
    letters = results(summary, "cong-van")
    assert sorted(r.key for r in letters) == sorted(o.ma for o in sample_roster.orgs)
    numbers = [text_lines(r.path)[0] for r in letters]
    expected = [f"Số {821 + i}-CV/ĐUK" for i in range(len(letters))]
    assert [n for n in expected if any(n in line for line in numbers)] == expected


def test_letter_is_addressed_to_the_committee_with_its_meeting(sample_build, sample_roster):
    _, summary = sample_build
    for r in results(summary, "cong-van"):
        org = sample_roster.org(r.key)
        body = text(r.path)
        assert f"Kính gửi: {org.ten_cap_uy}" in body
        assert "Nam Định, ngày 08 tháng 11 năm 2024" in body
        assert "trước ngày 10/12/2024" in body and "trước ngày 26/12/2024" in body
        meetings = sorted(sample_roster.meetings_of(org.ma), key=meeting_order)
        if meetings:
            m = meetings[0]
            assert f"{vn.weekday(m.ngay)}, ngày {vn.date_text(m.ngay)}" in body
        in_charge = [s for s in sample_roster.staff if s.cum_phu_trach == org.cum]
        if in_charge:
            assert f"Đồng chí {in_charge[0].ho_ten}, {in_charge[0].chuc_vu}" in body
        assert "DANH MỤC" in body and "(Kèm theo Công văn số" in body


def test_one_invitation_per_meeting_signed_by_the_secretary(sample_build, sample_roster):
    _, summary = sample_build
    invitations = results(summary, "giay-moi")
    assert len(invitations) == len(sample_roster.meetings)
    by_org = Counter(r.key.split("-")[0] for r in invitations)
    assert by_org == Counter(m.ma_to_chuc for m in sample_roster.meetings)
    # Results come by kind, then by key.
    keys = meeting_keys(sample_roster)
    meetings = sorted(sample_roster.meetings, key=lambda m: keys[id(m)])
    assert [r.key for r in invitations] == [keys[id(m)] for m in meetings]
    assert all(keys[id(m)] == f"{m.ma_to_chuc}-1" for m in meetings)  # one meeting each
    for r, m in zip(invitations, meetings, strict=True):
        org = sample_roster.org(m.ma_to_chuc)
        lines = text_lines(r.path)
        body = "\n".join(lines)
        assert issuing_name(org).upper() in lines[0]
        assert f"Kính gửi: Đồng chí {m.dai_bieu}" in body
        assert f"{vn.time_text(m.gio)}, {vn.weekday(m.ngay)}, ngày {vn.date_text(m.ngay)}" in body
        assert m.dia_diem.split("\n")[0] in body
        assert org.bi_thu in lines[-1]
        assert ("T/M CHI BỘ" if org.loai == "Chi bộ cơ sở" else "T/M ĐẢNG ỦY") in body
        assert "-GM/" in lines[0]


def test_notice_lists_every_meeting_by_date(sample_build, sample_roster):
    _, summary = sample_build
    [notice] = results(summary, "thong-bao-lich")
    document = docx.Document(str(notice.path))
    schedule = document.tables[1]
    rows = schedule.rows[1:]
    meetings = sorted(sample_roster.meetings, key=meeting_order)
    assert len(rows) == len(meetings)
    for i, (row, m) in enumerate(zip(rows, meetings, strict=True), 1):
        cells = [c.text.replace("\n", " ") for c in row.cells]
        assert cells[0] == vn.count(i)
        assert vn.date_text(m.ngay) in cells[1]
        assert cells[2] == sample_roster.org(m.ma_to_chuc).ten
        assert cells[4].startswith(m.dai_bieu)


def test_every_document_passes_the_format_check(sample_build):
    _, summary = sample_build
    assert summary.results
    failures = {str(r.path.name): [str(b) for b in check_document(r.path)]
                for r in summary.results}
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize("kind", GOLDEN_KINDS)
def test_golden_text(kind, sample_build, update_golden):
    _, summary = sample_build
    first = min(results(summary, kind), key=lambda r: r.key)
    check_golden(kind, first.path, update_golden)


def test_an_invitation_cites_its_letter_as_the_letter_is_dated(tmp_path, sample_roster):
    """With no configured letter date the letter takes the build's day, and so does the cite."""
    from conftest import BUILD_DAY, BUILD_TIME, make_config

    from kiemdiem_docs.api import build
    from kiemdiem_docs.issuing import Request

    cfg = make_config(tmp_path, dot={"ngay_cong_van": ""})
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"cong-van", "giay-moi"})))
    invitation = next(r for r in summary.results if r.kind == "giay-moi")
    code = invitation.key.split("-")[0]
    letter = next(r for r in summary.results if r.kind == "cong-van" and r.key == code)
    number = text_lines(letter.path)[0].split("Số ")[1].split(" ")[0]
    assert f"Công văn số {number}, ngày 20/11/2024" in text(invitation.path)
