"""PDF conversion: the LibreOffice pool for real, the backend choice, the font check."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from kiemdiem_docs import pdf, vn
from kiemdiem_docs.errors import ConversionError
from kiemdiem_docs.pdf import LibreOfficeConverter
from kiemdiem_docs.pdf import base as pdf_base
from kiemdiem_docs.pdf import find as pdf_find

SOFFICE = pdf.find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice không có trên máy này (CI cài nó; ở đây bỏ qua)",
)
needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(),
                                reason="cần /proc để tìm tiến trình soffice")

TEXT = "Đảng bộ Công ty Cổ phần Dệt Nam Định: kiểm điểm, xếp loại chất lượng năm 2024, số {}"


def make_docx(path: Path, text: str, pages: int = 1) -> Path:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for page in range(pages):
        if page:
            document.add_page_break()
        run = document.add_paragraph().add_run(text)
        run.font.name = "Times New Roman"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def pdf_words(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(vn.nfc(out).split())


def pdf_fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()]


def soffice_pids(marker: Path, binary: str = "soffice") -> list[int]:
    """Live processes whose command line names ``binary`` and mentions ``marker``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if binary.encode() in argv[0] and any(str(marker).encode() in a for a in argv):
            pids.append(int(entry.name))
    return pids


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Route the converter's temp folder under tmp_path, so its processes can be told apart."""
    where = tmp_path / "systmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory):
    """Five good documents (two with the same name) and a corrupt one, converted once."""
    assert SOFFICE, "CI must have LibreOffice: install libreoffice-writer-nogui"
    tmp = tmp_path_factory.mktemp("pool")
    jobs, texts = [], {}
    for i in range(5):
        folder = tmp / "src" / ("a" if i % 2 else "b")
        src = make_docx(folder / f"van-ban-{i // 2}.docx", TEXT.format(i), pages=1 + i % 2)
        target = tmp / "out" / "Đảng bộ số 1" / f"văn bản {i}.pdf"
        jobs.append((src, target))
        texts[target] = TEXT.format(i)
    bad = tmp / "src" / "hong.docx"
    bad.write_bytes(b"PK\x03\x04" + b"not really a docx " * 50)
    jobs.insert(2, (bad, tmp / "out" / "hong.pdf"))
    calls: list[tuple[int, int]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(tmp))
        failures = LibreOfficeConverter(SOFFICE, workers=2, batch=3).convert(
            jobs, lambda done, total: calls.append((done, total)))
    return {"tmp": tmp, "jobs": jobs, "texts": texts, "bad": bad, "failures": failures,
            "calls": calls}


@needs_soffice
def test_pool_makes_every_good_pdf(pool_run):
    for target in pool_run["texts"]:
        assert target.is_file(), target
        assert pdf.is_complete_pdf(target)


@needs_soffice
def test_pdf_text_is_the_vietnamese_text(pool_run):
    # Two sources share a file name: each target must still get its own document.
    for target, text in pool_run["texts"].items():
        assert text in pdf_words(target), target


@needs_soffice
def test_pdf_fonts_are_times_or_its_metric_twin(pool_run):
    for target in pool_run["texts"]:
        fonts = pdf_fonts(target)
        assert fonts, target
        for font in fonts:
            assert font.startswith(("TimesNewRoman", "LiberationSerif")), (target, font)


@needs_soffice
def test_corrupt_docx_fails_alone(pool_run):
    failures = pool_run["failures"]
    assert [f.source for f in failures] == [pool_run["bad"]]
    assert "hỏng" in failures[0].reason
    assert not failures[0].target.exists()
    assert str(failures[0]).startswith("hong.docx: ")


@needs_soffice
def test_progress_counts_every_document_once(pool_run):
    total = len(pool_run["jobs"])
    assert pool_run["calls"] == [(n, total) for n in range(1, total + 1)]
    leftovers = [p.name for p in pool_run["tmp"].iterdir() if p.name.startswith("kiemdiem-pdf-")]
    assert leftovers == []


@needs_soffice
def test_missing_source_is_a_failure(tmp_path, private_tmp):
    good = make_docx(tmp_path / "co.docx", TEXT.format("x"))
    jobs = [(tmp_path / "khong-co.docx", tmp_path / "o" / "1.pdf"),
            (good, tmp_path / "o" / "2.pdf")]
    calls: list[tuple[int, int]] = []
    failures = LibreOfficeConverter(SOFFICE, workers=1).convert(
        jobs, lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    assert [(f.source.name, f.reason) for f in failures] == [
        ("khong-co.docx", "không tìm thấy tệp .docx")]
    assert pdf.is_complete_pdf(tmp_path / "o" / "2.pdf")


@needs_soffice
@needs_proc
def test_killed_worker_does_not_lose_documents(tmp_path, private_tmp):
    jobs = [(make_docx(tmp_path / "src" / f"{i}.docx", TEXT.format(i), pages=2),
             tmp_path / "out" / f"{i}.pdf") for i in range(8)]
    result: dict = {}
    conv = LibreOfficeConverter(SOFFICE, workers=2, batch=3)
    worker = threading.Thread(target=lambda: result.update(failures=conv.convert(jobs)))
    worker.start()
    killed = None
    deadline = time.monotonic() + 30
    while killed is None and time.monotonic() < deadline and worker.is_alive():
        for pid in soffice_pids(private_tmp, "soffice.bin"):
            os.kill(pid, signal.SIGKILL)
            killed = pid
            break
        time.sleep(0.01)
    worker.join(120)
    assert killed is not None, "no soffice.bin seen to kill"
    assert result["failures"] == []
    for i, (_, target) in enumerate(jobs):
        assert TEXT.format(i) in pdf_words(target)
    assert soffice_pids(private_tmp) == []


@needs_soffice
@needs_proc
def test_timeout_kills_and_leaves_no_half_written_target(tmp_path, private_tmp):
    out = tmp_path / "out"
    out.mkdir()
    jobs = [(make_docx(tmp_path / f"{i}.docx", TEXT.format(i)), out / f"{i}.pdf")
            for i in range(3)]
    (out / "0.pdf").write_bytes(b"old")  # a previous run's file stays as it was
    conv = LibreOfficeConverter(SOFFICE, workers=2, batch=3, timeout=0.01, startup=0.3)
    started = time.monotonic()
    failures = conv.convert(jobs)
    assert time.monotonic() - started < 30
    assert [f.source for f in failures] == [src for src, _ in jobs]
    assert all("quá thời gian" in f.reason for f in failures)
    assert sorted(p.name for p in out.iterdir()) == ["0.pdf"]
    assert (out / "0.pdf").read_bytes() == b"old"
    assert soffice_pids(private_tmp) == []
    assert list(private_tmp.iterdir()) == []


@needs_soffice
@needs_proc
def test_interrupt_stops_every_worker(tmp_path, private_tmp):
    jobs = [(make_docx(tmp_path / f"{i}.docx", TEXT.format(i)), tmp_path / "out" / f"{i}.pdf")
            for i in range(8)]

    def ctrl_c(done: int, total: int) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C while the other worker runs

    with pytest.raises(KeyboardInterrupt):
        LibreOfficeConverter(SOFFICE, workers=2, batch=2).convert(jobs, ctrl_c)
    assert soffice_pids(private_tmp) == []
    assert list(private_tmp.iterdir()) == []
    made = list((tmp_path / "out").iterdir())
    assert 0 < len(made) < len(jobs)
    assert all(pdf.is_complete_pdf(p) for p in made)


def test_is_complete_pdf(tmp_path):
    whole = tmp_path / "a.pdf"
    whole.write_bytes(b"%PDF-1.7\n" + b"x" * 5000 + b"\nstartxref\n9\n%%EOF\n")
    cut = tmp_path / "b.pdf"
    cut.write_bytes(whole.read_bytes()[:3000])
    other = tmp_path / "c.pdf"
    other.write_bytes(b"PK\x03\x04 ... %%EOF")
    assert pdf.is_complete_pdf(whole)
    assert not pdf.is_complete_pdf(cut)
    assert not pdf.is_complete_pdf(other)
    assert not pdf.is_complete_pdf(tmp_path / "missing.pdf")


@pytest.mark.parametrize("cross_device", [False, True])
def test_place_replaces_target_whole(tmp_path, monkeypatch, cross_device):
    src = tmp_path / "work" / "x.pdf"
    src.parent.mkdir()
    src.write_bytes(b"%PDF-new%%EOF")
    target = tmp_path / "out" / "sub" / "x.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old")
    if cross_device:
        real = os.replace

        def replace(a, b):
            if Path(a).parent != Path(b).parent:
                raise OSError(18, "Invalid cross-device link")
            real(a, b)

        monkeypatch.setattr(pdf_base.os, "replace", replace)
    pdf.place(src, target)
    assert target.read_bytes() == b"%PDF-new%%EOF"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]


def fake_bin(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as fake programs")
class TestFindSoffice:
    def test_path_comes_first_soffice_before_libreoffice(self, tmp_path, monkeypatch):
        lo = fake_bin(tmp_path / "bin", "libreoffice", "exit 0")
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
        assert pdf.find_soffice() == lo
        so = fake_bin(tmp_path / "bin", "soffice", "exit 0")
        assert pdf.find_soffice() == so

    def test_install_folders_when_not_on_path(self, tmp_path, monkeypatch):
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        prog = fake_bin(tmp_path / "opt" / "program", "soffice", "exit 0")
        monkeypatch.setattr(pdf_find, "_soffice_candidates", lambda: [tmp_path / "nope", prog])
        assert pdf.find_soffice() == prog
        monkeypatch.setattr(pdf_find, "_soffice_candidates", lambda: [tmp_path / "nope"])
        assert pdf.find_soffice() is None
        assert pdf.make_converter("auto") is None

    def test_usual_folders_are_searched(self):
        cands = {str(p) for p in pdf_find._soffice_candidates()}
        assert "/usr/bin/soffice" in cands
        assert "/usr/lib/libreoffice/program/soffice" in cands
        assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in cands

    @needs_soffice
    def test_real_install_found_without_path(self, monkeypatch, tmp_path):
        monkeypatch.setenv("PATH", str(tmp_path))
        found = pdf.find_soffice()
        assert found is not None and os.access(found, os.X_OK)


@needs_soffice
def test_make_converter_auto_is_libreoffice_here():
    conv = pdf.make_converter("auto")
    assert isinstance(conv, LibreOfficeConverter)
    assert conv.name == "libreoffice"
    assert conv.workers == os.cpu_count()
    assert (conv.batch, conv.timeout) == (40, 60)
    tuned = pdf.make_converter("libreoffice", workers=3, batch=5, timeout=9)
    assert (tuned.workers, tuned.batch, tuned.timeout) == (3, 5, 9)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Word may be there")
def test_word_not_available_off_windows_and_macos():
    assert not pdf.word_available()
    assert pdf.make_converter("word") is None


def test_make_converter_none_and_unknown():
    assert pdf.make_converter("none") is None
    with pytest.raises(ConversionError, match="Không biết cách chuyển PDF"):
        pdf.make_converter("acrobat")
    assert "libreoffice-writer-nogui" in pdf.HOW_TO_GET_PDF
    assert "kiemdiem-docs[word]" in pdf.HOW_TO_GET_PDF


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as fake programs")
@pytest.mark.parametrize(("answer", "warned"), [
    ('LiberationSerif-Regular.ttf: "Liberation Serif" "Regular"', False),
    ('times.ttf: "Times New Roman" "Normal"', False),
    ('DejaVuSerif.ttf: "DejaVu Serif" "Book"', True),
    ('n019003l.pfb: "Nimbus Sans" "Regular"', True),
])
def test_font_warning(tmp_path, monkeypatch, answer, warned):
    fake_bin(tmp_path / "bin", "fc-match", f"echo '{answer}'")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    warning = pdf.font_warning()
    if not warned:
        assert warning is None
    else:
        assert "fonts-liberation2" in warning and "ttf-mscorefonts-installer" in warning
        assert re.search(r'“[^”]+”', warning).group(0) == "“%s”" % answer.split('"')[1]


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as fake programs")
def test_font_warning_silent_without_or_with_broken_fc_match(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pdf.font_warning() is None
    fake_bin(tmp_path / "bin", "fc-match", "exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert pdf.font_warning() is None

