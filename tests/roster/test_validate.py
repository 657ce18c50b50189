"""Cross-record checks of kiemdiem_docs.validate, on rosters built in memory."""

from __future__ import annotations

import datetime as dt

import pytest

from kiemdiem_docs import vn
from kiemdiem_docs.roster import (
    CHI_BO,
    DANG_BO,
    Award,
    Grade,
    Meeting,
    Member,
    Org,
    OrgGrade,
    Place,
    Problem,
    Roster,
)
from kiemdiem_docs.roster.validation import _add_months, validate

D = dt.date
T = dt.time
HTXS, HTT, HT, KXL = Grade.HTXSNV, Grade.HTTNV, Grade.HTNV, Grade.KXL


def org(ma: str, row: int, loai: str = CHI_BO) -> Org:
    return Org(ma, f"Chi bộ Đơn vị {ma}", loai, row=row)


def member(ma: str, name: str, row: int, **kw) -> Member:
    return Member(ma, name, row=row, **kw)


def roster(orgs=None, members=None, **kw) -> Roster:
    orgs = orgs if orgs is not None else [org("001", 2)]
    members = members if members is not None else [member("001", "Nguyễn Văn An", 2)]
    return Roster(orgs=orgs, members=members, **kw)


def places(problems: list[Problem]) -> list[tuple]:
    return [(p.level, p.place.sheet, p.place.row, p.place.column) for p in problems]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_clean_roster_has_no_problems():
    assert validate(roster()) == []


def test_duplicate_org_code_is_one_error_naming_every_row():
    r = roster([org("001", 2), org("002", 3), org("001", 7)],
               [member("001", "A", 2), member("002", "B", 3)])
    p = only(validate(r))
    assert places([p]) == [("error", "ToChuc", 7, "Mã")]
    assert p.value == "001"
    assert p.message == ("Mã tổ chức «001» có ở 2 dòng của sheet ToChuc, cột Mã: dòng 2 (Chi bộ "
                         "Đơn vị 001) và dòng 7 (Chi bộ Đơn vị 001); mỗi tổ chức một mã riêng, "
                         "sửa mã ở dòng sai.")


@pytest.mark.parametrize(("code", "hint"), [
    ("1", "Có phải «001»?"),        # a number cell lost the zeros
    ("0001", "Có phải «001»?"),
    ("00l", "Có phải «001»?"),      # a letter l for a one
    ("a01", "Có phải «A01»?"),      # case
    ("999", None),                  # nothing near
])  # fmt: skip
def test_unknown_org_code_suggests_the_nearest(code, hint):
    r = roster([org("001", 2), org("A01", 3)],
               [member("001", "A", 2), member("A01", "B", 3), member(code, "C", 4)])
    p = only(validate(r))
    assert places([p]) == [("error", "DangVien", 4, "Mã tổ chức")]
    assert f"Không có tổ chức mã «{code}» trong sheet ToChuc." in p.message
    if hint:
        assert p.message.endswith(hint)
    else:
        assert "Có phải" not in p.message


def test_unknown_org_code_in_every_sheet_that_refers_to_one_is_one_error():
    r = roster(meetings=[Meeting("009", D(2024, 12, 5), row=2)],
               grades=[OrgGrade("009", row=3)], awards=[Award("009", thanh_tich="x", row=4)])
    p = only(validate(r))
    assert places([p]) == [("error", "LichKiemDiem", 2, "Mã tổ chức")]
    assert p.message == ("Không có tổ chức mã «009» trong sheet ToChuc; mã này có ở 3 dòng: "
                         "sheet LichKiemDiem dòng 2, sheet XepLoai dòng 3, sheet KhenThuong "
                         "dòng 4.")


def test_org_without_members_is_a_warning():
    r = roster([org("001", 2), org("002", 3)], [member("001", "A", 2)])
    p = only(validate(r))
    assert places([p]) == [("warning", "ToChuc", 3, "Mã")]
    assert "chưa có đảng viên nào" in p.message


def test_no_members_at_all_is_one_warning_not_one_per_org():
    r = roster([org("001", 2), org("002", 3)], [])
    assert places(validate(r)) == [("warning", "DangVien", None, None)]


def test_no_orgs_at_all_is_a_warning():
    assert places(validate(roster([], []))) == [("warning", "ToChuc", None, None)]


def test_no_members_warning_is_not_repeated_when_the_sheet_is_missing():
    missing = Problem("error", Place("DangVien"), "Thiếu sheet «DangVien».")
    r = roster([org("001", 2)], [], problems=[missing])
    assert validate(r) == [missing]


def test_not_graded_needs_a_reason():
    r = roster(members=[member("001", "A", 2, xep_loai=KXL),
                        member("001", "B", 3, xep_loai=KXL, ly_do_khong_xep_loai="Miễn sinh hoạt"),
                        member("001", "C", 4, xep_loai=HT, ly_do_khong_xep_loai="Ốm")])
    problems = validate(r)
    assert places(problems) == [("error", "DangVien", 2, "Lý do không xếp loại"),
                                ("warning", "DangVien", 4, "Lý do không xếp loại")]
    assert "cần ghi lý do" in problems[0].message


@pytest.mark.parametrize(("admitted", "grade", "warned"), [
    (D(2024, 6, 6), HTT, True),    # six months would be 06/12, the meeting is 05/12
    (D(2024, 6, 5), HTT, False),   # exactly six months
    (D(2024, 9, 1), KXL, False),   # not graded, as it should be
    (D(2024, 9, 1), None, False),  # not graded yet
    (D(2010, 1, 1), HTT, False),
])  # fmt: skip
def test_graded_less_than_six_months_after_admission(admitted, grade, warned):
    r = roster(members=[member("001", "A", 2, ngay_vao_dang=admitted, xep_loai=grade,
                               ly_do_khong_xep_loai="Mới vào Đảng" if grade is KXL else "")],
               meetings=[Meeting("001", D(2024, 12, 20), row=3),
                         Meeting("001", D(2024, 12, 5), row=2)])  # the earliest one decides
    problems = validate(r)
    assert places(problems) == ([("warning", "DangVien", 2, "Xếp loại")] if warned else [])
    if warned:
        assert "06/06/2024" in problems[0].message and "05/12/2024" in problems[0].message


def test_six_months_check_needs_a_meeting_date():
    r = roster(members=[member("001", "A", 2, ngay_vao_dang=D(2024, 11, 1), xep_loai=HTT)])
    assert validate(r) == []


@pytest.mark.parametrize(("day", "expected"), [
    (D(2024, 8, 31), D(2025, 2, 28)),
    (D(2023, 8, 31), D(2024, 2, 29)),
    (D(2024, 6, 15), D(2024, 12, 15)),
    (D(2024, 7, 1), D(2025, 1, 1)),
])  # fmt: skip
def test_add_months_clamps_to_the_end_of_month(day, expected):
    assert _add_months(day, 6) == expected


def meeting(ma: str, row: int, day: dt.date, time: dt.time | None, who: str) -> Meeting:
    return Meeting(ma, day, time, dai_bieu=who, row=row)


def test_delegate_at_two_meetings_at_once():
    orgs = [org(f"00{n}", n + 1) for n in range(1, 5)]
    members = [member(o.ma, "A", o.row) for o in orgs]
    day = D(2024, 12, 5)
    r = roster(orgs, members, meetings=[
        meeting("001", 2, day, T(8, 0), "Nguyễn Tài Sơn"),
        meeting("002", 3, day, T(14, 0), "Nguyễn Tài Sơn"),   # same day, another time: fine
        meeting("003", 4, day, T(8, 0), "nguyễn  tài sơn"),  # same person, other spelling
        meeting("004", 5, day, T(8, 0), "Trần Thị Hà"),       # another delegate
    ])
    p = only(validate(r))
    assert places([p]) == [("warning", "LichKiemDiem", 4, "Đại biểu")]
    assert "dòng 2" in p.message and "dòng 4" in p.message and "08:00" in p.message


@pytest.mark.parametrize(("first", "second"), [(None, None), (T(8, 0), None), (None, T(9, 0))])
def test_delegate_on_the_same_day_without_a_time_is_a_possible_clash(first, second):
    orgs = [org("001", 2), org("002", 3)]
    r = roster(orgs, [member("001", "A", 2), member("002", "B", 3)], meetings=[
        meeting("001", 2, D(2024, 12, 5), first, "Nguyễn Tài Sơn"),
        meeting("002", 3, D(2024, 12, 5), second, "Nguyễn Tài Sơn"),
    ])
    p = only(validate(r))
    assert places([p]) == [("warning", "LichKiemDiem", 3, "Đại biểu")]
    assert "chưa ghi giờ" in p.message and "dòng 2" in p.message and "dòng 3" in p.message


def test_many_meetings_at_once_give_one_warning_each():
    orgs = [org(f"{n:03d}", n + 1) for n in range(1, 6)]
    r = roster(orgs, [member(o.ma, "A", o.row) for o in orgs], meetings=[
        meeting(o.ma, o.row, D(2024, 12, 5), T(8, 0), "Nguyễn Tài Sơn") for o in orgs])
    problems = validate(r)
    assert [p.place.row for p in problems] == [3, 4, 5, 6]
    assert "và 3 dòng khác" in problems[-1].message


def graded(ma: str, counts: dict[Grade, int], start: int = 2) -> list[Member]:
    out, row = [], start
    for grade, n in counts.items():
        for _ in range(n):
            out.append(member(ma, f"Đảng viên {row}", row, xep_loai=grade))
            row += 1
    return out


@pytest.mark.parametrize(("excellent", "good", "quota", "allowed"), [
    (2, 12, 20, None),   # 20% of 12 is 2.4: two may be excellent
    (3, 12, 20, 2),
    (5, 12, 20, 2),
    (1, 5, 20, None),
    (2, 9, 20, 1),       # 1.8 rounds down
    (1, 0, 20, 0),       # no HTTNV: no HTXSNV allowed
    (2, 16, 12.5, None),
    (3, 16, 12.5, 2),
    (0, 0, 20, None),
])  # fmt: skip
def test_member_quota(excellent, good, quota, allowed):
    members = graded("001", {HTXS: excellent, HTT: good, HT: 3})
    problems = validate(roster(members=members), quota_percent=quota)
    if allowed is None:
        assert problems == []
        return
    p = only(problems)
    first_over = 2 + allowed  # the HTXSNV row that goes over the quota
    assert places([p]) == [("warning", "DangVien", first_over, "Xếp loại")]
    pct = f"{quota:g}".replace(".", ",")
    assert (f"«001» (Chi bộ Đơn vị 001) có {vn.count(excellent)} HTXSNV, vượt {pct}% của "
            f"{vn.count(good)} HTTNV (tối đa {vn.count(allowed)})") in p.message


def test_member_quota_is_counted_per_org():
    orgs = [org("001", 2), org("002", 3)]
    members = graded("001", {HTXS: 1, HTT: 5}) + graded("002", {HTXS: 1, HTT: 4}, start=10)
    p = only(validate(roster(orgs, members)))
    assert "«002»" in p.message and "01 HTXSNV" in p.message and "04 HTTNV" in p.message


def org_grades(counts: dict[Grade, int], tieu_bieu: bool = False) -> tuple[list, list, list]:
    orgs, members, grades, n = [], [], [], 0
    for grade, k in counts.items():
        for _ in range(k):
            n += 1
            code = f"{n:03d}"
            orgs.append(org(code, n + 1))
            members.append(member(code, "A", n + 1))
            grades.append(OrgGrade(code, xep_loai=grade, tieu_bieu=tieu_bieu, row=n + 1))
    return orgs, members, grades


def test_khoi_quota_over_org_grades():
    orgs, members, grades = org_grades({HTXS: 2, HTT: 5}, tieu_bieu=False)
    p = only(validate(roster(orgs, members, grades=grades)))
    assert places([p]) == [("warning", "XepLoai", 3, "Xếp loại")]
    assert "toàn Khối có 02 HTXSNV, vượt 20% của 05 HTTNV (tối đa 01)" in p.message


def test_khoi_quota_within():
    orgs, members, grades = org_grades({HTXS: 1, HTT: 5})
    assert validate(roster(orgs, members, grades=grades)) == []


def test_duplicate_grade_row_is_an_error_and_counted_once():
    orgs, members, grades = org_grades({HTXS: 1, HTT: 5})
    grades.append(OrgGrade("001", xep_loai=HTXS, row=9))
    p = only(validate(roster(orgs, members, grades=grades)))
    assert places([p]) == [("error", "XepLoai", 9, "Mã tổ chức")]
    assert "dòng 2" in p.message


@pytest.mark.parametrize(("grade", "warned"), [(HTXS, False), (HTT, True), (None, True)])
def test_outstanding_org_must_be_excellent(grade, warned):
    orgs, members, grades = org_grades({HTT: 5})  # room in the quota for one HTXSNV
    orgs.append(org("009", 9))
    members.append(member("009", "A", 9))
    r = roster(orgs, members, grades=[OrgGrade("009", xep_loai=grade, tieu_bieu=True, row=2),
                                      *grades])
    expected = [("warning", "XepLoai", 2, "Tiêu biểu")] if warned else []
    assert places(validate(r)) == expected


@pytest.mark.parametrize(("grade", "warned"), [(HTXS, False), (HTT, True), (None, False)])
def test_five_years_excellent_needs_excellent_this_year(grade, warned):
    members = [member("001", "A", 2, xep_loai=grade, htxsnv_5_nam=True, so_the="1234")]
    members += graded("001", {HTT: 5}, start=3)
    expected = [("warning", "DangVien", 2, "HTXSNV 5 năm liền")] if warned else []
    assert places(validate(roster(members=members))) == expected


def test_duplicate_member():
    born = D(1980, 5, 12)
    members = [
        member("001", "Nguyễn Văn Hòa", 2, ngay_sinh=born),
        member("001", "nguyễn văn hoà", 3, ngay_sinh=born),   # same person, other tone style
        member("001", "Nguyễn Văn Hòa", 4, ngay_sinh=D(1990, 1, 1)),  # a namesake
        member("001", "Trần Thị Mai", 5),
        member("001", "Trần Thị Mai", 6),                      # no birth dates to tell apart
        member("001", "Nguyễn Văn Hỏa", 7, ngay_sinh=born),   # another tone: another name
    ]
    problems = validate(roster(members=members))
    assert places(problems) == [("warning", "DangVien", 3, "Họ và tên"),
                                ("warning", "DangVien", 6, "Họ và tên")]
    assert "dòng 2" in problems[0].message and "12/05/1980" in problems[0].message
    assert "dòng 5" in problems[1].message and "chưa có ngày sinh" in problems[1].message


def test_award_to_a_person_not_in_the_org():
    r = roster(members=[member("001", "Nguyễn Văn An", 2, so_the="12")], awards=[
        Award("001", "nguyễn văn an", "Tiêu biểu", row=2),
        Award("001", "Lê Văn Bình", "Tiêu biểu", row=3),
        Award("001", "", "Tổ chức tiêu biểu", row=4),
    ])
    assert places(validate(r)) == [("warning", "KhenThuong", 3, "Họ và tên")]


def test_problems_come_in_sheet_then_row_order_with_the_loaders_first_in_place():
    loader = [Problem("error", Place("XepLoai", 5, "Xếp loại"), "x"),
              Problem("error", Place("DangVien", 9, "Ngày sinh"), "y"),
              Problem("warning", Place("bang.xlsx"), "z")]
    r = roster([org("001", 2), org("001", 4)], [member("001", "A", 2), member("007", "B", 3)],
               problems=loader)
    assert places(validate(r)) == [
        ("warning", "bang.xlsx", None, None),
        ("error", "ToChuc", 4, "Mã"),  # with member 007, the code row 4 likely lost
        ("error", "DangVien", 9, "Ngày sinh"),
        ("error", "XepLoai", 5, "Xếp loại"),
    ]


def test_validate_does_not_change_the_roster():
    r = roster([org("001", 2), org("001", 3)])
    before = list(r.problems)
    validate(r)
    assert r.problems == before


def test_quota_with_dang_bo_org_kind_is_the_same():
    orgs = [org("001", 2, DANG_BO)]
    members = graded("001", {HTXS: 2, HTT: 5})
    problems = [p for p in validate(roster(orgs, members)) if p.place.column == "Xếp loại"]
    assert "(tối đa 01)" in only(problems).message


@pytest.mark.parametrize("code", ["../../../../x", "/etc/passwd", "a/b", "a\\b", "..", "a..b",
                                  "C:x", "A B", ".001", "001.", "-01", "x\x07", "CON", "nul.1",
                                  "com3", "a" * 21])
def test_a_code_that_is_not_plain_is_an_error_with_its_place(code):
    r = roster([org(code, 2)], [member(code, "A", 2)])
    p = only(validate(r))
    assert places([p]) == [("error", "ToChuc", 2, "Mã")]
    assert p.value == code


@pytest.mark.parametrize("code", ["001", "CB-05", "A1", "db_det", "1.2", "Đ01", "a" * 20])
def test_plain_codes_pass(code):
    assert validate(roster([org(code, 2)], [member(code, "A", 2)])) == []


def test_a_card_number_names_one_member():
    r = roster(members=[member("001", "A", 2, so_the="0123"), member("001", "B", 3, so_the="0123")])
    p = only(validate(r))
    assert places([p]) == [("error", "DangVien", 3, "Số thẻ đảng viên")] and "dòng 2" in p.message


@pytest.mark.parametrize(("members", "warned"), [
    ([member("001", "Nguyễn Văn An", 2, so_the="1")], []),
    ([member("001", "Nguyễn Văn An", 2, ngay_sinh=D(1980, 1, 2))], []),
    ([member("001", "Nguyễn Văn An", 2)], [2]),  # neither card nor birth date
    ([member("001", "Nguyễn Văn An", 2, ngay_sinh=D(1980, 1, 2)),
      member("001", "Lê Văn Bình", 3, ngay_sinh=D(1980, 1, 2))], [2, 3]),  # one birth date
])
def test_an_awarded_member_a_correction_could_not_follow_is_warned_about(members, warned):
    for m in members:
        m.xep_loai, m.htxsnv_5_nam = HTXS, True
    members += graded("001", {HTT: 10}, start=10)
    found = [p for p in validate(roster(members=members)) if p.place.column == "Số thẻ đảng viên"]
    assert [p.place.row for p in found] == warned
    assert all("giấy khen cũ sẽ bị thu hồi" in p.message for p in found)
