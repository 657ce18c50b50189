"""Scores in the documents: the lists of both grading decisions and the minutes' table
show «85 điểm» where the round scores (QĐ 366), and nothing under QĐ 124."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from conftest import BUILD_TIME, load, make_config

from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.roster import CHI_BO, CHINH_THUC, DANG_BO, Grade, write_roster

KINDS = frozenset({"bien-ban", "quyet-dinh-xep-loai-dang-vien", "quyet-dinh-xep-loai"})
HEAD_ROWS = 2  # the minutes' voting table has two header rows


def _workbook(path) -> None:
    member = {"ma_to_chuc": "001", "chinh_thuc": CHINH_THUC, "cap_uy": True}
    write_roster(path, {
        "ToChuc": [
            {"ma": "001", "ten": "Đảng bộ Công ty Cổ phần Dệt Nam Định", "loai": DANG_BO,
             "bi_thu": "Trần Văn Bình"},
            {"ma": "002", "ten": "Chi bộ Trường Tiểu học Lộc Hòa", "loai": CHI_BO},
        ],
        "DangVien": [
            member | {"ho_ten": "Trần Văn Bình", "chuc_vu": "Bí thư", "xep_loai": Grade.HTTNV,
                      "diem": 85},
            member | {"ho_ten": "Lê Thị Đào", "xep_loai": Grade.HTNV, "diem": "69,5",
                      "ghi_chu": "Chuyển sinh hoạt"},
            member | {"ho_ten": "Phạm Văn Giang", "xep_loai": Grade.HTTNV},  # graded on paper
            {"ma_to_chuc": "002", "ho_ten": "Vũ Thị Hoa", "xep_loai": Grade.HTTNV, "diem": 75},
        ],
        "XepLoai": [
            {"ma_to_chuc": "001", "xep_loai": Grade.HTXSNV, "tieu_bieu": True, "diem": 92},
            {"ma_to_chuc": "002", "xep_loai": Grade.HTTNV},
        ],
        "LichKiemDiem": [{"ma_to_chuc": "001", "ngay": dt.date(2025, 12, 5)}],
    })


def _built(tmp, year: int) -> dict[str, object]:
    path = tmp / "danh-sach.xlsx"
    _workbook(path)
    cfg = make_config(tmp, dot={"nam": year})
    loaded = load(path, cfg)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    summary = build(cfg, loaded, today=dt.date(year, 12, 20), now=BUILD_TIME,
                    request=Request(kinds=KINDS))
    return {(r.kind, r.key): r.path for r in summary.results if r.kind in KINDS}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("scores-2025"), 2025)


def _rows(path, table: int, skip: int = 1) -> list[list[str]]:
    t = docx.Document(str(path)).tables[table]
    return [[c.text.replace("\n", " ") for c in row.cells] for row in t.rows[skip:]]


def _row_of(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if name in r)


def _list_rows(path) -> list[list[str]]:
    """Every row of every table after the header's (the attached list's)."""
    document = docx.Document(str(path))
    return [[c.text.replace("\n", " ") for c in row.cells]
            for t in document.tables[1:] for row in t.rows]


def test_the_member_decision_list_notes_the_score(scored):
    rows = _list_rows(scored["quyet-dinh-xep-loai-dang-vien", "001"])
    assert _row_of(rows, "Trần Văn Bình")[-1] == "85 điểm"
    assert _row_of(rows, "Lê Thị Đào")[-1] == "69,5 điểm; Chuyển sinh hoạt"
    assert _row_of(rows, "Phạm Văn Giang")[-1] == ""  # no score, no note


def test_the_minutes_table_shows_the_score_beside_the_result(scored):
    rows = _rows(scored["bien-ban", "001"], 1, HEAD_ROWS)
    assert _row_of(rows, "Trần Văn Bình")[-1] == f"{Grade.HTTNV.full} (85 điểm)"
    assert _row_of(rows, "Lê Thị Đào")[-1] == f"{Grade.HTNV.full} (69,5 điểm)"
    assert _row_of(rows, "Phạm Văn Giang")[-1] == Grade.HTTNV.full


def test_the_organisation_decision_list_notes_the_score(scored):
    rows = _list_rows(scored["quyet-dinh-xep-loai", "2025"])
    assert _row_of(rows, "Đảng bộ Công ty Cổ phần Dệt Nam Định")[-1] == "92 điểm; Tiêu biểu"
    assert _row_of(rows, "Chi bộ Trường Tiểu học Lộc Hòa")[-1] == ""


def test_under_qd_124_no_score_is_printed(tmp_path):
    built = _built(tmp_path, 2024)
    for path in built.values():
        text = "\n".join(c.text for t in docx.Document(str(path)).tables
                         for row in t.rows for c in row.cells)
        assert "điểm" not in text, path
