"""Opening the register: creating a new one whole, migrating an old one, refusing a
damaged, empty or newer one, and restoring the cache tables a register may lose."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..atomic import temp_beside
from ..errors import RegisterError
from .schema import MIGRATIONS, SCHEMA_VERSION
from .store import Register


def open_register(path: Path) -> Register:
    """Open (or create) the register at ``path``, migrating an older one.

    A file that is not a register, is damaged, empty, or comes from a newer version
    is refused with a message, and left exactly as it was. A new register is made
    aside and linked into place whole, so an empty file at ``path`` is never one of
    ours: it is a register that lost its contents, and numbering must not restart.
    """
    path = Path(path)
    if not path.exists():
        _create(path)
    elif path.stat().st_size == 0:
        raise RegisterError(
            f"Sổ đăng ký {path} là tệp rỗng (0 byte): sổ cũ đã mất nội dung, nên không cấp "
            "số lại từ đầu. Khôi phục bản sao lưu; nếu chắc đây là lần chạy đầu, xóa tệp rỗng "
            "này rồi chạy lại.")
    try:
        db = _connect(path)
        version = _version(db, True)
    except sqlite3.DatabaseError as exc:
        raise RegisterError(
            f"Sổ đăng ký {path} hỏng hoặc không phải sổ đăng ký ({exc}). Không ghi gì vào tệp "
            "này; khôi phục bản sao lưu hoặc chuyển tệp đi chỗ khác."
        ) from None
    if version > SCHEMA_VERSION:
        db.close()
        raise RegisterError(
            f"Sổ đăng ký {path} do phiên bản mới hơn của kiemdiem-docs tạo (phiên bản sổ "
            f"{version}, phần mềm này đọc được tới {SCHEMA_VERSION}). Hãy nâng cấp kiemdiem-docs."
        )
    if version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        # Another process may have migrated while we waited for the lock.
        version = _version(db, True)
        for script in MIGRATIONS[version:]:
            for statement in _statements(script):
                db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                   (str(SCHEMA_VERSION),))
        db.execute("COMMIT")
    try:
        _restore_caches(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise RegisterError(f"Sổ đăng ký {path} hỏng ({exc}). Không ghi gì vào tệp này; khôi "
                            "phục bản sao lưu hoặc chuyển tệp đi chỗ khác.") from None
    return Register(db)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=600, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 600000")
    return db


def _create(path: Path) -> None:
    """A new register at ``path``: migrated aside, then linked in only if none appeared."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        db = _connect(tmp)
        db.execute("BEGIN IMMEDIATE")
        for script in MIGRATIONS:
            for statement in _statements(script):
                db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        db.execute("COMMIT")
        db.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it meanwhile: theirs is the register
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# Tables that only speed a build up or hold nothing once a run has finished: a register
# that lost one gets it back empty (the next build is slower, nothing else changes).
_CACHES = {
    "plans": MIGRATIONS[1][MIGRATIONS[1].index("CREATE TABLE plans"):].strip(),
    "journal": MIGRATIONS[2][MIGRATIONS[2].index("CREATE TABLE journal"):
                             MIGRATIONS[2].index("CREATE INDEX")].strip(),
    "outputs": MIGRATIONS[2][MIGRATIONS[2].index("CREATE TABLE outputs"):].strip(),
}
_NEEDED = frozenset({"meta", "numbers", "documents", "contents"})


def _restore_caches(db: sqlite3.Connection) -> None:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not _NEEDED <= tables:
        raise sqlite3.DatabaseError("thiếu bảng " + ", ".join(sorted(_NEEDED - tables)))
    for name, create in _CACHES.items():
        if name not in tables:
            db.execute(create)


def _statements(script: str) -> list[str]:
    """The statements of a script (executescript would commit our transaction)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer)
            buffer = ""
    return out


def _version(db: sqlite3.Connection, existed: bool) -> int:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        if existed and tables:
            raise sqlite3.DatabaseError("không có bảng meta")
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or not str(row[0]).isdigit():
        raise sqlite3.DatabaseError("không rõ phiên bản sổ")
    return int(row[0])
