"""Helpers of the roster fuzz test (tests/test_fuzz.py): hostile text, small valid rosters,
the Excel form of a cell, and the text of a generated .docx.

A generated roster is a dict ``sheet -> rows`` exactly as ``workbook.write_roster`` takes it,
holding the text a clerk typed (control characters included), plus the set of cells that hold
fuzzed text. :func:`excel_form` turns typed text into what an Excel file holds for it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import assume
from hypothesis import strategies as st
from lxml import etree

from kiemdiem_docs.roster import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, LEVELS, Grade, schema
from kiemdiem_docs.vn import clean_text, name_case, one_line, slug

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The checker reads these as a render gone wrong (a template tag, an empty value, text
# escaped twice). A clerk's cell that holds them would be reported by the checker because of
# the cell itself, so the generator leaves them out rather than the test excusing them.
LOOKS_LIKE_LEFTOVER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}|\bNone\b|\bNaN\b|\bnan\b"
    r"|&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)(?:;|$)"
)

# -- hostile text ---------------------------------------------------------------
VIET = ("Nguyễn", "Thị", "Hoà", "Thủy", "Đảng", "bộ", "Công ty", "Cổ phần", "Dệt", "Nam Định",
        "Phường", "Trần Hưng Đạo", "ưu", "khuỷu", "nghiêng", "Ỷ", "Lê", "Phạm", "Quý")
CONTROLS = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                                  *range(0x80, 0xA0)))
BREAKS = ("\n", "\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\n\n\n")
SPACES = (" ", "   ", "\t", "\xa0", "\u3000", "\u2003", "\u202f")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad",
             "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069")
MARKUP = ("&", "<", ">", '"', "'", "<w:t>", "</w:p>", "]]>", "<![CDATA[", "&#", "\\",
          "/", "{", "}", "%", "$", "|", "*", "#N/A", "=1+1", "“", "”", "«", "»", "…")
ESCAPES = ("_x000B_", "_x000D_", "_x000A_", "_x0009_", "_x0000_", "_x001F_", "_x005F_",
           "_x005F_x000B_", "_xD83D__xDE00_", "_xD800_", "_xFFFF_", "_x00A0_", "_x0041_")
# Text typed in TCVN3/VNI and read as Windows-1252, and Latin-1 words that may look like it.
LEGACY = ("§¶ng bé", "Ñaûng boä", "Nguyeãn Vaên", "TrÇn V¨n", "Hoµ", "Cña", "®¹i héi", "Ö")
LATIN1 = st.text(st.sampled_from("abcdeghilmnostuy" + "".join(map(chr, range(0xA1, 0x100)))),
                 min_size=1, max_size=8)
RTL = ("مرحبا بالعالم", "حزب", "שלום עולם", "עִבְרִית", "ﷺ", "\u0627\u064b", "١٢٣")
ASTRAL = ("😀", "👨\u200d👩\u200d👧", "🇻🇳", "🏳️\u200d🌈", "𝕏𝔶", "𠀀𪜀", "\U0001F600\ufe0f",
          "👍🏽", "\U000E0041")
# Characters an XML 1.0 document cannot hold; Excel stores them as _xHHHH_.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # overlapping: "_x005F_x000B_"
LONG = 5000


def excel_form(typed: str) -> str:
    """What an .xlsx holds for ``typed``: a literal ``_xHHHH_`` gets its underscore escaped
    (``_x005F_``) and characters XML cannot hold become ``_xHHHH_``, as Excel writes them.

    openpyxl refuses those characters (IllegalCharacterError) rather than escape them, so the
    generator hands it this form; python-calamine decodes it back to the typed text (except
    _xFFFE_/_xFFFF_, which it leaves as written).
    """
    s = _LITERAL_ESCAPE.sub("_x005F_", typed)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", s)


def _vietnamese(word: str, decomposed: bool) -> str:
    return unicodedata.normalize("NFD" if decomposed else "NFC", word)


_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # no lone surrogates: xlsx has none
FRAGMENT = st.one_of(
    st.builds(_vietnamese, st.sampled_from(VIET), st.booleans()),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=6),
    st.sampled_from(CONTROLS), st.sampled_from(BREAKS), st.sampled_from(SPACES),
    st.sampled_from(INVISIBLE), st.sampled_from(MARKUP), st.sampled_from(ESCAPES),
    st.sampled_from(RTL), st.sampled_from(ASTRAL), st.sampled_from(LEGACY), LATIN1,
    st.characters(min_codepoint=0x10000, exclude_categories=("Cs",)),
    st.text(_ANY_CHAR, min_size=1, max_size=4),
)


def _long(pieces: list[str]) -> str:
    unit = "".join(pieces) or "x"
    return (unit * (LONG // len(unit) + 1))[:LONG]


def _printed(s: str, name: bool) -> str:
    """What a document prints for a typed cell: cleaned, on one line, and for a name
    capitalised per syllable (FORMAT.md)."""
    text = one_line(s)
    return name_case(" ".join(text.split())) if name else text


@st.composite
def fuzz_text(draw, *, required: bool = False, name: bool = False, long_ok: bool = True) -> str:
    """Typed text made of hostile fragments; ``required``: never empty once cleaned."""
    pieces = draw(st.lists(FRAGMENT, max_size=8))
    s = _long(pieces) if long_ok and draw(st.integers(0, 29)) == 0 else "".join(pieces)
    if required and not _printed(s, name):
        s = draw(st.sampled_from(("A", "Đ", "ư", "😀", "ب"))) + s
    assume(not LOOKS_LIKE_LEFTOVER.search(_printed(s, name)))
    # openpyxl writes a string that starts with "=" as a formula: such a cell would be a
    # formula in the workbook, not typed text.
    return " " + s if s.startswith("=") else s


# -- a small roster that validate accepts unless the text itself is the problem -----------
TEXT_KINDS = ("text", "name", "code")


@dataclass
class Case:
    sheets: dict[str, list[dict]]
    fuzzed: set[tuple[str, int, str]] = field(default_factory=set)  # (sheet, index, key)

    def typed(self, sheet: str, index: int, key: str) -> str:
        return self.sheets[sheet][index].get(key) or ""

    def printed(self, sheet: str, index: int, key: str) -> str:
        kind = schema.sheet(sheet).column(key).kind
        return _printed(self.typed(sheet, index, key), kind == "name")

    def excel_sheets(self) -> dict[str, list[dict]]:
        return {name: [{k: excel_form(v) if isinstance(v, str) else v for k, v in row.items()}
                       for row in rows] for name, rows in self.sheets.items()}


def _codes(n: int):
    plain = st.integers(1, 999).map(lambda i: f"{i:03d}")
    # Codes that give one file-name part ("😀" and "ب", "A1" and "a1") are refused by
    # validate (test_every_document_has_its_own_file): the generator keeps them apart.
    odd = fuzz_text(required=True, long_ok=False).filter(lambda c: len(_code_slug(c)) <= 20)
    return st.lists(st.one_of(plain, plain, odd), min_size=n, max_size=n,
                    unique_by=(clean_text, _code_slug))


def _code_slug(code: str) -> str:
    return slug(clean_text(code), 20)  # the loaded code, as output_path slugs it


@st.composite
def rosters(draw) -> Case:
    """2-4 organisations, a few members each, a meeting for most, grades for most rosters,
    CanBo in charge of the clusters, KhenThuong; every text cell fuzzed. Codes, names, dates
    and grades agree across sheets, so validate finds nothing but what the text causes."""
    n = draw(st.integers(2, 4))
    codes = draw(_codes(n))
    case = Case({s.name: [] for s in schema.SHEETS})

    def put(sheet: str, row: dict) -> None:
        rows = case.sheets[sheet]
        rows.append(row)
        case.fuzzed |= {(sheet, len(rows) - 1, k) for k, v in row.items()
                        if isinstance(v, str) and schema.sheet(sheet).column(k).kind in TEXT_KINDS}

    def text(required: bool = False) -> str:
        return draw(fuzz_text(required=required))

    def person(required: bool = True) -> str:
        return draw(fuzz_text(required=required, name=True))

    clusters = [text() for _ in range(draw(st.integers(1, 3)))]
    graded_round = draw(st.integers(0, 3)) > 0  # most rosters reach the decisions
    day = dt.date(2024, 12, 2)
    for i, code in enumerate(codes):
        loai = draw(st.sampled_from((DANG_BO, CHI_BO)))
        put("ToChuc", {"ma": code, "ten": text(True), "loai": loai,
                       "cum": clusters[i % len(clusters)],
                       "bi_thu": person(False), "dia_chi": text(),
                       "ten_cap_uy": draw(st.sampled_from(("", text(True))))})
        all_graded = draw(st.booleans())
        for _ in range(draw(st.integers(1, 3))):
            grade = draw(st.sampled_from(Grade)) if all_graded or draw(st.booleans()) else None
            put("DangVien", {
                "ma_to_chuc": code, "ho_ten": person(), "chi_bo": text(), "chuc_vu": text(),
                "ngay_sinh": dt.date(1980, 5, 12), "ngay_vao_dang": dt.date(2010, 2, 3),
                "chinh_thuc": draw(st.sampled_from((CHINH_THUC, DU_BI, ""))),
                "tu_xep_loai": draw(st.sampled_from((None, *LEVELS))), "xep_loai": grade,
                "de_nghi": grade, "ly_do_khong_xep_loai": text(True) if grade is Grade.KXL else "",
                "htxsnv_5_nam": grade is Grade.HTXSNV and draw(st.booleans()), "ghi_chu": text()})
        if draw(st.integers(0, 4)):
            put("LichKiemDiem", {
                "ma_to_chuc": code, "ngay": day + dt.timedelta(days=i),
                "gio": draw(st.sampled_from((None, dt.time(8), dt.time(14, 30)))),
                "dia_diem": text(), "dai_bieu": person(False), "chuc_vu_dai_bieu": text(),
                "can_bo_du": text()})
        if graded_round:
            grade = draw(st.sampled_from(LEVELS))
            put("XepLoai", {"ma_to_chuc": code, "tu_xep_loai": grade, "de_nghi": grade,
                            "xep_loai": grade, "thanh_tich": text(),
                            "tieu_bieu": grade is Grade.HTXSNV and draw(st.booleans())})
    for k in range(draw(st.integers(1, 3))):
        put("CanBo", {"ho_ten": person(), "chuc_vu": text(),
                      "cum_phu_trach": clusters[k] if k < len(clusters) else text()})
    members = case.sheets["DangVien"]
    for _ in range(draw(st.integers(0, 2))):
        m = draw(st.sampled_from(members))
        put("KhenThuong", {"ma_to_chuc": m["ma_to_chuc"], "thanh_tich": text(True),
                           "ho_ten": draw(st.sampled_from(("", m["ho_ten"])))})
    return case


def tame(case: Case, cells: set[tuple[str, int, str]]) -> Case:
    """The same roster with ``cells`` replaced by plain text; a code is replaced in every
    sheet that refers to it, so the roster still holds together."""
    sheets = {name: [dict(row) for row in rows] for name, rows in case.sheets.items()}
    codes = {clean_text(case.typed(s, i, k)) for s, i, k in cells
             if schema.sheet(s).column(k).kind == "code"}
    fresh = {c: f"THAY{n:02d}" for n, c in enumerate(sorted(codes), 1)}
    for name, rows in sheets.items():
        for row in rows:
            for col in schema.sheet(name).columns:
                if col.kind == "code" and clean_text(row.get(col.key) or "") in fresh:
                    row[col.key] = fresh[clean_text(row[col.key])]
    for s, i, k in cells:
        kind = schema.sheet(s).column(k).kind
        if kind == "name":
            sheets[s][i][k] = f"Nguyễn Văn Thay {s} {i}"
        elif kind == "text":
            sheets[s][i][k] = f"Giá trị thay {s} {i} {k}"
    return Case(sheets, case.fuzzed - cells)


# -- reading the documents back ------------------------------------------------
def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included, in document order), one a line."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join(paragraph_text(p) for p in root.iter(W + "p"))


def paragraph_text(p) -> str:
    out = []
    for r in p.iter(W + "r"):
        for child in r:
            if child.tag == W + "t":
                out.append(child.text or "")
            elif child.tag == W + "tab":
                out.append("\t")
            elif child.tag in (W + "br", W + "cr"):
                out.append(" ")  # a balanced line's break stands where a space was
    return "".join(out)


def strict_parts(path: Path) -> list[str]:
    """Parse every XML part of ``path`` strictly; the names of the parts that fail, with why."""
    bad = []
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(z.read(info), parser)
                except etree.XMLSyntaxError as exc:
                    bad.append(f"{info.filename}: {exc}")
    return bad
