"""Print bundles (one PDF of a kind with every document) and per-organisation zip packs.

Both are written beside their final name and renamed over it only when complete,
so an interrupted build never leaves a truncated bundle or pack behind. Both are
deterministic: the same inputs give the same bytes, so a rebuild with unchanged
documents leaves them byte for byte as they were.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..atomic import write_atomic
from ..errors import ConversionError, KiemdiemError
from .base import is_complete_pdf

# Zip entries carry this date instead of the files' own, so packs do not change
# when a document is merely rewritten with the same content.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: fixed, so Windows and Linux give the same bytes


def print_bundle(pdfs: Sequence[Path], out: Path) -> None:
    """Join ``pdfs`` in the given order into ``out``, one bookmark per document.

    Raises :class:`ConversionError` (Vietnamese) when the list is empty or a PDF
    cannot be read; ``out`` is then left as it was.
    """
    # Here, not at the top: every build imports this module, few make a bundle.
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError

    if not pdfs:
        raise ConversionError(f"Không có PDF nào để gộp thành {out.name}.")
    writer = PdfWriter()
    for pdf in pdfs:
        pdf = Path(pdf)
        # pypdf patches up many broken files quietly; a truncated one must not slip in.
        if not is_complete_pdf(pdf):
            raise ConversionError(f"{pdf} không phải PDF hoàn chỉnh, không gộp vào {out.name}.")
        try:
            writer.append(str(pdf), outline_item=pdf.stem)
        except (OSError, PyPdfError, ValueError) as exc:
            raise ConversionError(f"Không đọc được {pdf} để gộp vào {out.name}: {exc}") from None

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            writer.write(f)

    try:
        write_atomic(out, write)
    finally:
        writer.close()


def org_pack(files: Sequence[Path | tuple[str, Path]], out: Path) -> None:
    """Zip ``files`` into ``out``, sorted, with fixed dates.

    A file is stored under its base name, or under the name given with it as a
    ``(name, path)`` pair. Raises :class:`KiemdiemError` (Vietnamese) when two
    files share a name or a file is missing; ``out`` is then left as it was.
    """
    by_name: dict[str, Path] = {}
    for item in files:
        name, f = item if isinstance(item, tuple) else (Path(item).name, Path(item))
        if name in by_name and by_name[name] != f:
            raise KiemdiemError(
                f"Hai tệp cùng tên {name} ({by_name[name].parent} và {f.parent}) "
                f"không thể cùng nằm trong {out.name}."
            )
        if not f.is_file():
            raise KiemdiemError(f"Không tìm thấy {f} để đóng gói vào {out.name}.")
        by_name[name] = f

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in sorted(by_name):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                # .docx is already a zip and PDF streams are compressed: storing them is
                # as small within a few per cent and far faster for a thousand packs.
                info.compress_type = zipfile.ZIP_STORED
                info.create_system = _UNIX
                info.external_attr = 0o100644 << 16
                with open(by_name[name], "rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)

    write_atomic(out, write)
