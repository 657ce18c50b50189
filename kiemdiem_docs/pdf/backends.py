"""Choosing a PDF backend: Word where present, else LibreOffice, else none.

``make_converter()`` returns None when the machine has no converter; the caller then
makes only the .docx files and prints :data:`HOW_TO_GET_PDF`.
"""

from __future__ import annotations

from ..config import PDF_BACKENDS, PdfSettings
from ..errors import ConversionError
from .base import Converter
from .find import find_soffice, font_warning
from .libreoffice import LibreOfficeConverter
from .word import WordConverter, word_available

HOW_TO_GET_PDF = (
    "Không có công cụ chuyển PDF: cài LibreOffice (Linux: `apt-get install "
    "libreoffice-writer-nogui`; Windows/macOS: libreoffice.org), hoặc dùng Microsoft Word "
    "với `pip install kiemdiem-docs[word]`, rồi chạy lại `kiemdiem build`."
)

BACKENDS = PDF_BACKENDS


def make_converter(
    backend: str = "auto",
    *,
    workers: int | None = None,
    batch: int = 40,
    timeout: float = 60,
    startup: float = 30,
) -> Converter | None:
    """The converter ``backend`` names, or None when it is not available here.

    ``auto``: Word on Windows/macOS when available, else LibreOffice when found.
    ``none`` turns PDFs off. ``workers``, ``batch`` (documents per LibreOffice
    process), ``timeout`` (seconds per document) and ``startup`` (seconds allowed
    for LibreOffice to start) apply to LibreOffice only.
    """
    if backend not in BACKENDS:
        raise ConversionError(
            f"Không biết cách chuyển PDF “{backend}” (chọn một trong: {', '.join(BACKENDS)})."
        )
    if backend == "none":
        return None
    if backend in ("auto", "word") and word_available():
        return WordConverter()
    if backend in ("auto", "libreoffice"):
        soffice = find_soffice()
        if soffice is not None:
            return LibreOfficeConverter(soffice, workers=workers, batch=batch,
                                        timeout=timeout, startup=startup)
    return None


def converter_for(settings: PdfSettings, wanted: bool | None = None
                  ) -> tuple[Converter | None, str | None]:
    """The converter the settings ask for (``wanted`` overrides ``tao_pdf``), with the one
    line the user should read: how to get a converter when there is none, or that the
    PDFs will lack Times New Roman."""
    if not (settings.tao_pdf if wanted is None else wanted):
        return None, None
    converter = make_converter(settings.bo_chuyen)
    if converter is None:
        return None, HOW_TO_GET_PDF if settings.bo_chuyen != "none" else None
    return converter, font_warning() if converter.name == "libreoffice" else None
