"""The redline of each re-issue (``redline``): made from the superseded revision's file and
the new one's, before the commit, so that it is registered and moved into place with them.

A redline is a companion of its revision, not a document: no number, no pack, no print
bundle. It lives beside the revision (``<stem>.thay-doi.docx``) and goes to ``cu/`` with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from ..atomic import file_sha256, temp_beside
from ..redline import AUTHOR, SUFFIX, make_redline
from ..register import Entry
from ..render import Rendered
from .outcome import REISSUED


@dataclass(frozen=True)
class Made:
    """A redline written to its temporary file, to be registered with its revision."""

    tmp: Path
    sha256: str
    insertions: int
    deletions: int
    author: str


def redline_name(docx: str) -> str:
    """Where the redline of the revision at ``docx`` lives (relative paths too)."""
    path = PurePosixPath(docx)
    return str(path.with_name(f"{path.stem}{SUFFIX}{path.suffix}"))


def superseded_bytes(out: Path, entry: Entry) -> bytes | None:
    """The registered bytes of a revision, or None when its file is gone or was altered."""
    path = out / entry.docx
    if not path.is_file() or file_sha256(path) != entry.file_hash:
        return None
    return path.read_bytes()


def redline_bytes(old: bytes, new: bytes, author: str, now: dt.datetime):
    """:func:`make_redline` by ``author`` (the tool when nobody is named)."""
    return make_redline(old, new, author=author or AUTHOR, when=now)


def make_redlines(work: list, rendered: list[Rendered], out: Path, user: str,
                  now: dt.datetime) -> tuple[list[Made | None], list[str]]:
    """For each re-issued document of ``work``, its redline written beside its temporary
    file (None for the others); and, in Vietnamese, why one could not be made."""
    made: list[Made | None] = []
    problems: list[str] = []
    for w, r in zip(work, rendered, strict=True):
        current = w.current
        if w.status != REISSUED or current is None:
            made.append(None)
            continue
        old = superseded_bytes(out, current)
        if old is None:
            problems.append(f"Không làm được bản thể hiện thay đổi của {w.doc.kind} "
                            f"«{w.doc.key}»: tệp lần {current.revision} ({current.docx}) không "
                            "còn đúng bản đã đăng ký.")
            made.append(None)
            continue
        try:
            red = redline_bytes(old, r.tmp.read_bytes(), user, now)
        except (etree.LxmlError, zipfile.BadZipFile, KeyError, IndexError, ValueError) as exc:
            # The correction is what the clerk asked for: it is not held up by its copy.
            problems.append(f"Không làm được bản thể hiện thay đổi của {w.doc.kind} "
                            f"«{w.doc.key}» ({type(exc).__name__}: {exc}).")
            made.append(None)
            continue
        tmp = temp_beside(w.path.with_name(redline_name(w.path.name)))
        try:
            tmp.write_bytes(red.data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        made.append(Made(tmp, hashlib.sha256(red.data).hexdigest(), red.insertions,
                         red.deletions, user or AUTHOR))
    return made, problems
