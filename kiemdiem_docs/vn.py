"""Vietnamese text, dates and numbers as FORMAT.md wants them. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from kiemdiem_docs.vn_legacy import detect_legacy_encoding, legacy_to_unicode

__all__ = [
    "ascii_fold", "clean_text", "count", "date_line", "date_text", "date_words",
    "detect_legacy_encoding", "doc_number", "is_decomposed", "legacy_to_unicode",
    "match_key", "name_case", "name_sort_key", "nfc", "number_words", "slug",
    "sort_names", "time_text", "tone_style", "weekday",
]  # fmt: skip

T = TypeVar("T")

# Tone marks in the order Vietnamese dictionaries sort them: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_CONSONANTS = frozenset("bcdđghklmnpqrstvxfjwz")
# f j w z are not Vietnamese letters; they sort where they fall in the Latin alphabet.
_ALPHABET = {ch: i for i, ch in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}

_NONCHAR_ESCAPE = re.compile(r"_x[fF]{3}[eEfF]_")
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# C0/C1 controls (line breaks and tab are handled before) and invisible format characters.
# The soft hyphen U+00AD is kept: it is the letter ư in TCVN3 text, which must survive
# cleaning to be recognised.
# Noncharacters (U+FDD0..FDEF, U+xFFFE/xFFFF) cannot stand in a .docx: Word and LibreOffice
# drop them, so they go here, where the cleaned text is what every document prints.
_INVISIBLE = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
     0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0xFDD0, 0xFDF0),
     # Bidirectional embeddings, overrides and isolates: they turn the text around it.
     *range(0x202A, 0x202F), *range(0x2066, 0x206A),
     *(plane * 0x10000 + end for plane in range(17) for end in (0xFFFE, 0xFFFF))],
)  # fmt: skip
_SPACES = re.compile(r"[^\S\n]+")
_HIDDEN = re.compile("[\t" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")
_WORD = re.compile(r"[^\W\d_]+")

_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def is_decomposed(s: str) -> bool:
    """True when ``s`` is not in NFC (e.g. exported decomposed by another system)."""
    return not unicodedata.is_normalized("NFC", s)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' empties, without pandas
        return True
    return isinstance(value, float) and value != value


def clean_text(value: object) -> str:
    """The text of one roster cell, cleaned the same way everywhere.

    Empty cells (None, NaN) give "". A whole float gives its integer ("5", not "5.0"),
    since Excel stores every number as a float. Inner line breaks are kept as single
    "\\n"; empty lines are dropped.
    """
    if _is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        s = str(int(value))
    elif isinstance(value, bytes):
        s = value.decode("utf-8", errors="replace")
    else:
        s = str(value)
    # Excel's _xHHHH_ escapes are the file's business: calamine has decoded them, and
    # decoding again would turn text typed as "_x0041_" into "A". It leaves only the
    # escapes of U+FFFE and U+FFFF, which no XML may hold: those are dropped with the rest.
    s = _NONCHAR_ESCAPE.sub("", s)
    if any("\ud800" <= ch <= "\udfff" for ch in s):
        # A pair of surrogates (as some exports leave a character outside the BMP).
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    s = _LINE_BREAKS.sub("\n", s).replace("\t", " ").translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip(" ") for line in s.split("\n"))
    return nfc("\n".join(line for line in lines if line))


def one_line(value: object) -> str:
    """:func:`clean_text` on one line: a roster field's lines joined by spaces."""
    return clean_text(value).replace("\n", " ")


def hidden_characters(s: str) -> list[str]:
    """The characters :func:`clean_text` drops from ``s`` (controls, invisible and
    direction-changing marks), as ``U+202E`` names, each once, in order."""
    if _HIDDEN.search(s) is None:  # the common case, at the speed of the regex engine
        return []
    return list(dict.fromkeys(f"U+{ord(m.group()):04X}" for m in _HIDDEN.finditer(s)))


def name_case(s: str) -> str:
    """A person's name with every syllable capitalised: "nguyễn THỊ  lan" -> "Nguyễn Thị Lan"."""
    # Changing case can decompose a letter (Greek ΐ): normalise again.
    return nfc(_WORD.sub(lambda m: m.group().capitalize(), clean_text(s)))


def upper(s: str) -> str:
    """Capitals, as headers write a body's name, still in NFC."""
    return nfc(s.upper())


def _split_tone(ch: str) -> tuple[str, str]:
    """A letter as (the letter without its tone mark, the tone mark or "")."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(m for m in d[1:] if m in _TONE_RANK)
    return nfc(d[0] + "".join(m for m in d[1:] if m not in _TONE_RANK)), tone


def _restyle_word(word: str, style: str) -> str:
    letters = [_split_tone(ch) for ch in word]
    toned = [i for i, (_, tone) in enumerate(letters) if tone]
    plain = "".join(base for base, _ in letters).lower()
    if len(toned) != 1 or len(plain) != len(letters) or plain[-2:] not in ("oa", "oe", "uy"):
        return word
    onset = plain[:-2]
    # "quý": qu is the consonant, y the only vowel, so its mark never moves.
    if not all(ch in _CONSONANTS for ch in onset) or (plain.endswith("uy") and onset[-1:] == "q"):
        return word
    src, dst = toned[0], len(word) - (1 if style == "moi" else 2)
    if src not in (len(word) - 2, len(word) - 1) or src == dst:
        return word
    tone = letters[src][1]
    chars = [base for base, _ in letters]
    chars[dst] = nfc(chars[dst] + tone)
    return "".join(chars)


def tone_style(s: str, style: str) -> str:
    """Place tone marks of final oa/oe/uy the old way ("cu": hòa, thủy) or the new ("moi": hoà)."""
    if style not in ("cu", "moi"):
        raise ValueError(f"tone style must be 'cu' or 'moi', not {style!r}")
    return _WORD.sub(lambda m: _restyle_word(m.group(), style), nfc(s))


@functools.lru_cache(maxsize=65536)  # names and headers repeat across a roster
def match_key(s: str) -> str:
    """Equal for two strings that differ only in case, spacing, NFC/NFD and tone-mark style."""
    return " ".join(tone_style(clean_text(s).casefold(), "moi").split())


def ascii_fold(s: str) -> str:
    """Without diacritics: "Đảng ủy" -> "Dang uy"."""
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return nfc("".join(ch for ch in d if unicodedata.category(ch) != "Mn"))


@functools.lru_cache(maxsize=65536)  # every organisation's name, once per kind
def slug(s: str, max_len: int = 60) -> str:
    """A lowercase ASCII file-name part: "Đảng bộ Công ty CP" -> "dang-bo-cong-ty-cp"."""
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_fold(clean_text(s)).lower()).strip("-")
    if len(out) > max_len:
        cut = out[: max_len + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else out[:max_len]
    return out.strip("-") or "x"


def date_words(d: dt.date) -> str:
    """The date in words: "ngày 03 tháng 4 năm 2018" (day padded; month only if 1 or 2)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def date_line(place: str, d: dt.date) -> str:
    """The dateline of a header: "Nam Định, ngày 08 tháng 11 năm 2024"."""
    place = clean_text(place)
    words = date_words(d)
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def date_text(d: dt.date) -> str:
    """A date in running text: "06/11/2024"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def weekday(d: dt.date) -> str:
    return _WEEKDAYS[d.weekday()]


def time_text(t: dt.time) -> str:
    """A time in running text: "08 giờ 00"."""
    return f"{t.hour:02d} giờ {t.minute:02d}"


def count(n: int) -> str:
    """A count in running text: "05", "12", "105"; none at all is "0".

    The leading zero keeps a count of one to nine from being lengthened by hand; a
    zero is not a count to pad (Party statistics write "0", never "00"). Every count
    in the documents and in the messages goes through here, and so do row numbers
    and document numbers, which never start below one.
    """
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return f"{n:02d}" if n else "0"


def thousands(n: int) -> str:
    """A large count the Vietnamese way, «12.000»: in tables and past a thousand in text
    (never a document's number, which stays «1234»)."""
    return f"{n:,}".replace(",", ".")


def decimal_text(x: float) -> str:
    """A number the Vietnamese way: "85", "89,5" (a decimal comma, no trailing zeros).

    Scores are read to two decimals at most (see roster.cells), so two places lose nothing.
    """
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _hundreds(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; ``full`` reads a zero hundreds digit ("không trăm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = [_DIGITS[h], "trăm"] if full or h else []
    if t == 0:
        if u:
            words += ["linh", _DIGITS[u]] if words else [_DIGITS[u]]
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else _DIGITS[u])
    else:
        words += [_DIGITS[t], "mươi"]
        if u:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, _DIGITS[u]))
    return words


def _number_words(n: int, full: bool) -> list[str]:
    if n >= 10**9:
        high, rest = divmod(n, 10**9)
        return _number_words(high, full) + ["tỷ"] + (_number_words(rest, True) if rest else [])
    words: list[str] = []
    for group, unit in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if group:
            # A zero group is not read; the first read group after a larger one is read in full.
            words += _hundreds(group, full or bool(words)) + ([unit] if unit else [])
    return words


def number_words(n: int) -> str:
    """Vietnamese words for n >= 0: 2024 -> "hai nghìn không trăm hai mươi tư"."""
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"number_words takes n >= 0, not {n}")
    return " ".join(_number_words(n, False)) if n else "không"


def doc_number(number: int | None, symbol: str, issuer: str) -> str:
    """Number and symbol: "Số 05-QĐ/ĐUK"; None leaves room to write in: "Số      -QĐ/ĐUK"."""
    if number is None:
        room = " " * 6
    elif operator.index(number) < 1:
        raise ValueError(f"a document number starts at 1, not {number}")
    else:
        room = " " + count(number)
    return f"Số{room}-{nfc(symbol)}/{nfc(issuer)}"


def _name_parts(name: str) -> list[str]:
    """The words of a name in sorting order: given name, middle names, family name."""
    words = clean_text(name).lower().split()
    return words[-1:] + words[1:-1] + words[:1] if len(words) > 1 else words


def _letter_rank(base: str) -> int:
    if base in _ALPHABET:
        return 100 + _ALPHABET[base]
    if base.isdigit():
        return 10 + int(base) if base.isascii() else 10
    return 1000 + ord(base) if base.isalpha() else 1


# A roster sorts the same names again and again (minutes, decisions, lists).
@functools.lru_cache(maxsize=65536)
def name_sort_key(name: str) -> tuple:
    """Sort key for a Vietnamese personal name (FORMAT.md, Vietnamese text).

    All letters of all parts (given name first) are compared before any tone,
    as a dictionary does; where a tone sits (hòa, hoà) does not matter.
    """
    primary, tones = [], []
    for part in _name_parts(name):
        split = [_split_tone(ch) for ch in part]
        primary.append(tuple(_letter_rank(base) for base, _ in split))
        tones.append(tuple(_TONE_RANK[t] for _, t in split if t in _TONE_RANK))
    return tuple(primary), tuple(tones)


@functools.lru_cache(maxsize=1)
def _icu_collator() -> Any:
    try:
        import icu  # PyICU, optional: the extra "icu"
    except ImportError:
        return None
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    collator.setStrength(icu.Collator.SECONDARY)  # case does not order names
    return collator


def sort_names(items: Iterable[T], key: Callable[[T], str] = lambda x: x) -> list[T]:
    """``items`` sorted (stably) by the Vietnamese personal name ``key`` gives."""
    collator = _icu_collator()
    if collator is None:
        return sorted(items, key=lambda item: name_sort_key(key(item)))

    def icu_key(item: T) -> bytes:
        # Same tone style everywhere, so that ICU's accent order does not see hòa != hoà.
        return collator.getSortKey(tone_style(" ".join(_name_parts(key(item))), "moi"))

    return sorted(items, key=icu_key)


# The word a workbook may or may not put before a cluster's name: «3», «Cụm 3», «cụm số 3».
_CLUSTER_WORD = re.compile(r"^(?:cụm|cum)\b(?:\s+(?:số|so)\b)?[\s.:]*", re.IGNORECASE)


def cluster(text: str) -> str:
    """A cluster's name without the word «Cụm», as the templates put it after that word.

    Whether the workbook says «3», «Cụm 3» or «cụm 3», the documents say «Cụm 3».
    """
    return _CLUSTER_WORD.sub("", text.strip())


def cluster_key(text: str) -> str:
    """Equal for two ways of writing the same cluster («Cụm 03», «3»)."""
    name = cluster(text)
    return str(int(name)) if name.isdigit() and name.isascii() else match_key(name)
