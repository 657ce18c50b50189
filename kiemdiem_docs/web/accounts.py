"""The web page's accounts and its session secret, in files beside the workspace's register.

Passwords are kept only as argon2 hashes. Both files are made readable by their owner
alone (0600) and are git-ignored: they never belong in a repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from pathlib import Path

from ..errors import KiemdiemError

ACCOUNTS = "kiemdiem-tai-khoan.json"
LOGOUTS = "kiemdiem-dang-xuat.json"
_VERIFYING = threading.BoundedSemaphore(2)
SECRET = "kiemdiem-phien.key"
# Who a build is recorded under when the page runs on this machine without accounts.
LOCAL_USER = "(máy này)"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,40}")
MIN_PASSWORD = 8


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _write_private(path: Path, text: str) -> None:
    """``text`` into ``path`` whole, readable by its owner only."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Accounts:
    """The accounts of one workspace (``folder``: the register's folder)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / ACCOUNTS
        # A hash to verify against when the name is unknown, so a wrong name takes as long
        # as a wrong password.
        self._dummy: str | None = None
        self._cache: tuple[tuple | None, dict[str, str]] | None = None

    def _read(self) -> dict[str, str]:
        # Asked on every request (who is asking): read again only when the file changed.
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        except OSError:
            st = None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino) if st else None
        if stamp is not None and self._cache is not None and self._cache[0] == stamp:
            return dict(self._cache[1])
        try:
            users = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise KiemdiemError(f"Không đọc được tệp tài khoản {self.path}: sửa hoặc xóa tệp "
                                "rồi thêm lại tài khoản bằng `kiemdiem user add`.") from None
        self._cache = (stamp, dict(users))
        return users

    def names(self) -> list[str]:
        return sorted(self._read())

    def any(self) -> bool:
        return self.path.exists() and bool(self._read())

    def add(self, name: str, password: str) -> None:
        if not _NAME.fullmatch(name):
            raise KiemdiemError(f"Tên tài khoản «{name}» không hợp lệ: chỉ chữ không dấu, số và "
                                "«.», «_», «-», tối đa 40 ký tự.")
        if len(password) < MIN_PASSWORD:
            raise KiemdiemError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
        users = self._read()
        if name in users:
            raise KiemdiemError(f"Đã có tài khoản «{name}». Xóa bằng `kiemdiem user remove "
                                f"{name}` rồi thêm lại để đổi mật khẩu.")
        users[name] = _hasher().hash(password)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(self.path, json.dumps(users, ensure_ascii=False, indent=1))

    def remove(self, name: str) -> None:
        users = self._read()
        if name not in users:
            raise KiemdiemError(f"Không có tài khoản «{name}».")
        del users[name]
        _write_private(self.path, json.dumps(users, ensure_ascii=False, indent=1))

    def stamp(self, name: str) -> str | None:
        """What a session of ``name`` carries to stay valid: derived from the account's
        hash and its last logout, so removing, re-adding or logging out ends every
        session of it. None when there is no such account."""
        stored = self._read().get(name)
        if stored is None:
            return None
        out = self._logouts().get(name, 0)
        return hashlib.sha256(f"{stored}|{out}".encode()).hexdigest()[:32]

    def logged_out(self, name: str) -> None:
        """End every session of ``name`` (a cookie is signed, not stored: this is how)."""
        if name not in self._read():
            return
        outs = self._logouts()
        outs[name] = outs.get(name, 0) + 1
        _write_private(self.path.with_name(LOGOUTS), json.dumps(outs))

    def _logouts(self) -> dict[str, int]:
        try:
            return json.loads(self.path.with_name(LOGOUTS).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def check(self, name: str, password: str) -> bool:
        from argon2.exceptions import Argon2Error

        # Each verify takes 64 MiB and a core: a flood of wrong logins waits its turn.
        with _VERIFYING:
            return self._check(name, password, Argon2Error)

    def _check(self, name: str, password: str, Argon2Error: type) -> bool:
        hasher = _hasher()
        stored = self._read().get(name)
        if stored is None:
            self._dummy = self._dummy or hasher.hash(secrets.token_hex(8))
            stored, name = self._dummy, ""
        try:
            return hasher.verify(stored, password) and bool(name)
        except Argon2Error:
            return False


def session_secret(folder: Path) -> str:
    """The key that signs session cookies: made once, kept beside the accounts (0600)."""
    path = Path(folder) / SECRET
    try:
        return path.read_text("utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another server made it meanwhile: theirs is the key
            return path.read_text("utf-8").strip()
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(key)
        return key
