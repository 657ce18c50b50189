"""Files that land whole or not at all: written aside, then renamed over the target.

Every writer in the package goes through here, so a killed run leaves at most a
``.<name>.<random>.tmp`` beside its target, which :func:`sweep_temp` removes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from .errors import WorkspaceError


def temp_beside(target: Path) -> Path:
    """A new, empty temporary file in the target's folder.

    Created with the umask's mode (not mkstemp's 0600, which the rename would carry
    over to the document and hide it from the other users of a shared folder).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = target.parent / f".{target.stem}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue


def write_atomic(out: Path, save: Callable[[Path], object]) -> None:
    """Call ``save(tmp)`` and move the result over ``out`` only once it is complete."""
    tmp = temp_beside(out)
    try:
        save(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def sweep_temp(folder: Path) -> None:
    """Remove what a killed run left half-written: the temporary files of ``temp_beside``."""
    # os.walk, not rglob: a rebuild sweeps thousands of documents for none.
    for root, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(root, name).unlink(missing_ok=True)


class Confined:
    """Paths checked to lie inside one folder (``root``), symlinks resolved, before any write.

    Every name the tool writes is made of slugs, so only a folder can lead elsewhere (a
    symlink in ``output/``); each folder is resolved once.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._real_root = self.root.resolve()
        self._ok: set[Path] = set()

    def __call__(self, path: Path) -> Path:
        """``path``, once its folder is known to be inside the root; else WorkspaceError."""
        path = Path(path)
        if path.name in ("", ".", "..") or "/" in path.name or "\\" in path.name:
            raise WorkspaceError(f"Tên tệp «{path.name}» không hợp lệ; không ghi gì.")
        folder = path.parent
        if folder not in self._ok:
            real = folder.resolve()
            if real != self._real_root and self._real_root not in real.parents:
                raise WorkspaceError(
                    f"Thư mục {folder} dẫn ra ngoài thư mục văn bản {self.root} (tới {real}, "
                    "qua một liên kết tắt?); không ghi gì vào đó. Xóa liên kết ấy rồi chạy lại.")
            self._ok.add(folder)
        return path
