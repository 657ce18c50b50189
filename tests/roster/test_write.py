"""The blank workbook of ``init``, filled workbooks, and the committed sample."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from kiemdiem_docs import kinds, roster
from kiemdiem_docs.roster import (
    CHI_BO,
    DANG_BO,
    Grade,
    list_choices,
    schema,
    write_blank,
    write_roster,
)

FORMATS = {"code": "@", "date": "dd/mm/yyyy", "time": "hh:mm"}


def _make_sample_module():
    path = REPO / "scripts" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("blank") / "danh-sach.xlsx"
    write_blank(path)
    return load_workbook(path)


def _validations(ws) -> dict[str, tuple[str, str]]:
    """Column letter -> (formula, range) of each list validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0].rstrip("0123456789")] = (dv.formula1, rng)
    return out


def test_blank_has_every_sheet_and_header_in_order(blank):
    assert blank.sheetnames == [s.name for s in schema.SHEETS]
    for sheet in schema.SHEETS:
        ws = blank[sheet.name]
        headers = [c.value for c in ws[1]][:len(sheet.columns)]  # the example's mark beyond
        assert headers == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        for cell in ws[1][:len(sheet.columns)]:
            assert cell.font.b and cell.alignment.wrap_text
            assert cell.fill.fill_type == "solid"


@pytest.mark.parametrize("sheet", schema.SHEETS, ids=lambda s: s.name)
def test_blank_columns_widths_formats_notes(blank, sheet):
    ws = blank[sheet.name]
    for i, col in enumerate(sheet.columns, 1):
        letter = get_column_letter(i)
        assert ws.column_dimensions[letter].width == col.width
        assert ws.column_dimensions[letter].number_format == FORMATS.get(col.kind, "General")
        comment = ws.cell(1, i).comment
        assert (comment.text if comment else "") == col.note


@pytest.mark.parametrize("sheet", schema.SHEETS, ids=lambda s: s.name)
def test_blank_drop_down_lists(blank, sheet):
    found = _validations(blank[sheet.name])
    expected = {}
    for i, col in enumerate(sheet.columns, 1):
        if list_choices(col):
            letter = get_column_letter(i)
            expected[letter] = ('"' + ",".join(list_choices(col)) + '"', f"{letter}2:{letter}2000")
    assert found == expected


def test_drop_down_lists_hold_the_schema_choices():
    dv = schema.DANG_VIEN
    assert list_choices(dv.column("xep_loai")) == schema.GRADE_CHOICES
    assert Grade.KXL.full in schema.GRADE_CHOICES
    assert list_choices(dv.column("htxsnv_5_nam")) == ("Có", "Không")
    assert list_choices(schema.TO_CHUC.column("loai")) == (DANG_BO, CHI_BO)
    assert list_choices(dv.column("ho_ten")) == ()


@pytest.mark.parametrize("sheet", schema.SHEETS, ids=lambda s: s.name)
def test_blank_example_row(blank, sheet):
    ws = blank[sheet.name]
    if not any(c.example for c in sheet.columns if c.kind != "code"):
        assert ws.max_row == 1
        return
    assert ws.max_row == 2
    for i, col in enumerate(sheet.columns, 1):
        cell = ws.cell(2, i)
        if not col.example:
            assert cell.value is None
        elif col.kind == "date":
            assert cell.value.strftime("%d/%m/%Y") == col.example
            assert cell.number_format == "dd/mm/yyyy"
        elif col.kind == "time":
            assert cell.value.strftime("%H:%M") == col.example
        else:
            assert cell.value == col.example
            if col.kind == "code":
                assert cell.number_format == "@"


def test_roster_round_trips_values(tmp_path):
    path = tmp_path / "r.xlsx"
    member = {
        "ma_to_chuc": "007", "ho_ten": "Lê Thị Ánh", "ngay_sinh": dt.date(1985, 2, 3),
        "ngay_vao_dang": dt.date(2010, 12, 31), "xep_loai": Grade.HTXSNV, "tu_xep_loai": None,
        "de_nghi": "", "htxsnv_5_nam": True, "ghi_chu": 'A & B <c> "d"', "cap_uy": True,
        "diem": 89.5,
    }
    rows = {
        "ToChuc": [{"ma": "007", "ten": "Chi bộ Công ty TNHH Thương mại & Dịch vụ", "cum": 3,
                    "loai": CHI_BO}],
        "DangVien": [member, {"ma_to_chuc": "007", "ho_ten": "Trần Văn Dũng",
                              "htxsnv_5_nam": False, "ngay_sinh": "12/05/1980"}],
        "LichKiemDiem": [{"ma_to_chuc": 7, "ngay": dt.date(2024, 12, 5), "gio": dt.time(14, 0)}],
    }
    write_roster(path, rows)
    wb = load_workbook(path)
    assert wb.sheetnames == [s.name for s in schema.SHEETS]
    org = wb["ToChuc"]
    assert org["A2"].value == "007" and org["A2"].number_format == "@"
    assert org["B2"].value == rows["ToChuc"][0]["ten"] and org["D2"].value == 3
    # Số thẻ đảng viên is column C, after Chi bộ; Cấp ủy viên G, after Chức vụ
    dv = wb["DangVien"]
    assert dv["E2"].value == dt.datetime(1985, 2, 3) and dv["E2"].number_format == "dd/mm/yyyy"
    assert dv["G2"].value == "Có" and dv["G3"].value is None
    assert dv["H2"].value.date() == dt.date(2010, 12, 31)
    # Điểm is column L, beside the Xếp loại (M) it sets
    assert dv["L2"].value == 89.5 and dv["L3"].value is None
    assert dv["M2"].value == "Hoàn thành xuất sắc nhiệm vụ"
    assert dv["J2"].value is None and dv["K2"].value is None
    assert dv["O2"].value == "Có" and dv["O3"].value == "Không"
    assert dv["P2"].value == 'A & B <c> "d"'
    assert dv["E3"].value == "12/05/1980"  # text stays text, for loader tests
    meet = wb["LichKiemDiem"]
    assert meet["A2"].value == "7" and meet["A2"].number_format == "@"
    assert meet["C2"].value == dt.time(14, 0) and meet["C2"].number_format == "hh:mm"
    assert wb["XepLoai"].max_row == 1
    # Another reader agrees that dates are dates and codes text.
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("DangVien").to_python()
    assert cal[1][0] == "007" and cal[1][4] == dt.date(1985, 2, 3)


def test_roster_validations_cover_long_data(tmp_path):
    path = tmp_path / "long.xlsx"
    write_roster(path, {"DangVien": [{"ma_to_chuc": "001", "ho_ten": f"Người {i}"}
                                     for i in range(2500)]})
    ws = load_workbook(path)["DangVien"]
    assert _validations(ws)["J"] == ('"' + ",".join(schema.GRADE_CHOICES) + '"', "J2:J2501")
    assert ws.max_row == 2501


@pytest.mark.parametrize(("rows", "error", "message"), [
    ({"Sheet1": []}, ValueError, "not in the schema"),
    ({"ToChuc": [{"ma": "001", "tên": "x"}]}, ValueError, "keys not in the schema"),
    ({"ToChuc": [{"ma": "001"}], "DangVien": [{"ho_ten": ["x"]}]}, TypeError, "cannot write"),
])
def test_roster_rejects_what_the_schema_does_not_know(tmp_path, rows, error, message):
    with pytest.raises(error, match=message):
        write_roster(tmp_path / "x.xlsx", rows)
    assert list(tmp_path.iterdir()) == []


def test_stamp_gives_identical_bytes(tmp_path):
    stamp = dt.datetime(2024, 11, 8, 8, 0)
    rows = {"ToChuc": [{"ma": "001", "ten": "Chi bộ A", "loai": CHI_BO}]}
    write_roster(tmp_path / "a.xlsx", rows, stamp=stamp)
    write_blank(tmp_path / "b.xlsx", stamp=stamp)
    write_roster(tmp_path / "c.xlsx", rows, stamp=stamp)
    write_blank(tmp_path / "d.xlsx", stamp=stamp)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "c.xlsx").read_bytes()
    assert (tmp_path / "b.xlsx").read_bytes() == (tmp_path / "d.xlsx").read_bytes()
    props = load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == stamp and props.modified == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]


def _values(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.mark.parametrize("sample, year", [
    (SAMPLE, []), (REPO / "data" / "dot-2026" / "danh-sach-mau.xlsx", ["--nam", "2026"])],
    ids=["2024", "2026"])
def test_committed_sample_is_what_make_sample_writes(tmp_path, sample, year):
    assert sample.is_file(), "run: make sample"
    make_sample = _make_sample_module()
    assert make_sample.main([str(tmp_path / "a.xlsx"), *year]) == 0
    assert make_sample.main([str(tmp_path / "b.xlsx"), *year]) == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    fresh, committed = _values(tmp_path / "a.xlsx"), _values(sample)
    assert list(fresh) == list(committed)
    for name in fresh:
        assert fresh[name] == committed[name], name


def test_sample_holds_the_cases_it_promises():
    make_sample = _make_sample_module()
    rows = make_sample.sample_rows()
    orgs, members = rows["ToChuc"], rows["DangVien"]
    assert len(orgs) == 14 and 320 <= len(members) <= 360
    assert {o["loai"] for o in orgs} == {DANG_BO, CHI_BO}
    amp = [o for o in orgs if "&" in o["ten"]]
    assert [o["ten"] for o in amp] == [make_sample.AMPERSAND_NAME]
    names = {m["ho_ten"] for m in members if m["ma_to_chuc"] == amp[0]["ma"]}
    assert set(make_sample.SORTING_NAMES) <= names and amp[0]["bi_thu"] in names
    levels = Counter(m["xep_loai"] for m in members)
    assert all(levels[g] for g in Grade)
    assert any(m["htxsnv_5_nam"] for m in members)
    assert len({m["ly_do_khong_xep_loai"] for m in members} - {""}) == 2
    org_levels = Counter(g["xep_loai"] for g in rows["XepLoai"])
    assert org_levels[Grade.HTXSNV] == 2 and org_levels[Grade.HTXSNV] * 5 <= org_levels[
        Grade.HTTNV]
    assert sum(g["tieu_bieu"] for g in rows["XepLoai"]) == 1
    assert rows["LichKiemDiem"] and rows["CanBo"] and rows["KhenThuong"]


def test_sample_loads_and_validates_without_error():
    loaded = roster.load(SAMPLE)
    assert loaded.errors == []
    assert (len(loaded.orgs), len(loaded.members)) == (14, 340)
    assert len(loaded.meetings) == 14 and len(loaded.grades) == 14
    assert {m.ma_to_chuc for m in loaded.members} == {o.ma for o in loaded.orgs}
    problems = roster.validate(loaded, quota_percent=20, kinds=kinds.keys())
    assert [str(p) for p in problems if p.level == "error"] == []
    # validate words a quota breach "… HTXSNV, vượt 20% của …".
    assert [str(p) for p in problems if "HTXSNV" in p.message and "vượt" in p.message] == []


def test_the_blank_workbooks_example_rows_are_recognised_and_never_built(tmp_path):
    from kiemdiem_docs.roster import load

    path = tmp_path / "blank.xlsx"
    write_blank(path)
    wb = load_workbook(path)
    org = wb["ToChuc"]
    marks = [c.value for c in org[2] if c.value]
    assert marks[-1].startswith(schema.EXAMPLE_MARK)
    roster = load(path)
    assert roster.orgs == [] and roster.members == [] and roster.meetings == []
    said = {(p.place.sheet, p.place.row) for p in roster.warnings if "Dòng ví dụ" in p.message}
    assert {("ToChuc", 2), ("DangVien", 2), ("LichKiemDiem", 2)} <= said
    # The clerk turns the example into real data and deletes the mark: it is data then.
    for ws in wb.worksheets:
        for cell in ws[2]:
            if isinstance(cell.value, str) and cell.value.startswith(schema.EXAMPLE_MARK):
                cell.value = None
    wb.save(path)
    roster = load(path)
    assert [o.ma for o in roster.orgs] == ["001"] and len(roster.members) == 1
