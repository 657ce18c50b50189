"""Organisation codes: one row per code in ToChuc, and every reference to a code found there.

One cause, one message: a code on two rows is one error naming both; a code missing
from ToChuc is one error however many rows use it; a missing or unreadable ToChuc
is the loader's one error, not one more per member. A «Có phải …?» guess is offered
only when it is likely right: the same code but for case or leading zeros, or one
slip of a key away from exactly one code, on a single row (many rows that agree on
an unknown code name an organisation missing from ToChuc, not a typo); and never
while ToChuc repeats a code, when the likelier story is a row given the wrong code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..vn import slug
from .models import Org, Place, Problem, Roster

_TC, _DV, _LICH, _XL, _KT = "ToChuc", "DangVien", "LichKiemDiem", "XepLoai", "KhenThuong"

SHOWN = 5  # the rows a repeated code's message names; past them, how many more


@dataclass
class Codes:
    first: dict[str, Org]  # each code's first organisation
    repeated: bool = False  # some code is on several rows
    said: set[str] = field(default_factory=set)  # unknown codes the repeat's error names


def org_codes(roster: Roster, out: list[Problem],
              code_problem: Callable[[str], str | None]) -> Codes:
    """Each code's first organisation; a code on several rows is one error naming them all
    (with the unknown codes that one of those rows was likely meant to carry)."""
    first: dict[str, Org] = {}
    rows: dict[str, list[Org]] = {}
    by_file: dict[str, Org] = {}  # codes name the files: "A1" and "a1" would share one
    for org in roster.orgs:
        if (why := code_problem(org.ma)) is not None:
            out.append(Problem("error", Place(_TC, org.row, "Mã"), why, org.ma))
        rows.setdefault(org.ma, []).append(org)
        if first.setdefault(org.ma, org) is not org:
            continue
        alike = by_file.setdefault(slug(org.ma, 20), org)
        if alike is not org:
            out.append(Problem("error", Place(_TC, org.row, "Mã"), (
                f"Mã tổ chức «{org.ma}» chỉ khác mã «{alike.ma}» ở dòng {alike.row} bởi chữ "
                "hoa, chữ thường, dấu hoặc ký tự đặc biệt, nên tên tệp văn bản của hai tổ chức "
                "sẽ trùng nhau; đặt mã khác hẳn."), org.ma))
    repeated = [group for group in rows.values() if len(group) > 1]
    unknown = _unknown(roster, first) if repeated else {}
    # Only one repeated code, with no more unknown codes than its extra rows: those
    # codes are most likely what the extra rows were meant to carry, so they are said here.
    folded = len(repeated) == 1 and len(unknown) <= len(repeated[0]) - 1
    for group in repeated:
        each = [f"dòng {o.row} ({o.ten})" if o.ten else f"dòng {o.row}" for o in group[:SHOWN]]
        if len(group) > SHOWN:  # a code pasted down a column: the message stays readable
            each.append(f"{len(group) - SHOWN} dòng khác")
        listed = ", ".join(each[:-1]) + " và " + each[-1]
        message = (f"Mã tổ chức «{group[0].ma}» có ở {len(group)} dòng của sheet {_TC}, cột Mã: "
                   f"{listed}; mỗi tổ chức một mã riêng, sửa mã ở dòng sai.")
        if folded and unknown:
            codes = "; ".join(f"«{code}» ({_where(places)})" for code, places in unknown.items())
            message += (f" Mã dùng ở sheet khác mà không có trong {_TC}: {codes}; có thể một "
                        "trong các dòng ấy phải mang mã đó.")
        out.append(Problem("error", Place(_TC, group[1].row, "Mã"), message, group[0].ma))
    return Codes(first, bool(repeated), set(unknown) if folded else set())


def references(roster: Roster, codes: Codes, out: list[Problem], sheet_failed: bool) -> None:
    """One error per code that rows of other sheets use and ToChuc does not have."""
    if sheet_failed and not roster.orgs:
        return  # ToChuc is missing or unreadable: its own error says so
    orgs = codes.first
    for code, places in _unknown(roster, orgs).items():
        if code in codes.said:
            continue
        sheet, row = places[0]
        where = f"; mã này có ở {len(places)} dòng: {_where(places)}" if len(places) > 1 else ""
        if codes.repeated:
            hint = f" Sheet {_TC} có mã trùng (xem lỗi ở đó): có thể mã ấy ghi nhầm ở đó."
        else:
            guess = _guess(code, list(orgs), single=len(places) == 1)
            hint = f" Có phải «{guess}»?" if guess else ""
        out.append(Problem("error", Place(sheet, row, "Mã tổ chức"), (
            f"Không có tổ chức mã «{code}» trong sheet {_TC}{where}." + hint), code))


def _unknown(roster: Roster, orgs: dict[str, Org]) -> dict[str, list[tuple[str, int | None]]]:
    """Unknown code -> the (sheet, row) of each use, in sheet order."""
    found: dict[str, list[tuple[str, int | None]]] = {}
    for sheet, records in ((_DV, roster.members), (_LICH, roster.meetings),
                           (_XL, roster.grades), (_KT, roster.awards)):
        for r in records:
            if r.ma_to_chuc not in orgs:
                found.setdefault(r.ma_to_chuc, []).append((sheet, r.row))
    return found


def _where(places: list[tuple[str, int | None]]) -> str:
    by_sheet: dict[str, list[int]] = {}
    for sheet, row in places:
        by_sheet.setdefault(sheet, []).extend([row] if row else [])
    return ", ".join(f"sheet {sheet} dòng {_ranges(rows)}" if rows else f"sheet {sheet}"
                     for sheet, rows in by_sheet.items())


def _ranges(rows: Iterable[int]) -> str:
    """2, 3, 4, 7 -> «2–4, 7»."""
    out: list[list[int]] = []
    for row in sorted(set(rows)):
        if out and row == out[-1][1] + 1:
            out[-1][1] = row
        else:
            out.append([row, row])
    return ", ".join(f"{a}–{b}" if b > a + 1 else (f"{a}, {b}" if b > a else str(a))
                     for a, b in out)


def _guess(code: str, codes: list[str], *, single: bool) -> str | None:
    """The one code ``code`` was likely meant to be, or None."""
    same = [c for c in codes if c.casefold() == code.casefold()]
    if not same and _digits(code):  # «010» for «10»: the same number
        same = [c for c in codes if _digits(c) and c.lstrip("0") == code.lstrip("0")]
    if same:
        return same[0] if len(same) == 1 else None
    if not single or len(code) < 2:
        return None
    near = [c for c in codes if _one_slip(code.casefold(), c.casefold())]
    return near[0] if len(near) == 1 else None


def _digits(code: str) -> bool:
    # str.isdigit() takes «²» and «٣», which are no code's digits.
    return code.isascii() and code.isdigit()


def _one_slip(a: str, b: str) -> bool:
    """One key wrong, missing, extra, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
