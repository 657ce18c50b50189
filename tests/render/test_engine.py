"""The renderer: strict, escaping, whole files only."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kiemdiem_docs.errors import RenderError, TemplateError
from kiemdiem_docs.render import render, template_path


def template(tmp_path, *lines: str, name: str = "t.docx"):
    document = docx.Document()
    for line in lines:
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    path = tmp_path / name
    document.save(path)
    return path


def paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize("value", [
    "Công ty TNHH Thương mại & Dịch vụ <An Phú>",
    'Tên có "nháy kép" và \'nháy đơn\' / gạch chéo',
    "a && b <<test>> &amp; c",
    "{_{ x }_} {_% y %_} {{ z }} {% w %} 𐀜»%_}",  # docxtpl's own escapes, as data
])
def test_values_are_kept_exactly(tmp_path, value):
    out = tmp_path / "out.docx"
    render(template(tmp_path, "Tên: {{ x }}"), {"x": value}, out)
    assert paragraphs(out) == [f"Tên: {value}"]


def test_unknown_variable_is_an_error_and_nothing_is_written(tmp_path):
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="ten_sai"):
        render(template(tmp_path, "{{ ten_sai }}"), {"x": 1}, out)
    assert list(tmp_path.iterdir()) == [tmp_path / "t.docx"]


def test_none_never_prints(tmp_path):
    with pytest.raises(RenderError, match="None"):
        render(template(tmp_path, "{{ x }}"), {"x": None}, tmp_path / "out.docx")


def test_line_breaks_become_paragraphs_with_the_same_format(tmp_path):
    out = tmp_path / "out.docx"
    render(template(tmp_path, "Địa điểm: {{ x }}."), {"x": "Phòng họp\nTầng 3"}, out)
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs] == ["Địa điểm: Phòng họp", "Tầng 3."]
    assert {p.alignment for p in document.paragraphs} == {WD_ALIGN_PARAGRAPH.JUSTIFY}
    assert "<w:br/>" not in document.element.xml


def test_a_failed_render_leaves_the_previous_file_alone(tmp_path):
    out = tmp_path / "out.docx"
    good = template(tmp_path, "{{ x }}", name="good.docx")
    render(good, {"x": "bản cũ"}, out)
    before = out.read_bytes()
    with pytest.raises(TemplateError):
        render(template(tmp_path, "{{ y }}", name="bad.docx"), {"x": "bản mới"}, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "good.docx", "out.docx"]


def test_tone_style_applies_to_the_template_words_not_to_values(tmp_path):
    out = tmp_path / "out.docx"
    render(template(tmp_path, "Đảng ủy Khối, {{ x }}"), {"x": "Nguyễn Thị Thủy"}, out,
           tone="moi")
    assert paragraphs(out) == ["Đảng uỷ Khối, Nguyễn Thị Thủy"]


def test_workspace_template_overrides_the_builtin(tmp_path):
    assert template_path("cong-van.docx", tmp_path).parent.name == "templates"
    own = template(tmp_path, "x", name="cong-van.docx")
    assert template_path("cong-van.docx", tmp_path) == own
    with pytest.raises(TemplateError):
        template_path("khong-co.docx", tmp_path)


def test_tone_style_reaches_footers_and_adds_no_header(tmp_path):
    import zipfile

    document = docx.Document()
    document.add_paragraph("Đảng ủy")
    document.sections[0].footer.paragraphs[0].text = "Ủy ban"
    path = tmp_path / "t.docx"
    document.save(path)
    out = tmp_path / "out.docx"
    render(path, {}, out, tone="moi")
    rendered = docx.Document(str(out))
    assert rendered.paragraphs[0].text == "Đảng uỷ"
    assert rendered.sections[0].footer.paragraphs[0].text == "Uỷ ban"
    names = zipfile.ZipFile(out).namelist()
    assert not any(n.startswith("word/header") for n in names)


def test_a_written_document_has_the_umask_mode_not_mkstemps(tmp_path):
    import os

    out = tmp_path / "out.docx"
    render(template(tmp_path, "{{ x }}"), {"x": "a"}, out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_can_dong_breaks_a_value_evenly_with_line_breaks(tmp_path):
    tpl = template(tmp_path, '{{ ten|can_dong(7.82, 14, "dam") }}', "{{ ngan|can_dong(7.82) }}")
    out = tmp_path / "out.docx"
    render(tpl, {"ten": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH NAM ĐỊNH <&{{x}}>",
                 "ngan": "CHI BỘ"}, out)
    first, second = docx.Document(str(out)).paragraphs
    assert "\n" in first.text and first.text.replace("\n", " ") == \
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH NAM ĐỊNH <&{{x}}>"
    assert all(len(line.split()) > 1 for line in first.text.split("\n"))
    assert first._p.xml.count("<w:br/>") == first.text.count("\n")  # breaks, not paragraphs
    assert second.text == "CHI BỘ"


@pytest.mark.parametrize("call", ["can_dong(0.1)", "can_dong(7, 200)", 'can_dong(7, 14, "to")',
                                  'can_dong("rộng")'])
def test_can_dong_given_a_box_it_cannot_take_is_a_template_error(tmp_path, call):
    tpl = template(tmp_path, "{{ ten|%s }}" % call)
    with pytest.raises(TemplateError):
        render(tpl, {"ten": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP"}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def _bomb(tmp_path, megabytes: int):
    """A template holding a picture of zeros that inflates to ``megabytes``: tiny on disk."""
    import shutil
    import zipfile

    path = tmp_path / "bom.docx"
    shutil.copy(template_path("cong-van.docx", None), path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/to.png", b"\0" * (megabytes * 2**20))
    return path


def test_a_template_that_inflates_like_a_zip_bomb_is_refused_unopened(tmp_path):
    from kiemdiem_docs.check import check_document
    from kiemdiem_docs.render.contract import template_problems
    from kiemdiem_docs.render.prepared import prepare

    bomb = _bomb(tmp_path, 80)
    assert bomb.stat().st_size < 2 * 2**20
    for attempt in (lambda: prepare(bomb), lambda: render(bomb, {}, tmp_path / "o.docx")):
        with pytest.raises(TemplateError, match=r"Mẫu bom\.docx: phần «word/media/to\.png» "
                                                 r"giải nén ra 80 MB"):
            attempt()
    (breach,) = check_document(bomb)
    assert "bom nén" in breach.message
    assert any("bom nén" in p for p in template_problems(bomb)[1])
