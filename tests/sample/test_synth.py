"""The invented round: deterministic, the right sizes, and within the rules validate checks."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict

import pytest

from kiemdiem_docs.roster import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, Grade, schema
from kiemdiem_docs.sample import NOT_SIX_MONTHS, add_months, grade_counts, make_rows

GRADE_KEYS = ("tu_xep_loai", "de_nghi", "xep_loai")


@pytest.fixture(scope="module")
def big() -> dict[str, list[dict]]:
    return make_rows(1000, 50000)


def _meetings(rows: dict) -> dict[str, dict]:
    return {m["ma_to_chuc"]: m for m in rows["LichKiemDiem"]}


def test_same_seed_same_rows_other_seed_other_rows():
    assert make_rows(20, 600, seed=7) == make_rows(20, 600, seed=7)
    assert make_rows(20, 600, seed=7) != make_rows(20, 600, seed=8)


@pytest.mark.parametrize(("n_orgs", "n_members", "width"), [
    (1, 5, 3), (14, 340, 3), (120, 4000, 3), (1000, 3000, 4),
])
def test_counts_and_codes(n_orgs, n_members, width):
    rows = make_rows(n_orgs, n_members)
    assert set(rows) == {s.name for s in schema.SHEETS}
    codes = [o["ma"] for o in rows["ToChuc"]]
    assert codes == [str(i).zfill(width) for i in range(1, n_orgs + 1)]
    assert len(rows["DangVien"]) == n_members
    assert {m["ma_to_chuc"] for m in rows["DangVien"]} <= set(codes)
    assert [m["ma_to_chuc"] for m in rows["LichKiemDiem"]] == codes
    assert [g["ma_to_chuc"] for g in rows["XepLoai"]] == codes
    assert len({o["ten"] for o in rows["ToChuc"]}) == n_orgs
    for sheet in schema.SHEETS:
        keys = {c.key for c in sheet.columns}
        assert all(set(r) <= keys for r in rows[sheet.name]), sheet.name


def test_both_kinds_and_branches(big):
    kinds = Counter(o["loai"] for o in big["ToChuc"])
    assert 0.3 < kinds[DANG_BO] / 1000 < 0.5 and kinds[CHI_BO] + kinds[DANG_BO] == 1000
    branches = defaultdict(set)
    for m in big["DangVien"]:
        branches[m["ma_to_chuc"]].add(m["chi_bo"])
    for org in big["ToChuc"]:
        if org["loai"] == DANG_BO:
            assert 2 <= len(branches[org["ma"]]) <= 6
            assert org["ten"].startswith("Đảng bộ ")
        else:
            assert branches[org["ma"]] <= {""}
            assert org["ten"].startswith("Chi bộ ")
    assert make_rows(2, 10)["ToChuc"][0]["loai"] != make_rows(2, 10)["ToChuc"][1]["loai"]


def test_quota_within_each_org_and_across_orgs(big):
    for key in GRADE_KEYS:
        per_org = defaultdict(Counter)
        for m in big["DangVien"]:
            per_org[m["ma_to_chuc"]][m[key]] += 1
        for ma, c in per_org.items():
            assert c[Grade.HTXSNV] <= c[Grade.HTTNV] * 20 // 100, (key, ma, c)
        orgs = Counter(g[key] for g in big["XepLoai"])
        assert orgs[Grade.HTXSNV] <= orgs[Grade.HTTNV] * 20 // 100, key


def test_grade_shares_are_realistic(big):
    c = Counter(m["xep_loai"] for m in big["DangVien"])
    n = len(big["DangVien"])
    assert 0.10 < c[Grade.HTXSNV] / n < 0.16
    assert 0.65 < c[Grade.HTTNV] / n < 0.78
    assert 0.10 < c[Grade.HTNV] / n < 0.16
    assert 0.01 < c[Grade.KHTNV] / n < 0.03


@pytest.mark.parametrize("n", [0, 1, 4, 5, 6, 30, 500])
def test_grade_counts_respect_quota(n):
    import random

    for seed in range(30):
        c = Counter(grade_counts(random.Random(seed), n))
        assert sum(c.values()) == n
        assert c[Grade.HTXSNV] * 5 <= c[Grade.HTTNV]


def test_members_grades_and_status(big):
    meet = _meetings(big)
    assert all(isinstance(m[k], Grade) for m in big["DangVien"] for k in GRADE_KEYS)
    for m in big["DangVien"]:
        day = meet[m["ma_to_chuc"]]["ngay"]
        assert dt.date(1960, 1, 1) <= m["ngay_sinh"] <= dt.date(2000, 12, 31)
        assert m["ngay_sinh"] < m["ngay_vao_dang"] < day
        recent = add_months(m["ngay_vao_dang"], 6) > day
        assert (m["xep_loai"] is Grade.KXL and m["ly_do_khong_xep_loai"] == NOT_SIX_MONTHS) \
            == recent
        assert (m["xep_loai"] is Grade.KXL) == bool(m["ly_do_khong_xep_loai"])
        assert m["chinh_thuc"] == (DU_BI if add_months(m["ngay_vao_dang"], 12) > day
                                   else CHINH_THUC)
        if m["htxsnv_5_nam"]:
            assert m["xep_loai"] is Grade.HTXSNV
            assert add_months(m["ngay_vao_dang"], 60) <= day
    kxl = Counter(m["ly_do_khong_xep_loai"] for m in big["DangVien"])
    assert kxl[NOT_SIX_MONTHS] > 0 and sum(m["chinh_thuc"] == DU_BI for m in big["DangVien"]) > 0


def test_secretary_is_a_full_member_of_the_org(big):
    by_org = defaultdict(dict)
    for m in big["DangVien"]:
        by_org[m["ma_to_chuc"]][m["ho_ten"]] = m
    for org in big["ToChuc"]:
        sec = by_org[org["ma"]][org["bi_thu"]]
        assert sec["chinh_thuc"] == CHINH_THUC and sec["chuc_vu"].startswith("Bí thư")


def test_schedule_has_no_clash_and_follows_clusters(big):
    staff = {s["ho_ten"]: s for s in big["CanBo"]}
    cluster = {o["ma"]: o["cum"] for o in big["ToChuc"]}
    seen = set()
    for m in big["LichKiemDiem"]:
        slot = (m["dai_bieu"], m["ngay"], m["gio"])
        assert slot not in seen
        seen.add(slot)
        assert dt.date(2024, 11, 20) <= m["ngay"] <= dt.date(2024, 12, 10)
        assert m["ngay"].weekday() < 5 and m["gio"] in (dt.time(8), dt.time(14))
        who = staff[m["dai_bieu"]]
        assert who["cum_phu_trach"] == cluster[m["ma_to_chuc"]]
        assert m["chuc_vu_dai_bieu"] == who["chuc_vu"]
        if m["can_bo_du"]:
            assert m["can_bo_du"] in staff and not staff[m["can_bo_du"]]["cum_phu_trach"]
    helpers = [(m["can_bo_du"], m["ngay"], m["gio"]) for m in big["LichKiemDiem"]
               if m["can_bo_du"]]
    assert len(helpers) == len(set(helpers))
    sizes = Counter(cluster.values())
    assert max(sizes.values()) <= 15 and min(sizes.values()) >= 10


def test_small_round_has_eight_to_twelve_staff():
    rows = make_rows(14, 340)
    assert 8 <= len(rows["CanBo"]) <= 12
    assert len({s["ho_ten"] for s in rows["CanBo"]}) == len(rows["CanBo"])


def test_org_grades_and_awards(big):
    for g in big["XepLoai"]:
        assert all(isinstance(g[k], Grade) and g[k] is not Grade.KXL for k in GRADE_KEYS)
        if g["tieu_bieu"]:
            assert g["xep_loai"] is Grade.HTXSNV and g["thanh_tich"]
    assert any(g["tieu_bieu"] for g in big["XepLoai"])
    awards = big["KhenThuong"]
    assert awards and all(a["ho_ten"] == "" for a in awards)
    assert all("phát triển đảng viên năm 2024" in a["thanh_tich"] for a in awards)
    assert len({a["ma_to_chuc"] for a in awards}) == len(awards)


def test_ungraded_round_leaves_grades_empty():
    rows = make_rows(30, 900, graded=False)
    assert rows["XepLoai"] == [] and rows["KhenThuong"] == []
    for m in rows["DangVien"]:
        assert all(m[k] is None for k in GRADE_KEYS)
        assert m["htxsnv_5_nam"] is None and m["ly_do_khong_xep_loai"] == ""
    assert len(rows["LichKiemDiem"]) == 30


def test_year_moves_the_round():
    rows = make_rows(5, 100, year=2025)
    assert all(dt.date(2025, 11, 20) <= m["ngay"] <= dt.date(2025, 12, 10)
               for m in rows["LichKiemDiem"])
    assert "năm 2025" in rows["KhenThuong"][0]["thanh_tich"]


def test_fifty_thousand_members_are_quick():
    t0 = time.perf_counter()
    make_rows(1000, 50000, seed=1)
    assert time.perf_counter() - t0 < 5


def test_rejects_impossible_sizes():
    with pytest.raises(ValueError):
        make_rows(0, 10)
    with pytest.raises(ValueError):
        make_rows(3, -1)
