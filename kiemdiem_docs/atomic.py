"""Files that land whole or not at all: written aside, then renamed over the target.

Every writer in the package goes through here, so a killed run leaves at most a
``.<name>.<random>.tmp`` beside its target, which :func:`sweep_temp` removes.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


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


def sweep_temp(folder: Path) -> None:
    """Remove what a killed run left half-written: the temporary files of ``temp_beside``."""
    # os.walk, not rglob: a rebuild sweeps thousands of documents for none.
    for root, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(root, name).unlink(missing_ok=True)
