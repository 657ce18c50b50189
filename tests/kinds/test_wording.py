"""What a văn thư used to correct by hand, read back from the generated .docx files:
clusters, the people in charge and along, counts of zero, dates, the committee."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, load, make_config
from docutil import text, text_lines

from kiemdiem_docs import config as config_mod
from kiemdiem_docs import vn
from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.errors import ConfigError, KiemdiemError
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.kinds.wording import NO_BREAK, along, cluster, comrades
from kiemdiem_docs.roster import (
    CHI_BO,
    CHINH_THUC,
    DANG_BO,
    DU_BI,
    Grade,
    Staff,
    committee_title,
    write_roster,
)

LETTERS = frozenset({"cong-van"})
A = ("Nguyễn Văn An", "Phó Bí thư Đảng ủy Khối")
B = ("Trần Thị Bích", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Đảng ủy Khối")


def results(summary, kind):
    return {r.key: r.path for r in summary.results if r.kind == kind}


def made(tmp_path, rows, *, kinds=None, today=BUILD_DAY, **settings):
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, rows)
    cfg = make_config(tmp_path, **settings)
    roster = load(path, cfg)
    assert not roster.errors, [str(p) for p in roster.errors]
    request = Request(kinds=frozenset(kinds)) if kinds else None
    return roster, build(cfg, roster, today=today, now=BUILD_TIME, request=request)


# -- 1, 2: the cluster and everyone in charge of it -------------------------------------
def test_cluster_named_once_and_everyone_in_charge_named(tmp_path):
    orgs = [{"ma": ma, "ten": f"Chi bộ Đơn vị {ma}", "loai": CHI_BO, "cum": cum}
            for ma, cum in (("001", "Cụm 3"), ("002", "3"), ("003", "cụm 03"), ("004", "1"),
                            ("005", "2"))]
    staff = [{"ho_ten": A[0], "chuc_vu": A[1], "cum_phu_trach": "3"},
             {"ho_ten": B[0], "chuc_vu": B[1], "cum_phu_trach": "Cụm 1 và Cụm 3"}]
    _, summary = made(tmp_path, {"ToChuc": orgs, "CanBo": staff}, kinds=LETTERS)
    letters = {k: text(p) for k, p in results(summary, "cong-van").items()}
    both = (f"2.2. Đồng chí {A[0]}, {A[1]} và đồng chí {B[0]}, {B[1]}, phụ trách Cụm 3 trực "
            "tiếp theo dõi")
    for code in ("001", "002"):  # however the workbook writes the cluster
        assert both in letters[code], code
    assert both.replace("Cụm 3", "Cụm 03") in letters["003"]  # the same cluster, as typed
    assert f"2.2. Đồng chí {B[0]}, {B[1]}, phụ trách Cụm 1 trực tiếp" in letters["004"]
    assert "2.2. Đồng chí Ủy viên Ban Thường vụ Đảng ủy Khối phụ trách cụm cơ sở" \
        in letters["005"]
    assert not any("Cụm Cụm" in t or "Cụm cụm" in t for t in letters.values())


@pytest.mark.parametrize(("typed", "name"), [("3", "3"), ("Cụm 3", "3"), ("cụm số 03", "03"),
                                             ("CỤM Bắc", "Bắc"), ("", "")])
def test_cluster_name_without_its_word(typed, name):
    assert cluster(typed) == name


def test_comrades_as_party_documents_name_them():
    assert comrades([A]) == f"đồng chí {A[0]}, {A[1]}"
    assert comrades([("Lê An", ""), ("Vũ Bình", ""), ("Hà Chi", "")]) == \
        "các đồng chí Lê An, Vũ Bình và Hà Chi"
    # Titles hold commas of their own: three people are parted by semicolons.
    assert comrades([A, B, ("Hà Chi", "")]) == \
        f"đồng chí {A[0]}, {A[1]}; đồng chí {B[0]}, {B[1]} và đồng chí Hà Chi"


# -- 3: a count of zero --------------------------------------------------------------
def test_zero_is_written_0_everywhere(sample_build, tmp_path):
    _, summary = sample_build
    padded_zero = re.compile(r"(?<!giờ )\b00\b")  # «14 giờ 00» is a time
    found = {r.path.name: m.group() for r in summary.results
             if (m := padded_zero.search(text(r.path)))}
    assert found == {}
    zero = {p for r in summary.results if r.kind == "bien-ban"
            for p in re.findall(r"“[^”]+”: 0 đồng chí", text(r.path))}
    assert zero  # the sample has levels nobody reached
    orgs = [{"ma": "001", "ten": "Chi bộ Đơn vị 001", "loai": CHI_BO}]
    members = [{"ma_to_chuc": "001", "ho_ten": f"Lê Văn {n}", "chinh_thuc": CHINH_THUC,
                "xep_loai": Grade.HTXSNV} for n in ("An", "Ba")]
    roster, summary = made(tmp_path, {"ToChuc": orgs, "DangVien": members},
                           kinds={"bien-ban"})
    body = text(results(summary, "bien-ban")["001"])
    assert "tổng số 02 đồng chí (chính thức: 02, dự bị: 0)" in body
    assert "- “Không hoàn thành nhiệm vụ”: 0 đồng chí." in body
    [quota] = [p for p in roster.problems if "HTXSNV" in p.message]  # load validates
    assert "có 02 HTXSNV, vượt 20% của 0 HTTNV (tối đa 0)." in quota.message


# -- 4: who goes along with the delegate -------------------------------------------
def test_invitation_names_who_goes_along_and_keeps_each_name_whole(sample_build,
                                                                   sample_roster):
    _, summary = sample_build
    titles = {s.ho_ten: s.chuc_vu for s in sample_roster.staff}
    invitations = results(summary, "giay-moi")
    assert invitations
    for path in invitations.values():
        body = text(path)
        assert "(cùng đi" not in body
        invite = next(line for line in text_lines(path) if line.startswith("Trân trọng"))
        helper = next(n for n in titles if NO_BREAK.join(n.split()) in invite)
        assert invite == ("Trân trọng kính mời đồng chí đến dự, chỉ đạo hội nghị. Cùng dự có "
                          f"đồng chí {NO_BREAK.join(helper.split())}, {titles[helper]}.")
        assert check_document(path) == []


def test_along_reads_the_cell_as_written_when_it_is_no_list_of_names():
    staff = [Staff("Nguyễn Văn Ơn", "Chuyên viên Ban Tổ chức"), Staff("Lê Thị Hà", "")]
    nb = NO_BREAK
    assert along("Nguyễn Văn Ơn và Lê Thị Hà", staff) == \
        f"đồng chí Nguyễn{nb}Văn{nb}Ơn, Chuyên viên Ban Tổ chức và đồng chí Lê{nb}Thị{nb}Hà"
    assert along("Nguyễn Văn Ơn, chuyên viên Ban Tổ chức", staff) == \
        "đồng chí Nguyễn Văn Ơn, chuyên viên Ban Tổ chức"
    assert along("Ban Tổ chức cử sau", staff) == "Ban Tổ chức cử sau"
    assert along("", staff) == ""


# -- 6: the schedule notice's own date ----------------------------------------------
def test_notice_is_dated_the_build_day_not_the_letters_day(sample_build):
    _, summary = sample_build
    [notice] = results(summary, "thong-bao-lich").values()
    assert text_lines(notice)[0].endswith("Nam Định, ngày 20 tháng 11 năm 2024")
    [letter, *_] = results(summary, "cong-van").values()
    assert text_lines(letter)[0].endswith("Nam Định, ngày 08 tháng 11 năm 2024")


def _scheduled() -> dict:
    return {"ToChuc": [{"ma": "001", "ten": "Chi bộ Đơn vị 001", "loai": CHI_BO}],
            "LichKiemDiem": [{"ma_to_chuc": "001", "ngay": dt.date(2024, 12, 2),
                              "gio": dt.time(8, 0), "dia_diem": "Hội trường"}]}


def test_notice_takes_its_setting_and_keeps_its_day_when_issued_again(tmp_path):
    kinds = {"cong-van", "thong-bao-lich"}
    cfg = make_config(tmp_path, dot={"ngay_thong_bao_lich": "15/11/2024"})
    assert cfg.ngay_thong_bao_lich == dt.date(2024, 11, 15)
    _, first = made(tmp_path, _scheduled(), kinds=kinds,
                    dot={"ngay_thong_bao_lich": ""})
    [notice] = results(first, "thong-bao-lich").values()
    assert text_lines(notice)[0].endswith("ngày 20 tháng 11 năm 2024")
    # Corrected on a later day: issued again under its number, and still the day it was.
    rows = _scheduled()
    rows["LichKiemDiem"][0]["dia_diem"] = "Phòng họp số 2"
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, rows)
    cfg = make_config(tmp_path, dot={"ngay_thong_bao_lich": ""})
    again = build(cfg, load(path, cfg), today=dt.date(2024, 11, 28), now=BUILD_TIME,
                  request=Request(kinds=frozenset(kinds), reason="Đổi địa điểm"))
    [notice] = results(again, "thong-bao-lich").values()
    body = text(notice)
    assert "Phòng họp số 2" in body
    assert text_lines(notice)[0].endswith("ngày 20 tháng 11 năm 2024")


def test_notice_set_on_its_own_day(tmp_path):
    _, summary = made(tmp_path, _scheduled(), kinds={"thong-bao-lich"},
                      dot={"ngay_thong_bao_lich": "15/11/2024"})
    [notice] = results(summary, "thong-bao-lich").values()
    assert text_lines(notice)[0].endswith("ngày 15 tháng 11 năm 2024")


def test_notice_before_the_letter_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="ngay_thong_bao_lich = «05/11/2024» trước "
                                          "ngay_cong_van = «08/11/2024»"):
        config_mod.from_dict({"dot": {"ngay_thong_bao_lich": "05/11/2024"}}, tmp_path)
    # Left to the build's day, and that day is before the letters'.
    with pytest.raises(KiemdiemError, match="Thông báo lịch sẽ mang ngày 05/11/2024, trước "
                                            "công văn triển khai"):
        made(tmp_path, _scheduled(), kinds={"cong-van", "thong-bao-lich"},
             today=dt.date(2024, 11, 5))


# -- 7: a đảng bộ's meeting reviews its committee ---------------------------------
@pytest.mark.parametrize(("title", "on_it"), [
    ("Bí thư Đảng ủy", True), ("Phó Bí thư", True), ("Phó Bí thư Thường trực Đảng uỷ", True),
    ("Đảng ủy viên, Giám đốc", True), ("Giám đốc - Ủy viên Ban Thường vụ Đảng ủy", True),
    ("Bí thư chi bộ, Đảng ủy viên", True), ("cấp ủy viên", True),
    ("Ủy viên Ban Chấp hành Đảng bộ", True),
    ("Bí thư chi bộ", False), ("Phó Bí thư Chi bộ Phòng Kế toán", False), ("Chi ủy viên", False),
    ("Bí thư Đoàn Thanh niên", False), ("Ủy viên Ban Chấp hành Công đoàn", False),
    ("Giám đốc", False), ("", False),
])  # fmt: skip
def test_committee_title(title, on_it):
    assert committee_title(title) is on_it


def _member(ma: str, name: str, **kw) -> dict:
    return {"ma_to_chuc": ma, "ho_ten": name, "chinh_thuc": CHINH_THUC,
            "xep_loai": Grade.HTTNV, **kw}


def test_dang_bo_minutes_review_the_committee_and_a_chi_bo_everyone(tmp_path):
    orgs = [
        {"ma": "101", "ten": "Đảng bộ Công ty Dệt", "loai": DANG_BO, "bi_thu": "Hà Văn Tâm"},
        {"ma": "102", "ten": "Đảng bộ Sở Tài chính", "loai": DANG_BO, "bi_thu": "Vũ Thị Hoa"},
        {"ma": "103", "ten": "Đảng bộ Sở Xây dựng", "loai": DANG_BO},
        {"ma": "104", "ten": "Chi bộ Công ty In", "loai": CHI_BO},
    ]
    members = [
        # The column marks the committee: what it says goes, titles or not.
        _member("101", "Hà Văn Tâm", chuc_vu="Bí thư Đảng ủy", cap_uy=True),
        _member("101", "Lê Thị Nga", chuc_vu="Bí thư Chi bộ Sợi", cap_uy=True),
        _member("101", "Đỗ Văn Khoa", chuc_vu="Đảng ủy viên", cap_uy=False),
        _member("101", "Phan Văn Lợi", chuc_vu="Công nhân"),
        # Left blank: told from the titles, and from the ToChuc's Bí thư.
        _member("102", "Vũ Thị Hoa", chuc_vu="Giám đốc Sở"),
        _member("102", "Mai Văn Quý", chuc_vu="Phó Bí thư Đảng ủy"),
        _member("102", "Trịnh Văn Sơn", chuc_vu="Bí thư chi bộ"),
        _member("102", "Cao Thị Yến", chuc_vu="Chuyên viên", chinh_thuc=DU_BI),
        # Nobody to tell.
        _member("103", "Bùi Văn Toàn", chuc_vu="Chuyên viên"),
        # A chi bộ cơ sở reviews all its members, whatever their titles.
        _member("104", "Ngô Văn Hùng", chuc_vu="Bí thư chi bộ"),
        _member("104", "Lý Thị Mai", chuc_vu="Đảng ủy viên", cap_uy=True),
        _member("104", "Hồ Văn Nam", chinh_thuc=DU_BI),
    ]
    meetings = [{"ma_to_chuc": ma, "ngay": dt.date(2024, 12, 2 + i), "gio": dt.time(8, 0)}
                for i, ma in enumerate(("101", "102", "103", "104"))]
    roster, summary = made(tmp_path, {"ToChuc": orgs, "DangVien": members,
                                      "LichKiemDiem": meetings}, kinds={"bien-ban"})
    forms = results(summary, "bien-ban")

    def names(code):
        table = docx.Document(str(forms[code])).tables[1]
        return [row.cells[1].text for row in table.rows[2:]]

    assert names("101") == ["Lê Thị Nga", "Hà Văn Tâm"]
    assert names("102") == ["Vũ Thị Hoa", "Mai Văn Quý"]
    assert names("103") == [""] * 10  # ruled rows to write in, and a warning
    assert names("104") == ["Ngô Văn Hùng", "Lý Thị Mai", "Hồ Văn Nam"]
    dang_bo, chi_bo = text(forms["102"]), text(forms["104"])
    assert ("Ban Chấp hành Đảng bộ Sở Tài chính tổ chức hội nghị kiểm điểm, đánh giá, xếp loại "
            "chất lượng tập thể Ban Chấp hành Đảng bộ (cấp ủy) và các đồng chí cấp ủy viên năm "
            "2024.") in dang_bo
    assert "1. Cấp ủy viên: tổng số 02 đồng chí;" in dang_bo
    assert "4. Từng đồng chí cấp ủy viên trình bày bản kiểm điểm" in dang_bo
    assert "2. Kết quả biểu quyết đánh giá, xếp loại chất lượng cấp ủy viên:" in dang_bo
    assert "- “Hoàn thành tốt nhiệm vụ”: 02 đồng chí;" in dang_bo
    assert ", Chi bộ Công ty In tổ chức hội nghị kiểm điểm, đánh giá, xếp loại chất lượng tập " \
           "thể, cá nhân năm 2024." in chi_bo
    assert "1. Đảng viên: tổng số 03 đồng chí (chính thức: 02, dự bị: 01)" in chi_bo
    assert "4. Từng đảng viên trình bày bản kiểm điểm" in chi_bo
    assert all(check_document(p) == [] for p in forms.values())
    warned = [p for p in roster.problems if p.place.column == "Cấp ủy viên"]
    assert [(p.level, p.place.row) for p in warned] == [("warning", 10)]
    assert "Đảng bộ «103» (Đảng bộ Sở Xây dựng)" in warned[0].message
    assert "Ghi «Có» ở cột «Cấp ủy viên»" in warned[0].message


def test_the_sample_dang_bo_have_committees_both_ways(sample_roster):
    from kiemdiem_docs.roster import committee

    parties = [o for o in sample_roster.orgs if o.is_dang_bo]
    marked = {o.ma: any(m.cap_uy for m in sample_roster.members_of(o.ma)) for o in parties}
    assert set(marked.values()) == {True, False}  # the column, and the titles alone
    for o in parties:
        assert 5 <= len(committee(sample_roster, o.ma)) <= 9, o.ma
    assert not [p for p in sample_roster.problems if p.place.column == "Cấp ủy viên"]


def test_blank_workbook_offers_the_column(tmp_path):
    from openpyxl import load_workbook

    from kiemdiem_docs.roster import write_blank

    write_blank(tmp_path / "trong.xlsx")
    sheet = load_workbook(tmp_path / "trong.xlsx")["DangVien"]
    headers = [c.value for c in sheet[1]]
    column = headers.index("Cấp ủy viên")
    assert headers[column - 1] == "Chức vụ"
    assert sheet[2][column].value == "Có"
    assert vn.count(0) == "0"
