"""The format checker (check.py, docxread.py) and the template checker (tplcheck.py)."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import docx
import pytest
from docfactory import Spec, build, save
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from kiemdiem_docs.check import (
    MAX_SAME,
    Breach,
    check_document,
    date_problems,
    number_problems,
)
from kiemdiem_docs.check.reader import Formats, text
from kiemdiem_docs.config import Format
from kiemdiem_docs.packs import format_pack
from kiemdiem_docs.render import fit, template_problems


def rules(path: Path, **settings) -> set[str]:
    return {b.rule for b in check_document(path, Format(**settings))}


def made(tmp_path: Path, spec: Spec | None = None, change=None) -> Path:
    """A factory document, changed by ``change(doc)`` before it is saved."""
    doc = build(spec)
    if change is not None:
        change(doc)
    path = tmp_path / "doc.docx"
    doc.save(str(path))
    return path


def find(doc, wanted: str):
    """The first paragraph anywhere in the body whose text starts with ``wanted``."""
    for p in doc.element.body.iter(qn("w:p")):
        if text(p).strip().startswith(wanted):
            return p
    raise AssertionError(wanted)


# A correct document passes

@pytest.mark.parametrize("spec", [
    Spec(kind="qd"),
    Spec(kind="cv", recipients=("- Như kính gửi,", "- Lưu Văn phòng Đảng ủy Khối.")),
    Spec(kind="bb"),
    Spec(kind="gk"),
    Spec(number="Số      -QĐ/ĐUK", date="Nam Định, ngày     tháng     năm 2024"),
    Spec(date="Nam Định, ngày 20 tháng 02 năm 2024"),
    Spec(date="Nam Định, ngày 03 tháng 4 năm 2018"),
    Spec(party_line_border=True),
    Spec(line_rule="multiple"),
    Spec(authority="K/T TRƯỞNG BAN"),
    Spec(extra=" – một vấn đề nan giải"),
], ids=["qd", "cv", "bb", "gk", "blank-number-date", "feb", "april", "party-border",
        "line-multiple", "kt", "nan-giai"])
def test_correct_document_passes(tmp_path: Path, spec: Spec) -> None:
    assert check_document(save(tmp_path / "ok.docx", spec)) == []


HD05 = format_pack("hd05-2026")
HD36 = format_pack("hd36-2018")
# A document of 2026 as HD 05 reportedly wants it: «về việc», «.», «;», no «VT».
NEW = dict(end=".", cv_subject="về việc ",
           recipients=("- Như trên;", "- Lưu Đảng ủy Khối."))


def pack_rules(path: Path, pack) -> set[str]:
    return {b.rule for b in check_document(path, pack=pack)}


@pytest.mark.parametrize("kind", ["qd", "cv", "bb"])
def test_each_format_pack_passes_its_own_documents_and_fails_the_others(tmp_path, kind):
    old = save(tmp_path / "old.docx", Spec(kind=kind))
    new = save(tmp_path / "new.docx", Spec(kind=kind, **NEW))
    assert pack_rules(old, HD36) == set()
    assert pack_rules(new, HD05) == set()
    # Minutes are signed by a secretary and a chair: no recipients.
    want = {"end"} | ({"header"} if kind == "cv" else set()) | (
        set() if kind == "bb" else {"recipients"})
    assert pack_rules(old, HD05) == want
    assert pack_rules(new, HD36) == want


def test_the_end_mark_is_measured(tmp_path: Path) -> None:
    breaches = check_document(save(tmp_path / "a.docx", Spec(end=".")))
    assert [(b.rule, b.message) for b in breaches] == [(
        "end", "«Điều 3. Các tổ chức có tên tại Điều 1 thi hành.»: phần nội dung phải kết thúc "
        "«./.» (theo Hướng dẫn 36-HD/VPTW (03/4/2018) theo Quy định 66-QĐ/TW)")]
    new = {**NEW, "end": "./."}
    assert pack_rules(save(tmp_path / "b.docx", Spec(**new)), HD05) == {"end"}
    new["end"] = ""
    assert pack_rules(save(tmp_path / "c.docx", Spec(**new)), HD05) == {"end"}


def test_hd05_archive_line_has_no_vt(tmp_path: Path) -> None:
    vt = Spec(**{**NEW, "recipients": ("- Như trên;", "- Lưu VT.")})
    path = save(tmp_path / "vt.docx", vt)
    assert pack_rules(path, HD05) == {"recipients"}
    assert pack_rules(path, dataclasses.replace(HD05, cho_phep_vt=True)) == set()


def test_a_document_is_measured_against_the_pack_it_records(tmp_path: Path) -> None:
    path = save(tmp_path / "new.docx", Spec(**NEW))
    assert pack_rules(path, None) == {"end", "recipients"}  # nothing recorded: HD 36
    doc = docx.Document(str(path))
    doc.core_properties.keywords = "thể thức hd05-2026; quy định 366-2025"
    doc.save(str(path))
    assert check_document(path) == []
    assert check_document(path, workspace=HD36) == []
    assert pack_rules(path, HD36) == {"end", "recipients"}


def test_separator_is_a_setting(tmp_path: Path) -> None:
    semi = Spec(recipients=("- Như Điều 3;", "- Lưu Văn phòng Đảng ủy Khối."))
    assert rules(save(tmp_path / "a.docx", semi), dau_noi_nhan=";") == set()
    assert rules(save(tmp_path / "b.docx", semi)) == {"recipients"}


def test_margins_and_line_spacing_are_settings(tmp_path: Path) -> None:
    path = save(tmp_path / "m.docx", Spec(margins_mm=(25, 20, 30, 20)))
    assert rules(path, le_tren=25, le_phai=20) == set()
    assert rules(path) == {"margin"}
    assert rules(save(tmp_path / "s.docx"), gian_dong=16) == {"body"}


# One thing broken, exactly its rule flagged

BREAKS = [
    ("wrong-margin", Spec(margins_mm=(20, 20, 25, 15)), "margin"),
    ("arial-run", Spec(run_font="Arial"), "font"),
    ("theme-font-run", Spec(run_theme_font=True), "font"),
    ("style-without-eastasia", Spec(style_without_east_asia=True), "font"),
    ("so-colon", Spec(number="Số: 12-QĐ/ĐUK"), "number"),
    ("no-leading-zero", Spec(number="Số 5-QĐ/ĐUK"), "number"),
    ("state-symbol", Spec(number="Số 12-QĐ-UBND"), "number"),
    ("day-one-digit", Spec(date="Nam Định, ngày 8 tháng 11 năm 2024"), "date"),
    ("month-zero", Spec(date="Nam Định, ngày 08 tháng 04 năm 2024"), "date"),
    ("february-no-zero", Spec(date="Nam Định, ngày 20 tháng 2 năm 2024"), "date"),
    ("no-such-day", Spec(date="Nam Định, ngày 31 tháng 02 năm 2024"), "date"),
    ("tag-left", Spec(extra=" {{ org.ten }}"), "leftover"),
    ("block-left", Spec(extra=" {% endif %}"), "leftover"),
    ("none-text", Spec(extra=" None"), "leftover"),
    ("nan-text", Spec(extra=" nan"), "leftover"),
    ("double-escaped", Spec(extra=" Công ty A &amp; B"), "leftover"),
    ("nfd-text", Spec(extra=unicodedata.normalize("NFD", " Đảng ủy Khối")), "nfc"),
    ("header-borders", Spec(header_table_style="Table Grid"), "header"),
    ("title-not-bold", Spec(title_bold=False), "title"),
    ("wrong-title", Spec(title="THÔNG BÁO"), "title"),
    ("subject-capital", Spec(subject="Về việc xếp loại chất lượng tổ chức cơ sở đảng"), "title"),
    ("noi-nhan-state-style", Spec(noi_nhan="bold-italic"), "recipients"),
    ("recipient-14pt", Spec(recipient_size=14), "recipients"),
    ("last-recipient-comma", Spec(recipients=("- Như Điều 3,", "- Lưu,")), "recipients"),
    ("state-authority", Spec(authority="TM. BAN THƯỜNG VỤ"), "signature"),
    ("degree-prefix", Spec(signer="TS. Nguyễn Tài Sơn"), "signature"),
    ("comrade-prefix", Spec(signer="Đồng chí Nguyễn Tài Sơn"), "signature"),
    ("name-in-caps", Spec(signer="NGUYỄN TÀI SƠN"), "signature"),
    ("no-room-to-sign", Spec(room=1), "signature"),
    ("minutes-no-room", Spec(kind="bb", room=2), "signature"),
    ("page-number-on-page-1", Spec(page_number_on_first=True), "page-number"),
    ("no-different-first-page", Spec(title_page=False), "page-number"),
    ("body-13pt", Spec(body_size=13), "body"),
    ("letter-body-13pt", Spec(kind="cv", body_size=13,
                              recipients=("- Như kính gửi,", "- Lưu.")), "body"),
    ("grounds-italic", Spec(grounds_italic=True), "decision"),
    ("dieu-not-bold", Spec(dieu_bold=False), "decision"),
    ("list-no-page-break", Spec(list_page_break=False), "list"),
    ("certificate-portrait", Spec(kind="gk", landscape=False), "certificate"),
    ("certificate-state-authority", Spec(kind="gk", authority="TM. BAN THƯỜNG VỤ"),
     "certificate"),
    ("certificate-leftover", Spec(kind="gk", extra="{{ ten }}"), "leftover"),
]


@pytest.mark.parametrize(("spec", "rule"), [(s, r) for _, s, r in BREAKS],
                         ids=[i for i, _, _ in BREAKS])
def test_one_breach_one_rule(tmp_path: Path, spec: Spec, rule: str) -> None:
    breaches = check_document(save(tmp_path / "bad.docx", spec))
    assert {b.rule for b in breaches} == {rule}, [str(b) for b in breaches]
    assert all(b.where and b.message for b in breaches)


def _blue_run(doc) -> None:
    p = find(doc, "Điều 2.")
    docx.text.paragraph.Paragraph(p, None).runs[-1].font.color.rgb = RGBColor(0, 0, 0xFF)


def _last_ground_semicolon(doc) -> None:
    p = find(doc, "- Xét đề nghị")
    docx.text.paragraph.Paragraph(p, None).runs[-1].text = "- Xét đề nghị của Ban Tổ chức;"


def _grounds_without_proposal(doc) -> None:
    p = find(doc, "- Xét đề nghị")
    docx.text.paragraph.Paragraph(p, None).runs[-1].text = "- Căn cứ Hướng dẫn số 25-HD/BTCTW,"


def _no_kem_theo(doc) -> None:
    p = find(doc, "(Kèm theo")
    p.getparent().remove(p)


def _title_size_14(doc) -> None:
    docx.text.paragraph.Paragraph(find(doc, "QUYẾT ĐỊNH"), None).runs[0].font.size = Pt(14)


def _indent_2cm(doc) -> None:
    par = docx.text.paragraph.Paragraph(find(doc, "Điều 2."), None)
    par.paragraph_format.first_line_indent = docx.shared.Cm(2)


def _no_space_between(doc) -> None:
    par = docx.text.paragraph.Paragraph(find(doc, "Điều 2."), None)
    par.paragraph_format.space_before = Pt(0)


def _date_not_italic(doc) -> None:
    for r in docx.text.paragraph.Paragraph(find(doc, "Nam Định, ngày"), None).runs:
        r.font.italic = False


def _party_not_underlined(doc) -> None:
    docx.text.paragraph.Paragraph(find(doc, "ĐẢNG CỘNG SẢN"), None).runs[0].font.underline = False


def _upper_body_bold(doc) -> None:
    docx.text.paragraph.Paragraph(find(doc, "ĐẢNG BỘ TỈNH"), None).runs[0].font.bold = True


def _two_sections(doc) -> None:
    doc.add_section()


def _golden_book_one_digit(doc) -> None:
    docx.text.paragraph.Paragraph(find(doc, "Số sổ vàng"), None).runs[0].text = "Số sổ vàng: 3"


def _certificate_title_small(doc) -> None:
    docx.text.paragraph.Paragraph(find(doc, "GIẤY KHEN"), None).runs[0].font.size = Pt(16)


def _without(start: str):
    def change(doc) -> None:
        p = find(doc, start)
        p.getparent().remove(p)

    return change


CHANGES = [
    ("header-without-star", Spec(), _without("*"), "header"),
    ("letter-without-subject", Spec(kind="cv", recipients=("- Như kính gửi,", "- Lưu.")),
     _without("V/v"), "header"),
    ("kind-without-hyphen-line", Spec(), _without("-----"), "title"),
    ("letter-without-kinh-gui", Spec(kind="cv", recipients=("- Như kính gửi,", "- Lưu.")),
     _without("Kính gửi"), "title"),
    ("blue-text", Spec(), _blue_run, "color"),
    ("last-ground-semicolon", Spec(), _last_ground_semicolon, "decision"),
    ("last-ground-not-proposal", Spec(), _grounds_without_proposal, "decision"),
    ("list-without-kem-theo", Spec(), _no_kem_theo, "list"),
    ("title-14pt", Spec(), _title_size_14, "title"),
    ("indent-2cm", Spec(), _indent_2cm, "body"),
    ("no-space-between", Spec(), _no_space_between, "body"),
    ("date-upright", Spec(), _date_not_italic, "date"),
    ("party-name-no-line", Spec(), _party_not_underlined, "header"),
    ("upper-body-bold", Spec(), _upper_body_bold, "header"),
    ("two-sections", Spec(), _two_sections, "page"),
    ("golden-book-one-digit", Spec(kind="gk"), _golden_book_one_digit, "certificate"),
    ("certificate-title-not-largest", Spec(kind="gk"), _certificate_title_small, "certificate"),
]


@pytest.mark.parametrize(("spec", "change", "rule"), [(s, c, r) for _, s, c, r in CHANGES],
                         ids=[i for i, *_ in CHANGES])
def test_changed_document_one_rule(tmp_path: Path, spec: Spec, change, rule: str) -> None:
    breaches = check_document(made(tmp_path, spec, change))
    assert {b.rule for b in breaches} == {rule}, [str(b) for b in breaches]


def test_table_grid_with_its_borders_switched_off_passes(tmp_path: Path) -> None:
    def borders_off(doc) -> None:
        tbl = doc.tables[0]._tbl
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement("w:" + side)
            el.set(qn("w:val"), "nil")
            borders.append(el)
        tbl.tblPr.append(borders)

    path = made(tmp_path, Spec(header_table_style="Table Grid"), borders_off)
    assert check_document(path) == []


def test_cell_borders_count_as_borders(tmp_path: Path) -> None:
    def cell_border(doc) -> None:
        tcpr = doc.tables[0].rows[0].cells[0]._tc.get_or_add_tcPr()
        borders, bottom = OxmlElement("w:tcBorders"), OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        borders.append(bottom)
        tcpr.append(borders)

    assert rules(made(tmp_path, Spec(), cell_border)) == {"header"}


def test_leftover_in_the_page_header_is_found(tmp_path: Path) -> None:
    def tag_in_header(doc) -> None:
        doc.sections[0].header.paragraphs[0].add_run("{{ so }}")

    breaches = check_document(made(tmp_path, Spec(), tag_in_header))
    assert [(b.rule, b.where) for b in breaches] == [("leftover", "đầu trang, dòng 1")]


def test_red_is_allowed_only_on_the_certificate(tmp_path: Path) -> None:
    def red(doc) -> None:
        docx.text.paragraph.Paragraph(find(doc, "Điều 2."), None).runs[-1].font.color.rgb = \
            RGBColor(0xC0, 0, 0)

    assert rules(made(tmp_path, Spec(), red)) == {"color"}
    assert rules(save(tmp_path / "gk.docx", Spec(kind="gk"))) == set()  # it has red lines


def test_a_style_font_repeated_everywhere_is_summarised(tmp_path: Path) -> None:
    def arial_default(doc) -> None:
        rf = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            rf.set(qn("w:" + slot), "Arial")
        for rf in doc.styles["Normal"].element.iter(qn("w:rFonts")):
            rf.getparent().remove(rf)

    breaches = check_document(made(tmp_path, Spec(), arial_default))
    fonts = [b for b in breaches if b.rule == "font"]
    assert {b.rule for b in breaches} == {"font"}
    assert len(fonts) == MAX_SAME + 1
    assert "docDefaults" in fonts[0].where
    assert "chỗ khác" in fonts[-1].message


def test_breach_reads_where_then_what(tmp_path: Path) -> None:
    breaches = check_document(save(tmp_path / "b.docx", Spec(number="Số: 12-QĐ/ĐUK")))
    assert len(breaches) == 1
    b = breaches[0]
    assert b.where == "bảng tiêu đề, cột trái, dòng 5"
    assert str(b) == f"{b.where}: {b.message}"
    assert "Số:" in b.message
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.rule = "x"  # type: ignore[misc]
    assert Breach("a", "b", "c") == Breach("a", "b", "c")


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_file_is_one_breach(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    breaches = check_document(path)
    assert [b.rule for b in breaches] == ["file"]


def test_a_workbook_is_not_a_document(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "so.docx"
    openpyxl.Workbook().save(path)
    assert [b.rule for b in check_document(path)] == ["file"]


def test_missing_file_is_one_breach(tmp_path: Path) -> None:
    assert [b.rule for b in check_document(tmp_path / "none.docx")] == ["file"]


# The text rules on their own

@pytest.mark.parametrize(("line", "ok", "kind"), [
    ("Số 820-CV/ĐUK", True, "CV"),
    ("Số 05-QĐ/ĐUK", True, "QĐ"),
    ("Số 12-GM/CB", True, "GM"),
    ("Số      -QĐ/ĐUK", True, "QĐ"),
    ("Số\u00a0\u00a0\u00a0-TB/ĐU", True, "TB"),
    ("Số: 820-CV/ĐUK", False, "CV"),
    ("Số 5-QĐ/ĐUK", False, "QĐ"),
    ("Số 005-QĐ/ĐUK", False, "QĐ"),
    ("Số -QĐ/ĐUK", False, "QĐ"),
    ("Số 12-CT/ĐUK", True, "CT"),
    ("Số 12-XX/ĐUK", False, None),
    ("Số 12-QĐ/đuk", False, "QĐ"),
    ("Số 12/QĐ-ĐUK", False, None),
])
def test_number_line(line: str, ok: bool, kind: str | None) -> None:
    problems, found = number_problems(line)
    assert (problems == []) is ok, problems
    assert found == kind


@pytest.mark.parametrize(("line", "ok"), [
    ("Nam Định, ngày 08 tháng 11 năm 2024", True),
    ("Nam Định, ngày 03 tháng 4 năm 2018", True),
    ("Nam Định, ngày 20 tháng 02 năm 2018", True),
    ("Nam Định, ngày 29 tháng 02 năm 2024", True),
    ("Nam Định, ngày     tháng     năm 2024", True),
    ("Nam Định, ngày 8 tháng 11 năm 2024", False),
    ("Nam Định, ngày 08 tháng 04 năm 2024", False),
    ("Nam Định, ngày 20 tháng 2 năm 2024", False),
    ("Nam Định, ngày 29 tháng 02 năm 2023", False),
    ("Nam Định, ngày 31 tháng 4 năm 2024", False),
    ("Nam Định, ngày 08 tháng 13 năm 2024", False),
    ("Nam Định, 08/11/2024", False),
    ("Nam Định, ngày  tháng  năm 2024", False),
])
def test_date_line(line: str, ok: bool) -> None:
    assert (date_problems(line) == []) is ok, date_problems(line)


# Effective formatting

def _styled(tmp_path: Path):
    doc = docx.Document()
    base = doc.styles.add_style("Base", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    base.font.bold = True
    base.font.size = Pt(13)
    child = doc.styles.add_style("Child", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    strong = doc.styles.add_style("StrongRun", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    rf = OxmlElement("w:rFonts")
    rf.set(qn("w:eastAsia"), "SimSun")
    child.element.get_or_add_rPr().append(rf)
    p = doc.add_paragraph(style="Child")
    plain = p.add_run("một")
    toggled = p.add_run("hai", style="StrongRun")
    direct = p.add_run("ba", style="StrongRun")
    direct.font.bold = True
    return Formats(doc), p._p, plain._r, toggled._r, direct._r


def test_formats_follow_the_style_chain(tmp_path: Path) -> None:
    fm, p, plain, toggled, direct = _styled(tmp_path)
    assert fm.size(plain, p) == 13  # from Base, through Child's basedOn
    assert fm.flag(plain, p, "b") is True
    assert fm.flag(toggled, p, "b") is False  # bold style over bold paragraph style: XOR
    assert fm.flag(direct, p, "b") is True  # direct formatting is absolute
    fonts = fm.fonts(plain, p)
    assert fonts["eastAsia"] == "SimSun"  # from Child
    assert fonts["ascii"] == "theme:minorHAnsi"  # docDefaults of python-docx's template


# Templates

def _template(tmp_path: Path, *paragraphs, header: str = "") -> Path:
    doc = docx.Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for n, piece in enumerate(runs if isinstance(runs, tuple) else (runs,)):
            p.add_run(piece).bold = n % 2 == 1  # Word cuts a tag where formatting changes
    if header:
        section = doc.sections[0]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].add_run(header)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def test_good_template(tmp_path: Path) -> None:
    path = _template(tmp_path, "Kính gửi: {{ org.ten_cap_uy }}",
                     ("{{ org.", "ten", " }} ngày {{ ngay|ngay }}"),
                     "{% for m in lich %}{{ m.gio }} {{ loop.index }}{% endfor %}",
                     "{% if hop %}{{ hop.dia_diem }}{% endif %}",
                     header="{{ so }}")
    variables, problems = template_problems(path)
    assert problems == []
    assert variables == {"org", "ngay", "lich", "hop", "so"}


def test_broken_tag_is_reported_with_its_text(tmp_path: Path) -> None:
    path = _template(tmp_path, "Kính gửi: {{ org.ten }", "Nội dung {{ so }}")
    variables, problems = template_problems(path)
    assert len(problems) == 1
    assert "thân văn bản" in problems[0]
    assert "Kính gửi" in problems[0]


def test_unclosed_block_is_reported_with_its_text(tmp_path: Path) -> None:
    path = _template(tmp_path, "Mở đầu", "{% if x %} Có họp", "Kết thúc {{ so }}")
    _, problems = template_problems(path)
    assert len(problems) == 1
    assert "{% if … %}" in problems[0] and "Có họp" in problems[0]
    assert "không được đóng" in problems[0]


def test_stray_closing_braces_are_reported(tmp_path: Path) -> None:
    _, problems = template_problems(_template(tmp_path, "Tên: { org.ten }} hết"))
    assert len(problems) == 1 and "}}" in problems[0]


def test_unknown_filter_is_reported_and_known_ones_are_not(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ ngay|ngay }} {{ so|khong_co }} {{ nam|upper }}")
    variables, problems = template_problems(path)
    assert variables == {"ngay", "so", "nam"}
    assert len(problems) == 1 and "khong_co" in problems[0]


def test_a_broken_header_is_named(tmp_path: Path) -> None:
    _, problems = template_problems(_template(tmp_path, "{{ so }}", header="{{ so }"))
    assert len(problems) == 1 and problems[0].startswith("đầu trang")


def test_not_a_template(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_text("không phải docx")
    variables, problems = template_problems(path)
    assert variables == set() and len(problems) == 1


@dataclasses.dataclass(frozen=True)
class _Kind:
    key: str
    required: frozenset[str]
    extra: frozenset[str] = frozenset()

    @property
    def provides(self) -> frozenset[str]:
        return self.required | self.extra


def test_fit_names_missing_and_unknown_variables(tmp_path: Path) -> None:
    kind = _Kind("giay-moi", frozenset({"so", "hop"}), frozenset({"org"}))
    assert fit(_template(tmp_path, "{{ so }} {{ hop.gio }} {{ org.ten }}"), kind) == []
    problems = fit(_template(tmp_path, "{{ so }} {{ lich }}"), kind)
    assert any("«hop»" in p and "cần" in p for p in problems)
    assert any("«lich»" in p and "không có" in p for p in problems)
    broken = fit(_template(tmp_path, "{{ so }"), kind)
    assert len(broken) == 1  # variables of a part jinja cannot read are not called missing


def test_a_blank_form_certificate_is_judged_as_a_certificate(tmp_path):
    """A landscape page with a golden-book line and no «GIẤY KHEN»: text for a phôi."""
    import docx as _docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = _docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    path = tmp_path / "phoi.docx"
    document.add_paragraph("Số sổ vàng: 03")
    document.save(path)
    rules = {b.rule for b in check_document(path)}
    assert "header" not in rules and "page" not in rules
    assert not any("GIẤY KHEN" in b.message for b in check_document(path))
