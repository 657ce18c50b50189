"""``kiemdiem init``: a new workspace, ready to fill in."""

from __future__ import annotations

import shutil
from pathlib import Path

from .config import CONFIG_NAME, default_text
from .errors import WorkspaceError
from .render import builtin_template

WORKBOOK = "data/danh-sach.xlsx"


def init(folder: Path, *, force: bool = False) -> list[Path]:
    """Create a workspace in ``folder``; return the files written."""
    from .workbook import write_blank  # openpyxl is slow to import; only init needs it

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
    config.write_text(default_text(), encoding="utf-8")
    written.append(config)
    workbook = folder / WORKBOOK
    workbook.parent.mkdir(exist_ok=True)
    write_blank(workbook)
    written.append(workbook)
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    for source in sorted(builtin_template("x").parent.glob("*.docx")):
        target = templates / source.name
        shutil.copyfile(source, target)
        written.append(target)
    (folder / "output").mkdir(exist_ok=True)
    return written
