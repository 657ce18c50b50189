"""The Khối's decisions after grading, built from the sample and read back as files."""

from __future__ import annotations

import re
from collections import Counter

import docx
import pytest
from conftest import check_golden, make_config
from docutil import text, text_lines

from kiemdiem_docs import vn
from kiemdiem_docs.kinds.decisions import needs_grades, quyet_dinh_xep_loai
from kiemdiem_docs.kinds.docdata import Issue, Round
from kiemdiem_docs.roster import CHI_BO, DANG_BO, LEVELS, Grade, Org, OrgGrade, Roster

GOLDEN_KINDS = ("quyet-dinh-xep-loai", "quyet-dinh-khen-thuong")
ROMAN = re.compile(r"^[IVX]+$")


def results(summary, kind):
    return [r for r in summary.results if r.kind == kind]


def only_doc(summary, kind):
    [r] = results(summary, kind)
    return r


def list_rows(path) -> list[list[str]]:
    """The attached list (the document's last table) as rows of cells, a merged cell once."""
    table = docx.Document(str(path)).tables[-1]
    rows = []
    for row in table.rows[1:]:
        seen, cells = set(), []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append(cell.text.replace("\n", " "))  # a balanced cell's breaks
        rows.append(cells)
    return rows


def grouped(rows: list[list[str]]) -> list[tuple[list[str], list[list[str]]]]:
    """(group row, its item rows) in order; a group row starts with a roman numeral."""
    out: list[tuple[list[str], list[list[str]]]] = []
    for row in rows:
        if ROMAN.match(row[0]):
            out.append((row, []))
        else:
            assert out, f"an item row before any group: {row}"
            out[-1][1].append(row)
    return out


def number_and_date(path) -> tuple[str, str]:
    """The decision's «Số 01-QĐ/ĐUK» and its dateline, from the header table."""
    header = docx.Document(str(path)).tables[0]
    left, right = header.rows[0].cells
    number = next(p.text for p in left.paragraphs if p.text.startswith("Số"))
    date = [p.text for p in right.paragraphs if p.text][-1]
    return number, date


class Numbers:
    """Numbers 1, 2, … in the order documents ask, each kept for its (kind, key)."""

    def __init__(self) -> None:
        self.issued: dict[tuple[str, str], Issue] = {}

    def __call__(self, kind, key, symbol, issuer, *, body="", allocate=False) -> Issue:
        return self.issued.setdefault((kind, key), Issue(len(self.issued) + 1, None))


def org(ma: str, loai: str = CHI_BO) -> Org:
    return Org(ma, f"{'Chi bộ' if loai == CHI_BO else 'Đảng bộ'} Đơn vị {ma}", loai)


def grade(ma: str, g: Grade | None, **kw) -> OrgGrade:
    return OrgGrade(ma, xep_loai=g, **kw)


# -- the grading decision, on the sample --------------------------------------------

def test_grading_counts_agree_with_the_workbook_and_the_list(sample_build, sample_roster):
    _, summary = sample_build
    path = only_doc(summary, "quyet-dinh-xep-loai").path
    expected = Counter(sample_roster.grade_of(o.ma).xep_loai for o in sample_roster.orgs)
    lines = text_lines(path)
    assert (f"Điều 1. Xếp loại chất lượng năm 2024 đối với {vn.count(len(sample_roster.orgs))} "
            "tổ chức cơ sở đảng") in text(path)
    for level in LEVELS:
        ending = "." if level is LEVELS[-1] and not expected[Grade.KXL] else ";"
        assert f"- “{level.full}”: {vn.count(expected[level])} tổ chức{ending}" in lines
    assert not any("Không xếp loại" in line for line in lines)  # the sample has none
    groups = grouped(list_rows(path))
    assert [g[0][1] for g in groups] == [
        f"“{level.full}” ({vn.count(expected[level])} tổ chức)" for level in LEVELS
        if expected[level]]
    assert [g[0][0] for g in groups] == ["I", "II", "III", "IV"][: len(groups)]
    by_name = {o.ten: o for o in sample_roster.orgs}
    stt = 0
    for (_, items), level in zip(groups, [lv for lv in LEVELS if expected[lv]], strict=True):
        assert len(items) == expected[level]
        codes = [by_name[row[1]].ma for row in items]
        assert codes == sorted(codes)
        for row in items:
            stt += 1
            assert row[0] == vn.count(stt)
            assert row[2] == level.full == sample_roster.grade_of(by_name[row[1]].ma).xep_loai.full
    assert stt == len(sample_roster.orgs)


def test_grading_decision_header_list_line_and_signature(sample_build):
    _, summary = sample_build
    path = only_doc(summary, "quyet-dinh-xep-loai").path
    number, date = number_and_date(path)
    assert re.fullmatch(r"Số \d{2,}-QĐ/ĐUK", number)
    assert date == "Nam Định, ngày 24 tháng 12 năm 2024"
    body = text(path)
    assert "về việc xếp loại chất lượng tổ chức cơ sở đảng năm 2024" in body
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in body
    assert "- Xét đề nghị của Ban Tổ chức Đảng ủy Khối," in body
    n = number.split()[1]
    assert (f"(Kèm theo Quyết định số {n}, ngày 24/12/2024 của Ban Thường vụ Đảng ủy Khối)"
            in body)
    assert "(có danh sách kèm theo)" in body
    for line in ("- Như Điều 3,", "- Ban Tổ chức Tỉnh ủy (để báo cáo),",
                 "- Lưu Văn phòng Đảng ủy Khối."):
        assert line in body
    assert "T/M BAN THƯỜNG VỤ" in body and "Điều 2." in body and "Điều 3." in body


# -- the grading decision, on rosters made in memory ------------------------------

NEEDS = [
    ("no XepLoai rows", [], "chưa có kết quả xếp loại (sheet XepLoai trống)"),
    ("rows without a decided grade", [grade("001", None), grade("002", None)],
     "chưa có kết quả xếp loại (sheet XepLoai trống)"),
    ("all graded", [grade(m, Grade.HTTNV) for m in ("001", "002", "003", "004", "005", "006",
                                                    "007")], None),
    ("Không xếp loại counts as decided", [grade(m, Grade.KXL if m == "003" else Grade.HTNV)
                                          for m in ("001", "002", "003", "004", "005", "006",
                                                    "007")], None),
]


@pytest.mark.parametrize(("grades", "reason"), [c[1:] for c in NEEDS], ids=[c[0] for c in NEEDS])
def test_grading_needs_every_organisation(grades, reason):
    r = Roster(orgs=[org(f"{i:03d}") for i in range(1, 8)], grades=grades)
    assert needs_grades(r) == reason


def test_a_partial_grading_is_not_issued_and_the_reason_names_who_is_missing():
    orgs = [org(f"{i:03d}") for i in range(1, 11)]
    r = Roster(orgs=orgs, grades=[grade("001", Grade.HTTNV), grade("004", Grade.HTNV),
                                  grade("099", Grade.HTTNV)])  # 099 is no organisation
    reason = needs_grades(r)
    assert reason.startswith("còn 08/10 tổ chức chưa có kết quả xếp loại")
    assert "002, 003, 005, 006, 007, …" in reason and "001" not in reason


def test_not_graded_organisations_are_counted_and_listed_last(tmp_path):
    orgs = [org("001", DANG_BO), org("002"), org("003"), org("004")]
    grades = [grade("004", Grade.HTXSNV, tieu_bieu=True), grade("001", Grade.HTTNV),
              grade("003", Grade.KXL), grade("002", Grade.HTXSNV)]
    rnd = Round(make_config(tmp_path), Roster(orgs=orgs, grades=grades), Numbers())
    [doc] = quyet_dinh_xep_loai(rnd)
    ctx = doc.context
    assert ctx["tong"] == "04"
    assert ctx["muc"] == [
        "- “Hoàn thành xuất sắc nhiệm vụ”: 02 tổ chức;",
        "- “Hoàn thành tốt nhiệm vụ”: 01 tổ chức;",
        "- “Hoàn thành nhiệm vụ”: 0 tổ chức;",
        "- “Không hoàn thành nhiệm vụ”: 0 tổ chức;",
        "- “Không xếp loại”: 01 tổ chức.",
    ]
    groups = [(g["so"], g["ten"], [(m["stt"], m["ten"], m["ghi_chu"]) for m in g["muc"]])
              for g in ctx["nhom"]]
    assert groups == [
        ("I", "“Hoàn thành xuất sắc nhiệm vụ” (02 tổ chức)",
         [("01", "Chi bộ Đơn vị 002", ""), ("02", "Chi bộ Đơn vị 004", "Tiêu biểu")]),
        ("II", "“Hoàn thành tốt nhiệm vụ” (01 tổ chức)", [("03", "Đảng bộ Đơn vị 001", "")]),
        ("III", "“Không xếp loại” (01 tổ chức)", [("04", "Chi bộ Đơn vị 003", "")]),
    ]
    assert ctx["so"] == "Số 01-QĐ/ĐUK"
    assert ctx["kem_theo"] == ("(Kèm theo Quyết định số 01-QĐ/ĐUK, ngày 24/12/2024 của Ban "
                               "Thường vụ Đảng ủy Khối)")


# -- the award decision, on the sample --------------------------------------------

def expected_awards(roster) -> list[tuple[str, list[tuple[str, str]]]]:
    """(achievement, [(name, unit)]) as FORMAT.md and the brief say, from the workbook."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for o in sorted(roster.orgs, key=lambda o: o.ma):
        g = roster.grade_of(o.ma)
        if g and g.tieu_bieu and g.xep_loai is Grade.HTXSNV:
            text_ = g.thanh_tich or "Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024"
            groups.setdefault(text_, []).append((o.ten, ""))
    five = [m for m in roster.members if m.htxsnv_5_nam and m.xep_loai is Grade.HTXSNV]
    for m in vn.sort_names(five, key=lambda m: m.ho_ten):
        groups.setdefault("Đã hoàn thành xuất sắc nhiệm vụ 5 năm liền (2020 – 2024)", []).append(
            (m.ho_ten, roster.org(m.ma_to_chuc).ten))
    for a in roster.awards:  # a group stands where its achievement first appears
        groups.setdefault(a.thanh_tich, [])
    to_orgs = sorted((a for a in roster.awards if not a.ho_ten), key=lambda a: a.ma_to_chuc)
    to_people = vn.sort_names([a for a in roster.awards if a.ho_ten], key=lambda a: a.ho_ten)
    for a in to_orgs + to_people:
        unit = roster.org(a.ma_to_chuc).ten
        groups.setdefault(a.thanh_tich, []).append((a.ho_ten, unit) if a.ho_ten else (unit, ""))
    return list(groups.items())


def test_award_list_groups_numbers_and_counts(sample_build, sample_roster):
    _, summary = sample_build
    path = only_doc(summary, "quyet-dinh-khen-thuong").path
    want = expected_awards(sample_roster)
    groups = grouped(list_rows(path))
    assert len(groups) == len(want) == 3
    number = 0
    for (head, items), (achievement, recipients) in zip(groups, want, strict=True):
        assert head[1].startswith(achievement + ": ")
        assert [(row[1], row[2]) for row in items] == recipients
        for row in items:
            number += 1
            assert row[0] == vn.count(number)
    orgs = sum(1 for _, rs in want for _, unit in rs if not unit)
    people = sum(1 for _, rs in want for _, unit in rs if unit)
    assert (orgs, people) == (3, 5)  # the sample: 1 outstanding, 5 five-year members, 2 extra
    lines = text_lines(path)
    assert any(f"cho {vn.count(orgs)} tập thể và {vn.count(people)} cá nhân đã có thành tích"
               in line for line in lines)
    assert ("- Đã hoàn thành xuất sắc nhiệm vụ 5 năm liền (2020 – 2024): 05 cá nhân;" in lines)
    assert "về việc tặng giấy khen năm 2024" in lines


def test_the_two_decisions_take_consecutive_numbers_of_one_series(sample_build):
    _, summary = sample_build
    grading, _ = number_and_date(only_doc(summary, "quyet-dinh-xep-loai").path)
    awards, date = number_and_date(only_doc(summary, "quyet-dinh-khen-thuong").path)
    first = int(grading.split()[1].split("-")[0])
    assert awards == f"Số {first + 1:02d}-QĐ/ĐUK"
    assert date == "Nam Định, ngày 24 tháng 12 năm 2024"


@pytest.mark.parametrize("kind", GOLDEN_KINDS)
def test_golden_text(kind, sample_build, update_golden):
    _, summary = sample_build
    first = min(results(summary, kind), key=lambda r: r.key)
    check_golden(kind, first.path, update_golden)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("kind", ["quyet-dinh-xep-loai", "quyet-dinh-khen-thuong",
                                  "quyet-dinh-xep-loai-dang-vien"])
def test_a_group_title_spans_its_row_and_stays_with_its_first_item(kind, sample_build):
    _, summary = sample_build
    path = next(r.path for r in summary.results if r.kind == kind)
    table = docx.Document(str(path)).tables[-1]
    groups = [row for row in table.rows[1:] if row.cells[0].text in ("I", "II", "III", "IV")]
    assert groups
    for row in groups:
        tcs = row._tr.tc_lst
        assert len(tcs) == 2 and tcs[1].grid_span == len(table.columns) - 1
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for tc in tcs
                   for p in tc.findall(f"{W}p"))
