"""Microsoft Word through docx2pdf (Windows and macOS, optional extra ``word``)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import ConversionError
from .base import Failure, Progress, is_complete_pdf, place, work_folder


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
        with work_folder("word") as tmp:
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
