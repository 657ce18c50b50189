"""PDFs: one converter interface, two backends (Word via docx2pdf, a LibreOffice pool),
and what is made from the PDFs (print bundles, per-organisation zip packs).

Imports only the core modules.
"""

from .backends import BACKENDS, HOW_TO_GET_PDF, converter_for, make_converter
from .base import Converter, Failure, Progress, is_complete_pdf, place
from .bundle import ZIP_DATE, org_pack, print_bundle
from .find import find_soffice, font_warning
from .libreoffice import LibreOfficeConverter
from .word import WordConverter, word_available

__all__ = [
    "BACKENDS",
    "HOW_TO_GET_PDF",
    "ZIP_DATE",
    "Converter",
    "Failure",
    "LibreOfficeConverter",
    "Progress",
    "WordConverter",
    "converter_for",
    "find_soffice",
    "font_warning",
    "is_complete_pdf",
    "make_converter",
    "org_pack",
    "place",
    "print_bundle",
    "word_available",
]
