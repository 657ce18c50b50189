"""The award list, the certificates (both variants) and the quota warnings of a build."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import docx
import pytest
from conftest import BUILD_DAY, BUILD_TIME, check_golden, load, make_config
from docutil import text, text_lines
from docx.oxml.ns import qn
from test_decisions import grouped, list_rows, number_and_date, only_doc, results

from kiemdiem_docs import kinds, vn
from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.kinds.awards import award_list, giay_khen, needs, numbered
from kiemdiem_docs.kinds.docdata import Issue, Round
from kiemdiem_docs.render import builtin_template, fit
from kiemdiem_docs.roster import (
    CHI_BO,
    DANG_BO,
    Award,
    Grade,
    Member,
    Org,
    OrgGrade,
    Roster,
    write_roster,
)

AWARD_KINDS = frozenset({"quyet-dinh-khen-thuong", "giay-khen"})
FIXED = ("ĐẢNG CỘNG SẢN VIỆT NAM", "TẶNG", "GIẤY KHEN",
         "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH")


def certificate_fields(path) -> dict[str, str]:
    lines = text_lines(path)
    bottom = next(line for line in lines if "Số sổ vàng" in line)
    left, right = bottom.split(" | ")
    decision, golden = left.split(" / ")
    return {"decision": decision, "golden": golden.removeprefix("Số sổ vàng: "),
            "date": right.split(" / ")[0], "lines": "\n".join(lines)}


@pytest.fixture(scope="module")
def phoi_build(tmp_path_factory, sample_roster):
    """The award documents built for pre-printed blanks (giay_khen_khung = false)."""
    tmp = tmp_path_factory.mktemp("phoi")
    cfg = make_config(tmp, dinh_dang={"giay_khen_khung": False})
    # With the grading decision, so that the award decision takes the same number.
    return cfg, build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME,
                      request=Request(kinds=AWARD_KINDS | {"quyet-dinh-xep-loai"}))


# -- certificates against the decision -------------------------------------------------

def test_one_certificate_per_listed_award_with_its_golden_book_number(sample_build):
    _, summary = sample_build
    decision = only_doc(summary, "quyet-dinh-khen-thuong").path
    listed = {}
    for head, items in grouped(list_rows(decision)):
        achievement = head[1].rsplit(": ", 1)[0]
        for row in items:
            listed[row[0]] = (row[1], row[2], achievement)
    certificates = results(summary, "giay-khen")
    assert len(certificates) == len(listed) == 8
    number, date = number_and_date(decision)
    n = number.split()[1]
    for r in certificates:
        f = certificate_fields(r.path)
        name, unit, achievement = listed[f["golden"]]
        shown = f["lines"].split("\n")
        person = bool(unit)
        assert (f"Đồng chí {name}" if person else name) in shown
        assert achievement in shown
        if person:
            assert unit in shown
        assert f["decision"] == f"Quyết định số {n}, ngày 24/12/2024"
        assert f["date"] == date
        assert r.path.stem.startswith(f["golden"] + "_")
        assert r.path.stem == f"{f['golden']}_{vn.slug(name)}"
    assert sorted(certificate_fields(r.path)["golden"] for r in certificates) == sorted(listed)


def test_certificate_keys_name_the_recipient_and_the_award(sample_build):
    """A member by card number (or organisation and date of birth), then which award."""
    _, summary = sample_build
    keys = sorted(r.key for r in results(summary, "giay-khen"))
    ktx = "kt-da-gop-phan-tich-cuc-vao-viec"  # KhenThuong's achievement, as a slug
    assert keys == ["dv-008-19600607-5nam", "dv-the-15476953-5nam", "dv-the-29462052-5nam",
                    "dv-the-64027231-5nam", "dv-the-99859505-5nam", f"tc-001-{ktx}", "tc-001-tb",
                    f"tc-003-{ktx}"]


def test_full_certificate_is_landscape_framed_and_has_its_headings(sample_build):
    _, summary = sample_build
    path = results(summary, "giay-khen")[0].path
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert section._sectPr.find(qn("w:pgBorders")) is not None
    lines = text_lines(path)
    for heading in FIXED:
        assert heading in lines
    big = [p for p in document.paragraphs if p.text == "GIẤY KHEN"][0]
    assert big.runs[0].font.size.pt == max(r.font.size.pt for p in document.paragraphs
                                           for r in p.runs if r.font.size and r.text.strip())


def test_phoi_certificate_prints_only_the_variable_text_at_the_same_places(sample_build,
                                                                           phoi_build):
    cfg, summary = phoi_build
    assert kinds.get("giay-khen").template_for(cfg) == "giay-khen-phoi.docx"
    _, full_summary = sample_build
    full = {r.key: r.path for r in results(full_summary, "giay-khen")}
    blanks = results(summary, "giay-khen")
    assert sorted(r.key for r in blanks) == sorted(full)
    for r in blanks:
        blank_doc, full_doc = docx.Document(str(r.path)), docx.Document(str(full[r.key]))
        assert blank_doc.sections[0]._sectPr.find(qn("w:pgBorders")) is None
        lines = text_lines(r.path)
        assert not set(FIXED) & set(lines)
        assert certificate_fields(r.path) | {"lines": ""} == (
            certificate_fields(full[r.key]) | {"lines": ""})
        # Paragraph for paragraph, the same heights: what is pre-printed is an empty line.
        pairs = list(zip(blank_doc.paragraphs, full_doc.paragraphs, strict=True))
        for blank, whole in pairs:
            fb, fw = blank.paragraph_format, whole.paragraph_format
            assert (fb.line_spacing, fb.space_before) == (fw.line_spacing, fw.space_before)
            assert blank.text in ("", whole.text)
            assert blank.text == whole.text or whole.text in FIXED


def test_full_certificates_pass_the_format_check(sample_build):
    _, summary = sample_build
    failures = {r.path.name: [str(b) for b in check_document(r.path)]
                for r in results(summary, "giay-khen")}
    assert {k: v for k, v in failures.items() if v} == {}


def test_phoi_certificates_pass_the_format_check(phoi_build):
    _, summary = phoi_build
    failures = {r.path.name: [str(b) for b in check_document(r.path)]
                for r in results(summary, "giay-khen")}
    assert {k: v for k, v in failures.items() if v} == {}


def test_phoi_build_decision_passes_the_format_check(phoi_build):
    _, summary = phoi_build
    assert [str(b) for b in check_document(only_doc(summary, "quyet-dinh-khen-thuong").path)
            ] == []


def test_golden_text(sample_build, update_golden):
    _, summary = sample_build
    first = next(r for r in results(summary, "giay-khen") if "do-phuong-anh" in r.path.stem)
    check_golden("giay-khen", first.path, update_golden)


@pytest.mark.parametrize(("template", "kind"), [
    ("giay-khen", "giay-khen"), ("giay-khen-phoi", "giay-khen"),
    ("quyet-dinh-khen-thuong", "quyet-dinh-khen-thuong"),
    ("quyet-dinh-xep-loai", "quyet-dinh-xep-loai")])
def test_built_in_templates_fit_their_kind(template, kind):
    assert fit(builtin_template(f"{template}.docx"), kinds.get(kind)) == []


# -- the award list, on rosters made in memory ------------------------------------

class Numbers:
    def __call__(self, kind, key, symbol, issuer, *, body="", allocate=False):
        return Issue(15, None) if kind == "quyet-dinh-khen-thuong" else Issue(None, None)


def small_roster(extra_awards=(), **kw) -> Roster:
    orgs = [Org("001", "Đảng bộ Công ty A", DANG_BO), Org("002", "Chi bộ Trường B", CHI_BO),
            Org("003", "Chi bộ Bệnh viện C", CHI_BO)]
    grades = [OrgGrade("003", xep_loai=Grade.HTXSNV, tieu_bieu=True),
              OrgGrade("001", xep_loai=Grade.HTXSNV, tieu_bieu=True, thanh_tich="Dẫn đầu Cụm 1"),
              OrgGrade("002", xep_loai=Grade.HTTNV, tieu_bieu=True)]  # not HTXSNV: nothing
    members = [Member("002", "Trần Văn Đức", xep_loai=Grade.HTXSNV, htxsnv_5_nam=True),
               Member("001", "Lê Thị Anh", xep_loai=Grade.HTXSNV, htxsnv_5_nam=True),
               Member("001", "Phạm Văn Bình", xep_loai=Grade.HTTNV, htxsnv_5_nam=True)]
    awards = [Award("002", "", "Làm tốt công tác dân vận"),
              Award("001", "Ngô Văn Yên", "làm tốt  công tác dân vận"),  # same, spelt apart
              Award("001", "", "Làm tốt công tác dân vận"), *extra_awards]
    return Roster(orgs=orgs, grades=grades, members=members, awards=awards, **kw)


def _listed(groups) -> list:
    return [(g.thanh_tich, [(x.so_vang, x.ten, x.key) for x in g.recipients]) for g in groups]


DV = "kt-lam-tot-cong-tac-dan-van"  # the KhenThuong award «Làm tốt công tác dân vận»
FIRST_LIST = [
    ("Dẫn đầu Cụm 1", [(1, "Đảng bộ Công ty A", "tc-001-tb")]),
    ("Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024", [(2, "Chi bộ Bệnh viện C",
                                                             "tc-003-tb")]),
    ("Đã hoàn thành xuất sắc nhiệm vụ 5 năm liền (2020 – 2024)",
     [(3, "Lê Thị Anh", "dv-001-le-thi-anh-5nam"),
      (4, "Trần Văn Đức", "dv-002-tran-van-duc-5nam")]),
    ("Làm tốt công tác dân vận", [(5, "Đảng bộ Công ty A", f"tc-001-{DV}"),
                                  (6, "Chi bộ Trường B", f"tc-002-{DV}"),
                                  (7, "Ngô Văn Yên", f"dv-001-ngo-van-yen-{DV}")]),
]


def test_award_list_groups_orders_and_numbers(tmp_path):
    groups = award_list(small_roster(), 2024)
    # Outstanding organisations by code, each under its own achievement or the default;
    # a first list numbers in its order.
    assert _listed(numbered(Round(make_config(tmp_path), small_roster(), Numbers()))) == FIRST_LIST
    assert [(g.orgs, g.people) for g in groups] == [(1, 0), (1, 0), (0, 2), (2, 1)]
    assert groups[-1].recipients[-1].thanh_tich == "Làm tốt công tác dân vận"  # as first spelt


def test_golden_numbers_are_the_registers_and_a_new_award_takes_the_lowest_never_given(
        tmp_path):
    # Given before: numbers 1 to 7 as in the first list, and 8 to an award since withdrawn.
    registered = {key: n for _, rows in FIRST_LIST for n, _, key in rows}
    registered["dv-003-withdrawn-kt1"] = 8
    del registered[f"tc-002-{DV}"]  # never issued: its number is free
    roster = small_roster([Award("003", "", "Làm tốt công tác dân vận")])
    got = _listed(numbered(Round(make_config(tmp_path), roster, Numbers(), golden=registered)))
    assert got[:3] == FIRST_LIST[:3]
    assert got[3] == ("Làm tốt công tác dân vận", [(5, "Đảng bộ Công ty A", f"tc-001-{DV}"),
                                                   (6, "Chi bộ Trường B", f"tc-002-{DV}"),
                                                   (7, "Ngô Văn Yên", f"dv-001-ngo-van-yen-{DV}"),
                                                   (9, "Chi bộ Bệnh viện C", f"tc-003-{DV}")])


def test_certificates_carry_the_decision_issue(tmp_path):
    rnd = Round(make_config(tmp_path), small_roster(), Numbers())
    docs = giay_khen(rnd)
    assert [d.context["nhan"]["so_vang"] for d in docs] == [f"{i:02d}" for i in range(1, 8)]
    assert [d.golden for d in docs] == [{d.key: i} for i, d in enumerate(docs, 1)]
    assert {d.context["quyet_dinh"] for d in docs} == {"Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024"}
    assert {d.context["ngay"] for d in docs} == {"Nam Định, ngày 24 tháng 12 năm 2024"}
    person = next(d for d in docs if d.key == f"dv-001-ngo-van-yen-{DV}")
    assert person.context["nhan"] == {"ten": "Đồng chí Ngô Văn Yên", "don_vi": "Đảng bộ Công ty A",
                                      "thanh_tich": "Làm tốt công tác dân vận", "so_vang": "07"}
    assert person.org == "001" and person.stem == "07_ngo-van-yen"
    # The build registers each certificate under the decision's date, with no number.
    assert rnd.stamped[("giay-khen", "tc-003-tb")] == Issue(None, dt.date(2024, 12, 24))


def test_a_decision_left_unnumbered_leaves_room_on_the_certificate(tmp_path):
    rnd = Round(make_config(tmp_path), small_roster(), lambda *a, **k: Issue(None, None))
    doc = giay_khen(rnd)[0]
    assert doc.context["quyet_dinh"] == "Quyết định số      -QĐ/ĐUK, ngày      /     /2024"
    assert doc.context["ngay"] == "Nam Định, ngày     tháng     năm 2024"


NEEDS = [
    ("nothing graded", Roster(orgs=[Org("001", "Chi bộ A", CHI_BO)]),
     "chưa có kết quả xếp loại (sheet XepLoai trống)"),
    ("graded, nobody awarded",
     Roster(orgs=[Org("001", "Chi bộ A", CHI_BO)], grades=[OrgGrade("001", xep_loai=Grade.HTXSNV)]),
     "chưa có ai được khen thưởng"),
    ("an extra award only",
     Roster(orgs=[Org("001", "Chi bộ A", CHI_BO)], grades=[OrgGrade("001", xep_loai=Grade.HTNV)],
            awards=[Award("001", "", "Làm tốt công tác dân vận")]), None),
]


@pytest.mark.parametrize(("r", "reason"), [c[1:] for c in NEEDS], ids=[c[0] for c in NEEDS])
def test_awards_need_grades_and_a_recipient(r, reason):
    got = needs(r)
    assert got == reason if reason is None else got.startswith(reason)


# -- a build of a workbook made for it -----------------------------------------------

def over_quota_rows() -> dict[str, list[dict]]:
    orgs = [{"ma": f"00{i}", "ten": f"Chi bộ Đơn vị {i}", "loai": CHI_BO, "bi_thu": "Lê Văn An"}
            for i in (1, 2, 3)]
    names = ("Lê Văn An", "Trần Thị Bình", "Ngô Văn Cường", "Phạm Thị Dung", "Vũ Văn Em")
    grades = (Grade.HTXSNV, Grade.HTXSNV, Grade.HTTNV, Grade.HTTNV, Grade.HTTNV)
    members = [{"ma_to_chuc": "001", "ho_ten": n, "xep_loai": g, "htxsnv_5_nam": i == 0}
               for i, (n, g) in enumerate(zip(names, grades, strict=True))]
    members += [{"ma_to_chuc": m, "ho_ten": "Đỗ Văn Giang", "xep_loai": Grade.HTTNV}
                for m in ("002", "003")]
    xep_loai = [{"ma_to_chuc": "001", "xep_loai": Grade.HTXSNV, "tieu_bieu": True},
                {"ma_to_chuc": "002", "xep_loai": Grade.HTXSNV},
                {"ma_to_chuc": "003", "xep_loai": Grade.HTTNV}]
    return {"ToChuc": orgs, "DangVien": members, "XepLoai": xep_loai}


def test_quota_breaches_show_in_the_build_summary_and_the_documents_still_come(tmp_path):
    path = tmp_path / "over.xlsx"
    write_roster(path, over_quota_rows())
    cfg = make_config(tmp_path)
    loaded = load(path, cfg)
    summary = build(cfg, loaded, today=BUILD_DAY, now=BUILD_TIME, request=Request(
        kinds=frozenset({"quyet-dinh-xep-loai"}) | AWARD_KINDS))
    messages = [str(w) for w in summary.warnings]
    assert any("Tổ chức cơ sở đảng toàn Khối có 02 HTXSNV, vượt 20% của 01 HTTNV (tối đa 0)"
               in m for m in messages), messages
    assert any("Đảng viên của tổ chức «001» (Chi bộ Đơn vị 1) có 02 HTXSNV, vượt 20% của 03 "
               "HTTNV (tối đa 0)" in m for m in messages), messages
    assert summary.skipped == []
    # The results report cites the grading decision: asked for with it, it comes too.
    assert {r.kind for r in summary.results} == {"quyet-dinh-xep-loai", "bao-cao-ket-qua"} \
        | AWARD_KINDS
    grading = only_doc(summary, "quyet-dinh-xep-loai").path
    assert "- “Hoàn thành xuất sắc nhiệm vụ”: 02 tổ chức;" in text_lines(grading)
    # It tells where the quota is exceeded, and by how much.
    said = text_lines(only_doc(summary, "bao-cao-ket-qua").path)
    assert ("Số tổ chức cơ sở đảng “Hoàn thành xuất sắc nhiệm vụ” là 02, so với 01 tổ chức "
            "“Hoàn thành tốt nhiệm vụ” (tối đa 0 theo tỷ lệ 20%): vượt 02 tổ chức.") in said
    assert any("tổ chức vượt: Chi bộ Đơn vị 1 (02/03, vượt 02)" in line for line in said), said
    assert len(results(summary, "giay-khen")) == 2  # 001 outstanding, Lê Văn An five years


def test_kinds_are_skipped_with_their_reason_before_grading(tmp_path):
    rows = over_quota_rows()
    rows["XepLoai"] = []
    path = tmp_path / "ungraded.xlsx"
    write_roster(path, rows)
    loaded = load(path)
    summary = build(make_config(tmp_path), loaded, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"quyet-dinh-xep-loai"}) | AWARD_KINDS))
    reason = "chưa có kết quả xếp loại (sheet XepLoai trống)"
    assert sorted(summary.skipped) == [("bao-cao-ket-qua", reason), ("giay-khen", reason),
                                       ("quyet-dinh-khen-thuong", reason),
                                       ("quyet-dinh-xep-loai", reason)]
    assert summary.results == []


# -- as LibreOffice lays them out -------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_tools = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                 reason="LibreOffice hoặc pdftotext không có trên máy này")


def pdf_words(docx_path, out, profile) -> tuple[int, list[tuple[str, float, float]]]:
    """(pages, [(word, x, y)]) of the document converted by LibreOffice."""
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    pdf = out / (docx_path.stem + ".pdf")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = html.count("<page ")
    words = [(vn.nfc(w), float(x), float(y)) for x, y, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)]
    return pages, words


@needs_tools
def test_both_certificates_fill_one_page_with_the_text_in_the_same_places(
        sample_build, phoi_build, tmp_path):
    full = {r.key: r.path for r in results(sample_build[1], "giay-khen")}
    # The longest name and the longest achievement of the sample are the tightest fit.
    key = max(full, key=lambda k: len(text(full[k])))
    blank = next(r.path for r in results(phoi_build[1], "giay-khen") if r.key == key)
    pages, whole = pdf_words(full[key], tmp_path / "full", tmp_path / "profile")
    pages_blank, printed = pdf_words(blank, tmp_path / "phoi", tmp_path / "profile")
    assert (pages, pages_blank) == (1, 1)
    assert printed and "KHEN" not in {w for w, _, _ in printed}
    for word, x, y in printed:
        assert any(w == word and abs(x - wx) < 1 and abs(y - wy) < 1 for w, wx, wy in whole), (
            word, x, y)
