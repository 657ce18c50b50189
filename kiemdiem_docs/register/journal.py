"""File moves that follow the register's rows: planned in a transaction, done after it.

A build commits its rows (where each file will be) together with the moves that put the
files there, then makes the moves. A run killed in between leaves the moves in the
``journal`` table, and the next command that takes the workspace finishes them before
anything else: the register always says where a file is or is about to be. A move never
lands on a file that is there already unless it holds the very bytes moved (done before).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from ..atomic import file_sha256
from ..errors import RegisterError


class Move(NamedTuple):
    src: Path
    dst: Path
    sha256: str | None = None  # the bytes moved, when known


def carry_out(move: Move) -> None:
    """Make ``move`` true on disk, whether or not it was begun before (idempotent)."""
    src, dst = move.src, move.dst
    if not os.path.lexists(src):
        return  # done by an earlier run (or the file is gone: the next build repairs it)
    if os.path.lexists(dst):
        if move.sha256 is not None and dst.is_file() and file_sha256(dst) == move.sha256:
            os.unlink(src)  # the same bytes are in place already
            return
        raise RegisterError(
            f"Không chuyển {src.name} vào {dst}: ở đó đã có một tệp khác, không thuộc sổ đăng "
            "ký. Chuyển tệp ấy ra chỗ khác rồi chạy lại; sổ và các tệp khác vẫn nguyên.")
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)
    except OSError as exc:
        raise RegisterError(
            f"Sổ đăng ký đã ghi nhưng chưa chuyển được {src.name} tới {dst.parent} "
            f"({exc.strerror}). Sửa quyền ghi (hoặc giải phóng ổ đĩa) rồi chạy lại lệnh: lần "
            "chạy sau sẽ chuyển nốt.") from None
