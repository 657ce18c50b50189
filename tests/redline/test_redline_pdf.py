"""The redline's PDF, made by LibreOffice where PDFs are made: the changes show in it, and
it stays out of the print bundle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DAY, SAMPLE, load, make_config, register_problems

sys.path.insert(0, str(Path(__file__).parent))
from rosters import set_cell  # noqa: E402

from kiemdiem_docs.api import build  # noqa: E402
from kiemdiem_docs.issuing import Request  # noqa: E402
from kiemdiem_docs.pdf import find_soffice, make_converter  # noqa: E402
from kiemdiem_docs.register import open_register  # noqa: E402

MEMBERS = "quyet-dinh-xep-loai-dang-vien"


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice makes the PDF, poppler its page image")
def test_the_redline_pdf_shows_the_changes_and_stays_out_of_the_bundle(tmp_path):
    import datetime as dt

    from pypdf import PdfReader

    cfg = make_config(tmp_path)
    converter = make_converter("libreoffice")
    only = frozenset({MEMBERS})
    build(cfg, load(SAMPLE), today=BUILD_DAY, now=dt.datetime(2024, 11, 20, 9),
          request=Request(kinds=only), converter=converter)
    fixed = tmp_path / "fixed.xlsx"
    set_cell(SAMPLE, fixed, "Phan Thị Kim Nga", "Họ và tên", "Phan Thị Kim Ngân")
    build(cfg, load(fixed), today=BUILD_DAY, now=dt.datetime(2024, 11, 22, 15, 30),
          request=Request(kinds=only, reason="Sửa tên"), converter=converter)
    with open_register(cfg.so_dang_ky) as register:
        red = register.redline_of(register.current(MEMBERS, "001").id)
    assert red.pdf == red.docx.removesuffix(".docx") + ".pdf"
    pdf = cfg.dau_ra / red.pdf
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    # LibreOffice prints tracked changes as it shows them: the deleted word struck
    # through, beside the inserted one.
    assert "NgaNgân" in text.replace(" ", "") or "Nga Ngân" in text
    bundle = cfg.dau_ra / "2024" / "in" / f"{MEMBERS}.pdf"
    printed = "\n".join(page.extract_text() for page in PdfReader(bundle).pages)
    assert "Ngân" in printed and "NgaNgân" not in printed.replace(" ", "")
    pages = tmp_path / "trang"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pages)], check=True,
                   timeout=60, capture_output=True)
    assert sorted(tmp_path.glob("trang*.png"))
    assert register_problems(cfg.so_dang_ky) == []
