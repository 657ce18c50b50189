"""The built-in templates: reproducible from tplbuild, and shaped as FORMAT.md says."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from kiemdiem_docs import kinds, tplbuild
from kiemdiem_docs.render import builtin_template

NAMES = sorted(tplbuild.TEMPLATES)


def mm(length) -> float:
    return round(length.mm, 1)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_every_kind_has_a_template():
    assert {k.key for k in kinds.KINDS} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_template_matches_the_script(name, tmp_path):
    fresh = tplbuild.build(name, tmp_path / f"{name}.docx")
    assert parts(fresh) == parts(builtin_template(f"{name}.docx")), (
        f"{name}.docx differs from kiemdiem_docs/tplbuild: run `make templates` and commit"
    )


@pytest.mark.parametrize("name", NAMES)
def test_page_and_fonts(name):
    document = docx.Document(str(builtin_template(f"{name}.docx")))
    section = document.sections[0]
    landscape = tplbuild.TEMPLATES[name][1]
    size = (297, 210) if landscape else (210, 297)
    assert (mm(section.page_width), mm(section.page_height)) == size
    if not landscape:
        assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin),
                mm(section.right_margin)] == [20, 20, 30, 15]
        assert section.different_first_page_header_footer
        assert "PAGE" in section.header._element.xml
        assert "PAGE" not in section.first_page_header._element.xml
    styles = document.styles.element
    fonts = list(styles.iter(qn("w:rFonts")))
    assert fonts, "styles name no font"
    for f in fonts:
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert f.get(qn(slot)) == "Times New Roman"
        assert not any(f.get(qn(a)) for a in ("w:asciiTheme", "w:hAnsiTheme",
                                              "w:eastAsiaTheme", "w:cstheme"))
    assert document.styles["Normal"].font.size == Pt(14)


@pytest.mark.parametrize("name", [n for n in NAMES if not tplbuild.TEMPLATES[n][1]])
def test_header_table(name):
    document = docx.Document(str(builtin_template(f"{name}.docx")))
    first = document.element.body[0]
    assert first.tag == qn("w:tbl"), "the header table must open the document"
    table = document.tables[0]
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    texts = [p.text for p in left.paragraphs]
    # The names are broken evenly in the column, less Word's cell margins (8.2 − 0.38 cm).
    assert texts[:4] == ["{{ tieu_de.cap_tren|can_dong(7.82, 14) }}",
                         '{{ tieu_de.co_quan|can_dong(7.82, 14, "dam") }}', "*", "{{ so }}"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    party = right.paragraphs[0].runs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.bold and party.underline and party.font.size == Pt(15)
    date = right.paragraphs[-1].runs[0]
    assert date.text == "{{ ngay }}" and date.italic
    if name == "cong-van":
        vv = left.paragraphs[4].runs[0]
        assert vv.text == '{{ trich_yeu|can_dong(7.82, 12, "nghieng") }}'
        assert vv.italic and vv.font.size == Pt(12)
