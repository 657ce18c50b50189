"""The minutes form of each organisation's review meeting, built and read back."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, check_golden, load, make_config
from docutil import text, text_lines

from kiemdiem_docs import vn
from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.kinds.docdata import issuing_name, meeting_order
from kiemdiem_docs.kinds.minutes import BLANK, EMPTY_ROWS
from kiemdiem_docs.roster import (
    CHI_BO,
    CHINH_THUC,
    DANG_BO,
    DU_BI,
    LEVELS,
    Grade,
    committee,
    write_roster,
)

KIND = "bien-ban"
HEAD_ROWS = 2  # the voting table's two header rows


def minutes(summary) -> dict:
    return {r.key: r.path for r in summary.results if r.kind == KIND}


def vote_rows(path) -> list[list[str]]:
    """The member rows of the voting table (the table after the header)."""
    table = docx.Document(str(path)).tables[1]
    return [[c.text.replace("\n", " ") for c in row.cells] for row in table.rows[HEAD_ROWS:]]


def reviewed(roster, code):
    """Whom the meeting reviews: a đảng bộ its committee, a chi bộ every member."""
    org = roster.org(code)
    return committee(roster, code) if org.loai == DANG_BO else roster.members_of(code)


def sorted_members(roster, code):
    return vn.sort_names(reviewed(roster, code), key=lambda m: m.ho_ten)


def given(name: str) -> str:
    return name.split()[-1]


# -- the sample ------------------------------------------------------------------
def test_one_form_per_organisation_issued_by_it(sample_build, sample_roster):
    _, summary = sample_build
    made = minutes(summary)
    assert sorted(made) == sorted(o.ma for o in sample_roster.orgs)
    for code, path in made.items():
        org = sample_roster.org(code)
        lines = text_lines(path)
        issuer = "CB" if org.loai == CHI_BO else "ĐU"
        assert issuing_name(org).upper() in lines[0]
        assert f"Số      -BB/{issuer}" in lines[0]  # numbering "blank" by default
        # but the date is the meeting's, known whoever numbers the minutes
        day = min(sample_roster.meetings_of(code), key=meeting_order).ngay
        assert lines[0].endswith(vn.date_line("Nam Định", day))
        body = "\n".join(lines)
        assert "BIÊN BẢN\nhội nghị kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân " \
               "năm 2024" in body


def test_members_in_vietnamese_name_order(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in minutes(summary).items():
        names = [row[1] for row in vote_rows(path)]
        assert names == [m.ho_ten for m in sorted_members(sample_roster, code)]
        assert [row[0] for row in vote_rows(path)] == [vn.count(i)
                                                       for i in range(1, len(names) + 1)]


def test_collation_on_the_organisation_with_tricky_names(sample_build, sample_roster):
    _, summary = sample_build
    [org] = [o for o in sample_roster.orgs if "&" in o.ten]
    names = [row[1] for row in vote_rows(minutes(summary)[org.ma])]
    at = {n: i for i, n in enumerate(names)}

    def first(given_name: str) -> int:
        return min(i for n, i in at.items() if given(n) == given_name)

    def last(given_name: str) -> int:
        return max(i for n, i in at.items() if given(n) == given_name)

    for g in ("Anh", "Ánh", "Uyên", "Ước", "Dũng", "Đức"):
        assert any(given(n) == g for n in names), f"the sample lost its «{g}»"
    # Given name first: u before ư, d before đ, whatever the family name says.
    assert last("Uyên") < first("Ước")
    assert last("Dũng") < first("Đức")
    # Same given and middle names: the family name decides, Dương before Đặng.
    dung = [n for n in names if given(n) == "Dũng"]
    assert [n.split()[0] for n in dung] == ["Dương", "Đặng"]
    # Anh and Ánh share their letters: they come first, and the tone is only a secondary
    # difference, so the middle name (Thị before Văn) decides before it (vn.name_sort_key).
    anh = [n for n in names if vn.ascii_fold(given(n)).lower() == "anh"]
    assert names[:len(anh)] == anh
    assert anh == sorted(anh, key=lambda n: vn.ascii_fold(n.split()[1]))
    # Plain sorted() by given name puts Đ after U (and V): the document does not.
    assert first("Đức") < first("Uyên")
    plain = [given(n) for n in sorted(names, key=given)]
    assert plain.index("Đức") > plain.index("Uyên")


def test_grades_in_the_table_are_the_workbook(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in minutes(summary).items():
        for row, m in zip(vote_rows(path), sorted_members(sample_roster, code), strict=True):
            _, name, self_grade, proposal, *votes, result = row
            assert name == m.ho_ten
            assert self_grade == m.tu_xep_loai.full
            assert proposal == m.de_nghi.full
            assert result.startswith(m.xep_loai.full)
            if m.xep_loai is Grade.KXL:
                assert m.ly_do_khong_xep_loai in result
            assert votes == ["", "", "", ""]  # the votes are written in at the meeting


def test_counts_and_attendance_are_the_workbook(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in minutes(summary).items():
        members = reviewed(sample_roster, code)
        body = text(path)
        status = Counter(m.chinh_thuc for m in members)
        if sample_roster.org(code).loai == DANG_BO:  # its committee: full members all
            assert f"1. Cấp ủy viên: tổng số {vn.count(len(members))} đồng chí;" in body
        else:
            assert (f"1. Đảng viên: tổng số {vn.count(len(members))} đồng chí (chính thức: "
                    f"{vn.count(status[CHINH_THUC])}, dự bị: {vn.count(status[DU_BI])})") in body
        tally = Counter(m.xep_loai for m in members)
        for g in LEVELS:
            assert f"- “{g.full}”: {vn.count(tally[g])} đồng chí" in body
        assert ("“Không xếp loại”" in body.split("Kết quả xếp loại chất lượng")[-1]) \
            == bool(tally[Grade.KXL])


def test_meeting_delegate_and_signatures(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in minutes(summary).items():
        org = sample_roster.org(code)
        m = min(sample_roster.meetings_of(code), key=meeting_order)
        lines = text_lines(path)
        body = "\n".join(lines)
        body_name = f"Ban Chấp hành {org.ten}" if org.loai == DANG_BO else org.ten
        assert (f"Hồi {vn.time_text(m.gio)}, {vn.weekday(m.ngay)}, ngày {vn.date_text(m.ngay)}, "
                f"tại {m.dia_diem}, {body_name} tổ chức hội nghị") in body
        assert f"dự, chỉ đạo: đồng chí {m.dai_bieu}, {m.chuc_vu_dai_bieu}." in body
        assert f"Chủ trì hội nghị: đồng chí {org.bi_thu}" in body
        assert lines[-1] == f"THƯ KÝ / …………………………… | CHỦ TRÌ HỘI NGHỊ / {org.bi_thu}"


def test_every_form_passes_the_format_check(sample_build):
    _, summary = sample_build
    failures = {p.name: [str(b) for b in check_document(p)] for p in minutes(summary).values()}
    assert {k: v for k, v in failures.items() if v} == {}


def test_golden_text(sample_build, sample_roster, update_golden):
    # The organisation with «&» and the tricky names: escaping and order in one file.
    _, summary = sample_build
    [org] = [o for o in sample_roster.orgs if "&" in o.ten]
    check_golden(KIND, minutes(summary)[org.ma], update_golden)


# -- a roster with gaps ----------------------------------------------------------
@pytest.fixture(scope="module")
def gaps(tmp_path_factory):
    """An organisation not graded yet, one meeting without a time, one with nothing at all."""
    tmp = tmp_path_factory.mktemp("minutes-gaps")
    path = tmp / "danh-sach.xlsx"
    write_roster(path, {
        "ToChuc": [
            {"ma": "201", "ten": "Chi bộ Công ty Cổ phần Dệt Nam Định", "loai": CHI_BO,
             "bi_thu": "Trần Văn Bình"},
            {"ma": "202", "ten": "Chi bộ Bệnh viện <Mắt> & Răng", "loai": CHI_BO},
        ],
        "DangVien": [
            {"ma_to_chuc": "201", "ho_ten": "Nguyễn Văn Ánh", "chinh_thuc": CHINH_THUC,
             "tu_xep_loai": Grade.HTTNV},
            {"ma_to_chuc": "201", "ho_ten": "Nguyễn Văn Anh", "chinh_thuc": DU_BI},
            {"ma_to_chuc": "201", "ho_ten": "Lê Thị Đào", "tu_xep_loai": Grade.HTXSNV,
             "de_nghi": Grade.HTTNV, "xep_loai": Grade.HTTNV},
        ],
        "LichKiemDiem": [{"ma_to_chuc": "201", "ngay": dt.date(2024, 12, 5),
                          "dia_diem": "Hội trường\nTầng 2"}],
    })
    loaded = load(path)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    cfg = make_config(tmp)
    summary = build(cfg, loaded, today=BUILD_DAY, now=BUILD_TIME)
    return loaded, minutes(summary)


def test_no_meeting_no_members_gives_blanks_to_write_in(gaps):
    _, made = gaps
    path = made["202"]
    body = text(path)
    assert f"Hồi {BLANK} giờ {BLANK}, ngày {BLANK}/{BLANK}/2024, tại ……" in body
    assert f"tổng số {BLANK} đồng chí (chính thức: {BLANK}, dự bị: {BLANK})" in body
    assert "dự, chỉ đạo: đồng chí ……" in body
    assert "Chi bộ Bệnh viện <Mắt> & Răng tổ chức hội nghị" in body
    assert "None" not in body and "nan" not in body.split()
    assert text_lines(path)[0].endswith("ngày     tháng     năm 2024")  # no meeting: no date
    rows = vote_rows(path)
    assert len(rows) == EMPTY_ROWS and all(c == "" for row in rows for c in row)
    for g in [*LEVELS, Grade.KXL]:
        assert f"- “{g.full}”: {BLANK} đồng chí" in body
    # No secretary on the roll: the chair's name is a line to write on, not an empty cell.
    assert text_lines(path)[-1] == "THƯ KÝ / …………………………… | CHỦ TRÌ HỘI NGHỊ / ……………………………"
    assert check_document(path) == []


def test_meeting_without_time_and_grades_not_all_known(gaps):
    loaded, made = gaps
    path = made["201"]
    body = text(path)
    # The place was typed on two lines: one line once loaded.
    assert f"Hồi {BLANK} giờ {BLANK}, thứ Năm, ngày 05/12/2024, tại Hội trường Tầng 2, " in body
    assert "tổng số 03 đồng chí (chính thức: 01, dự bị: 01, chưa ghi: 01)" in body
    rows = vote_rows(path)
    # Same letters, same middle and family names: the tone decides, Anh before Ánh.
    assert [r[1] for r in rows] == ["Nguyễn Văn Anh", "Nguyễn Văn Ánh", "Lê Thị Đào"]
    assert rows[0][2:] == [""] * 7  # nothing known yet: ruled blanks
    assert rows[1][2] == Grade.HTTNV.full and rows[1][-1] == ""
    assert rows[2][2:4] == [Grade.HTXSNV.full, Grade.HTTNV.full] and rows[2][-1] == Grade.HTTNV.full
    # One member graded of three: the counts stay blank rather than half-true.
    assert f"- “{Grade.HTTNV.full}”: {BLANK} đồng chí" in body
    assert "None" not in body
    assert check_document(path) == []
