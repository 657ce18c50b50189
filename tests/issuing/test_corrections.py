"""The second and third builds of a round: a corrected name, a withdrawn award, a new one,
each trusted as the first build is."""

from __future__ import annotations

import zipfile

import pytest
from conftest import BUILD_DAY, BUILD_TIME, SAMPLE, load, make_config, register_problems
from docutil import text
from workspaces import rename_member

from kiemdiem_docs.api import build
from kiemdiem_docs.issuing import MADE, REISSUED, WITHDRAWN, Request
from kiemdiem_docs.pdf import find_soffice, make_converter
from kiemdiem_docs.register import open_register

pytestmark = pytest.mark.usefixtures("register_sound")


def current(cfg) -> dict[tuple[str, str], object]:
    with open_register(cfg.so_dang_ky) as register:
        return {(e.kind, e.key): e for e in register.all_current()}


def golden(cfg) -> dict[str, int]:
    with open_register(cfg.so_dang_ky) as register:
        return register.numbers_of("SV", "ĐUK", "2024")


def _build(cfg, workbook, reason="", converter=None):
    return build(cfg, load(workbook), today=BUILD_DAY, now=BUILD_TIME,
                 request=Request(reason=reason), converter=converter)


@pytest.mark.parametrize(("old", "new", "key", "org"), [
    # A member with a card number, renamed so that the name sorts last in the list.
    ("Đỗ Phương Anh", "Đỗ Phương Yến", "dv-the-29462052-5nam", "002"),
    # A member without one: the organisation and the date of birth tell who it is.
    ("Đoàn Thị Nhung", "Đoàn Thị Nhụng", "dv-008-19600607-5nam", "008"),
])
def test_a_corrected_awarded_name_reissues_exactly_what_shows_it(tmp_path, old, new, key, org):
    cfg = make_config(tmp_path)
    first = _build(cfg, SAMPLE)
    before, numbers = current(cfg), golden(cfg)
    fixed = tmp_path / "fixed.xlsx"
    rename_member(SAMPLE, fixed, old, new)
    second = _build(cfg, fixed, reason=f"Sửa tên đồng chí {new}")
    reissued = {(r.kind, r.key) for r in second.results if r.status == REISSUED}
    expected = {("quyet-dinh-khen-thuong", "2024"), ("giay-khen", key), ("bien-ban", org)}
    if load(SAMPLE).org(org).is_dang_bo:
        expected.add(("quyet-dinh-xep-loai-dang-vien", org))
    assert reissued == expected
    assert second.count(MADE) == second.count(WITHDRAWN) == 0
    after = current(cfg)
    # Every award still has exactly one certificate, under the number it was given.
    awards = {k for k, _ in [(k, v) for k, v in before.items()] if k[0] == "giay-khen"}
    assert {k for k in after if k[0] == "giay-khen"} == awards
    assert golden(cfg) == numbers and len(set(numbers.values())) == len(numbers)
    certificate = after[("giay-khen", key)]
    assert certificate.revision == 2 and certificate.supersedes == before[("giay-khen", key)].id
    assert certificate.reason == f"Sửa tên đồng chí {new}"
    body = text(cfg.dau_ra / certificate.docx)
    assert new in body and f"Số sổ vàng: {numbers[key]:02d}" in body
    for k, e in after.items():  # numbers of every other document unchanged
        assert (e.number, e.date) == (before[k].number, before[k].date)
    pack = cfg.dau_ra / "2024" / "to-chuc" / f"{org}.zip"
    with zipfile.ZipFile(pack) as z:
        names = [n for n in z.namelist() if n.endswith(".docx")]
        assert all(old not in _docx_text(z, n) for n in names)
        assert any(new in _docx_text(z, n) for n in names)
    assert first.count(MADE) == len(before)


def _docx_text(z: zipfile.ZipFile, name: str) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(z.read(name)))
    cells = [c.text.replace("\n", " ") for t in document.tables for row in t.rows
             for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_withdrawn_award_keeps_its_number_unused_and_a_new_one_takes_the_next(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE)
    numbers = golden(cfg)
    roster = load(SAMPLE)
    gone = next(m for m in roster.members if m.ho_ten == "Bùi Bích Tâm")
    gone.htxsnv_5_nam = False
    came = next(m for m in roster.members if m.ma_to_chuc == "005" and m.so_the)
    came.htxsnv_5_nam, came.xep_loai = True, came.xep_loai.__class__.HTXSNV
    summary = build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(reason="Điều chỉnh khen thưởng"))
    assert [e.key for e in summary.withdrawn] == ["dv-the-99859505-5nam"]
    new_key = f"dv-the-{came.so_the}-5nam"
    assert {(r.kind, r.key) for r in summary.results if r.status == MADE} == {
        ("giay-khen", new_key)}
    after = golden(cfg)
    assert after[new_key] == max(numbers.values()) + 1
    assert {k: v for k, v in after.items() if k != new_key} == numbers  # 04 stays given
    decision = current(cfg)[("quyet-dinh-khen-thuong", "2024")]
    listed = text(cfg.dau_ra / decision.docx)
    assert "Bùi Bích Tâm" not in listed and came.ho_ten in listed
    with open_register(cfg.so_dang_ky) as register:
        row = register.get(summary.withdrawn[0].id)
    assert row.status == "withdrawn" and row.withdrawn_reason == "Điều chỉnh khen thưởng"
    assert (cfg.dau_ra / row.docx).is_file() and "/cu/" in row.docx


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice makes the print bundle")
def test_the_print_bundle_follows_a_correction(tmp_path):
    from pypdf import PdfReader

    cfg = make_config(tmp_path)
    converter = make_converter("libreoffice")
    only = frozenset({"quyet-dinh-khen-thuong", "giay-khen"})
    build(cfg, load(SAMPLE), today=BUILD_DAY, now=BUILD_TIME, request=Request(kinds=only),
          converter=converter)
    fixed = tmp_path / "fixed.xlsx"
    rename_member(SAMPLE, fixed, "Đỗ Phương Anh", "Đỗ Phương Yến")
    build(cfg, load(fixed), today=BUILD_DAY, now=BUILD_TIME,
          request=Request(kinds=only, reason="Sửa tên"), converter=converter)
    bundle = cfg.dau_ra / "2024" / "in" / "giay-khen.pdf"
    pages = "\n".join(page.extract_text() for page in PdfReader(bundle).pages)
    assert "Đỗ Phương Yến" in pages and "Đỗ Phương Anh" not in pages
    assert len(PdfReader(bundle).pages) == sum(1 for k in current(cfg) if k[0] == "giay-khen")
    assert register_problems(cfg.so_dang_ky) == []


def _without(src, dst, code):
    """The workbook without organisation ``code`` and its rows."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    for name in ("ToChuc", "DangVien", "LichKiemDiem", "XepLoai", "KhenThuong"):
        ws = wb[name]
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, 1).value == code:
                ws.delete_rows(r)
    wb.save(dst)
    return dst


def test_a_withdrawn_document_brought_back_keeps_its_number(tmp_path):
    cfg = make_config(tmp_path)
    only = frozenset({"cong-van"})
    build(cfg, load(SAMPLE), today=BUILD_DAY, now=BUILD_TIME, request=Request(kinds=only))
    letter = current(cfg)[("cong-van", "003")]
    smaller = _without(SAMPLE, tmp_path / "smaller.xlsx", "003")
    gone = build(cfg, load(smaller), today=BUILD_DAY, now=BUILD_TIME,
                 request=Request(kinds=only, reason="Tổ chức giải thể"))
    # The letter is withdrawn, and the invitation that cites it with it.
    assert {(e.kind, e.key) for e in gone.withdrawn} == {("cong-van", "003"),
                                                         ("giay-moi", "003-1")}
    # Packs and print bundles drop it (fewer than 500 rows written: no full re-read).
    assert not (cfg.dau_ra / "2024" / "to-chuc" / "003.zip").exists()
    back = build(cfg, load(SAMPLE), today=BUILD_DAY, now=BUILD_TIME,
                 request=Request(kinds=only, reason="Xóa nhầm, khôi phục"))
    assert {(r.kind, r.key, r.status) for r in back.results if r.status != "unchanged"} == {
        ("cong-van", "003", MADE), ("giay-moi", "003-1", MADE)}
    again = current(cfg)[("cong-van", "003")]
    assert (again.number, again.date, again.revision) == (letter.number, letter.date, 2)
    assert (cfg.dau_ra / "2024" / "to-chuc" / "003.zip").is_file()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice makes the print bundle")
def test_a_withdrawn_document_leaves_the_print_bundle_and_keeps_its_archived_pdf(tmp_path):
    from pypdf import PdfReader

    cfg = make_config(tmp_path)
    only = frozenset({"cong-van"})
    converter = make_converter("libreoffice")
    build(cfg, load(SAMPLE), today=BUILD_DAY, now=BUILD_TIME, request=Request(kinds=only),
          converter=converter)
    bundle = cfg.dau_ra / "2024" / "in" / "cong-van.pdf"
    pages = len(PdfReader(bundle).pages)
    smaller = _without(SAMPLE, tmp_path / "smaller.xlsx", "003")
    gone = build(cfg, load(smaller), today=BUILD_DAY, now=BUILD_TIME,
                 request=Request(kinds=only, reason="Tổ chức giải thể"), converter=converter)
    assert gone.extras.pdfs == 0  # nothing converted again
    with open_register(cfg.so_dang_ky) as register:
        row = register.get(next(e for e in gone.withdrawn if e.kind == "cong-van").id)
    assert row.pdf and row.pdf.startswith("2024/cong-van/cu/") and (cfg.dau_ra / row.pdf).is_file()
    assert len(PdfReader(bundle).pages) < pages


def _edited(edit):
    roster = load(SAMPLE)
    edit(roster)
    return roster


def _nhung(roster):
    return next(m for m in roster.members if m.ho_ten == "Đoàn Thị Nhung")


def _card(roster):
    _nhung(roster).so_the = "12345678"


def _birth(roster):
    import datetime as dt

    _nhung(roster).ngay_sinh = dt.date(1960, 7, 6)


def _twin(roster):
    nhung = _nhung(roster)
    other = next(m for m in roster.members if m.ma_to_chuc == nhung.ma_to_chuc and m is not nhung
                 and not m.so_the) if any(m.ma_to_chuc == nhung.ma_to_chuc and m is not nhung
                                          and not m.so_the for m in roster.members) else None
    if other is None:  # give one of her colleagues her date of birth, and no card
        other = next(m for m in roster.members if m.ma_to_chuc == nhung.ma_to_chuc
                     and m is not nhung)
        other.so_the = ""
    other.ngay_sinh = nhung.ngay_sinh


@pytest.mark.parametrize("edit", [_card, _birth, _twin], ids=["card-added", "birth-corrected",
                                                            "a-colleague-born-the-same-day"])
def test_an_identity_that_changes_keeps_the_award_and_its_number(tmp_path, edit):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE)
    numbers = golden(cfg)
    summary = build(cfg, _edited(edit), today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(reason="Sửa"))
    assert summary.withdrawn == [] and summary.count(MADE) == 0
    assert golden(cfg) == numbers
    certificates = {k for k in current(cfg) if k[0] == "giay-khen"}
    assert ("giay-khen", "dv-008-19600607-5nam") in certificates
    again = build(cfg, _edited(edit), today=BUILD_DAY, now=BUILD_TIME)
    assert {r.status for r in again.results} == {"unchanged"}


def test_an_award_given_to_another_person_is_a_new_award(tmp_path):
    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE)
    numbers = golden(cfg)

    def swap(roster):
        nhung = _nhung(roster)
        nhung.htxsnv_5_nam = False
        other = next(m for m in roster.members if m.ma_to_chuc == nhung.ma_to_chuc
                     and m is not nhung)
        other.htxsnv_5_nam, other.xep_loai = True, nhung.xep_loai
        return other

    roster = load(SAMPLE)
    other = swap(roster)
    summary = build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(reason="Khen người khác"))
    assert [e.key for e in summary.withdrawn] == ["dv-008-19600607-5nam"]
    made = [r.key for r in summary.results if r.status == MADE]
    assert len(made) == 1 and golden(cfg)[made[0]] == max(numbers.values()) + 1
    assert other.ho_ten in text(cfg.dau_ra / current(cfg)[("giay-khen", made[0])].docx)


def test_a_row_put_above_another_award_moves_no_number(tmp_path):
    from kiemdiem_docs.roster import Award

    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE)
    numbers = golden(cfg)
    roster = load(SAMPLE)
    roster.awards.insert(0, Award("001", "", "Có thành tích xuất sắc trong công tác dân vận",
                                  row=2))
    summary = build(cfg, roster, today=BUILD_DAY, now=BUILD_TIME,
                    request=Request(reason="Thêm khen thưởng"))
    assert summary.withdrawn == []
    after = golden(cfg)
    assert {k: after[k] for k in numbers} == numbers
    assert len(after) == len(numbers) + 1
    reissued = {(r.kind, r.key) for r in summary.results if r.status == REISSUED}
    # Its list grew, and the results report's count of awards; no certificate moved.
    assert reissued == {("quyet-dinh-khen-thuong", "2024"), ("bao-cao-ket-qua", "2024")}


def test_a_pack_left_stale_by_an_interrupted_build_is_mended_by_the_next(tmp_path,
                                                                        monkeypatch):
    from kiemdiem_docs import api

    cfg = make_config(tmp_path)
    _build(cfg, SAMPLE)
    fixed = tmp_path / "fixed.xlsx"
    rename_member(SAMPLE, fixed, "Đỗ Phương Anh", "Đỗ Phương Yến")

    def killed(*args, **kwargs):  # the run ends after its documents, before the packs
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "make_extras", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(cfg, fixed, reason="Sửa tên")
    monkeypatch.undo()
    again = _build(cfg, fixed)
    assert {r.status for r in again.results} == {"unchanged"}
    with zipfile.ZipFile(cfg.dau_ra / "2024" / "to-chuc" / "002.zip") as z:
        names = [n for n in z.namelist() if n.endswith(".docx")]
        assert any("Đỗ Phương Yến" in _docx_text(z, n) for n in names)
        assert all("Đỗ Phương Anh" not in _docx_text(z, n) for n in names)
