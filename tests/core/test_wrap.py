"""Balanced line breaks, measured in Times New Roman's widths."""

from __future__ import annotations

import pytest

from kiemdiem_docs import wrap

HEADER = 7.82  # cm: the header's left column less Word's cell margins


def lines(text: str, box: float = HEADER, size: float = 14, style: str = "dam") -> list[str]:
    return wrap.balance(text, box, size, style).split("\n")


def test_widths_are_times_new_roman():
    # Advance widths of Times New Roman (and Liberation Serif): n is half an em, a space
    # a quarter, W 0.944; a Vietnamese letter is as wide as its base letter.
    assert wrap.width("n", 10) == pytest.approx(5.0)
    assert wrap.width(" ", 10) == pytest.approx(2.5)
    assert wrap.width("W", 1000) == pytest.approx(943.85, abs=0.1)
    assert wrap.width("ệ", 14) == pytest.approx(wrap.width("e", 14))
    assert wrap.width("n", 10, "dam") == pytest.approx(5.56, abs=0.01)


def test_a_line_that_fits_is_left_alone():
    assert wrap.balance("ĐẢNG BỘ TỈNH NAM ĐỊNH", HEADER, 14, "dam") == "ĐẢNG BỘ TỈNH NAM ĐỊNH"


def test_no_word_alone_on_the_last_line():
    # Greedy breaking gives «… TỈNH NAM» / «ĐỊNH».
    got = lines("ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH NAM ĐỊNH")
    assert all(len(line.split()) >= 2 for line in got)
    assert " ".join(got) == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH NAM ĐỊNH"
    assert all(wrap.width(line, 14, "dam") <= HEADER * wrap.CM for line in got)


def test_lines_are_even():
    # Greedy: «ĐẢNG ỦY CÔNG TY CỔ PHẦN IN» / «AN BÌNH».
    assert lines("ĐẢNG ỦY CÔNG TY CỔ PHẦN IN AN BÌNH") == ["ĐẢNG ỦY CÔNG TY", "CỔ PHẦN IN AN BÌNH"]


def test_the_words_of_a_body_name_stay_together():
    got = lines("ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", style="thuong")
    assert got == ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "VÀ DOANH NGHIỆP TỈNH"]


def test_blanks_to_write_in_and_dates_are_never_broken():
    text = ("(Kèm theo Quyết định số      -QĐ/ĐU, ngày      /     /2024 của Đảng ủy Công ty "
            "Cổ phần In An Bình)")
    got = lines(text, box=16.1, style="nghieng")
    assert "\n".join(got).replace("\n", " ") == text  # the blanks' spaces kept
    assert got[0].endswith("/     /2024")
    dated = lines("(Kèm theo Quyết định số 02-QĐ/ĐUK, ngày 24/12/2024 của Ban Thường vụ Đảng ủy "
                  "Khối)", box=16.1, style="nghieng")
    assert not any(line.endswith(("ngày", "số")) for line in dated)


def test_what_cannot_be_balanced_is_returned_as_it_is():
    one_word = "ĐẢNGỦYKHỐICÁCCƠQUANVÀDOANHNGHIỆP"  # wider than the box: Word must cut it
    assert wrap.balance(one_word, 3, 14) == one_word
    paragraph = " ".join(["chữ"] * (wrap.MAX_WORDS + 1))
    assert wrap.balance(paragraph, 5, 14) == paragraph
    assert wrap.balance("", 5, 14) == ""


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="kiểu chữ «dam_lam» không có"):
        wrap.balance("chữ", 5, 14, "dam_lam")


def test_a_long_text_of_glued_tokens_is_returned_at_once():
    import time

    text = "a" + " /" * 499_000  # every token glued to the one before: once quadratic
    start = time.perf_counter()
    assert wrap.balance(text, 5, 14) == text
    assert time.perf_counter() - start < 1.0, "balance must not look into a long text"


def test_the_new_tone_style_keeps_a_word_together_too():
    old = lines("BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP", box=7)
    new = lines("BAN THƯỜNG VỤ ĐẢNG UỶ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP", box=7)
    assert [line.replace("ỦY", "UỶ") for line in old] == new
    assert not any(line.endswith("ĐẢNG") for line in new)


def test_combining_marks_take_no_width():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Hạnh")
    assert wrap.width(nfd, 14) == pytest.approx(wrap.width("Nguyen Thi Hong Hanh", 14))
