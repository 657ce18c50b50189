"""What every PDF backend shares: the interface, the failure record, the finished-file test.

Every backend converts into a private temp folder and moves a PDF to its target only
once it is complete, so a target is either the old file, the new one, or absent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..atomic import write_atomic

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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or a platform that cannot tell
        return True
    return True


def work_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A private temporary folder for one conversion, named after this process, once the
    folders that killed conversions left behind (copies of documents) are removed."""
    prefix = f"kiemdiem-{kind}-"
    if os.name == "posix":
        for old in Path(tempfile.gettempdir()).glob(prefix + "*"):
            pid = old.name[len(prefix):].split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")
