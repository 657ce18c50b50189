"""Build the built-in templates: ``python -m kiemdiem_docs.tplbuild OUT_DIR``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config import Format
from . import khoi, to_chuc
from .base import Builder

# file stem -> (title of the .docx, landscape, drawing function)
TEMPLATES: dict[str, tuple[str, bool, Callable[[Builder], None]]] = {
    "cong-van": ("Công văn", False, khoi.cong_van),
    "giay-moi": ("Giấy mời", False, to_chuc.giay_moi),
    "thong-bao-lich": ("Thông báo lịch kiểm điểm", False, khoi.thong_bao_lich),
}


def build(name: str, path: Path, fmt: Format | None = None) -> Path:
    title, landscape, draw = TEMPLATES[name]
    builder = Builder(fmt or Format(), title=title, landscape=landscape)
    draw(builder)
    builder.save(path)
    return path


def build_all(folder: Path, fmt: Format | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [build(name, folder / f"{name}.docx", fmt) for name in TEMPLATES]
