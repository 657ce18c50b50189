"""Column «Điểm»: read from a cell, then checked against «Xếp loại» under the rule pack."""

from __future__ import annotations

import pytest

from kiemdiem_docs import packs, vn
from kiemdiem_docs.roster import Grade, Member, Org, OrgGrade, Problem, Roster, write_roster
from kiemdiem_docs.roster.cells import reader
from kiemdiem_docs.roster.read import load
from kiemdiem_docs.roster.schema import DANG_VIEN
from kiemdiem_docs.roster.validation import validate

SCORING = packs.rule_pack("366-2025")
NOT_SCORING = packs.rule_pack("124-2023")
HTXS, HTT, HT, KHT, KXL = Grade.HTXSNV, Grade.HTTNV, Grade.HTNV, Grade.KHTNV, Grade.KXL


def roster(*members: Member, grades: tuple[OrgGrade, ...] = ()) -> Roster:
    return Roster(orgs=[Org("001", "Chi bộ Đơn vị 001", "Chi bộ cơ sở", row=2)],
                  members=list(members), grades=list(grades))


def scored(diem: float | None, grade: Grade | None, row: int = 2) -> Member:
    return Member("001", f"Nguyễn Văn {row}", xep_loai=grade, diem=diem, row=row)


def score_problems(r: Roster, rules: packs.RulePack = SCORING) -> list[Problem]:
    """What validate says of the scores (the cross-record checks unrelated to them aside)."""
    return [p for p in validate(r, rules=rules)
            if "điểm" in p.message.casefold() or "Điểm" == p.place.column]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


# -- reading a cell ----------------------------------------------------------------
@pytest.mark.parametrize(("raw", "value"), [
    (85, 85.0), (85.0, 85.0), ("85", 85.0), ("89,5", 89.5), ("89.5", 89.5), (" 90 ", 90.0),
    ("85 điểm", 85.0), (0, 0.0), ("100", 100.0), (89.25, 89.25),
])
def test_a_score_is_read_from_a_number_or_text(raw, value):
    assert reader(DANG_VIEN.column("diem"))(raw) == (value, None)


@pytest.mark.parametrize(("raw", "message"), [
    ("tám mươi", "Điểm «tám mươi» không phải số (0–100)."),
    ("85/100", "Điểm «85/100» không phải số (0–100)."),
    (True, "Điểm «TRUE» không phải số (0–100)."),
    (120, "Điểm 120 nằm ngoài thang điểm 0–100."),
    ("100,5", "Điểm 100,5 nằm ngoài thang điểm 0–100."),
    ("-5", "Điểm -5 nằm ngoài thang điểm 0–100."),
])
def test_a_score_that_is_no_number_or_off_the_scale_is_an_error(raw, message):
    assert reader(DANG_VIEN.column("diem"))(raw) == (None, ("error", message))


def test_more_than_two_decimals_is_rounded_with_a_warning():
    value, (level, message) = reader(DANG_VIEN.column("diem"))(89.996)
    assert value == 90.0 and level == "warning" and "làm tròn thành 90" in message


def test_a_workbook_cell_names_sheet_row_and_column(tmp_path):
    path = tmp_path / "so.xlsx"
    write_roster(path, {
        "ToChuc": [{"ma": "001", "ten": "Chi bộ Đơn vị 001", "loai": "Chi bộ cơ sở"}],
        "DangVien": [{"ma_to_chuc": "001", "ho_ten": "Nguyễn Văn An", "diem": "89,5"},
                     {"ma_to_chuc": "001", "ho_ten": "Lê Thị Bình", "diem": "tám mươi"},
                     {"ma_to_chuc": "001", "ho_ten": "Trần Văn Cường", "diem": 72}],
        "XepLoai": [{"ma_to_chuc": "001", "diem": 150}],
    })
    r = load(path)
    assert [m.diem for m in r.members] == [89.5, None, 72.0]
    bad = [(p.level, p.place.sheet, p.place.row, p.place.column, p.value) for p in r.problems]
    assert bad == [("error", "DangVien", 3, "Điểm", "tám mươi"),
                   ("error", "XepLoai", 2, "Điểm", "150")]
    assert "Điểm «tám mươi» không phải số (0–100)." in str(r.problems[0])


# -- the band edges under QĐ 366 ---------------------------------------------------
EDGES = [(49.9, KHT, HT), (50, HT, KHT), (69.9, HT, HTT), (70, HTT, HT), (89.9, HTT, HTXS),
         (90, HTXS, HTT)]


@pytest.mark.parametrize(("diem", "right", "neighbour"), EDGES)
def test_the_score_level_passes_and_its_neighbour_fails(diem, right, neighbour):
    assert errors(score_problems(roster(scored(diem, right)))) == []
    (p,) = errors(score_problems(roster(scored(diem, neighbour))))
    assert (p.place.sheet, p.place.row, p.place.column) == ("DangVien", 2, "Xếp loại")
    assert f"Điểm {vn.decimal_text(diem)} thuộc mức “{right.full}”" in p.message
    assert f"cột Xếp loại ghi “{neighbour.full}”" in p.message


def test_the_message_names_both_bands():
    (p,) = errors(score_problems(roster(scored(85, HTXS))))
    assert p.message.startswith(
        "Điểm 85 thuộc mức “Hoàn thành tốt nhiệm vụ” (từ 70 đến dưới 90 điểm), nhưng cột Xếp "
        "loại ghi “Hoàn thành xuất sắc nhiệm vụ” (cần từ 90 điểm trở lên).")
    (low,) = errors(score_problems(roster(scored(30, HT))))
    assert "(dưới 50 điểm)" in low.message and "(cần từ 50 đến dưới 70 điểm)" in low.message


def test_a_grade_far_outside_its_band_and_a_decimal_comma_in_the_message():
    (p,) = errors(score_problems(roster(scored(95.5, KHT))))
    assert "Điểm 95,5 thuộc mức “Hoàn thành xuất sắc nhiệm vụ” (từ 90 điểm trở lên)" in p.message


def test_organisations_are_checked_on_sheet_xeploai():
    r = roster(grades=(OrgGrade("001", xep_loai=HTXS, diem=72, row=4),))
    (p,) = errors(score_problems(r))
    assert (p.place.sheet, p.place.row, p.place.column) == ("XepLoai", 4, "Xếp loại")


def test_a_grade_without_score_and_a_score_without_grade_are_accepted():
    assert errors(score_problems(roster(scored(None, HT, 2), scored(65, None, 3)))) == []


def test_not_graded_with_a_score_is_a_warning_only():
    (p,) = score_problems(roster(Member("001", "A", xep_loai=KXL, ly_do_khong_xep_loai="miễn",
                                        diem=80, row=2)))
    assert p.level == "warning" and p.place.column == "Điểm"


# -- the warnings said once a sheet -------------------------------------------------
def test_the_top_grade_conditions_are_one_warning_per_sheet():
    r = roster(scored(95, HTXS, 2), scored(None, HTXS, 3), scored(91, HTXS, 4),
               scored(80, HTT, 5),
               grades=(OrgGrade("001", xep_loai=HTXS, diem=92, row=2),))
    found = score_problems(r)
    assert errors(found) == []
    members, orgs = ([p for p in found if p.place.sheet == s] for s in ("DangVien", "XepLoai"))
    (m,), (o,) = members, orgs
    assert m.level == o.level == "warning" and m.place.row is None
    assert m.message.startswith("03 đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ”")
    assert SCORING.dieu_kien_xuat_sac["ca_nhan"] in m.message
    assert o.message.startswith("01 tổ chức") and SCORING.dieu_kien_xuat_sac["tap_the"] in o.message


def test_no_top_grade_no_warning():
    assert score_problems(roster(scored(80, HTT))) == []


def test_under_qd_124_no_band_error_and_one_warning_that_scores_are_not_used():
    r = roster(scored(85, HTXS, 2), scored(10, HTT, 3), scored(None, HT, 4))
    (p,) = score_problems(r, NOT_SCORING)
    assert p.level == "warning" and p.place.sheet == "DangVien"
    assert p.message.startswith("02 dòng có điểm") and "không chấm điểm" in p.message
    assert score_problems(roster(scored(None, HTXS)), NOT_SCORING) == []


def test_without_a_rule_pack_scores_are_not_checked():
    assert validate(roster(scored(95, HTT))) == []  # a mismatch, left unchecked
