"""Where a short centred line breaks, measured as Word sets Times New Roman.

A header, a title or a certificate's achievement left to the word processor breaks
greedily: «… TỈNH NAM / ĐỊNH», one word alone below a full line. Party documents set
such lines by hand, balanced. :func:`balance` does it: it measures the text with Times
New Roman's advance widths (``data/widths.json``, made by ``scripts/make_widths.py``),
takes the fewest lines the box allows, and among the ways to break into that many,
the one whose longest line is shortest. Breaks are given as ``\\n``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from .vn import tone_style

CM = 72 / 2.54  # points in a centimetre
# The widths are exact for Times New Roman; the margin covers kerning and rounding, so a
# line measured to fit is never broken again by Word or LibreOffice.
SAFETY = 0.985
# Longer text is a paragraph, not a line to balance (and would make the search slow).
MAX_WORDS = 60
MAX_CHARS = 600
STYLES = ("thuong", "dam", "nghieng", "dam_nghieng")


@functools.cache
def _table(style: str) -> tuple[int, dict[str, int]]:
    path = Path(__file__).resolve().parent / "data" / "widths.json"
    data = json.loads(path.read_text(encoding="utf-8"))[style]
    return data["don_vi"], data["rong"]


def width(text: str, size: float, style: str = "thuong") -> float:
    """The width of ``text`` set in Times New Roman of ``size`` points, in points."""
    units, table = _table(style)
    fallback = table["n"]
    total = 0
    for ch in text:
        w = table.get(ch)
        if w is None:  # a mark sits on its letter; another letter: its base, else average
            w = 0 if unicodedata.combining(ch) else \
                table.get(unicodedata.normalize("NFD", ch)[0], fallback)
        total += w
    return total * size / units


def balance(text: str, box_cm: float, size: float, style: str = "thuong") -> str:
    """``text`` with a ``\\n`` at each break of the most even way to set it in a box
    ``box_cm`` wide: unchanged when it fits on one line, or is too long to balance.

    A run of spaces (the blank of a number written in by hand) is never a break, nor the
    space before a token that starts with a slash or a dash («ngày   /   /2024»).
    """
    if style not in STYLES:
        raise ValueError(f"kiểu chữ «{style}» không có; dùng một trong: {', '.join(STYLES)}")
    if len(text) > MAX_CHARS:
        return text
    words = _tokens(text.strip())
    room = box_cm * CM * SAFETY
    if len(words) < 2 or len(words) > MAX_WORDS or width(text.strip(), size, style) <= room:
        return text
    space = width(" ", size, style)
    sizes = [width(w, size, style) for w in words]
    if max(sizes) > room:  # a word wider than the box: the word processor must cut it
        return text
    ends = _even(words, sizes, space, room, _count(sizes, space, room))
    out, start = [], 0
    for end in ends:
        out.append(" ".join(words[start:end]))
        start = end
    core = text.strip()
    head, tail = text[:text.index(core)], text[text.index(core) + len(core):]
    return head + "\n".join(out) + tail


_SPACE = re.compile(r"(?<! ) (?! )")  # a space alone: a run of them is a blank to fill
_GLUED = re.compile(r"^[/\-–.,;:)»”]")
# Two syllables that make one word in the names of Party bodies and their units: a line
# break between them reads as two words («CƠ / QUAN»). Lower case, NFC.
WORDS = frozenset(tuple(w.split()) for w in (
    "đảng ủy", "đảng bộ", "chi bộ", "cơ quan", "doanh nghiệp", "công ty", "cổ phần",
    "trách nhiệm", "hữu hạn", "thành viên", "thương mại", "dịch vụ", "đầu tư",
    "phát triển", "kinh tế", "kỹ thuật", "trung tâm", "bệnh viện", "nông nghiệp",
    "nông thôn", "xuất nhập", "nhập khẩu", "kiểm soát", "bệnh tật", "cao đẳng", "đại học",
    "thường vụ", "ủy ban", "nhân dân", "xây dựng", "giao thông", "vận tải", "tài chính",
    "ngân hàng", "tỉnh ủy", "huyện ủy", "thành ủy", "quận ủy", "thị ủy", "tổ chức",
    "chất lượng", "kiểm điểm", "đánh giá", "xếp loại", "nhiệm vụ", "hoàn thành",
    "xuất sắc", "cơ sở", "sản xuất", "môi trường", "tài nguyên", "y tế", "giáo dục",
    "đào tạo", "văn hóa", "thể thao", "du lịch", "khoa học", "công nghệ", "công nghiệp",
    "thông tin", "truyền thông", "lao động", "xã hội", "nội vụ", "tư pháp", "kế hoạch",
    "hành chính", "cấp nước", "thoát nước", "điện lực", "bưu điện", "viễn thông",
    "quản lý", "ban hành", "quyết định", "hướng dẫn", "thông báo", "công tác", "đảng viên",
    "tập thể", "cá nhân", "lãnh đạo", "thi đua", "khen thưởng", "giấy khen", "thành tích",
    "nam định", "ninh bình", "hà nội", "hà nam", "thái bình", "thành phố",
))
# Words that introduce a number or a date stay with it («ngày / 24/12/2024» reads badly).
INTRODUCERS = frozenset({"số", "ngày", "tháng", "năm", "giờ", "hồi", "lúc", "điều", "khoản"})
# A break before these reads naturally: a new phrase begins.
OPENERS = frozenset({"và", "của", "về", "tại", "cho", "năm", "trong", "thuộc", "theo"})


def _tokens(text: str) -> list[str]:
    groups: list[list[str]] = []
    for token in _SPACE.split(text):
        if groups and _GLUED.match(token):
            groups[-1].append(token)
        else:
            groups.append([token])
    return [" ".join(group) for group in groups]


def _count(sizes: list[float], space: float, room: float) -> int:
    """How many lines greedy filling takes: the fewest the box allows."""
    lines, used = 1, -space
    for w in sizes:
        if used + space + w > room:
            lines, used = lines + 1, w
        else:
            used += space + w
    return lines


def _penalty(words: list[str], at: int, room: float) -> float:
    """What breaking before ``words[at]`` costs, in the units of a line's squared slack."""
    before = tone_style(words[at - 1].lower().strip("“(«,"), "cu")
    after = tone_style(words[at].lower().strip("”)»,."), "cu")
    if (before, after) in WORDS or (before in INTRODUCERS and after[:1].isdigit()):
        return (0.5 * room) ** 2
    if after in OPENERS or words[at - 1].endswith((",", ";", ":")):
        return -(0.1 * room) ** 2
    return 0.0


def _even(words: list[str], sizes: list[float], space: float, room: float,
          lines: int) -> list[int]:
    """The index after each line's last word, setting the words in ``lines`` lines with
    the least squared slack (balanced lines), a break inside a word costly, and on a tie
    the upper lines the longer, as Party headers are set."""
    n = len(sizes)
    starts = [0.0]
    for w in sizes:
        starts.append(starts[-1] + w)
    inf = float("inf")
    penalty = [0.0] + [_penalty(words, i, room) for i in range(1, n)]
    # best[k][j]: (cost, ends) of the first j words in k lines.
    best = [{0: (0.0, ())}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[float, tuple[int, ...]]] = {}
        for j in range(k, n - (lines - k) + 1):
            top = (inf, ())
            for i, (cost, ends) in best[k - 1].items():
                span = starts[j] - starts[i] + space * (j - i - 1)
                if i >= j or span > room:
                    continue
                c = cost + (room - span) ** 2 * (1 + 1e-3 * k) + penalty[i]
                if c < top[0]:
                    top = (c, (*ends, j))
            if top[0] < inf:
                row[j] = top
        best.append(row)
    return list(best[lines][n][1]) if n in best[lines] else [n]
