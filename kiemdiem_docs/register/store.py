"""The outgoing-documents book (sổ đăng ký văn bản đi): an SQLite file in the workspace.

One row per issued revision. A number belongs to one document for good: it is
recorded in ``numbers`` when first handed out and never handed out again, even
when the document is later replaced under a new number.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .. import vn
from ..errors import RegisterError
from .journal import Move, carry_out
from .redlines import Redlines

CURRENT, SUPERSEDED, REPLACED, WITHDRAWN = "current", "superseded", "replaced", "withdrawn"


class Run(NamedTuple):
    """One build or re-issue that wrote to the register: when, who, what came of it."""

    id: int
    at: str
    user: str
    what: str  # "build" | "reissue"
    reason: str
    made: int
    reissued: int
    withdrawn: int


class Entry(NamedTuple):
    """One row of the book (a tuple: a build makes thousands, and a dataclass costs more)."""

    id: int
    kind: str
    key: str
    revision: int
    status: str
    symbol: str
    issuer: str
    number: int | None
    date: dt.date | None
    recipient: str
    org: str | None
    docx: str  # relative to the workspace's output folder
    pdf: str | None
    content_hash: str
    file_hash: str
    file_size: int | None
    file_mtime: int | None
    supersedes: int | None
    replaces: int | None
    reason: str
    issued_at: str
    withdrawn_at: str | None = None
    withdrawn_reason: str | None = None
    issued_by: str = ""  # who ran the build that issued it
    withdrawn_by: str | None = None
    packs: str = ""  # «366-2025 hd05-2026»: the rule and format packs it was made under

    @property
    def number_line(self) -> str:
        return Entry.line(self.number, self.symbol, self.issuer)

    @staticmethod
    def line(number: int | None, symbol: str, issuer: str) -> str:
        """«05-QĐ/ĐUK»; room for the văn thư's number when there is none."""
        shown = vn.count(number) if number is not None else "   "
        return f"{shown}-{symbol}/{issuer}"

    def data(self, register: Register) -> dict:
        """The context this revision was rendered from, as the register kept it."""
        row = register.db.execute("SELECT data FROM contents WHERE id = ?", (self.id,)).fetchone()
        if row is None:
            raise RegisterError(f"Sổ đăng ký hỏng: mất dữ liệu của văn bản {self.kind} "
                                f"«{self.key}» lần {self.revision}. Khôi phục bản sao lưu của sổ.")
        return json.loads(row[0])


_FIELDS = list(Entry._fields)
_DATE = _FIELDS.index("date")


class Register(Redlines):
    """An open register; use :func:`open_register`, as a context manager that closes it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------
    def _entries(self, where: str, args: tuple = ()) -> list[Entry]:
        cols = ", ".join(_FIELDS)
        rows = self.db.execute(f"SELECT {cols} FROM documents WHERE {where} ORDER BY id", args)
        # Positional: a rebuild reads every current row, and keywords cost a third of it.
        date = dt.date.fromisoformat
        return [Entry(*row[:_DATE], date(row[_DATE]) if row[_DATE] else None, *row[_DATE + 1:])
                for row in rows]

    def by_ids(self, ids: Iterable[int]) -> list[Entry]:
        """These entries as they are now, in id order."""
        ids = sorted(ids)
        out: list[Entry] = []
        for start in range(0, len(ids), 500):  # SQLite's limit on bound values
            chunk = ids[start:start + 500]
            out += self._entries(f"id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
        return out

    def current(self, kind: str, key: str) -> Entry | None:
        found = self._entries("kind = ? AND key = ? AND status = ?", (kind, key, CURRENT))
        return found[0] if found else None

    def current_map(self) -> dict[tuple[str, str], Entry]:
        """Every current entry by (kind, key), in one query (a build asks for each)."""
        return {(e.kind, e.key): e for e in self.all_current()}

    def with_file_hash(self, sha: str) -> list[Entry]:
        """The rows whose .docx holds exactly these bytes."""
        return self._entries("file_hash = ?", (sha,))

    def withdrawn_map(self) -> dict[tuple[str, str], Entry]:
        """The last withdrawn revision of each document not current now, by (kind, key)."""
        rows = self._entries("status = ? AND NOT EXISTS (SELECT 1 FROM documents d WHERE "
                             "d.kind = documents.kind AND d.key = documents.key AND "
                             "d.status = ?)", (WITHDRAWN, CURRENT))
        return {(e.kind, e.key): e for e in rows}  # in id order: the last one wins

    def all_current(self, kind: str | None = None) -> list[Entry]:
        if kind is None:
            return self._entries("status = ?", (CURRENT,))
        return self._entries("status = ? AND kind = ?", (CURRENT, kind))

    def entries(self, kind: str | None = None) -> list[Entry]:
        return self._entries("kind = ?", (kind,)) if kind else self._entries("1")

    def plans(self) -> dict[tuple[str, str], tuple[str, list[str]]]:
        """(kind, org) -> (inputs, keys) of every plan recorded (``incremental``)."""
        rows = self.db.execute("SELECT kind, org, inputs, keys FROM plans")
        return {(kind, org): (inputs, json.loads(keys)) for kind, org, inputs, keys in rows}

    def held_paths(self) -> set[str]:
        """Every file any row holds, current or not, redlines' included (relative to the
        output folder)."""
        rows = self.db.execute("SELECT docx FROM documents UNION "
                               "SELECT pdf FROM documents WHERE pdf IS NOT NULL UNION "
                               "SELECT docx FROM redlines UNION "
                               "SELECT pdf FROM redlines WHERE pdf IS NOT NULL")
        return {r[0] for r in rows}

    def pending_moves(self, out: Path) -> list[Move]:
        """The file moves committed with their rows and not yet carried out; the journal
        holds them relative to the output folder ``out``, so the workspace may move."""
        rows = self.db.execute("SELECT src, dst, sha256 FROM journal ORDER BY seq")
        return [Move(out / src, out / dst, sha) for src, dst, sha in rows]

    def current_counts(self) -> dict[str, int]:
        """kind -> how many documents of it are current."""
        return dict(self.db.execute("SELECT kind, COUNT(*) FROM documents WHERE status = ? "
                                    "GROUP BY kind", (CURRENT,)).fetchall())

    def find(self, *, kind: str | None = None, org: str | None = None, everything: bool = False,
             offset: int = 0, limit: int = 50) -> tuple[list[Entry], int]:
        """One page of the rows a filter keeps (in id order), and how many it keeps in all:
        a page of a 1,000-organisation round reads only its own rows."""
        where, args = ["1"], []
        if not everything:
            where.append("status = ?")
            args.append(CURRENT)
        for column, value in (("kind", kind), ("org", org)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        clause = " AND ".join(where)
        total = self.db.execute(f"SELECT COUNT(*) FROM documents WHERE {clause}",
                                args).fetchone()[0]
        return self._page(clause, tuple(args), limit, offset), total

    def _page(self, where: str, args: tuple, limit: int, offset: int) -> list[Entry]:
        cols = ", ".join(_FIELDS)
        rows = self.db.execute(f"SELECT {cols} FROM documents WHERE {where} ORDER BY id "
                               "LIMIT ? OFFSET ?", (*args, limit, offset))
        date = dt.date.fromisoformat
        return [Entry(*row[:_DATE], date(row[_DATE]) if row[_DATE] else None, *row[_DATE + 1:])
                for row in rows]

    def runs(self, limit: int = 20) -> list[Run]:
        """The last builds that wrote, newest first."""
        rows = self.db.execute("SELECT id, at, user, what, reason, made, reissued, withdrawn "
                               "FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [Run(*row) for row in rows]

    def get(self, entry_id: int) -> Entry:
        return self._entries("id = ?", (entry_id,))[0]

    def numbers_of(self, symbol: str, issuer: str, body: str) -> dict[str, int]:
        """key -> number of every number handed out in one series."""
        rows = self.db.execute("SELECT key, number FROM numbers WHERE symbol = ? AND issuer = ? "
                               "AND body = ?", (symbol, issuer, body))
        return dict(rows.fetchall())

    def next_number(self, symbol: str, issuer: str, body: str, start: int) -> int:
        row = self.db.execute("SELECT MAX(number) FROM numbers WHERE symbol = ? AND issuer = ? "
                              "AND body = ?", (symbol, issuer, body)).fetchone()
        return max(start, (row[0] or 0) + 1)

    # -- writing (inside :meth:`transaction`) -------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; the file work done inside it commits with its rows."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def claim_number(self, symbol: str, issuer: str, body: str, number: int, kind: str,
                     key: str) -> None:
        try:
            self.db.execute("INSERT INTO numbers VALUES (?, ?, ?, ?, ?, ?)",
                            (symbol, issuer, body, number, kind, key))
        except sqlite3.IntegrityError:
            holder = self.db.execute(
                "SELECT kind, key FROM numbers WHERE symbol = ? AND issuer = ? AND body = ? "
                "AND number = ?", (symbol, issuer, body, number)).fetchone()
            if tuple(holder) == (kind, key):
                return  # the document's own number, given back when it is brought back
            raise RegisterError(
                f"Số {Entry.line(number, symbol, issuer)} đã cấp cho văn bản {holder[0]} "
                f"«{holder[1]}», không cấp lại cho {kind} «{key}». Sửa số ở sheet SoVanBan "
                "(nếu số lấy từ sổ danh sách) rồi chạy lại."
            ) from None

    def add(self, *, kind: str, key: str, symbol: str, issuer: str, number: int | None,
            date: dt.date | None, recipient: str, org: str | None, docx: str,
            content_hash: str, file_hash: str, file_stat: tuple[int, int], data: str,
            reason: str = "", user: str = "", packs: str = "",
            supersedes: Entry | None = None, replaces: Entry | None = None,
            now: dt.datetime) -> int:
        """Record a revision; the one it supersedes or replaces stops being current.

        ``data``: the context the document was rendered from, as JSON text.
        """
        for old, status in ((supersedes, SUPERSEDED), (replaces, REPLACED)):
            if old is not None:
                self.db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, old.id))
        # After every revision the document ever had: a withdrawn one brought back included.
        row = self.db.execute("SELECT MAX(revision) FROM documents WHERE kind = ? AND key = ?",
                              (kind, key)).fetchone()
        revision = (row[0] or 0) + 1
        cur = self.db.execute(
            "INSERT INTO documents (kind, key, revision, status, symbol, issuer, number, date, "
            "recipient, org, docx, pdf, content_hash, file_hash, file_size, file_mtime, "
            "supersedes, replaces, reason, issued_at, issued_by, packs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, key, revision, CURRENT, symbol, issuer, number,
             date.isoformat() if date else None, recipient, org, docx, content_hash, file_hash,
             *file_stat,
             supersedes.id if supersedes else None, replaces.id if replaces else None,
             reason, now.isoformat(timespec="seconds"), user, packs),
        )
        self.db.execute("INSERT INTO contents VALUES (?, ?)", (cur.lastrowid, data))
        return cur.lastrowid

    def round_packs(self, year: int) -> str | None:
        """The packs the round of ``year`` was first issued under, None before it is."""
        row = self.db.execute("SELECT packs FROM documents WHERE docx LIKE ? AND packs != '' "
                              "ORDER BY id LIMIT 1", (f"{year}/%",)).fetchone()
        return row[0] if row else None

    def plan_moves(self, moves: Iterable[Move], out: Path) -> None:
        """Journal file moves with the rows of this transaction (see :mod:`journal`)."""
        self.db.executemany("INSERT INTO journal (src, dst, sha256) VALUES (?, ?, ?)",
                            ((m.src.relative_to(out).as_posix(),
                              m.dst.relative_to(out).as_posix(), m.sha256) for m in moves))

    def finish_moves(self, out: Path) -> int:
        """Carry out every journaled move, in order, then forget them; how many there were.

        Run before anything else by each command that takes the workspace, and after each
        build's commit. A move that cannot be made raises :class:`RegisterError` and stays
        journaled for the next run.
        """
        moves = self.pending_moves(out)
        for move in moves:
            carry_out(move)
        if moves:
            self.db.execute("DELETE FROM journal")
        return len(moves)

    def withdraw(self, entry: Entry, reason: str, now: dt.datetime, user: str = "") -> None:
        """The document is no longer wanted: kept, no longer current, with when, why and
        by whom."""
        self.db.execute("UPDATE documents SET status = ?, withdrawn_at = ?, withdrawn_reason = ?, "
                        "withdrawn_by = ? WHERE id = ?",
                        (WITHDRAWN, now.isoformat(timespec="seconds"), reason, user, entry.id))

    def add_run(self, *, at: dt.datetime, user: str, what: str, reason: str, made: int,
                reissued: int, withdrawn: int) -> None:
        self.db.execute("INSERT INTO runs (at, user, what, reason, made, reissued, withdrawn) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (at.isoformat(timespec="seconds"), user, what, reason, made, reissued,
                         withdrawn))

    def move_file(self, entry: Entry, docx: str, pdf: str | None) -> None:
        """Record where a revision's files now live (``cu/`` once superseded)."""
        self.db.execute("UPDATE documents SET docx = ?, pdf = ? WHERE id = ?",
                        (docx, pdf, entry.id))

    def set_file(self, entry: Entry, file_hash: str, file_stat: tuple[int, int]) -> None:
        self.db.execute("UPDATE documents SET file_hash = ?, file_size = ?, file_mtime = ? "
                        "WHERE id = ?", (file_hash, *file_stat, entry.id))

    def set_plan(self, kind: str, org: str, inputs: str, keys: list[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?)",
                        (kind, org, inputs, json.dumps(keys, ensure_ascii=False)))

    def outputs(self) -> dict[str, str]:
        """Every print bundle and pack made, with the signature of what it was made from."""
        return dict(self.db.execute("SELECT path, signature FROM outputs").fetchall())

    def set_output(self, path: str, signature: str | None) -> None:
        """Record a bundle or pack as made from ``signature`` (None: it is gone)."""
        if signature is None:
            self.db.execute("DELETE FROM outputs WHERE path = ?", (path,))
        else:
            self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)", (path, signature))

    def set_pdf(self, entry_id: int, pdf: str | None) -> None:
        self.db.execute("UPDATE documents SET pdf = ? WHERE id = ?", (pdf, entry_id))

    def close(self) -> None:
        self.db.close()
