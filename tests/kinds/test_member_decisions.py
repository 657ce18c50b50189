"""The decision grading a đảng bộ's members, with its attached list, built and read back."""

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
from kiemdiem_docs.kinds.docdata import Issue, issuing_name
from kiemdiem_docs.kinds.minutes import (
    attached_cite,
    member_decision_skips,
    needs_member_grades,
    ungraded,
)
from kiemdiem_docs.roster import CHI_BO, DANG_BO, LEVELS, Grade, Member, Org, Roster, write_roster

KIND = "quyet-dinh-xep-loai-dang-vien"


def decisions(summary) -> dict:
    return {r.key: r.path for r in summary.results if r.kind == KIND}


def list_rows(path) -> list[list[str]]:
    """The attached list's rows after its header: group rows and member rows."""
    table = docx.Document(str(path)).tables[-1]
    return [[c.text.replace("\n", " ") for c in row.cells] for row in table.rows[1:]]


def members_by_group(path) -> dict[str, list[list[str]]]:
    groups: dict[str, list[list[str]]] = {}
    current = None
    for row in list_rows(path):
        if not row[0].isdigit():  # a group row: roman numeral, the level across the row
            current = row[1]
            groups[current] = []
        else:
            groups[current].append(row)
    return groups


# -- the sample ------------------------------------------------------------------
def test_one_decision_per_dang_bo_only(sample_build, sample_roster):
    _, summary = sample_build
    made = decisions(summary)
    assert sorted(made) == sorted(o.ma for o in sample_roster.orgs if o.loai == DANG_BO)
    assert not any(o.loai == CHI_BO for o in map(sample_roster.org, made))
    assert not any(kind == KIND for kind, _ in summary.skipped)


def test_header_acting_body_grounds_and_signature(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in decisions(summary).items():
        org = sample_roster.org(code)
        lines = text_lines(path)
        assert issuing_name(org).upper() in lines[0] and "Số      -QĐ/ĐU" in lines[0]
        assert "ngày     tháng     năm 2024" in lines[0]
        assert "QUYẾT ĐỊNH" in lines and "về việc xếp loại chất lượng đảng viên năm 2024" in lines
        acting = lines.index("-----") + 1
        assert lines[acting] == issuing_name(org).upper()
        assert lines[acting].startswith("ĐẢNG ỦY ")
        grounds = lines[acting + 1:lines.index("QUYẾT ĐỊNH:")]
        assert grounds[0] == "- Căn cứ Điều lệ Đảng;"
        assert grounds[-1] == "- Xét đề nghị của các chi bộ trực thuộc,"
        # Grounds marked co_so = false are the Khối's own, not a grassroots committee's.
        assert not any("Quy chế làm việc" in g or "167-KH/TU" in g for g in grounds)
        body = "\n".join(lines)
        assert ("Điều 3. Các chi bộ trực thuộc và các đồng chí có tên tại Điều 1 căn cứ "
                "Quyết định thi hành./.") in body
        signature = next(line for line in lines if line.startswith("Nơi nhận:"))
        assert signature == ("Nơi nhận: / - Như Điều 3, / - Ban Tổ chức Đảng ủy Khối (để báo "
                             f"cáo), / - Lưu Văn phòng Đảng ủy. | T/M ĐẢNG ỦY / BÍ THƯ / "
                             f"{org.bi_thu}")


def test_article_one_and_the_list_count_the_workbook(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in decisions(summary).items():
        org = sample_roster.org(code)
        members = sample_roster.members_of(code)
        tally = Counter(m.xep_loai for m in members)
        body = text(path)
        assert (f"Điều 1. Xếp loại chất lượng năm 2024 đối với {vn.count(len(members))} đảng "
                f"viên của {org.ten} như sau (có danh sách kèm theo):") in body
        shown = [*LEVELS] + ([Grade.KXL] if tally[Grade.KXL] else [])
        article = [f"- “{g.full}”: {vn.count(tally[g])} đồng chí" for g in shown]
        lines = text_lines(path)
        start = lines.index(article[0] + ";")
        assert lines[start:start + len(article)] == [
            a + ("." if i == len(article) - 1 else ";") for i, a in enumerate(article)]
        assert ("“Không xếp loại”" in body) == bool(tally[Grade.KXL])
        groups = members_by_group(path)
        assert list(groups) == [f"“{g.full}” ({vn.count(tally[g])} đồng chí)"
                                for g in shown if tally[g]]
        rows = [r for g in groups.values() for r in g]
        assert len(rows) == len(members)
        assert [r[0] for r in rows] == [vn.count(i) for i in range(1, len(rows) + 1)]


def test_list_is_by_level_then_by_name_with_reasons(sample_build, sample_roster):
    _, summary = sample_build
    for code, path in decisions(summary).items():
        members = sample_roster.members_of(code)
        groups = members_by_group(path)
        for g in [*LEVELS, Grade.KXL]:
            level = vn.sort_names((m for m in members if m.xep_loai is g), key=lambda m: m.ho_ten)
            if not level:
                continue
            rows = next(v for k, v in groups.items() if k.startswith(f"“{g.full}”"))
            assert [r[1] for r in rows] == [m.ho_ten for m in level]
            assert [r[2] for r in rows] == [m.chi_bo for m in level]
            assert {r[3] for r in rows} == {g.full}
            if g is Grade.KXL:
                assert [r[4] for r in rows] == [m.ly_do_khong_xep_loai for m in level]


def test_attached_list_cites_its_decision(sample_build):
    _, summary = sample_build
    for path in decisions(summary).values():
        lines = text_lines(path)
        at = lines.index("DANH SÁCH")
        assert lines[at + 1] == "xếp loại chất lượng đảng viên năm 2024"
        assert lines[at + 2].startswith("(Kèm theo Quyết định số      -QĐ/ĐU, ngày      /     "
                                        "/2024 của Đảng ủy ")


@pytest.mark.parametrize(("issue", "expected"), [
    (Issue(None, None), "Quyết định số      -QĐ/ĐU, ngày      /     /2024 của Đảng ủy X"),
    (Issue(7, None), "Quyết định số 07-QĐ/ĐU, ngày      /     /2024 của Đảng ủy X"),
    (Issue(12, dt.date(2024, 12, 6)), "Quyết định số 12-QĐ/ĐU, ngày 06/12/2024 của Đảng ủy X"),
])
def test_attached_cite_leaves_room_for_what_is_not_known(issue, expected):
    assert attached_cite(issue, "ĐU", "Đảng ủy X", 2024) == expected


def test_every_decision_passes_the_format_check(sample_build):
    _, summary = sample_build
    failures = {p.name: [str(b) for b in check_document(p)]
                for p in decisions(summary).values()}
    assert {k: v for k, v in failures.items() if v} == {}


def test_golden_text(sample_build, update_golden):
    _, summary = sample_build
    made = decisions(summary)
    check_golden(KIND, made[min(made)], update_golden)


# -- which đảng bộ are ready --------------------------------------------------------
def org(ma: str, loai: str = DANG_BO) -> Org:
    return Org(ma, f"Đảng bộ Đơn vị {ma}" if loai == DANG_BO else f"Chi bộ Đơn vị {ma}", loai)


def member(ma: str, grade: Grade | None, reason: str = "", row: int | None = None) -> Member:
    return Member(ma, f"Người {ma} {row}", xep_loai=grade, ly_do_khong_xep_loai=reason, row=row)


@pytest.mark.parametrize(("members", "waiting"), [
    ([member("1", Grade.HTTNV)], []),
    ([member("1", Grade.KXL, "Miễn sinh hoạt đảng")], []),
    ([member("1", None, row=4)], [4]),
    ([member("1", Grade.KXL, "  ", row=5)], [5]),  # not graded needs a reason
    ([member("1", Grade.HTNV, row=2), member("1", None, row=3)], [3]),
])
def test_ungraded(members, waiting):
    assert [m.row for m in ungraded(members)] == waiting


def test_needs_names_why_nothing_can_be_made():
    only_chi_bo = Roster(orgs=[org("1", CHI_BO)], members=[member("1", Grade.HTTNV)])
    assert "không có đảng bộ cơ sở" in needs_member_grades(only_chi_bo)
    nobody_done = Roster(orgs=[org("1"), org("2")],
                         members=[member("1", None, row=2), member("2", Grade.HTTNV, row=3),
                                  member("2", None, row=4)])
    reason = needs_member_grades(nobody_done)
    assert "chưa có đảng bộ cơ sở nào xếp loại xong" in reason and "02 đảng bộ" in reason
    skips = member_decision_skips(nobody_done)
    assert [(o.ma, "dòng 2" in why, "dòng 4" in why) for o, why in skips] == [
        ("1", True, False), ("2", False, True)]
    one_done = Roster(orgs=[org("1"), org("2"), org("3")],
                      members=[member("1", None), member("2", Grade.HTTNV)])
    assert needs_member_grades(one_done) is None
    # A đảng bộ with nobody on the roll has nothing to decide.
    assert [o.ma for o, _ in member_decision_skips(one_done)] == ["1", "3"]


# -- a roster with one đảng bộ ready and one not ---------------------------------------
def test_partly_graded_dang_bo_is_skipped_and_the_complete_one_built(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, {
        "ToChuc": [
            {"ma": "301", "ten": "Đảng bộ Công ty Cổ phần Dệt Nam Định", "loai": DANG_BO,
             "bi_thu": "Trần Văn Bình"},
            {"ma": "302", "ten": "Đảng bộ Sở Tài chính", "loai": DANG_BO,
             "bi_thu": "Lê Thị Hoa"},
        ],
        "DangVien": [
            {"ma_to_chuc": "301", "ho_ten": "Nguyễn Văn Ánh", "chi_bo": "Chi bộ Sợi",
             "xep_loai": Grade.HTTNV},
            {"ma_to_chuc": "301", "ho_ten": "Nguyễn Văn Anh", "chi_bo": "Chi bộ Dệt",
             "xep_loai": Grade.HTTNV},
            {"ma_to_chuc": "301", "ho_ten": "Phạm Thị Đào", "chi_bo": "Chi bộ Dệt",
             "xep_loai": Grade.KXL, "ly_do_khong_xep_loai": "Được miễn sinh hoạt đảng"},
            {"ma_to_chuc": "302", "ho_ten": "Hoàng Văn Nam", "xep_loai": Grade.HTTNV},
            {"ma_to_chuc": "302", "ho_ten": "Vũ Thị Lan"},
        ],
    })
    loaded = load(path)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    summary = build(make_config(tmp_path), loaded, today=BUILD_DAY, now=BUILD_TIME)
    made = decisions(summary)
    assert list(made) == ["301"]
    assert [(o.ma, why) for o, why in member_decision_skips(loaded)] == [
        ("302", "302 Đảng bộ Sở Tài chính: còn 01 đảng viên chưa có «Xếp loại» (hoặc «Không "
                "xếp loại» chưa ghi lý do) (sheet DangVien, dòng 6)")]
    body = text(made["301"])
    assert "- “Hoàn thành tốt nhiệm vụ”: 02 đồng chí;" in body
    assert "- “Không xếp loại”: 01 đồng chí." in body
    groups = members_by_group(made["301"])
    assert [[r[1] for r in rows] for rows in groups.values()] == [
        ["Nguyễn Văn Anh", "Nguyễn Văn Ánh"], ["Phạm Thị Đào"]]
    assert list(groups.values())[1][0][4] == "Được miễn sinh hoạt đảng"
    assert check_document(made["301"]) == []
