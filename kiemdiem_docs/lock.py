"""One build at a time per workspace: an exclusive lock on a file beside the register."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt


@contextmanager
def workspace_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed), waiting for it if taken.

    The operating system releases it when the process ends, however it ends, so
    a killed build never leaves the workspace locked.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        yield
    finally:
        os.close(fd)
