"""What a clerk may type in a roster cell, by column kind, and what it means.

Each column gets a reader: ``reader(column)(raw) -> (value, issue)``, where
``raw`` is a non-empty cell as python-calamine or the csv module gives it and
``issue`` is ``None`` or ``(level, message)``. Readers remember every distinct
string they have seen: a roster repeats its codes, grades and choices
thousands of times, and the text clean-up is the costly part.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ..ooxml import DELIMITERS
from ..vn import (
    ascii_fold,
    clean_text,
    date_text,
    decimal_text,
    detect_legacy_encoding,
    hidden_characters,
    match_key,
    name_case,
    one_line,
)
from .models import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, Grade
from .schema import Column

Issue = tuple[str, str] | None
Reader = Callable[[Any], tuple[Any, Issue]]

# What Excel writes for a failed formula; a csv export keeps them as text.
EXCEL_ERRORS = frozenset(
    ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
)

_SHORT_GRADES = {
    "Xuất sắc": Grade.HTXSNV, "Tốt": Grade.HTTNV, "Hoàn thành": Grade.HTNV,
    "Không hoàn thành": Grade.KHTNV, "Không xếp loại": Grade.KXL, "KXL": Grade.KXL,
}  # fmt: skip
_SHORT_CHOICES = {
    DANG_BO: ("Đảng bộ",), CHI_BO: ("Chi bộ",), CHINH_THUC: ("CT",), DU_BI: ("DB",),
}  # fmt: skip
_TRUE = frozenset(("có", "co", "c", "x", "v", "yes", "y", "1", "true", "✓", "✔", "đúng"))
_FALSE = frozenset(("không", "khong", "k", "no", "n", "0", "false", "-"))

_DATE_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_DATE_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_TIME = re.compile(
    r"(\d{1,2})(?:\s*(?:h|g|giờ|:)\s*(?:(\d{1,2})\s*(?:phút|ph|p|')?)?(?::\d{2})?)?"
    r"\s*(sáng|trưa|chiều|tối|am|pm)?"
)


def excel_error_message(error: str) -> str:
    """What to say of a cell holding an Excel error, or ("") a formula saved without value."""
    if error:
        return f"Ô có lỗi Excel {error}; coi như để trống. Sửa công thức hoặc gõ giá trị thật."
    return ("Ô có công thức nhưng chưa có giá trị tính sẵn (tệp không do Excel lưu); coi như "
            "để trống. Mở tệp bằng Excel rồi lưu lại, hoặc thay công thức bằng giá trị.")


def legacy_issue(text: str) -> Issue:
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return None
    return "error", (
        f"Chữ đang ở bảng mã cũ {encoding}, không phải Unicode. Chuyển sang Unicode "
        f"(ví dụ Unikey → «Công cụ chuyển mã», nguồn {encoding}, đích Unicode) rồi dán lại."
    )


def text_of(raw: Any) -> str:
    """A cell as the text Excel shows in it (dates dd/mm/yyyy, whole numbers without .0)."""
    if isinstance(raw, str):
        return clean_text(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else format(raw, ".15g")
    if isinstance(raw, dt.datetime):
        clock = raw.time()
        return date_text(raw.date()) + (f" {clock:%H:%M}" if clock != dt.time() else "")
    if isinstance(raw, dt.date):
        return date_text(raw)
    if isinstance(raw, dt.time):
        return f"{raw:%H:%M}"
    if isinstance(raw, dt.timedelta):
        minutes = round(raw.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return clean_text(str(raw))


def reader(column: Column) -> Reader:
    """The reader of one column; strings are parsed once and remembered."""
    parse = _PARSERS[column.kind]
    cache: dict[str, tuple[Any, Issue]] = {}

    def read(raw: Any) -> tuple[Any, Issue]:
        if not isinstance(raw, str):
            try:
                return _outcome(parse(column, raw))
            except _Bad as bad:
                return None, (bad.level, bad.message)
        hit = cache.get(raw)
        if hit is None:
            hit = cache[raw] = _read_text(column, parse, raw)
        return hit

    return read


class _Warned(NamedTuple):
    """A value read with a warning."""

    value: Any
    message: str


def _outcome(value: Any) -> tuple[Any, Issue]:
    if isinstance(value, _Warned):
        return value.value, ("warning", value.message)
    return value, None


class _Bad(Exception):
    def __init__(self, message: str, level: str = "error") -> None:
        super().__init__(message)
        self.message, self.level = message, level


def _read_text(column: Column, parse: Callable, raw: str) -> tuple[Any, Issue]:
    text = clean_text(raw)
    if not text:  # only invisible characters: empty, as the clerk sees it
        return "", None
    # Every field is one line in the documents: a break inside a name would break
    # «Kính gửi: …» or Điều 1 in two. Said once, with what was done.
    notes = []
    if "\n" in text:
        text = one_line(text)
        notes.append("ô có xuống dòng (Alt+Enter), đã nối thành một dòng")
    tag = DELIMITERS.search(text)
    if tag:
        notes.append(f"ô có «{tag.group()}» như thẻ mẫu: được in nguyên văn, không chạy, nhưng "
                     "`kiemdiem check` sẽ báo văn bản còn thẻ mẫu; bỏ đi nếu gõ nhầm")
    hidden = hidden_characters(raw)
    if hidden:
        notes.append(f"ô có ký tự điều khiển hay ký tự ẩn ({', '.join(hidden[:5])}), đã bỏ")
    value, issue = _parsed(column, parse, text)
    if notes and (issue is None or issue[0] == "warning"):
        said = "; ".join(notes)
        message = said[0].upper() + said[1:] + ". Kiểm tra lại giá trị trong văn bản."
        issue = ("warning", message if issue is None else f"{issue[1]} {message}")
    return value, issue


def _parsed(column: Column, parse: Callable, text: str) -> tuple[Any, Issue]:
    if text in EXCEL_ERRORS:  # a csv export, or text typed to look like one
        return None, ("error", excel_error_message(text))
    issue = legacy_issue(text)
    if issue is not None:
        # Keep the text for text columns so nothing is lost; the error blocks a build.
        return (text if column.kind in ("text", "name", "code") else None), issue
    try:
        return _outcome(parse(column, text))
    except _Bad as bad:
        return None, (bad.level, bad.message)


def _text(column: Column, raw: Any) -> str:
    return raw if isinstance(raw, str) else text_of(raw)


def _name(column: Column, raw: Any) -> str:
    return name_case(" ".join(_text(column, raw).split()))  # a line break in a name is a slip


def _code(column: Column, raw: Any) -> str:
    # A numeric code has lost its leading zeros already; the loader pads it if it can.
    return raw.strip() if isinstance(raw, str) else text_of(raw)


def _date(column: Column, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _Bad(f"«{column.header}» cần một ngày dạng dd/mm/yyyy.")
    if not isinstance(raw, str):
        return _date_from_number(column, raw)
    text = _TRAILING_TIME.sub("", raw.strip())
    if text.isdigit() and len(text) == 4:
        return _date_from_number(column, int(text))
    if (m := _DATE_YMD.fullmatch(text)) is not None:
        year, month, day = (int(g) for g in m.groups())
    elif (m := _DATE_DMY.fullmatch(text)) is not None:
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) != 4:
            raise _Bad("Năm cần đủ bốn chữ số (dd/mm/yyyy), ví dụ 12/05/1980.")
    else:
        raise _Bad(f"Không đọc được ngày. Ghi «{column.header}» dạng dd/mm/yyyy, ví dụ 12/05/1980.")
    return _make_date(day, month, year)


def _make_date(day: int, month: int, year: int) -> dt.date:
    if not 1900 <= year <= 2100:
        raise _Bad(f"Năm {year} không hợp lý; kiểm tra lại ngày (dd/mm/yyyy).")
    if month > 12 and day <= 12:
        raise _Bad("Tháng lớn hơn 12: ngày phải ghi theo thứ tự ngày/tháng/năm (dd/mm/yyyy).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Bad(f"Ngày không có thật: tháng {month}/{year} không có ngày {day}.") from None


def _date_from_number(column: Column, raw: float) -> _Warned:
    if 1900 <= raw <= 2100 and float(raw).is_integer():
        raise _Bad(f"Chỉ có năm; «{column.header}» cần đủ ngày, tháng, năm (dd/mm/yyyy).")
    if 10_000 <= raw <= 80_000:
        # A date cell whose date format was cleared shows its serial number.
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
        return _Warned(day, f"Ô kiểu số, không phải kiểu ngày; đã hiểu là {date_text(day)}. "
                       "Định dạng lại ô là ngày (dd/mm/yyyy) cho chắc.")
    raise _Bad(f"«{column.header}» cần một ngày dạng dd/mm/yyyy.")


def _time(column: Column, raw: Any) -> dt.time:
    if isinstance(raw, dt.datetime):
        return raw.time().replace(second=0, microsecond=0)
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, dt.timedelta):
        minutes = round(raw.total_seconds() / 60)
        return _make_time(minutes // 60, minutes % 60)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 0 <= raw < 1:  # a fraction of a day: a time cell without its format
            minutes = round(raw * 24 * 60)
            return _make_time(minutes // 60, minutes % 60)
        if float(raw).is_integer():
            return _make_time(int(raw), 0)
        raise _Bad("Không đọc được giờ. Ghi dạng 8:00, 08h00, 8 giờ 30 hoặc 14:30.")
    m = _TIME.fullmatch(str(raw).strip().casefold())
    if m is None:
        raise _Bad("Không đọc được giờ. Ghi dạng 8:00, 08h00, 8 giờ 30 hoặc 14:30.")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) in ("chiều", "tối", "pm") and hour < 12:
        hour += 12
    return _make_time(hour, minute)


def _make_time(hour: int, minute: int) -> dt.time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _Bad(f"Giờ {hour}:{minute:02d} không có thật.")
    return dt.time(hour, minute)


def _plain_key(text: str) -> str:
    return " ".join(ascii_fold(match_key(text)).casefold().split())


def _lookup(keys: dict[str, Any], folded: dict[str, Any], text: str) -> Any:
    found = keys.get(match_key(text))
    if found is None and text.isascii():
        # Typed without accents ("Hoan thanh tot nhiem vu"): unambiguous, accept.
        # Text with accents is not folded: "nhiêm" must be caught, not guessed.
        found = folded.get(_plain_key(text))
    return found


_GRADE_WORDS: dict[str, Grade] = {
    **{g.full: g for g in Grade}, **{g.short: g for g in Grade}, **_SHORT_GRADES,
}
_GRADE_KEYS: dict[str, Grade] = {}
_GRADE_FOLDED: dict[str, Grade] = {}


def _grade_tables() -> None:
    for word, grade in _GRADE_WORDS.items():
        _GRADE_KEYS[match_key(word)] = grade
        _GRADE_FOLDED[_plain_key(word)] = grade


def _grade(column: Column, raw: Any) -> Grade:
    if not _GRADE_KEYS:
        _grade_tables()
    text = _text(column, raw).strip(" \"'“”‘’«».,;")
    grade = _lookup(_GRADE_KEYS, _GRADE_FOLDED, text)
    if grade is not None:
        return grade
    near = difflib.get_close_matches(match_key(text), list(_GRADE_KEYS), n=1, cutoff=0.6)
    if near:
        raise _Bad(f"Xếp loại viết sai: có phải «{_GRADE_KEYS[near[0]].full}»?")
    listing = "; ".join(f"«{g.full}» ({g.short})" for g in Grade)
    raise _Bad(f"Không hiểu xếp loại này. Ghi một trong: {listing}.")


def _bool(column: Column, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    key = " ".join(_text(column, raw).casefold().split())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _Bad(f"«{column.header}» chỉ ghi «Có» (hoặc x) hoặc «Không» (hoặc để trống).")


def _choice(column: Column, raw: Any) -> str:
    text = _text(column, raw)
    keys: dict[str, str] = {}
    folded: dict[str, str] = {}
    for choice in column.choices:
        for word in (choice, *_SHORT_CHOICES.get(choice, ())):
            keys[match_key(word)] = choice
            folded[_plain_key(word)] = choice
    found = _lookup(keys, folded, text)
    if found is None:
        listing = ", ".join(f"«{c}»" for c in column.choices)
        raise _Bad(f"«{column.header}» phải là một trong: {listing}.")
    return found


# "85", "89,5" (the Vietnamese decimal comma), "89.5" (typed on an English Excel), with
# "điểm" after it as a clerk may write; a score is at most 100, so "." is never thousands.
# A minus is read so that "-5" is said to be off the scale, not to be no number.
_SCORE = re.compile(r"(-?\d{1,3}(?:[.,]\d+)?)\s*(?:điểm|đ)?", re.IGNORECASE)
SCORE_RANGE = (0.0, 100.0)


def _score(column: Column, raw: Any) -> float | _Warned:
    if isinstance(raw, bool):
        raise _Bad(f"{column.header} «{text_of(raw)}» không phải số (0–100).")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        m = _SCORE.fullmatch(_text(column, raw).strip())
        if m is None:
            raise _Bad(f"{column.header} «{_text(column, raw)}» không phải số (0–100).")
        value = float(m.group(1).replace(",", "."))
    low, high = SCORE_RANGE
    if not math.isfinite(value) or not low <= value <= high:
        raise _Bad(f"{column.header} {text_of(raw)} nằm ngoài thang điểm 0–100.")
    # Two decimals at most, so the level the validation finds is the one a document shows
    # (an averaging formula's 89,996 would read «90» in the list but grade as below 90).
    rounded = round(value, 2)
    if rounded != value:
        return _Warned(rounded, f"{column.header} có hơn hai chữ số thập phân; đã làm tròn "
                                f"thành {decimal_text(rounded)}. Kiểm tra lại nếu cần.")
    return rounded


_PARSERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": _text, "name": _name, "code": _code, "date": _date, "time": _time,
    "grade": _grade, "bool": _bool, "choice": _choice, "score": _score,
}  # fmt: skip
