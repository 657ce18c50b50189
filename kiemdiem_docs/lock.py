"""One command at a time per workspace: an exclusive lock on a file beside the register.

The holder writes who it is into the file (process, start time, command), so that a
command that has to wait can say at once whom it waits for, and give up after a time.
The operating system releases the lock when the holder ends, however it ends: the lock's
descriptor is not inherited by another program, and render workers forked from the
holder close their copy first thing (:func:`release_inherited`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WorkspaceError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt

_POLL = 0.2  # seconds between two tries while waiting
_HELD: set[int] = set()  # the descriptors of the locks this process holds


def release_inherited() -> None:
    """In a child made by ``fork``: let go of the parent's locks (the child's copies of
    their descriptors), so that they end with the parent, however it ends."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def holder(path: Path) -> str:
    """Who holds the lock at ``path``, as its holder wrote it (or a plain phrase)."""
    try:
        text = path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    return text or "một lần chạy khác"


@contextmanager
def workspace_lock(path: Path, *, timeout: float = 300,
                   waiting: Callable[[str], None] | None = None,
                   what: str = "") -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed).

    If another process holds it: ``waiting(who)`` is called once, at once, and the lock
    is tried again until ``timeout`` seconds have passed; then :class:`WorkspaceError`
    says who holds it and what to do. ``what``: this command and when it began, as the
    holder line shows it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inheritable (PEP 446)
    try:
        if not _try_lock(fd):
            who = holder(path)
            if waiting is not None:
                waiting(who)
            deadline = time.monotonic() + timeout
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise WorkspaceError(
                        f"Không gian làm việc đang bận: {holder(path)} vẫn chạy sau {timeout:g} "
                        "giây chờ. Đợi lần chạy đó xong rồi chạy lại; nếu chắc không còn lần "
                        "chạy nào, khởi động lại máy hoặc dừng tiến trình ấy.")
                time.sleep(_POLL)
        line = f"tiến trình {os.getpid()}" + (f" ({what})" if what else "")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, line.encode("utf-8"))
        _HELD.add(fd)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)
