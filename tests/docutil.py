"""Reading generated documents back, for assertions and golden files."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(document) -> list:
    """Body paragraphs and tables in document order."""
    out = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document))
        elif tag == "tbl":
            out.append(Table(child, document))
    return out


def text_lines(path: Path) -> list[str]:
    """The document as lines: a paragraph a line, a table row as cells joined by ` | `."""
    document = docx.Document(str(path))
    lines = []
    for block in blocks(document):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                cells, seen = [], []
                for cell in row.cells:
                    # python-docx repeats a merged cell once per grid column it spans
                    # (lxml hands back the same element object while we hold it).
                    if any(cell._tc is tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append(" / ".join(p.text for p in cell.paragraphs if p.text))
                lines.append(" | ".join(cells))
    return lines


def text(path: Path) -> str:
    return "\n".join(text_lines(path))
