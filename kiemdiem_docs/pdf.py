"""PDF conversion: one interface, two backends (Word via docx2pdf, LibreOffice headless).

``make_converter()`` picks a backend, or returns None when the machine has none; the
caller then makes only the .docx files and prints :data:`HOW_TO_GET_PDF`. Every
backend converts into a private temp folder and moves a PDF to its target only once
it is complete, so a target is either the old file, the new one, or absent.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .atomic import write_atomic
from .errors import ConversionError

HOW_TO_GET_PDF = (
    "Không có công cụ chuyển PDF: cài LibreOffice (Linux: `apt-get install "
    "libreoffice-writer-nogui`; Windows/macOS: libreoffice.org), hoặc dùng Microsoft Word "
    "với `pip install kiemdiem-docs[word]`, rồi chạy lại `kiemdiem build`."
)

BACKENDS = ("auto", "libreoffice", "word", "none")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Failure:
    """A document that did not become a PDF, with the reason in Vietnamese."""

    source: Path
    target: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.source.name}: {self.reason}"


class Converter(Protocol):
    """Turns .docx files into PDFs.

    ``convert`` takes (docx, target pdf) pairs and returns the ones that failed;
    ``progress(done, total)`` is called in the caller's thread each time a
    document is finished, whether it succeeded or failed.
    """

    name: str

    def convert(
        self, jobs: Sequence[tuple[Path, Path]], progress: Progress | None = None
    ) -> list[Failure]: ...


def is_complete_pdf(path: Path) -> bool:
    """True when ``path`` starts like a PDF and ends with its end-of-file marker.

    A converter killed while writing leaves a file without the trailing ``%%EOF``.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(5)
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def place(src: Path, target: Path) -> None:
    """Move the finished ``src`` to ``target`` in one step (a rename within the folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, target)
        return
    except OSError:
        pass  # another file system (temp on tmpfs): copy beside the target, then rename
    write_atomic(target, lambda tmp: shutil.copy(src, tmp))


def _soffice_candidates() -> list[Path]:
    names = ["soffice", "libreoffice"]
    dirs = [Path("/usr/bin"), Path("/usr/lib/libreoffice/program")]
    # Several versions under /opt: the newest (highest-sorting name) first.
    dirs += sorted(Path("/opt").glob("libreoffice*/program"), reverse=True)
    dirs.append(Path("/Applications/LibreOffice.app/Contents/MacOS"))
    if sys.platform == "win32":
        # soffice.com is the console launcher: it waits for the conversion to finish.
        names = ["soffice.com", "soffice.exe"]
        for var, default in (("ProgramFiles", r"C:\Program Files"),
                             ("ProgramFiles(x86)", r"C:\Program Files (x86)")):
            dirs.append(Path(os.environ.get(var, default)) / "LibreOffice" / "program")
    return [d / n for d in dirs for n in names]


def find_soffice() -> Path | None:
    """The LibreOffice executable: from PATH (soffice, libreoffice), else the usual folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for cand in _soffice_candidates():
        if cand.is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def font_warning() -> str | None:
    """A Vietnamese warning when "Times New Roman" has no faithful font on this machine.

    Asks fontconfig (``fc-match``) what it would draw instead. Returns None when the
    answer is Times New Roman or its metric twin Liberation Serif, and also when
    fc-match is absent or fails (Windows, macOS): there the system fonts are the ones
    Word uses, and there is nothing to ask.
    """
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        out = subprocess.run([fc, "Times New Roman"], capture_output=True, text=True,
                             timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    quoted = re.findall(r'"([^"]+)"', out)
    family = (quoted[0] if quoted else out).strip()
    if family.casefold() in ("times new roman", "liberation serif"):
        return None
    return (
        f"Cảnh báo: máy không có phông Times New Roman (thay bằng “{family or '?'}”), PDF sẽ "
        "lệch chữ và lệch trang. Cài gói fonts-liberation2 (`apt-get install "
        "fonts-liberation2`) hoặc ttf-mscorefonts-installer."
    )


def word_available() -> bool:
    """True on Windows/macOS when docx2pdf is installed and Microsoft Word is present."""
    if sys.platform not in ("win32", "darwin") or importlib.util.find_spec("docx2pdf") is None:
        return False
    if sys.platform == "darwin":
        return Path("/Applications/Microsoft Word.app").exists()
    import winreg  # type: ignore[import-not-found]  # Windows only

    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"))
    except OSError:
        return False
    return True


class WordConverter:
    """Microsoft Word through docx2pdf, one document after another in one Word session."""

    name = "word"

    def convert(
        self, jobs: Sequence[tuple[Path, Path]], progress: Progress | None = None
    ) -> list[Failure]:
        from docx2pdf import convert as docx2pdf_convert  # optional extra `word`

        failures: list[Failure] = []
        with tempfile.TemporaryDirectory(prefix="kiemdiem-word-") as tmp:
            for i, (src, target) in enumerate(jobs):
                out = Path(tmp) / f"{i:05d}.pdf"
                try:
                    # Keep Word open between documents; let docx2pdf close it after the last.
                    docx2pdf_convert(str(src), str(out), keep_active=i < len(jobs) - 1)
                    if not is_complete_pdf(out):
                        raise ConversionError("Word không tạo ra PDF hoàn chỉnh")
                    place(out, target)
                except Exception as exc:  # COM/AppleScript errors come in every shape
                    failures.append(Failure(src, target, f"Word không chuyển được: {exc}"))
                if progress:
                    progress(i + 1, len(jobs))
        return failures


def make_converter(
    backend: str = "auto",
    *,
    workers: int | None = None,
    batch: int = 40,
    timeout: float = 60,
    startup: float = 30,
) -> Converter | None:
    """The converter ``backend`` names, or None when it is not available here.

    ``auto``: Word on Windows/macOS when available, else LibreOffice when found.
    ``none`` turns PDFs off. ``workers``, ``batch`` (documents per LibreOffice
    process), ``timeout`` (seconds per document) and ``startup`` (seconds allowed
    for LibreOffice to start) apply to LibreOffice only.
    """
    if backend not in BACKENDS:
        raise ConversionError(
            f"Không biết cách chuyển PDF “{backend}” (chọn một trong: {', '.join(BACKENDS)})."
        )
    if backend == "none":
        return None
    if backend in ("auto", "word") and word_available():
        return WordConverter()
    if backend in ("auto", "libreoffice"):
        soffice = find_soffice()
        if soffice is not None:
            from .pdf_lo import LibreOfficeConverter

            return LibreOfficeConverter(soffice, workers=workers, batch=batch,
                                        timeout=timeout, startup=startup)
    return None
