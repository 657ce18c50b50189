"""Reading generated documents back, for assertions and golden files."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfWriter


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


def text_lines(path: Path, line_break: str = " ") -> list[str]:
    """The document as lines: a paragraph a line, a table row as cells joined by ` | `.

    A line break inside a paragraph (a balanced title's) is ``line_break``: a space where
    the wording is asserted, a visible mark in the golden files, where its place is read.
    """
    document = docx.Document(str(path))
    lines = []

    def para(p: Paragraph) -> str:
        return p.text.replace("\n", line_break)

    for block in blocks(document):
        if isinstance(block, Paragraph):
            lines.append(para(block))
        else:
            for row in block.rows:
                cells, seen = [], []
                for cell in row.cells:
                    # python-docx repeats a merged cell once per grid column it spans
                    # (lxml hands back the same element object while we hold it).
                    if any(cell._tc is tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append(" / ".join(para(p) for p in cell.paragraphs if p.text))
                lines.append(" | ".join(cells))
    return lines


def text(path: Path, line_break: str = " ") -> str:
    return "\n".join(text_lines(path, line_break))


class BlankPdfs:
    """A converter that writes a blank page for each document, as a real one reports."""

    name = "giả"

    def convert(self, jobs, progress=None):
        for done, (_, target) in enumerate(jobs, 1):
            target.parent.mkdir(parents=True, exist_ok=True)
            writer = PdfWriter()
            writer.add_blank_page(595, 842)
            with open(target, "wb") as f:
                writer.write(f)
            if progress:
                progress(done, len(jobs))
        return []
