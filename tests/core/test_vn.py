"""Tests for kiemdiem_docs.vn (and vn_legacy): the rules of FORMAT.md on Vietnamese text."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem_docs import vn
from kiemdiem_docs.vn_legacy import is_syllable


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- normalisation and cleaning ------------------------------------------------------


def test_nfc_and_is_decomposed() -> None:
    decomposed = nfd("Nguyễn Thị Hương")
    assert decomposed != "Nguyễn Thị Hương"
    assert vn.is_decomposed(decomposed)
    assert vn.nfc(decomposed) == "Nguyễn Thị Hương"
    assert not vn.is_decomposed("Nguyễn Thị Hương")
    assert not vn.is_decomposed("")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (float("nan"), ""),
        ("", ""),
        ("   ", ""),
        (5, "5"),
        (5.0, "5"),
        (2.5, "2.5"),
        ("  Nguyễn   Văn\u00a0 An  ", "Nguyễn Văn An"),
        (nfd("Đảng ủy"), "Đảng ủy"),
        # Excel's _xHHHH_ escapes are decoded by the reader, never again here.
        ("Dòng 1_x000D_\nDòng 2", "Dòng 1_x000D_\nDòng 2"),
        ("Phòng _x0041_", "Phòng _x0041_"),
        ("A\uffffB\ufdd0C\U0010ffff", "ABC"),
        ("A_xFFFF_B_xfffe_C", "ABC"),  # what calamine leaves of Excel's escape of U+FFFF
        ("a\r\nb\rc\vd\fe\u2028f", "a\nb\nc\nd\ne\nf"),
        ("\n\n  a  \n\n\n  b \n \n", "a\nb"),
        ("a\tb", "a b"),
        ("a\x00b\x07c\x1bd\x7fe\x9ff", "abcdef"),
        ("Lan\u200b\u200c\u200d\ufeff", "Lan"),
        ("\ufeffHọ và tên", "Họ và tên"),
        ("Công ty A&B <Việt> \"Nam\" 'X' 1/2", "Công ty A&B <Việt> \"Nam\" 'X' 1/2"),
        ("\ud83d\ude00", "\U0001f600"),  # a character outside the BMP, as two surrogates
        (b"Nguy\xe1\xbb\x85n", "Nguyễn"),
    ],
)
def test_clean_text(raw: object, expected: str) -> None:
    assert vn.clean_text(raw) == expected


def test_clean_text_keeps_tcvn3_letter_u_horn() -> None:
    # 0xAD (soft hyphen) is "ư" in TCVN3: cleaning must not delete it before detection.
    cleaned = vn.clean_text("Tr\xadêng")
    assert cleaned == "Tr\xadêng"
    assert vn.detect_legacy_encoding(cleaned) == "TCVN3"


@given(st.text(alphabet=st.characters(blacklist_characters="_")))
def test_clean_text_is_idempotent_and_tidy(s: str) -> None:
    once = vn.clean_text(s)
    assert vn.clean_text(once) == once
    assert not vn.is_decomposed(once)
    assert "  " not in once and "\n\n" not in once and "\r" not in once
    assert once == once.strip()


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("nguyễn THỊ  lan", "Nguyễn Thị Lan"),
        ("đặng văn ước", "Đặng Văn Ước"),
        ("ĐỖ  ĐỨC   ƯỚC ", "Đỗ Đức Ước"),
        (nfd("trần thị ánh"), "Trần Thị Ánh"),
        ("h'hen niê", "H'Hen Niê"),
        ("nguyễn-lê minh", "Nguyễn-Lê Minh"),
        ("a & b / c", "A & B / C"),
        ("  ", ""),
    ],
)
def test_name_case(raw: str, expected: str) -> None:
    assert vn.name_case(raw) == expected


# --- tone-mark style -----------------------------------------------------------------

TONE_PAIRS = [  # (old style "cu", new style "moi")
    ("hòa", "hoà"),
    ("khỏe", "khoẻ"),
    ("thủy", "thuỷ"),
    ("Đảng ủy", "Đảng uỷ"),
    ("Ủy ban", "Uỷ ban"),
    ("HÒA BÌNH", "HOÀ BÌNH"),
    ("Thanh Hóa", "Thanh Hoá"),
    ("họa sĩ", "hoạ sĩ"),
    ("lòe loẹt", "loè loẹt"),
    ("ĐẢNG ỦY KHỐI", "ĐẢNG UỶ KHỐI"),
    ("Thủy Tùng", "Thuỷ Tùng"),
]
UNCHANGED = [
    "quý", "quỳ", "Quý", "QUÝ", "uyên", "hoàng", "toán", "thuyết", "khuya", "thuở",
    "hoài", "ngoài", "khuỷu", "hoa", "thuy", "Nguyễn", "", "A&B <x>",
]  # fmt: skip


@pytest.mark.parametrize(("cu", "moi"), TONE_PAIRS)
def test_tone_style_pairs(cu: str, moi: str) -> None:
    assert vn.tone_style(cu, "moi") == moi
    assert vn.tone_style(moi, "cu") == cu
    assert vn.tone_style(cu, "cu") == cu
    assert vn.tone_style(moi, "moi") == moi
    assert vn.tone_style(nfd(cu), "moi") == moi


@pytest.mark.parametrize("word", UNCHANGED)
def test_tone_style_leaves_other_syllables(word: str) -> None:
    assert vn.tone_style(word, "cu") == word
    assert vn.tone_style(word, "moi") == word


def test_tone_style_rejects_unknown_style() -> None:
    with pytest.raises(ValueError):
        vn.tone_style("hòa", "new")


_TONED = "hoaueykqtđ òóỏõọàáảãạèéẻẽẹùúủũụỳýỷỹỵ" + "HOAUY ÒÀỦỶ"


@given(st.text(alphabet=_TONED, max_size=30), st.sampled_from(["cu", "moi"]))
def test_tone_style_idempotent_and_reversible(s: str, style: str) -> None:
    once = vn.tone_style(s, style)
    assert vn.tone_style(once, style) == once
    other = "moi" if style == "cu" else "cu"
    assert vn.tone_style(vn.tone_style(once, other), style) == once
    assert vn.match_key(once) == vn.match_key(s)


# --- matching, folding, slugs --------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đảng ủy", "ĐẢNG  UỶ"),
        ("hòa\u00a0bình", "Hoà Bình"),
        ("Họ và\ntên", " họ và tên "),
        (nfd("Nguyễn Thị Thủy"), "nguyễn thị thuỷ"),
        ("Tên cấp ủy", "TÊN CẤP UỶ"),
    ],
)
def test_match_key_equal(a: str, b: str) -> None:
    assert vn.match_key(a) == vn.match_key(b)


@pytest.mark.parametrize(("a", "b"), [("Đảng", "Dang"), ("hoa", "hòa"), ("Thu", "Thư")])
def test_match_key_keeps_diacritics(a: str, b: str) -> None:
    assert vn.match_key(a) != vn.match_key(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đảng ủy Khối", "Dang uy Khoi"),
        ("ĐỖ ĐỨC ƯỚC", "DO DUC UOC"),
        (nfd("Nguyễn Thị Hương"), "Nguyen Thi Huong"),
        ("A&B 1/2", "A&B 1/2"),
    ],
)
def test_ascii_fold(raw: str, expected: str) -> None:
    assert vn.ascii_fold(raw) == expected


@pytest.mark.parametrize(
    ("raw", "max_len", "expected"),
    [
        ("Đảng bộ Công ty CP Dệt Nam Định", 60, "dang-bo-cong-ty-cp-det-nam-dinh"),
        ("Đảng bộ Công ty CP Dệt Nam Định", 20, "dang-bo-cong-ty-cp"),
        ("Đảng bộ Công ty CP Dệt Nam Định", 18, "dang-bo-cong-ty-cp"),
        ("Đảng bộ Công ty CP Dệt Nam Định", 17, "dang-bo-cong-ty"),
        ("Chi bộ A&B / C <D>", 60, "chi-bo-a-b-c-d"),
        ("  --Ủy ban--  ", 60, "uy-ban"),
        ("!!!", 60, "x"),
        ("", 60, "x"),
        ("Nghiêngnghiêngnghiêng", 8, "nghiengn"),
    ],
)
def test_slug(raw: str, max_len: int, expected: str) -> None:
    out = vn.slug(raw, max_len)
    assert out == expected
    assert len(out) <= max_len and out.isascii() and not out.startswith("-")


# --- dates, times, counts, numbers ---------------------------------------------------


@pytest.mark.parametrize(
    ("d", "words", "text", "day"),
    [
        (dt.date(2024, 11, 8), "ngày 08 tháng 11 năm 2024", "08/11/2024", "thứ Sáu"),
        (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018", "03/04/2018", "thứ Ba"),
        (dt.date(2018, 2, 20), "ngày 20 tháng 02 năm 2018", "20/02/2018", "thứ Ba"),
        (dt.date(2025, 1, 1), "ngày 01 tháng 01 năm 2025", "01/01/2025", "thứ Tư"),
        (dt.date(2024, 12, 5), "ngày 05 tháng 12 năm 2024", "05/12/2024", "thứ Năm"),
        (dt.date(2024, 11, 6), "ngày 06 tháng 11 năm 2024", "06/11/2024", "thứ Tư"),
        (dt.date(2024, 12, 2), "ngày 02 tháng 12 năm 2024", "02/12/2024", "thứ Hai"),
        (dt.date(2024, 12, 7), "ngày 07 tháng 12 năm 2024", "07/12/2024", "thứ Bảy"),
        (dt.date(2024, 12, 8), "ngày 08 tháng 12 năm 2024", "08/12/2024", "Chủ nhật"),
        (dt.date(2024, 3, 31), "ngày 31 tháng 3 năm 2024", "31/03/2024", "Chủ nhật"),
    ],
)
def test_dates(d: dt.date, words: str, text: str, day: str) -> None:
    assert vn.date_words(d) == words
    assert vn.date_line("Nam Định", d) == f"Nam Định, {words}"
    assert vn.date_text(d) == text
    assert vn.weekday(d) == day


def test_date_line_without_place() -> None:
    assert vn.date_line("  ", dt.date(2024, 11, 8)) == "Ngày 08 tháng 11 năm 2024"


@pytest.mark.parametrize(
    ("t", "expected"),
    [(dt.time(8, 0), "08 giờ 00"), (dt.time(14, 30), "14 giờ 30"), (dt.time(7, 5), "07 giờ 05")],
)
def test_time_text(t: dt.time, expected: str) -> None:
    assert vn.time_text(t) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0"), (5, "05"), (9, "09"), (10, "10"), (12, "12"), (105, "105")]
)
def test_count(n: int, expected: str) -> None:
    assert vn.count(n) == expected


NUMBER_WORDS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (31, "ba mươi mốt"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (124, "một trăm hai mươi tư"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (10000, "mười nghìn"),
    (15000, "mười lăm nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"),
    (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1005000, "một triệu không trăm linh năm nghìn"),
    (1234567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    (1000000000, "một tỷ"),
    (2000000015, "hai tỷ không trăm mười lăm"),
    (999999999999, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
     "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    (1000000000000, "một nghìn tỷ"),
]  # fmt: skip


@pytest.mark.parametrize(("n", "expected"), NUMBER_WORDS)
def test_number_words(n: int, expected: str) -> None:
    assert vn.number_words(n) == expected


def test_negative_numbers_are_rejected() -> None:
    with pytest.raises(ValueError):
        vn.number_words(-1)
    with pytest.raises(ValueError):
        vn.count(-1)


@pytest.mark.parametrize(
    ("number", "symbol", "issuer", "expected"),
    [
        (5, "QĐ", "ĐUK", "Số 05-QĐ/ĐUK"),
        (820, "CV", "ĐUK", "Số 820-CV/ĐUK"),
        (12, "GM", "ĐU", "Số 12-GM/ĐU"),
        (None, "QĐ", "ĐUK", "Số      -QĐ/ĐUK"),
        (1, nfd("QĐ"), nfd("ĐUK"), "Số 01-QĐ/ĐUK"),
    ],
)
def test_doc_number(number: int | None, symbol: str, issuer: str, expected: str) -> None:
    out = vn.doc_number(number, symbol, issuer)
    assert out == expected
    assert ":" not in out


def test_doc_number_rejects_zero() -> None:
    with pytest.raises(ValueError):
        vn.doc_number(0, "QĐ", "ĐUK")


# --- sorting names -------------------------------------------------------------------

ORDERED_PAIRS = [  # first sorts strictly before second
    ("Nguyễn Văn Anh", "Nguyễn Văn Ánh"),  # tone is secondary
    ("Anh", "Ánh"),
    ("Lê Thị Uyên", "Trần Văn Ước"),  # u before ư, given name first
    ("Dương", "Đặng"),  # d before đ
    ("Đức", "Giang"),  # đ before g (plain sorted() puts Đ after V)
    ("An", "Anh"),
    ("Ánh", "Ân"),  # a before â whatever the tones
    ("Bảo", "Bắc"),  # a before ă
    ("Bắc", "Bằng"),
    ("Hoa", "Hồng"),  # o before ô
    ("Hồng", "Hợp"),  # ô before ơ
    ("Uyên", "Ước"),
    ("Ước", "Vân"),
    ("Ma", "Mà"),  # tones: none, huyền, hỏi, ngã, sắc, nặng
    ("Mà", "Mả"),
    ("Mả", "Mã"),
    ("Mã", "Má"),
    ("Má", "Mạ"),
    ("Trần Văn Hùng", "Lê Thị Lan"),  # given name decides before family name
    ("Nguyễn Mạnh Hùng", "Nguyễn Văn Hùng"),  # then middle names
    ("Nguyễn Văn Hùng", "Trần Văn Hùng"),  # then family name
    ("Lê Hùng", "Nguyễn Mạnh Hùng"),
]


@pytest.mark.parametrize(("first", "second"), ORDERED_PAIRS)
def test_name_sort_key_order(first: str, second: str) -> None:
    assert vn.name_sort_key(first) < vn.name_sort_key(second)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Hòa", "Nguyễn Thị Hoà"),
        ("NGUYỄN THỊ THỦY", "nguyễn thị thuỷ"),
        (nfd("Đặng Văn Ước"), "Đặng  Văn\u00a0Ước"),
    ],
)
def test_name_sort_key_ignores_style_case_and_spacing(a: str, b: str) -> None:
    assert vn.name_sort_key(a) == vn.name_sort_key(b)


def test_plain_sorted_is_wrong_and_ours_is_not() -> None:
    given_names = ["Vân", "Đức", "Dung", "Ước", "Uyên", "An", "Giang"]
    assert sorted(given_names) == ["An", "Dung", "Giang", "Uyên", "Vân", "Đức", "Ước"]
    assert vn.sort_names(given_names) == ["An", "Dung", "Đức", "Giang", "Uyên", "Ước", "Vân"]


ROSTER_IN_ORDER = [
    ("Nguyễn Văn An", 1),
    ("Trần Thị Ánh", 2),  # same letters as "Anh": the middle name decides before the tone
    ("Lê Văn Anh", 3),
    ("Phạm Thị Ân", 4),
    ("Đỗ Văn Bảo", 5),
    ("Hoàng Văn Bắc", 6),
    ("Vũ Văn Dương", 7),
    ("Đặng Văn Đạt", 8),
    ("Bùi Minh Đức", 9),
    ("Lê Thị Hoà", 10),
    ("Nguyễn Thị Hòa", 11),
    ("Nguyễn Mạnh Hùng", 12),
    ("Nguyễn Văn Hùng", 13),
    ("Trần Văn Hùng", 14),
    ("Nguyễn Thị Lan", 15),
    ("nguyễn  thị LAN", 16),  # the same name typed differently: keeps its input place
    ("Đinh Thị Ơn", 17),
    ("Lê Thị Uyên", 18),
    ("Trần Văn Ước", 19),
    ("Phan Thị Vân", 20),
]


SHUFFLED = [ROSTER_IN_ORDER[i] for i in (19, 8, 0, 16, 11, 2, 18, 5, 14, 3, 12, 7, 15, 1,
                                          17, 9, 4, 13, 6, 10)]  # fmt: skip


def test_sort_names_roster() -> None:
    assert sorted(n for _, n in SHUFFLED) == list(range(1, 21))
    assert vn.sort_names(SHUFFLED, key=lambda r: r[0]) == ROSTER_IN_ORDER
    # stability: the two "Lan" rows come out in input order, whichever goes first
    swapped = [r for r in SHUFFLED if r[1] != 15] + [ROSTER_IN_ORDER[14]]
    lans = [r[1] for r in vn.sort_names(swapped, key=lambda r: r[0]) if "lan" in r[0].lower()]
    assert lans == [16, 15]


def test_sort_names_default_key_and_empty() -> None:
    assert vn.sort_names([]) == []
    assert vn.sort_names(["Trần Văn Ước", "Lê Thị Uyên"]) == ["Lê Thị Uyên", "Trần Văn Ước"]


def test_sort_names_with_icu_matches_our_order() -> None:
    pytest.importorskip("icu")
    assert vn.sort_names(SHUFFLED, key=lambda r: r[0]) == ROSTER_IN_ORDER


# --- legacy encodings ----------------------------------------------------------------

LEGACY = [
    ("§¶ng bé", "TCVN3", "Đảng bộ"),
    ("Ph¹m V¨n §øc", "TCVN3", "Phạm Văn Đức"),
    ("NguyÔn ThÞ Lan", "TCVN3", "Nguyễn Thị Lan"),
    ("Tr\xadêng THPT Lª Hång Phong", "TCVN3", "Trường THPT Lê Hồng Phong"),
    ("§¶ng ñy Khèi c¸c c¬ quan", "TCVN3", "Đảng ủy Khối các cơ quan"),
    ("Nguyeãn Thò Lan", "VNI", "Nguyễn Thị Lan"),
    ("Ñaûng boä", "VNI", "Đảng bộ"),
    ("Phaïm Vaên Ñöùc", "VNI", "Phạm Văn Đức"),
    ("Tröôøng THPT Leâ Hoàng Phong", "VNI", "Trường THPT Lê Hồng Phong"),
    ("NGUYEÃN VAÊN TUAÁN", "VNI", "NGUYỄN VĂN TUẤN"),
]
NOT_LEGACY = [
    "Nguyễn Thị Lan",
    "Đảng bộ Công ty Cổ phần Dệt Nam Định",
    "Hello world",
    "Công ty A&B <Việt> \"Nam\" 'X' 1/2",
    "© 2024 Công ty Bé Ngoan",
    "Giá ½ kg",
    "Café Hà",
    "naïve café résumé",
    "Thò Lò",
    "Tô Lâm",
    "Hà Lê",
    "Müller & José",
    "Bé Ngoan",
    "",
    "12/11/2024",
    nfd("Lê Thị Hoà"),
]


@pytest.mark.parametrize(("text", "encoding", "unicode_text"), LEGACY)
def test_detect_and_decode_legacy(text: str, encoding: str, unicode_text: str) -> None:
    assert vn.detect_legacy_encoding(text) == encoding
    assert vn.detect_legacy_encoding(vn.clean_text(text)) == encoding
    assert vn.legacy_to_unicode(text, encoding) == unicode_text
    assert vn.detect_legacy_encoding(unicode_text) is None


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_clean_text_is_not_legacy(text: str) -> None:
    assert vn.detect_legacy_encoding(text) is None


def test_legacy_to_unicode_rejects_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        vn.legacy_to_unicode("abc", "VISCII")


@pytest.mark.parametrize(
    ("word", "ok"),
    [
        ("Nguyễn", True), ("quý", True), ("hoà", True), ("hòa", True), ("khuỷu", True),
        ("người", True), ("giặt", True), ("THUỶ", True), ("Đức", True),
        ("nguyeãn", False), ("§¶ng", False), ("boä", False), ("phaùt", False),
        ("màt", False), ("Ñaûng", False), ("nguyÔn", False),
    ],
)  # fmt: skip
def test_is_syllable(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok
