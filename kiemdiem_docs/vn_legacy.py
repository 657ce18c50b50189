"""Text typed in the old 8-bit Vietnamese encodings (TCVN3/ABC, VNI) and read by Excel.

Such a workbook shows every byte as its Windows-1252 character: "Đảng bộ" typed in
TCVN3 arrives as "§¶ng bé", typed in VNI as "Ñaûng boä". We decode a candidate
reading of each word and count the words that turn from non-Vietnamese into a
valid Vietnamese syllable: plain character statistics cannot tell VNI "Thò" (Thị)
from the real word "thò", or a TCVN3 "bé" (bộ) from "bé", but a whole-word test can.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "TCVN3"
VNI = "VNI"

_TONES = frozenset("\u0300\u0309\u0303\u0301\u0323")  # huyền hỏi ngã sắc nặng
_STOP_TONES = frozenset("\u0301\u0323")  # the only tones a syllable ending in c/ch/p/t takes

# TCVN3 (ABC, fonts .VnTime): one byte per letter; capitals with a tone do not
# exist (they use the same codes in a capitals-only font such as .VnTimeH).
_TCVN3_MAP = dict(
    zip(
        "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)

# VNI Windows: a base letter followed by a modifier byte, plus a few whole letters.
_VNI_LETTERS = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MODS = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": _CIRC, "á": _CIRC + "\u0301", "à": _CIRC + "\u0300", "å": _CIRC + "\u0309",
    "ã": _CIRC + "\u0303", "ä": _CIRC + "\u0323",
    "ê": _BREVE, "é": _BREVE + "\u0301", "è": _BREVE + "\u0300", "ú": _BREVE + "\u0309",
    "ü": _BREVE + "\u0303", "ë": _BREVE + "\u0323",
}  # fmt: skip
_VNI_MODS.update({k.upper(): v for k, v in list(_VNI_MODS.items())})

# What Windows-1252 puts in 0x80-0x9F: legacy text read through it can hold these.
_CP1252_HIGH = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
_LEGACY_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
_NUCLEI = frozenset(
    "a ă â e ê i y o ô ơ u ư ia iê yê ua uô ưa ươ oa oă oe uâ uê uơ uy uyê uya oo".split()
)
_CODAS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "y", "o", "u")


def _split_tone(ch: str) -> tuple[str, str]:
    """A letter as (letter without its tone, tone mark or "")."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(m for m in d[1:] if m in _TONES)
    rest = d[0] + "".join(m for m in d[1:] if m not in _TONES)
    return unicodedata.normalize("NFC", rest), tone


def is_syllable(word: str) -> bool:
    """Whether ``word`` spells one Vietnamese syllable (either tone-mark style).

    Loose on purpose (it accepts some rhymes the language lacks); what it must do
    is reject the junk that a legacy encoding makes of a syllable.
    """
    parts = [_split_tone(c) for c in unicodedata.normalize("NFC", word).lower()]
    if not parts or any(len(base) != 1 for base, _ in parts):
        return False
    toned = [i for i, (_, tone) in enumerate(parts) if tone]
    if len(toned) > 1 or any(len(parts[i][1]) > 1 for i in toned):
        return False
    plain = "".join(base for base, _ in parts)
    tone = parts[toned[0]][1] if toned else ""
    for onset in _ONSETS:
        if not plain.startswith(onset):
            continue
        rest = plain[len(onset) :]
        for coda in _CODAS:
            nucleus = rest[: len(rest) - len(coda)] if coda else rest
            if not rest.endswith(coda) or nucleus not in _NUCLEI:
                continue
            if coda in ("c", "ch", "p", "t") and tone not in _STOP_TONES:
                continue
            if toned and not len(onset) <= toned[0] < len(onset) + len(nucleus):
                continue
            return True
    return False


def _decode_vni(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if ch in _VNI_LETTERS:
            out.append(_VNI_LETTERS[ch])
            continue
        mods = _VNI_MODS.get(ch)
        if mods and out and _takes_vni_mods(out[-1], mods):
            out[-1] = unicodedata.normalize("NFC", out[-1] + mods)
            continue
        out.append(ch)
    return "".join(out)


def _takes_vni_mods(prev: str, mods: str) -> bool:
    d = unicodedata.normalize("NFD", prev)
    base, marks = d[0].lower(), d[1:]
    if base not in "aeiouy" or any(m in _TONES for m in marks):
        return False
    if _CIRC in mods:
        return base in "aeo" and not marks
    if _BREVE in mods:
        return base == "a" and not marks
    return True


def legacy_to_unicode(s: str, encoding: str) -> str:
    """Read text that was typed in ``encoding`` ("TCVN3" or "VNI") as Unicode (NFC).

    TCVN3 has no capitals with a tone: text typed in a capitals-only font comes
    back in lower case for those letters ("§¶NG" -> "ĐảNG").
    """
    if encoding == TCVN3:
        decoded = "".join(_TCVN3_MAP.get(ch, ch) for ch in s)
    elif encoding == VNI:
        decoded = _decode_vni(s)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return unicodedata.normalize("NFC", decoded)


def _gain(s: str, encoding: str) -> int:
    """Words made Vietnamese by decoding, less words it spoils; 0 when nothing gains."""
    made = spoiled = 0
    for m in _LEGACY_WORD.finditer(s):
        word = m.group()
        if not re.search("[A-Za-z]", word):
            continue  # a lone ©, ½ or ° is a symbol, not a mis-read letter
        decoded = legacy_to_unicode(word, encoding)
        if decoded == word:
            continue
        before, after = is_syllable(word), is_syllable(decoded)
        made += after and not before
        spoiled += before and not after
    return made - spoiled if made else 0


def detect_legacy_encoding(s: str) -> str | None:
    """The legacy encoding ``s`` looks typed in ("TCVN3" or "VNI"), or None."""
    s = unicodedata.normalize("NFC", s)
    if s.isascii():
        return None
    if any(ord(ch) > 0xFF and ch not in _CP1252_HIGH for ch in s):
        return None  # real Unicode letters (ư, đ, ạ …) cannot come out of an 8-bit font
    gains = {enc: _gain(s, enc) for enc in (TCVN3, VNI)}
    best = max(gains, key=lambda enc: gains[enc])
    if gains[best] <= 0 or list(gains.values()).count(gains[best]) > 1:
        return None
    return best
