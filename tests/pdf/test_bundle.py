"""Print bundles and per-organisation zip packs."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from kiemdiem_docs.errors import ConversionError, KiemdiemError
from kiemdiem_docs.pdf import ZIP_DATE, org_pack, print_bundle


def make_pdf(path: Path, pages: int, width: int) -> Path:
    """A PDF of ``pages`` blank pages, all ``width`` points wide, to tell documents apart."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=842)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        writer.write(f)
    return path


@pytest.fixture
def pdfs(tmp_path) -> list[Path]:
    return [make_pdf(tmp_path / "in" / f"{code}_van-ban.pdf", pages, width)
            for code, pages, width in (("003", 2, 500), ("001", 1, 510), ("002", 3, 520))]


def test_bundle_holds_every_page_in_order(tmp_path, pdfs):
    out = tmp_path / "output" / "2024" / "in" / "cong-van.pdf"
    print_bundle(pdfs, out)
    reader = PdfReader(out)
    assert len(reader.pages) == 2 + 1 + 3
    assert [round(float(p.mediabox.width)) for p in reader.pages] == [500] * 2 + [510] + [520] * 3
    assert [item.title for item in reader.outline] == [p.stem for p in pdfs]
    assert [p.name for p in out.parent.iterdir()] == ["cong-van.pdf"]


def test_bundle_is_deterministic_and_replaces_old(tmp_path, pdfs):
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")
    print_bundle(pdfs, out)
    first = out.read_bytes()
    print_bundle(pdfs, out)
    assert out.read_bytes() == first


@pytest.mark.parametrize("bad", [b"not a pdf at all", None])
def test_bundle_refuses_broken_input_and_keeps_old(tmp_path, pdfs, bad):
    broken = tmp_path / "in" / "hong.pdf"
    # None: a real PDF cut short, as a killed converter would leave it.
    broken.write_bytes(bad if bad is not None else pdfs[2].read_bytes()[:-40])
    out = tmp_path / "out" / "b.pdf"
    out.parent.mkdir()
    out.write_bytes(b"old")
    with pytest.raises(ConversionError, match="hong.pdf"):
        print_bundle([pdfs[0], broken], out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in out.parent.iterdir()] == ["b.pdf"]


def test_bundle_of_nothing_is_an_error(tmp_path):
    with pytest.raises(ConversionError, match="Không có PDF nào"):
        print_bundle([], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def files(tmp_path) -> list[Path]:
    made = []
    for rel, data in (("cong-van/001_dang-bo-det.docx", b"docx 1" * 200),
                      ("cong-van/001_dang-bo-det.pdf", b"%PDF-1 " * 300),
                      ("bien-ban/001_dang-bo-det.docx", b"bien ban"),
                      ("giay-moi/001_hoi-nghi.pdf", b"")):
        path = tmp_path / "output" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made.append(path)
    return made


def test_pack_holds_files_by_base_name_sorted(tmp_path, files):
    # Two different files with one base name cannot share a pack: leave one out here.
    chosen = [files[0], files[1], files[3]]
    out = tmp_path / "output" / "2024" / "to-chuc" / "001.zip"
    org_pack(chosen, out)
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == sorted(p.name for p in chosen)
        for p in chosen:
            assert zf.read(p.name) == p.read_bytes()
        assert {i.date_time for i in zf.infolist()} == {ZIP_DATE}
    assert [p.name for p in out.parent.iterdir()] == ["001.zip"]


def test_pack_same_inputs_same_bytes(tmp_path, files):
    chosen = [files[3], files[1], files[0]]
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    org_pack(chosen, a)
    for p in chosen:  # rewritten later with the same content: the pack must not change
        os.utime(p, (1_000_000_000, 1_000_000_000))
    org_pack(list(reversed(chosen)), b)
    assert a.read_bytes() == b.read_bytes()
    files[0].write_bytes(b"changed")
    org_pack(chosen, b)
    assert a.read_bytes() != b.read_bytes()


def test_pack_refuses_clashing_names_and_missing_files(tmp_path, files):
    out = tmp_path / "p.zip"
    out.write_bytes(b"old")
    with pytest.raises(KiemdiemError, match="cùng tên 001_dang-bo-det.docx"):
        org_pack([files[0], files[2]], out)
    with pytest.raises(KiemdiemError, match="Không tìm thấy"):
        org_pack([files[0], tmp_path / "khong-co.pdf"], out)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "p.zip"]
