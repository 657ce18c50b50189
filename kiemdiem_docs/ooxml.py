"""What several steps share about WordprocessingML packages and docxtpl's view of them.

The jinja delimiters as they show in a document's text, the paragraph split that
docxtpl hands to jinja (so that jinja's line numbers are paragraphs), and zip
entries with fixed dates, so that equal content always gives equal bytes.
"""

from __future__ import annotations

import io
import re
import zipfile

# jinja's delimiters, as they show in a template's text (a tag split across runs included).
DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARA = re.compile(r"<w:p([ >])")

# Every zip entry carries this date and these attributes, so equal content gives equal bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def paragraph_lines(xml: str) -> str:
    """The XML with each paragraph on its own line, as docxtpl hands it to jinja (so that
    jinja's line numbers are paragraphs)."""
    return _PARA.sub(r"\n<w:p\1", xml)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A deflated entry with the fixed date and no platform attributes."""
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0  # not the platform's default, so Windows and Linux agree
    info.external_attr = 0
    return info


def repack(data: bytes, *, drop: str | None = None) -> bytes:
    """``data`` (a zip) again, same entries in the same order, with fixed dates (less ``drop``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if info.filename != drop:
                zout.writestr(zip_entry(info.filename), zin.read(info.filename))
    return out.getvalue()
