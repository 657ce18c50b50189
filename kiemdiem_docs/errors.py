"""Exceptions of kiemdiem-docs.

Every message is Vietnamese, because the person who reads it is the clerk
who filled the workbook; the CLI prints it as ``Error: <message>``.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path


class KiemdiemError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(KiemdiemError):
    """Raised when ``kiemdiem.toml`` is missing, unreadable or holds a wrong value."""


class WorkspaceError(KiemdiemError):
    """Raised when a workspace cannot be created or found."""


class RosterError(KiemdiemError):
    """Raised when a roster cannot be read at all (not a workbook, locked, empty).

    Problems inside a readable workbook are not raised: they are collected as
    :class:`kiemdiem_docs.models.Problem` so the clerk sees all of them at once.
    """


class InvalidRoster(KiemdiemError):
    """Raised when a build is asked for on a roster that has errors."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(f"Danh sách có {len(problems)} lỗi; chạy `kiemdiem validate` để xem.")


class TemplateError(KiemdiemError):
    """Raised when a template is broken or does not fit its kind."""


class RenderError(KiemdiemError):
    """Raised when a document cannot be rendered from its data."""


class RegisterError(KiemdiemError):
    """Raised when the register is corrupt, from a newer version, or inconsistent."""


class NotReady(KiemdiemError):
    """Raised when a kind's documents cannot be made from what its data holds beyond the
    roster (last year's workbook, for the results report): the build skips that kind
    with the message as its reason, and makes the others."""


class ConversionError(KiemdiemError):
    """Raised when a PDF conversion fails or times out."""


class FileError(KiemdiemError):
    """Raised when the disk refuses a read or a write: full, read-only, no permission."""


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def from_os_error(exc: OSError, path: Path | str | None = None) -> FileError:
    """The Vietnamese line for what the operating system refused (``path``: the file or
    folder being written, when the error does not name it)."""
    where = Path(exc.filename or path or ".")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        folder = _existing(where if where.is_dir() else where.parent)
        try:
            free = f" (còn trống {_mb(shutil.disk_usage(folder).free)})"
        except OSError:
            free = ""
        return FileError(f"Ổ đĩa chứa {folder} đã đầy{free}. Giải phóng chỗ trống (vài trăm "
                         "MB cho một đợt) rồi chạy lại; không văn bản nào bị ghi dở.")
    if exc.errno == errno.EROFS:
        return FileError(f"{where} nằm trên ổ chỉ đọc: chọn thư mục ghi được (mục [tep] trong "
                         "kiemdiem.toml) rồi chạy lại.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileError(f"Không có quyền ghi hoặc đọc {where}: cấp quyền cho người chạy "
                         "kiemdiem (hoặc đóng tệp nếu đang mở trong Word, Excel) rồi chạy lại.")
    return FileError(f"Không đọc hoặc ghi được {where} ({exc.strerror or exc}). Kiểm tra ổ đĩa "
                     "và đường dẫn rồi chạy lại.")


# What SQLite says, as the clerk reads it: (phrase in SQLite's message, what it means).
_SQLITE = (
    ("disk is full", "ổ đĩa chứa sổ đã đầy: giải phóng chỗ trống rồi chạy lại"),
    ("readonly", "tệp sổ (hoặc thư mục của nó) chỉ đọc: cấp quyền ghi rồi chạy lại"),
    ("unable to open", "không mở được tệp sổ: kiểm tra đường dẫn và quyền của thư mục"),
    ("locked", "sổ đang bị một chương trình khác giữ: đóng chương trình ấy rồi chạy lại"),
)


def from_sqlite_error(exc: Exception, path: Path) -> RegisterError:
    """The Vietnamese line for what SQLite refused in the register at ``path``; whatever is
    not one of the known refusals is damage, and the file is left as it is."""
    text = str(exc)
    for phrase, meaning in _SQLITE:
        if phrase in text:
            return RegisterError(f"Sổ đăng ký {path}: {meaning} (SQLite: {text}). Không văn bản "
                                 "nào bị ghi dở.")
    return RegisterError(f"Sổ đăng ký {path} hỏng ({text}). Không ghi gì vào tệp này; khôi phục "
                         "bản sao lưu, hoặc chuyển tệp đi chỗ khác để bắt đầu sổ mới.")


class ReasonRequired(KiemdiemError):
    """Raised when a build would re-issue or withdraw documents and no reason was given.

    ``changes`` says which documents and what in them; nothing was written.
    """

    def __init__(self, changes: list) -> None:
        self.changes = changes
        super().__init__(
            f"Lần chạy này sẽ ban hành lại hoặc thu hồi {len(changes)} văn bản (kê ở trên) nên cần "
            "ghi lý do: chạy lại với --reason \"…\" (ví dụ --reason \"Sửa tên đồng chí Nguyễn Văn "
            "An\"). Chưa ghi gì.")
