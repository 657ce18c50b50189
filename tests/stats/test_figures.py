"""The round's figures: shares that add up, the quota as validate reads it, the reasons
of those not graded, and every table counted again here from plain rows."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem_docs.roster import (
    CHI_BO,
    DANG_BO,
    Grade,
    Member,
    Org,
    OrgGrade,
    Roster,
    quota_allowed,
    validate,
)
from kiemdiem_docs.stats import (
    NO_CLUSTER,
    OTHER_REASON,
    figures,
    reason_of,
    share_text,
    shares,
    tables,
)

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
def test_shares_add_up_to_exactly_one_hundred_and_stay_within_a_tenth(counts):
    out = shares(tuple(counts))
    if sum(counts) == 0:
        assert out is None
        return
    assert sum(out) == 1000
    for c, s in zip(counts, out, strict=True):
        assert abs(s - 1000 * c / sum(counts)) < 1  # never more than a tenth off


def test_the_largest_remainders_take_the_spare_tenths():
    # 1/3 each: 333.3 tenths; one of them takes the last tenth.
    assert shares((1, 1, 1)) == (334, 333, 333)
    assert shares((2, 10, 1, 1)) == (143, 714, 72, 71)
    assert share_text(72) == "7,2" and share_text(1000) == "100,0" and share_text(None) == "-"


@pytest.mark.parametrize(("good", "allowed"), [(0, 0), (4, 0), (5, 1), (10, 2), (14, 2)])
def test_quota_allowed_is_validates_rule(good, allowed):
    assert quota_allowed(20, good) == allowed
    assert quota_allowed(20.5, 200) == 41


@pytest.mark.parametrize(("text", "group"), [
    ("Được miễn công tác và sinh hoạt đảng", "Được miễn công tác và sinh hoạt đảng"),
    ("MIỄN SINH HOẠT", "Được miễn công tác và sinh hoạt đảng"),
    ("Đang bị đình chỉ sinh hoạt", "Bị đình chỉ sinh hoạt đảng"),
    ("Vào Đảng chưa đủ 6 tháng", "Vào Đảng chưa đủ 6 tháng"),
    ("mới kết nạp, chưa đủ sáu tháng", "Vào Đảng chưa đủ 6 tháng"),
    ("Ốm dài ngày", OTHER_REASON),
    ("Công tác ở miền Nam", OTHER_REASON),  # «miền» is not «miễn»
    ("Nghỉ ốm 16 tháng", OTHER_REASON),  # nor «16 tháng» «6 tháng»
    ("Vào Đảng chưa đủ 06 tháng", "Vào Đảng chưa đủ 6 tháng"),
])
def test_reasons_fall_in_their_groups_whatever_the_spelling(text, group):
    assert reason_of(text) == group


def _round() -> Roster:
    orgs = [Org("A", "Đảng bộ A", DANG_BO, "1"), Org("B", "Chi bộ B", CHI_BO, "Cụm 1"),
            Org("C", "Chi bộ C", CHI_BO, "10"), Org("D", "Chi bộ D", CHI_BO, "2"),
            Org("E", "Chi bộ E", CHI_BO, "")]
    grades = [OrgGrade("A", xep_loai=Grade.HTXSNV), OrgGrade("B", xep_loai=Grade.HTTNV),
              OrgGrade("C", xep_loai=Grade.HTTNV), OrgGrade("D", xep_loai=Grade.KXL),
              OrgGrade("E", xep_loai=Grade.HTNV)]
    members = []
    plan = {"A": "HTXSNV HTXSNV HTTNV HTTNV HTTNV HTNV KXL:miễn", "B": "HTTNV KHTNV KXL:ốm",
            "C": "HTXSNV", "D": "HTTNV KXL:6_tháng", "E": "HTNV"}
    for code, grades_text in plan.items():
        for i, g in enumerate(grades_text.split()):
            grade, _, why = g.partition(":")
            members.append(Member(code, f"Người {code}{i}", xep_loai=Grade[grade],
                                  ly_do_khong_xep_loai=why.replace("_", " ")))
    members.append(Member("Z", "Người lạc", xep_loai=Grade.HTTNV))  # no such organisation
    return Roster(orgs=orgs, grades=grades, members=members)


def test_each_table_counts_what_the_rows_say():
    fig = figures(_round(), 20)
    by_type = {r.ten: (r.counts, r.khong_xep_loai) for r in fig.to_chuc_loai}
    assert by_type == {"Đảng bộ cơ sở": ((1, 0, 0, 0), 0), "Chi bộ cơ sở": ((0, 2, 1, 0), 1),
                       "Tổng cộng": ((1, 2, 1, 0), 1)}
    # «1» and «Cụm 1» are one cluster; «2» before «10»; no cluster last.
    assert [r.ten for r in fig.to_chuc_cum] == ["Cụm 1", "Cụm 2", "Cụm 10", NO_CLUSTER,
                                                "Tổng cộng"]
    assert fig.to_chuc_cum[0].counts == (1, 1, 0, 0)
    members = {r.ten: (r.counts, r.khong_xep_loai) for r in fig.dang_vien_loai}
    assert members["Đảng bộ cơ sở"] == ((2, 3, 1, 0), 1)
    assert members["Tổng cộng"] == ((3, 5, 2, 1), 3)  # the member of «Z» is not counted
    assert fig.ly_do == [("Được miễn công tác và sinh hoạt đảng", 1),
                         ("Vào Đảng chưa đủ 6 tháng", 1), (OTHER_REASON, 1)]
    assert fig.ly_do_khac == ["ốm"]
    # «C»: one HTXSNV beside no HTTNV, over the quota by one; «A»: 2 beside 3 (allowed 0).
    assert [(o.ma, o.htxsnv, o.httnv, o.allowed, o.over) for o in fig.dang_vien_over] == [
        ("A", 2, 3, 0, 2), ("C", 1, 0, 0, 1)]
    assert fig.khoi_over is not None and fig.khoi_over.over == 1  # 1 HTXSNV beside 2 HTTNV
    assert fig.to_chuc_xet == 4


def test_one_cluster_however_the_workbook_writes_it_in_one_order():
    names = ["Cụm 01", "1", "cụm 1", "Cụm Hòa Bình", "Cụm Hoà Bình", "cụm hòa bình", "10",
             "Cụm số 2", ""]
    orgs = [Org(str(i), f"Chi bộ {i}", CHI_BO, cum) for i, cum in enumerate(names)]
    roster = Roster(orgs=orgs, grades=[OrgGrade(o.ma, xep_loai=Grade.HTTNV) for o in orgs])
    rows = [(r.ten, r.tong) for r in figures(roster, 20).to_chuc_cum]
    assert rows == [("Cụm 1", 3), ("Cụm 2", 1), ("Cụm 10", 1), ("Cụm Hòa Bình", 3),
                    (NO_CLUSTER, 1), ("Tổng cộng", 9)]
    # The same in any order of the rows: nothing depends on a set's order.
    again = Roster(orgs=orgs[::-1], grades=roster.grades)
    assert [r.ten for r in figures(again, 20).to_chuc_cum][:3] == ["Cụm 1", "Cụm 2", "Cụm 10"]


def test_the_annex_tables_hold_the_same_figures_and_each_row_adds_up():
    fig = figures(_round(), 20)
    out = {t["khoa"]: t for t in tables(fig, [("Tiêu biểu", 1, 0), ("5 năm", 0, 2)],
                                        [("Đảng viên: tổng số", 10, 14)])}
    assert list(out) == ["to_chuc_loai", "to_chuc_cum", "dang_vien_loai", "dang_vien_cum",
                         "ly_do", "ty_le", "khen_thuong", "so_sanh"]
    for key in ("to_chuc_loai", "to_chuc_cum", "dang_vien_loai", "dang_vien_cum"):
        table = out[key]
        assert len(table["cot"]) == 11
        for row in table["dong"]:
            counts, share = row[2:10:2], row[3:10:2]
            assert row[1] == sum(counts) + row[10]
            if sum(counts):
                assert round(sum(share), 1) == 100.0
            else:
                assert share == [None] * 4
    assert out["ly_do"]["dong"][-1] == ["Tổng cộng", 3, 100.0]
    assert out["ty_le"]["dong"][0] == ["Các tổ chức cơ sở đảng toàn Khối", 1, 2, 0, 1]
    assert out["khen_thuong"]["dong"][-1] == ["Tổng cộng", 1, 2]
    assert out["so_sanh"]["dong"] == [["Đảng viên: tổng số", 10, 14, 4]]


def test_validate_and_the_figures_agree_on_who_is_over_the_quota(sample_roster):
    roster = _round()
    warned = [p.message for p in validate(roster, quota_percent=20) if "vượt" in p.message]
    fig = figures(roster, 20)
    assert len(warned) == len(fig.dang_vien_over) + (fig.khoi_over is not None)
    # The sample is within the quota everywhere, and said so by both.
    sample = figures(sample_roster, 20)
    assert sample.dang_vien_over == [] and sample.khoi_over is None
    assert Counter(m.xep_loai for m in sample_roster.members)[Grade.KXL] == \
        sum(n for _, n in sample.ly_do)


def test_a_workbooks_formula_is_text_in_the_annex(tmp_path):
    import openpyxl

    from kiemdiem_docs.stats import write_annex

    table = {"khoa": "khen_thuong", "ten": "7. Khen thưởng", "tieu_de": "Khen thưởng",
             "cot": ["Thành tích", "Tập thể", "Cá nhân"],
             "dong": [['=HYPERLINK("http://x","Bấm")', 1, 0], ["=1+1", 0, 2]]}
    path = tmp_path / "phu-luc.xlsx"
    write_annex([table], path, issued=None, title="Phụ lục")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [(c.value, c.data_type) for c in sheet["A"][2:]]
    assert cells == [('=HYPERLINK("http://x","Bấm")', "s"), ("=1+1", "s")]
    assert sheet["B3"].value == 1 and sheet["B3"].data_type == "n"
