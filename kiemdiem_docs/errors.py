"""Exceptions of kiemdiem-docs.

Every message is Vietnamese, because the person who reads it is the clerk
who filled the workbook; the CLI prints it as ``Error: <message>``.
"""


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


class ConversionError(KiemdiemError):
    """Raised when a PDF conversion fails or times out."""
