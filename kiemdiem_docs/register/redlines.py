"""The register's redlines: for a re-issued revision, the copy that shows as tracked
changes what changed since the revision it superseded (``redline``), with its files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Redline(NamedTuple):
    id: int
    new_id: int  # the revision it shows
    old_id: int  # the revision it is compared with
    docx: str  # relative to the output folder
    pdf: str | None
    file_hash: str
    made_at: str
    author: str
    insertions: int
    deletions: int


_COLS = ", ".join(Redline._fields)


class Redlines:
    """The redline rows, read and written through the register's connection ``db``."""

    db = None  # the register's sqlite3 connection (set by :class:`Register`)

    def redline_of(self, entry_id: int) -> Redline | None:
        """The redline of one revision, if it has one."""
        row = self.db.execute(f"SELECT {_COLS} FROM redlines WHERE new_id = ?",
                              (entry_id,)).fetchone()
        return Redline(*row) if row else None

    def redlines_of(self, ids: Iterable[int]) -> dict[int, Redline]:
        """revision id -> its redline, for those of ``ids`` that have one."""
        ids = sorted(set(ids))
        out: dict[int, Redline] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self.db.execute(f"SELECT {_COLS} FROM redlines WHERE new_id IN "
                                   f"({', '.join('?' * len(chunk))})", chunk)
            out.update((row[1], Redline(*row)) for row in rows)
        return out

    def redlines(self) -> list[Redline]:
        return [Redline(*row) for row in
                self.db.execute(f"SELECT {_COLS} FROM redlines ORDER BY id")]

    def add_redline(self, *, new_id: int, old_id: int, docx: str, file_hash: str,
                    made_at: str, author: str, insertions: int, deletions: int) -> None:
        self.db.execute("INSERT INTO redlines (new_id, old_id, docx, pdf, file_hash, made_at, "
                        "author, insertions, deletions) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)",
                        (new_id, old_id, docx, file_hash, made_at, author, insertions,
                         deletions))

    def move_redline(self, redline: Redline, docx: str, pdf: str | None) -> None:
        """Record where a redline's files now live (``cu/``, with its revision)."""
        self.db.execute("UPDATE redlines SET docx = ?, pdf = ? WHERE id = ?",
                        (docx, pdf, redline.id))

    def set_redline_pdf(self, redline_id: int, pdf: str | None) -> None:
        self.db.execute("UPDATE redlines SET pdf = ? WHERE id = ?", (pdf, redline_id))
