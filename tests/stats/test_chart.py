"""The chart: a PNG of the picture's box, the same bytes for the same figures, and a
workbook's names printed as text (never parsed as mathtext), however many clusters."""

from __future__ import annotations

import struct
import warnings

import pytest

from kiemdiem_docs.stats import chart_png
from kiemdiem_docs.stats.chart import DPI, HEIGHT_CM, WIDTH_CM


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def test_the_same_figures_give_the_same_bytes_at_the_boxs_size():
    args = (["Cụm 1", "Cụm 2"], [[1, 5, 1, 0], [0, 6, 0, 1]], [[20, 120, 19, 3], [22, 127, 19, 3]])
    png = chart_png(*args)
    assert png == chart_png(*args)
    assert png != chart_png(args[0], [[1, 5, 1, 0], [0, 6, 1, 0]], args[2])
    width, height = size(png)
    assert abs(width - WIDTH_CM / 2.54 * DPI) <= 1 and abs(height - HEIGHT_CM / 2.54 * DPI) <= 1


@pytest.mark.parametrize("name", [r"$\frac{a}{b}$", r"$\khongco$", "$^{$", "$x$ và $",
                                  r"\$ $^{", "<b>&amp;", "Cụm " + "rất dài " * 40,
                                  "\u202e đảo chiều", ""])
def test_a_workbooks_name_is_text_not_mathtext(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyph, no mathtext parse
        png = chart_png([name, "Cụm 2"], [[1, 0, 0, 0], [0, 1, 0, 0]], [[1, 0, 0, 0], [0, 1, 0, 0]])
    assert size(png)[0] > 0


def test_many_clusters_and_none_graded_still_draw():
    many = [f"Cụm {i}" for i in range(1, 301)]
    assert size(chart_png(many, [[1, 2, 3, 4]] * 300, [[9, 9, 9, 9]] * 300))[0] > 0
    assert size(chart_png(["Cụm 1"], [[0, 0, 0, 0]], [[0, 0, 0, 0]]))[0] > 0
    assert size(chart_png([], [], []))[0] > 0
