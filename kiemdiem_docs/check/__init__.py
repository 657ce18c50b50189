"""Measuring a .docx against FORMAT.md: the page, fonts, header, title, body, decision,
signature, attached list and certificate rules, each breach with its place.

Imports only the core modules.
"""

from .document import check_document, documents_in
from .lines import date_problems, number_problems
from .measured import MAX_SAME, Breach
from .reader import Formats, text

__all__ = [
    "MAX_SAME",
    "Breach",
    "Formats",
    "check_document",
    "date_problems",
    "documents_in",
    "number_problems",
    "text",
]
