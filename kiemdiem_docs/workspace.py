"""The workspace: ``kiemdiem init`` makes one, ready to fill in; ``locate`` finds one."""

from __future__ import annotations

import shutil
from pathlib import Path

from .config import CONFIG_NAME, Config, find_root, from_dict, load, year_text
from .errors import WorkspaceError
from .render import BUILTIN

WORKBOOK = "data/danh-sach.xlsx"


def init(folder: Path, year: int, *, force: bool = False) -> list[Path]:
    """Create a workspace in ``folder`` for the round of ``year``; return the files
    written. Its packs are the year's; its dates, local grounds and names are left as
    placeholders to fill (the 2024 round has the sample's)."""
    from .roster import write_blank  # openpyxl is slow to import; only init needs it

    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} đã có và không phải thư mục.")
    if not force:
        if (folder / CONFIG_NAME).exists():
            raise WorkspaceError(
                f"{folder} đã là không gian làm việc ({CONFIG_NAME} đã có). "
                "Dùng --force để ghi đè cấu hình, sổ danh sách và mẫu."
            )
        if folder.is_dir() and any(folder.iterdir()):
            raise WorkspaceError(f"Thư mục {folder} không trống. Dùng --force để vẫn tạo.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    config = folder / CONFIG_NAME
    config.write_text(year_text(year), encoding="utf-8")
    written.append(config)
    workbook = folder / WORKBOOK
    workbook.parent.mkdir(exist_ok=True)
    write_blank(workbook)
    written.append(workbook)
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    for source in sorted(BUILTIN.glob("*.docx")):
        target = templates / source.name
        shutil.copyfile(source, target)
        written.append(target)
    (folder / "output").mkdir(exist_ok=True)
    return written


def locate(folder: Path | None, start: Path, *, required: bool = True) -> Config:
    """The configuration of the workspace at ``folder``, or else of the nearest folder at
    or above ``start`` holding ``kiemdiem.toml``.

    Not ``required`` (a command given a file of its own to read): the defaults when there
    is no workspace.
    """
    root = folder if folder is not None else find_root(start)
    if root is None:
        if not required:
            return from_dict({}, start)
        raise WorkspaceError(
            f"Không tìm thấy {CONFIG_NAME} ở thư mục này hay thư mục cha. "
            "Chạy `kiemdiem init THƯ_MỤC` để tạo không gian làm việc, hoặc dùng -w THƯ_MỤC."
        )
    return load(root.resolve())
