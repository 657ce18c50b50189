"""The outgoing-documents book (sổ đăng ký văn bản đi): an SQLite file in the workspace.

``open_register(path)`` opens (or creates, or migrates) it and is used as a
context manager. Imports only the core modules.
"""

from .connect import open_register
from .invariant import verify
from .journal import Move
from .redlines import Redline
from .schema import SCHEMA_VERSION
from .store import CURRENT, REPLACED, SUPERSEDED, WITHDRAWN, Entry, Register, Run

__all__ = [
    "CURRENT",
    "REPLACED",
    "SCHEMA_VERSION",
    "SUPERSEDED",
    "WITHDRAWN",
    "Entry",
    "Move",
    "Redline",
    "Register",
    "Run",
    "open_register",
    "verify",
]
