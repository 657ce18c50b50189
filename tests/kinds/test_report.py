"""The results report, built from the sample and read back as files: every figure of its
text, its tables and its annex workbook equals the one counted here from the workbook."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, check_golden, load, make_config
from docutil import text, text_lines
from report_counts import TYPES, as_counts, counts, from_rows, from_workbook, table_rows
from workspaces import do_build

from kiemdiem_docs import stats
from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.issuing import Request
from kiemdiem_docs.kinds import report
from kiemdiem_docs.register import open_register
from kiemdiem_docs.render.pictures import picture_parts
from kiemdiem_docs.roster import write_roster
from kiemdiem_docs.sample import make_rows
from kiemdiem_docs.tplbuild.report import placeholder_png

KIND = "bao-cao-ket-qua"
LEVEL_TABLES = {"to_chuc_loai": 2, "to_chuc_cum": 3, "dang_vien_loai": 4, "dang_vien_cum": 5}


def report_of(summary):
    [r] = [r for r in summary.results if r.kind == KIND]
    return r.path


def recorded(cfg, key: str = "2024") -> dict:
    with open_register(cfg.so_dang_ky) as register:
        return register.current(KIND, key).data(register)


def printed_counts(path, index: int) -> dict[str, list[int]]:
    return {row[0]: as_counts(row) for row in table_rows(path, index)}


def assert_shares_add_up(path) -> None:
    for index in LEVEL_TABLES.values():
        for row in table_rows(path, index):
            shares = row[3:10:2]
            if shares != ["-"] * 4:
                assert sum(int(s.replace(",", "")) for s in shares) == 1000, row


def test_every_figure_equals_the_one_counted_from_the_workbook(sample_build):
    cfg, summary = sample_build
    path = report_of(summary)
    want = from_workbook(SAMPLE)
    by_type = {**{t: [0] * 6 for t in TYPES}, **counts(want["orgs"], 0)}
    assert printed_counts(path, LEVEL_TABLES["to_chuc_loai"]) == by_type
    assert printed_counts(path, LEVEL_TABLES["to_chuc_cum"]) == counts(want["orgs"], 1)
    assert printed_counts(path, LEVEL_TABLES["dang_vien_loai"]) == counts(want["members"], 0)
    assert printed_counts(path, LEVEL_TABLES["dang_vien_cum"]) == counts(want["members"], 1)
    assert_shares_add_up(path)
    # The text says the totals of the tables.
    lines = text_lines(path)
    total = counts(want["members"], 0)["Tổng cộng"]
    assert f"Tổng số {total[0]} đảng viên; đã xếp loại {total[0] - total[5]} đồng chí, kết quả:" \
        in lines
    assert f"- “Hoàn thành tốt nhiệm vụ”: {total[2]} đồng chí, chiếm " \
           f"{stats.share_text(round(1000 * total[2] / (total[0] - total[5])))}%;" in lines
    reasons = [r for (*_, lv, r) in want["members"] if lv == 4]
    assert (f"- Không xếp loại: 0{len(reasons)} đồng chí (gồm "
            f"0{reasons.count('Được miễn công tác và sinh hoạt đảng')} đồng chí được miễn công "
            f"tác và sinh hoạt đảng, 0{reasons.count('Vào Đảng chưa đủ 6 tháng')} đồng chí vào "
            "Đảng chưa đủ 6 tháng).") in lines


def test_the_text_agrees_with_the_decisions_it_reports(sample_build):
    cfg, summary = sample_build
    lines = text_lines(report_of(summary))
    decision = [r.path for r in summary.results if r.kind == "quyet-dinh-xep-loai"][0]
    grading = [line for line in text_lines(decision) if line.startswith("- “")]
    # «- “…”: 02 tổ chức;» in the decision is «- “…”: 02 tổ chức, chiếm 14,3%;» here.
    ours = [re.sub(r", chiếm [\d,]+%", "", line) for line in lines
            if line.startswith("- “") and "tổ chức" in line]
    assert ours == grading
    number = re.search(r"Số (\d+-QĐ/ĐUK)", text(decision))[1]
    assert any(f"ban hành Quyết định số {number}, ngày 24/12/2024 về việc xếp loại" in line
               for line in lines)
    awards = [r.path for r in summary.results if r.kind == "quyet-dinh-khen-thuong"][0]
    given = re.search(r"cho (.+?) đã có thành tích", text(awards))[1]
    assert f"Ban Thường vụ Đảng ủy Khối tặng giấy khen cho {given}:" in lines


def test_the_annex_workbook_holds_the_tables_and_opens(sample_build):
    cfg, summary = sample_build
    path = report_of(summary)
    annex = path.with_suffix(".xlsx")
    wb = openpyxl.load_workbook(annex)
    assert wb.sheetnames == ["1. Tổ chức theo loại hình", "2. Tổ chức theo cụm",
                             "3. Đảng viên theo loại hình", "4. Đảng viên theo cụm",
                             "5. Không xếp loại", "6. Tỷ lệ xuất sắc", "7. Khen thưởng"]
    for (key, index), sheet in zip(LEVEL_TABLES.items(), wb.worksheets, strict=False):
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        printed = table_rows(path, index)
        assert [r[0] for r in rows] == [p[0] for p in printed], key
        for row, cells in zip(rows, printed, strict=True):
            assert [row[1], *row[2:10:2], row[10]] == as_counts(cells)
            assert [None if c == "-" else float(c.replace(",", ".")) for c in cells[3:10:2]] \
                == list(row[3:10:2])  # shares as numbers, the same to the tenth
    assert wb.worksheets[0]["A1"].value.startswith("Kết quả xếp loại chất lượng tổ chức")
    assert wb.properties.created.date().isoformat() == "2024-12-26"  # the report's date


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                    reason="LibreOffice không có trên máy này (CI cài nó; ở đây bỏ qua)")
def test_libreoffice_calc_opens_the_annex_with_the_same_figures(sample_build, tmp_path):
    assert SOFFICE, "CI must have LibreOffice: .ci/run installs libreoffice-calc-nogui"
    cfg, summary = sample_build
    annex = tmp_path / "phu-luc.xlsx"
    shutil.copyfile(report_of(summary).with_suffix(".xlsx"), annex)
    # Every sheet to its own CSV (the last field, -1), UTF-8 (76), comma-separated (44).
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
         "false,false,-1", "--outdir", str(tmp_path), str(annex)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(annex)
    for sheet in wb.worksheets:
        path = tmp_path / f"phu-luc-{sheet.title}.csv"
        assert path.is_file(), (sheet.title, result.stdout, result.stderr)
        with path.open(encoding="utf-8", newline="") as f:
            seen = [[c for c in row] for row in csv.reader(f)]
        want = [["" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
                 for v in row] for row in sheet.iter_rows(values_only=True)]
        assert [r[:len(w)] for r, w in zip(seen, want, strict=True)] == want, sheet.title


def test_the_chart_is_drawn_from_the_recorded_figures(sample_build):
    cfg, summary = sample_build
    with zipfile.ZipFile(report_of(summary)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    [part] = picture_parts(parts, "bieu-do")
    data = recorded(cfg)["bieu_do"]
    assert parts[part] != placeholder_png()
    assert parts[part] == stats.chart_png(data["cum"], data["to_chuc"], data["dang_vien"])
    want = counts(from_workbook(SAMPLE)["orgs"], 1)
    assert data["to_chuc"] == [want[c][1:6] for c in data["cum"]]  # and «Không xếp loại»


def test_it_passes_the_format_check_and_matches_its_golden_text(sample_build, update_golden):
    cfg, summary = sample_build
    path = report_of(summary)
    assert check_document(path, cfg.format, pack=cfg.the_thuc) == []
    check_golden(KIND, path, update_golden)


def test_too_many_clusters_to_draw_are_drawn_by_type():
    from kiemdiem_docs.roster import CHI_BO, DANG_BO, Grade, Org, OrgGrade, Roster

    orgs = [Org(str(i), f"Tổ chức {i}", DANG_BO if i % 3 else CHI_BO, f"Cụm riêng {i}")
            for i in range(report.CHART_BARS + 1)]
    roster = Roster(orgs=orgs, grades=[OrgGrade(o.ma, xep_loai=Grade.HTTNV) for o in orgs])
    data = report._chart_data(stats.figures(roster, 20))
    assert data["cum"] == ["Đảng bộ cơ sở", "Chi bộ cơ sở"]
    assert sum(c[1] for c in data["to_chuc"]) == len(orgs)
    fewer = Roster(orgs=orgs[:-1], grades=roster.grades[:-1])
    assert len(report._chart_data(stats.figures(fewer, 20))["cum"]) == report.CHART_BARS


def test_it_waits_for_every_grade():
    roster = load(SAMPLE)
    assert report.needs(roster) is None
    roster.members[3].xep_loai = None
    why = report.needs(roster)
    assert why.startswith("còn 01 đảng viên chưa có kết quả xếp loại (sheet DangVien, cột "
                          f"Xếp loại, ví dụ dòng {roster.members[3].row})")
    roster.grades.pop()
    assert "chưa có kết quả xếp loại trong sheet XepLoai" in report.needs(roster)


def test_its_own_words_follow_the_tone_style_and_the_workbooks_stay_as_typed(tmp_path):
    roster = load(SAMPLE)
    org = roster.orgs[-1]
    org.ten = "Chi bộ Công ty Thủy lợi Hòa Bình"
    roster.meetings = [m for m in roster.meetings if m.ma_to_chuc != org.ma]
    cfg = make_config(tmp_path, dinh_dang={"kieu_dau": "moi"})
    summary = build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"quyet-dinh-xep-loai", KIND})))
    said = text(report_of(summary))
    assert "đại biểu Đảng uỷ Khối dự, chỉ đạo 13 hội nghị; 01 tổ chức chưa báo cáo lịch: " \
           "Chi bộ Công ty Thủy lợi Hòa Bình." in said
    assert "Đảng ủy" not in said.replace("Thủy lợi Hòa", "")


def _regrade(src, dst, sheet: str, row: int, grade: str) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index("Xếp loại") + 1
    ws.cell(row, col).value = grade
    wb.save(dst)


def _first_row(path, sheet: str, grade: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    col = [c.value for c in ws[1]].index("Xếp loại")
    return next(i for i, r in enumerate(ws.iter_rows(values_only=True), 1) if r[col] == grade)


def test_second_and_third_builds_reissue_it_and_keep_every_annex(tmp_path, register_sound):
    cfg = make_config(tmp_path)
    first = do_build(cfg, SAMPLE)
    path = report_of(first)
    annex = path.with_suffix(".xlsx")
    r1_annex = annex.read_bytes()
    # A member's grade corrected: the report (not the organisations' decision) changes.
    wb2 = tmp_path / "ds2.xlsx"
    row = _first_row(SAMPLE, "DangVien", "Hoàn thành nhiệm vụ")
    _regrade(SAMPLE, wb2, "DangVien", row, "Hoàn thành tốt nhiệm vụ")
    second = do_build(cfg, wb2, reason="Sửa xếp loại một đảng viên")
    assert {(r.kind, r.status) for r in second.results if r.status != "unchanged"} >= {
        (KIND, "reissued")}
    old = path.parent / "cu"
    assert (old / f"{path.stem}.r1.xlsx").read_bytes() == r1_annex
    assert (old / f"{path.stem}.r1.docx").is_file()
    want = counts(from_workbook(wb2)["members"], 0)["Tổng cộng"]
    assert printed_counts(path, LEVEL_TABLES["dang_vien_loai"])["Tổng cộng"] == want
    assert openpyxl.load_workbook(annex).worksheets[2]["C5"].value == want[1]
    # An organisation's grade corrected: both the decision and the report again.
    wb3 = tmp_path / "ds3.xlsx"
    _regrade(wb2, wb3, "XepLoai", _first_row(wb2, "XepLoai", "Hoàn thành nhiệm vụ"),
             "Hoàn thành tốt nhiệm vụ")
    r2_annex = annex.read_bytes()
    third = do_build(cfg, wb3, reason="Sửa xếp loại một tổ chức")
    changed = {r.kind for r in third.results if r.status == "reissued"}
    assert {"quyet-dinh-xep-loai", KIND} <= changed
    assert (old / f"{path.stem}.r1.xlsx").read_bytes() == r1_annex
    assert (old / f"{path.stem}.r2.xlsx").read_bytes() == r2_annex
    assert printed_counts(path, LEVEL_TABLES["to_chuc_loai"])["Tổng cộng"] == \
        counts(from_workbook(wb3)["orgs"], 0)["Tổng cộng"]
    # Nothing changed: nothing made, the annex left alone.
    again = do_build(cfg, wb3)
    assert all(r.status == "unchanged" for r in again.results)
    assert again.extras.annexes == []
    # The annex edited by hand: the next build writes it again from the register.
    def cells() -> list[list]:
        return [list(r) for r in openpyxl.load_workbook(annex).worksheets[0].iter_rows(
            values_only=True)]

    made = cells()
    wb = openpyxl.load_workbook(annex)
    wb.worksheets[0]["C3"] = 99
    wb.save(annex)
    mended = do_build(cfg, wb3)
    assert mended.extras.annexes == [annex]
    assert cells() == made


def test_a_renumbered_decision_takes_the_report_with_it(tmp_path, register_sound):
    cfg = make_config(tmp_path)
    first = do_build(cfg, SAMPLE)
    path = report_of(first)
    assert "Quyết định số 01-QĐ/ĐUK, ngày 24/12/2024 về việc" in text(path)
    summary = build(cfg, load(SAMPLE), today=dt.date(2024, 12, 27), now=BUILD_TIME,
                    request=Request.reissue("quyet-dinh-xep-loai", "2024", "Thay quyết định",
                                            new_number=True))
    assert {r.kind for r in summary.results if r.status == "reissued"} == {
        "quyet-dinh-xep-loai", KIND}
    number = re.search(r"Số (\d+)-QĐ/ĐUK", text([r.path for r in summary.results
                                                  if r.kind == "quyet-dinh-xep-loai"][0]))[1]
    assert number != "01"
    assert f"Quyết định số {number}-QĐ/ĐUK, ngày" in text(path)


def test_the_report_goes_up_not_into_the_organisations_packs(sample_build):
    cfg, summary = sample_build
    for pack in summary.extras.packs:
        names = zipfile.ZipFile(pack).namelist()
        assert any(n.startswith("quyet-dinh-xep-loai/") for n in names)
        assert not any(n.startswith(f"{KIND}/") for n in names), pack


def _last_year(tmp_path):
    """Last year's workbook: the sample with two members and an organisation graded lower."""
    path = tmp_path / "nam-truoc.xlsx"
    _regrade(SAMPLE, path, "DangVien", _first_row(SAMPLE, "DangVien", "Hoàn thành tốt nhiệm vụ"),
             "Hoàn thành nhiệm vụ")
    _regrade(path, path, "XepLoai", _first_row(path, "XepLoai", "Hoàn thành tốt nhiệm vụ"),
             "Hoàn thành nhiệm vụ")
    return path


def test_last_years_workbook_gives_the_change_of_each_figure(tmp_path, register_sound):
    before = _last_year(tmp_path)
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": before.name})
    path = report_of(do_build(cfg, SAMPLE))
    lines = text_lines(path)
    now_orgs = counts(from_workbook(SAMPLE)["orgs"], 0)["Tổng cộng"]
    was_orgs = counts(from_workbook(before)["orgs"], 0)["Tổng cộng"]
    assert now_orgs[2] == was_orgs[2] + 1
    assert any(line.startswith(f"- “Hoàn thành tốt nhiệm vụ”: {now_orgs[2]} tổ chức, chiếm ")
               and line.endswith(f"(năm 2023: 0{was_orgs[2]}; tăng 01);") for line in lines)
    assert "Biểu 8. So sánh với năm 2023" in lines
    rows = docx.Document(str(path)).tables[-1].rows
    assert [c.text for c in rows[0].cells] == ["Chỉ tiêu", "Năm 2023", "Năm 2024",
                                               "Tăng (+), giảm (-)"]
    got = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in rows[1:]}
    assert got["Tổ chức cơ sở đảng: Hoàn thành tốt nhiệm vụ"] == [
        str(was_orgs[2]), str(now_orgs[2]), "+1"]
    assert got["Tổ chức cơ sở đảng: Hoàn thành nhiệm vụ"][2] == "-1"
    assert got["Đảng viên: tổng số"] == ["340", "340", "0"]
    assert openpyxl.load_workbook(path.with_suffix(".xlsx")).sheetnames[-1] == \
        "8. So với năm trước"


def test_a_corrected_last_year_reissues_the_report(tmp_path, register_sound):
    before = _last_year(tmp_path)
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": before.name})
    path = report_of(do_build(cfg, SAMPLE))
    assert all(r.status == "unchanged" for r in do_build(cfg, SAMPLE).results)
    # Last year's workbook is read again when it changes, though this year's did not.
    _regrade(before, before, "XepLoai", _first_row(before, "XepLoai", "Hoàn thành nhiệm vụ"),
             "Hoàn thành tốt nhiệm vụ")
    summary = do_build(cfg, SAMPLE, reason="Sửa số liệu năm trước")
    assert {r.kind for r in summary.results if r.status == "reissued"} == {KIND}
    was = counts(from_workbook(before)["orgs"], 0)["Tổng cộng"]
    rows = {r.cells[0].text: r.cells[1].text for r in docx.Document(str(path)).tables[-1].rows}
    assert rows["Tổ chức cơ sở đảng: Hoàn thành tốt nhiệm vụ"] == str(was[2])


def test_a_missing_or_broken_last_year_holds_up_the_report_alone(tmp_path, register_sound):
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": "khong-co.xlsx"})
    summary = do_build(cfg, SAMPLE)
    [(kind, why)] = summary.skipped
    assert kind == KIND and why.startswith("không thấy sổ danh sách năm trước ")
    assert why.endswith("khong-co.xlsx ([bao_cao] nam_truoc): sửa đường dẫn, hoặc để trống để "
                        "không so sánh")
    assert len(summary.results) == 60 and KIND not in {r.kind for r in summary.results}
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": broken.name})
    [(kind, why)] = do_build(cfg, SAMPLE).skipped
    assert why.startswith("sổ danh sách năm trước ([bao_cao] nam_truoc): «hong.xlsx» không "
                          "phải sổ Excel")
    assert ".." not in why


def test_a_problem_outside_the_counted_sheets_of_last_year_is_no_obstacle(tmp_path):
    before = _last_year(tmp_path)
    wb = openpyxl.load_workbook(before)
    ws = wb["LichKiemDiem"]
    ws.cell(2, [c.value for c in ws[1]].index("Giờ") + 1).value = "sáng sớm"
    wb.save(before)
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": before.name})
    summary = do_build(cfg, SAMPLE)
    assert summary.skipped == []
    assert "Biểu 8. So sánh với năm 2023" in text_lines(report_of(summary))


def _as_csv_folder(workbook, folder) -> None:
    folder.mkdir()
    for ws in openpyxl.load_workbook(workbook).worksheets:
        with (folder / f"{ws.title}.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["" if v is None else v for v in row]
                                     for row in ws.iter_rows(values_only=True)])


def test_a_sheet_of_last_years_csv_folder_rewritten_in_place_is_seen(tmp_path, register_sound):
    folder = tmp_path / "nam-truoc"
    _as_csv_folder(_last_year(tmp_path), folder)
    cfg = make_config(tmp_path, bao_cao={"nam_truoc": folder.name})
    path = report_of(do_build(cfg, SAMPLE))
    before = text(path)
    sheet = folder / "XepLoai.csv"
    rows = list(csv.reader(sheet.open(encoding="utf-8")))
    col = rows[0].index("Xếp loại")
    row = next(r for r in rows[1:] if r[col] == "Hoàn thành nhiệm vụ")
    row[col] = "Hoàn thành tốt nhiệm vụ"
    with sheet.open("w", encoding="utf-8", newline="") as f:  # in place: the folder's time stays
        csv.writer(f).writerows(rows)
    summary = do_build(cfg, SAMPLE, reason="Sửa số liệu năm trước")
    assert {r.kind for r in summary.results if r.status == "reissued"} == {KIND}
    assert text(path) != before


@pytest.fixture(scope="module")
def big_round(tmp_path_factory):
    """A generated round of 1,000 organisations, its workbook and the report built of it."""
    tmp = tmp_path_factory.mktemp("big-report")
    rows = make_rows(1000, 12000, seed=31)
    workbook = tmp / "lon.xlsx"
    write_roster(workbook, rows)
    cfg = make_config(tmp)
    summary = build(cfg, load(workbook, cfg), today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(kinds=frozenset({"quyet-dinh-xep-loai", KIND})))
    return rows, cfg, report_of(summary)


def test_a_thousand_organisations_give_the_figures_counted_from_the_rows(big_round):
    rows, cfg, path = big_round
    want = from_rows(rows)
    assert printed_counts(path, LEVEL_TABLES["to_chuc_loai"]) == counts(want["orgs"], 0)
    clusters = printed_counts(path, LEVEL_TABLES["to_chuc_cum"])
    assert clusters == counts(want["orgs"], 1)
    assert len(clusters) == 85  # 84 clusters of twelve and the total
    assert printed_counts(path, LEVEL_TABLES["dang_vien_loai"]) == counts(want["members"], 0)
    assert printed_counts(path, LEVEL_TABLES["dang_vien_cum"]) == counts(want["members"], 1)
    assert_shares_add_up(path)
    assert check_document(path, cfg.format, pack=cfg.the_thuc) == []
    annex = openpyxl.load_workbook(path.with_suffix(".xlsx"))
    assert annex.worksheets[3].max_row == 2 + 85
