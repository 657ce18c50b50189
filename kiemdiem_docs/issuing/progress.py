"""How far a build is, phase by phase, for an adapter to show (a bar per phase).

``build`` calls ``progress(phase, done, total)`` as each piece of a phase is finished:
the documents rendered, then their PDFs, then the print bundles and packs. A phase
with nothing to do is not reported; ``done == total`` closes a phase.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Phase(StrEnum):
    """A phase of a build; its value is a stable name for programs, ``label`` for people."""

    RENDER = "van-ban"
    PDF = "pdf"
    BUNDLE = "ban-in-goi"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Phase.RENDER: "Đang sinh văn bản",
    Phase.PDF: "Đang chuyển sang PDF",
    Phase.BUNDLE: "Đang gộp bản in và gói gửi tổ chức",
}

Progress = Callable[[Phase, int, int], None]


def in_phase(progress: Progress | None, phase: Phase) -> Callable[[int, int], None] | None:
    """``progress`` as the steps call it, ``(done, total)``, for one phase."""
    if progress is None:
        return None
    return lambda done, total: progress(phase, done, total)
