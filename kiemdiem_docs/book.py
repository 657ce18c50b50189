"""The register as a văn thư reads it: on screen and as an Excel book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import kinds
from .atomic import write_atomic
from .config import Config
from .errors import FileError, RegisterError
from .register import CURRENT, REPLACED, SUPERSEDED, WITHDRAWN, Register, verify

STATUS = {CURRENT: "hiện hành", SUPERSEDED: "đã ban hành lại", REPLACED: "đã bị thay thế",
          WITHDRAWN: "đã thu hồi"}
# (key, header, width) of the exported book, in the order a văn thư keeps them.
COLUMNS = (
    ("stt", "STT", 6),
    ("so", "Số, ký hiệu", 16),
    ("ngay", "Ngày tháng", 12),
    ("loai", "Loại văn bản", 26),
    ("ma", "Mã", 18),
    ("noi_nhan", "Nơi nhận", 50),
    ("lan", "Lần ban hành", 8),
    ("trang_thai", "Trạng thái", 16),
    ("ghi_chu", "Thay thế, lý do", 40),
    ("tep", "Tệp", 60),
    ("goi", "Bộ quy định, thể thức", 22),
)


def book_rows(register: Register, *, kind: str | None = None,
              everything: bool = False) -> list[dict]:
    """One row per registered revision (only current ones unless ``everything``)."""
    entries = register.entries(kind) if everything else register.all_current(kind)
    rows = []
    for i, e in enumerate(entries, 1):
        notes = []
        if e.replaces:
            notes.append(f"thay thế số {register.get(e.replaces).number_line}")
        if e.reason:
            notes.append(e.reason)
        if e.withdrawn_reason:
            notes.append(f"thu hồi: {e.withdrawn_reason}")
        rows.append({
            "stt": i,
            "so": e.number_line if e.number is not None else f"(để trống)-{e.symbol}/{e.issuer}",
            "ngay": e.date.strftime("%d/%m/%Y") if e.date else "",
            "loai": kinds.get(e.kind).title if e.kind in kinds.keys() else e.kind,
            "ma": e.key,
            "noi_nhan": e.recipient,
            "lan": e.revision,
            "trang_thai": STATUS.get(e.status, e.status),
            "ghi_chu": "; ".join(notes),
            "tep": e.docx,
            "goi": e.packs,
            "id": e.id,  # not shown: for a program that keeps the rows
        })
    return rows


def read_book(config: Config, *, kind: str | None = None, everything: bool = False,
              waiting: Callable[[str], None] | None = None) -> list[dict]:
    """The workspace's book, as :func:`book_rows`; an error when there is none yet.

    The workspace is taken as a build takes it (``waiting`` as for ``build``), so that
    what a killed build left half done is finished before the book is read."""
    from .api import workspace

    if not config.so_dang_ky.exists():
        raise RegisterError("Chưa có sổ đăng ký: chạy `kiemdiem build` trước.")
    with workspace(config, waiting=waiting, what="kiemdiem register") as register:
        return book_rows(register, kind=kind, everything=everything)


def verify_book(config: Config, *,
                waiting: Callable[[str], None] | None = None) -> list[str]:
    """The register against its files (``register.verify``), once the workspace is taken."""
    from .api import workspace

    if not config.so_dang_ky.exists():
        raise RegisterError("Chưa có sổ đăng ký: chạy `kiemdiem build` trước.")
    with workspace(config, waiting=waiting, what="kiemdiem register --verify") as register:
        return verify(register, config.dau_ra)


# The columns a terminal shows, in the book's order.
SHOWN = ("so", "ngay", "loai", "ma", "noi_nhan", "lan", "trang_thai", "ghi_chu", "tep")


def book_lines(rows: list[dict]) -> list[str]:
    """The rows as text lines, the columns of :data:`SHOWN` joined by `` | ``."""
    return [" | ".join(str(row[c]) for c in SHOWN) for row in rows]


def write_book(rows: list[dict], path: Path) -> None:
    """The book as an .xlsx, written whole or not at all, into a folder that exists."""
    if not path.parent.is_dir():
        raise FileError(f"Không có thư mục {path.parent} để ghi {path.name}: tạo thư mục ấy "
                        "hoặc chọn chỗ khác.")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "SoVanBanDi"
    ws.append([header for _, header, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([row[key] for key, _, _ in COLUMNS])
        for cell in ws[ws.max_row]:
            # A reason or a name typed as «=HYPERLINK(…)» is text in the book, never a
            # formula Excel would run (openpyxl makes any "=…" string a formula).
            if cell.data_type == "f":
                cell.data_type = "s"
    for i, (_, _, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    ws.freeze_panes = "A2"
    write_atomic(path, lambda tmp: wb.save(tmp))
