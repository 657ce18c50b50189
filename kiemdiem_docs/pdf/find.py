"""What this machine has for LibreOffice: where soffice is, and whether Times New Roman is."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


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
