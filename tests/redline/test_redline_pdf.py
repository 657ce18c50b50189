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


def _uno_python() -> str | None:
    """The system Python when LibreOffice's UNO bridge is importable there."""
    python = shutil.which("python3", path="/usr/bin")
    if python is None or find_soffice() is None:
        return None
    done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30)
    return python if done.returncode == 0 else None


@pytest.mark.skipif(_uno_python() is None, reason="LibreOffice's own Accept All needs UNO")
def test_libreoffice_accepting_and_rejecting_gives_the_new_and_the_old(tmp_path):
    """An oracle that is not ours: LibreOffice's Accept All Tracked Changes gives the new
    revision's text, Reject All the old one's, for a one-name correction of a fifty-row list
    (where it sees two changes) and for a changed grade (a row moved to another level, the
    counts and the running numbers changed)."""
    import datetime as dt

    from docutil import text
    from rosters import add_member

    cfg = make_config(tmp_path)
    fifty, fixed = tmp_path / "fifty.xlsx", tmp_path / "fixed.xlsx"
    add_member(SAMPLE, fifty, "Trần Văn Hải", "Lê Thị Bích Ngọc", dt.datetime(1990, 5, 4))
    only = frozenset({MEMBERS})
    build(cfg, load(fifty), today=BUILD_DAY, now=dt.datetime(2024, 11, 20, 9),
          request=Request(kinds=only))
    set_cell(fifty, fixed, "Trần Văn Hải", "Họ và tên", "Trần Văn Hài")
    set_cell(fixed, fixed, "Phan Thị Nhung", "Xếp loại", "Hoàn thành nhiệm vụ")
    build(cfg, load(fixed), today=BUILD_DAY, now=dt.datetime(2024, 11, 22, 15, 30),
          request=Request(kinds=only, reason="Sửa"))
    with open_register(cfg.so_dang_ky) as register:
        pairs = [(register.redline_of(e.id), e, register.get(e.supersedes))
                 for e in register.all_current(MEMBERS) if register.redline_of(e.id)]
    assert {e.key for _, e, _ in pairs} == {"001", "002"}
    copies = []
    for red, _, _ in pairs:
        copies.append(tmp_path / Path(red.docx).name)
        shutil.copyfile(cfg.dau_ra / red.docx, copies[-1])
    done = subprocess.run([_uno_python(), str(Path(__file__).with_name("lo_accept.py")),
                           str(tmp_path / "lo"), *map(str, copies)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for copy, (_, new, old) in zip(copies, pairs, strict=True):
        stem = str(copy)[:-len(".docx")]
        assert text(Path(stem + ".accepted.docx")) == text(cfg.dau_ra / new.docx)
        assert text(Path(stem + ".rejected.docx")) == text(cfg.dau_ra / old.docx)
    seen = {line.split("\t")[0].rsplit("/", 1)[1][:3]: int(line.split("\t")[2])
            for line in done.stdout.splitlines()}
    assert seen["002"] == 2
