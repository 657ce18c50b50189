"""Build the built-in templates: ``python -m kiemdiem_docs.tplbuild OUT_DIR``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config import Format
from . import decisions, khoi, minutes, report, to_chuc
from .base import Builder

# file stem -> (title of the .docx, landscape, drawing function)
TEMPLATES: dict[str, tuple[str, bool, Callable[[Builder], None]]] = {
    "cong-van": ("Công văn", False, khoi.cong_van),
    "giay-moi": ("Giấy mời", False, to_chuc.giay_moi),
    "thong-bao-lich": ("Thông báo lịch kiểm điểm", False, khoi.thong_bao_lich),
    "bien-ban": ("Biên bản hội nghị kiểm điểm", False, minutes.bien_ban),
    "quyet-dinh-xep-loai": ("Quyết định xếp loại tổ chức cơ sở đảng", False,
                            decisions.quyet_dinh_xep_loai),
    "quyet-dinh-xep-loai-dang-vien": ("Quyết định xếp loại đảng viên", False,
                                      minutes.quyet_dinh_xep_loai_dang_vien),
    "quyet-dinh-khen-thuong": ("Quyết định khen thưởng", False, decisions.quyet_dinh_khen_thuong),
    "giay-khen": ("Giấy khen", True, decisions.giay_khen),
    "giay-khen-phoi": ("Giấy khen (in trên phôi)", True, decisions.giay_khen_phoi),
    "bao-cao-ket-qua": ("Báo cáo kết quả kiểm điểm, xếp loại", False, report.bao_cao_ket_qua),
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
