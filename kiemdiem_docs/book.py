"""The register as a văn thư reads it: on screen and as an Excel book; what changed
between two revisions of a document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import kinds
from .atomic import Confined, write_atomic
from .config import Config
from .errors import FileError, KiemdiemError, RegisterError
from .issuing import OLD, diff, redline_bytes, redline_name, superseded_bytes
from .register import CURRENT, REPLACED, SUPERSEDED, WITHDRAWN, Entry, Register, verify

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


# -- what changed between two revisions (`kiemdiem diff`) ---------------------------------

_ARCHIVED_NAME = re.compile(r"\.r\d+(-\d+)?$")  # «.r2», «.r2-3»: a name given in cu/

ON_DEMAND = "thay-doi"  # under a kind's folder: the redlines `kiemdiem diff` makes


@dataclass(frozen=True)
class Difference:
    """Two revisions of one document: what their data says differently, and the redline."""

    old: Entry
    new: Entry
    fields: tuple[tuple[str, str, str], ...]  # (field, old value, new value)
    redline: Path | None  # the .thay-doi.docx, None when it could not be made
    problem: str = ""  # why there is none, in Vietnamese


def diff_revisions(config: Config, kind: str, key: str, revision: int | None = None, *,
                   waiting: Callable[[str], None] | None = None) -> Difference:
    """Revision ``revision`` of a document (by default its last) against the one before
    it: the fields that changed, and its redline, the registered one when it has one,
    else made now under ``<year>/<kind>/thay-doi/`` in the output folder (the same two
    revisions always give the same file, dated and signed as the re-issue was)."""
    from .api import workspace

    if kind not in kinds.keys():
        raise KiemdiemError(f"Không có loại văn bản «{kind}». Các loại: "
                            + ", ".join(kinds.keys()) + ".")
    if not config.so_dang_ky.exists():
        raise RegisterError("Chưa có sổ đăng ký: chạy `kiemdiem build` trước.")
    with workspace(config, waiting=waiting, what="kiemdiem diff") as register:
        revisions = {e.revision: e for e in register.entries(kind) if e.key == key}
        title = kinds.get(kind).title
        if not revisions:
            raise KiemdiemError(f"Sổ đăng ký không có {title.lower()} mã «{key}». Mã là cột "
                                "«Mã» của `kiemdiem register`.")
        n = max(revisions) if revision is None else revision
        if n not in revisions:
            raise KiemdiemError(f"{title} «{key}» không có lần ban hành {n}; có các lần: "
                                + ", ".join(map(str, sorted(revisions))) + ".")
        if n - 1 not in revisions:
            raise KiemdiemError(f"{title} «{key}» lần {n} là lần ban hành đầu: không có lần "
                                "trước để so.")
        old, new = revisions[n - 1], revisions[n]
        fields = diff(old.data(register), new.data(register))
        registered = register.redline_of(new.id)
        out = config.dau_ra
        if registered is not None and (out / registered.docx).is_file():
            return Difference(old, new, fields, out / registered.docx)
        before, after = superseded_bytes(out, old), superseded_bytes(out, new)
        if before is None or after is None:
            gone = old if before is None else new
            return Difference(old, new, fields, None, f"Tệp lần {gone.revision} ({gone.docx}) "
                              "không còn đúng bản đã đăng ký: không làm được bản thể hiện "
                              "thay đổi.")
        live = PurePosixPath(new.docx)
        folder = live.parent.parent if live.parent.name == OLD else live.parent
        stem = _ARCHIVED_NAME.sub("", live.stem)
        target = Confined(out)(out / str(folder) / ON_DEMAND / redline_name(
            f"{stem}.r{old.revision}-r{new.revision}.docx"))
        red = redline_bytes(before, after, new.issued_by,
                            dt.datetime.fromisoformat(new.issued_at))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, lambda tmp: tmp.write_bytes(red.data))
        return Difference(old, new, fields, target)
