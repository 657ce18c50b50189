"""Where a sheet's header is and which column holds which field.

The header is the first row that names known columns (a title row above it,
such as "DANH SÁCH ĐẢNG VIÊN", is passed over). Merged header cells are read
as Excel shows them: a header merged across two columns covers both (their
text is joined for text and name fields: "Họ và tên" over "Nguyễn Văn" | "An"),
and a two-row header, a merged group title over sub-headers, is read from its
sub-headers, falling back to the title above each column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..vn import ascii_fold, match_key
from .cells import legacy_issue, text_of
from .models import Place, Problem
from .schema import Column, Sheet
from .sheets import Grid, column_letter

_NOTE = re.compile(r"\s*(\([^()]*\)|\[[^\]]*\]|[*:])\s*$")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?")


@dataclass
class Layout:
    data_start: int  # index into Grid.rows of the first data row
    columns: list[tuple[Column, list[int]]]  # a field and the column indexes it spans


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(raw: Any) -> str:
    return "" if is_blank(raw) else " ".join(text_of(raw).split())


def matcher(sheet: Sheet) -> Callable[[str], Column | None]:
    """Headers by match key, then aliases, then without accents as a last resort."""
    exact = {match_key(c.header): c for c in sheet.columns}
    alias = {match_key(a): c for c in sheet.columns for a in c.aliases}
    folded: dict[str, Column] = {}
    for c in sheet.columns:
        for text in (c.header, *c.aliases):
            folded.setdefault(_plain(text), c)

    def match(text: str) -> Column | None:
        if not text:
            return None
        for candidate in (text, _NOTE.sub("", text)):  # "Ngày sinh (dd/mm/yyyy)", "Mã *"
            key = match_key(candidate)
            found = exact.get(key) or alias.get(key) or folded.get(_plain(candidate))
            if found is not None:
                return found
        return None

    return match


def _plain(text: str) -> str:
    return " ".join(ascii_fold(text).casefold().split())


def locate(grid: Grid, sheet: Sheet, problems: list[Problem]) -> Layout | None:
    """The layout of a sheet, reporting missing and duplicated columns; None if it is empty."""
    rows, match = grid.rows, matcher(sheet)
    filled = list(islice((i for i, row in enumerate(rows) if any(not is_blank(v) for v in row)),
                         10))
    if not filled:
        return None

    def score(i: int) -> int:
        return sum(match(_header_text(v)) is not None for v in rows[i])

    scores = [(i, score(i)) for i in filled]
    h = next((i for i, s in scores if s >= 2), next((i for i, s in scores if s), filled[0]))
    spans = [m for m in grid.merged if m[0][0] <= h <= m[1][0]]
    two_rows = _is_two_row(rows, h, spans, match)
    sub_spans = [m for m in grid.merged if m[0][0] == h + 1] if two_rows else []
    width = max(len(rows[h]), len(rows[h + 1]) if two_rows else 0)
    found: dict[str, tuple[Column, list[int], object]] = {}
    for c in range(width):
        top, top_group = _merged_text(rows, h, c, spans)
        sub, sub_group = _merged_text(rows, h + 1, c, sub_spans) if two_rows else ("", None)
        if sub or sub_group is not None:
            candidates = [(sub, sub_group), (f"{top} {sub}", sub_group)]
        else:
            candidates = [(top, top_group)]
        col, group = next(((match(t), g) for t, g in candidates if match(t)), (None, None))
        if col is None:
            _check_legacy(rows[h], c, sheet, h, problems)
            continue
        if col.key not in found:
            found[col.key] = (col, [c], group)
        elif group is not None and found[col.key][2] == group:
            found[col.key][1].append(c)
        else:
            first = column_letter(found[col.key][1][0])
            problems.append(Problem("error", Place(sheet.name, h + 1, col.header), (
                f"Cột «{col.header}» có hai lần (cột {first} và cột {column_letter(c)}); chỉ "
                f"đọc cột {first}. Xóa hoặc đổi tên cột thừa.")))
    for col in sheet.columns:
        if col.required and col.key not in found:
            problems.append(Problem("error", Place(sheet.name, h + 1, col.header), (
                f"Thiếu cột «{col.header}» (dòng tiêu đề của sheet là dòng {h + 1}). Thêm cột "
                f"có tiêu đề đúng «{col.header}».")))
    start = h + (2 if two_rows else 1)
    if start < len(rows) and _is_column_numbers(rows[start]):
        start += 1  # the "(1) (2) (3)" row official forms put under the header
    _fill_merged_down(grid, start)
    columns = [(col, span) for col, span, _ in found.values()]
    return Layout(start, columns)


def _is_two_row(rows: list[list[Any]], h: int, spans: list, match: Callable) -> bool:
    if h + 1 >= len(rows):
        return False
    below = rows[h + 1]
    grouped: set[int] = set()
    merged_header = False
    for (r0, c0), (r1, c1) in spans:
        if r0 != h:
            continue
        if r1 > h:
            merged_header = True
        elif c1 > c0 and any(not is_blank(v) for v in below[c0:c1 + 1]):
            merged_header = True
            grouped.update(range(c0, c1 + 1))
    if not merged_header:
        return False
    texts = [(c, _header_text(v)) for c, v in enumerate(below) if not is_blank(v)]
    return any(match(t) for _, t in texts) or all(c in grouped for c, _ in texts)


def _merged_text(rows: list[list[Any]], r: int, c: int, spans: list) -> tuple[str, object]:
    """The text Excel shows at (r, c), and the horizontal merge it belongs to, if any."""
    for span in spans:
        (r0, c0), (_, c1) = span
        if c0 <= c <= c1:
            value = rows[r0][c0] if c0 < len(rows[r0]) else ""
            return _header_text(value), (span if c1 > c0 else None)
    value = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
    return _header_text(value), None


def _check_legacy(row: list[Any], c: int, sheet: Sheet, h: int, problems: list[Problem]) -> None:
    text = _header_text(row[c]) if c < len(row) else ""
    issue = legacy_issue(text) if text else None
    if issue is not None:
        problems.append(Problem(issue[0], Place(sheet.name, h + 1, column_letter(c)),
                                "Tiêu đề cột: " + issue[1], text))


def _is_column_numbers(row: list[Any]) -> bool:
    numbers = []
    for value in row:
        if is_blank(value):
            continue
        m = _COLUMN_NUMBER.fullmatch(_header_text(value))
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return len(numbers) >= 3 and numbers == sorted(set(numbers))


def _fill_merged_down(grid: Grid, start: int) -> None:
    # A code merged down over a group of member rows belongs to every row of the group.
    for (r0, c0), (r1, _) in grid.merged:
        if r0 < start or r1 == r0:
            continue
        value = grid.rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(grid.rows) - 1) + 1):
            row = grid.rows[r]
            if c0 < len(row) and is_blank(row[c0]):
                row[c0] = value
