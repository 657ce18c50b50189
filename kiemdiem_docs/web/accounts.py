"""The web page's accounts and its session secret, in files beside the workspace's register.

Passwords are kept only as argon2 hashes. Both files are made readable by their owner
alone (0600) and are git-ignored: they never belong in a repository.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

from ..errors import KiemdiemError

ACCOUNTS = "kiemdiem-tai-khoan.json"
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

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise KiemdiemError(f"Không đọc được tệp tài khoản {self.path}: sửa hoặc xóa tệp "
                                "rồi thêm lại tài khoản bằng `kiemdiem user add`.") from None

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

    def check(self, name: str, password: str) -> bool:
        from argon2.exceptions import Argon2Error

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
