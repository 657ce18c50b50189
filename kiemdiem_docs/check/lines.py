"""The lines whose form FORMAT.md fixes word by word: the number line, the place-and-date
line, and the signature block with its recipients.

``number_problems`` and ``date_problems`` return Vietnamese messages, so that a caller can
test one line on its own; ``check_signature`` adds its breaches to the checker it is given.
"""

from __future__ import annotations

import datetime as dt
import re

from docx.oxml.ns import qn

from .measured import Measured, quote
from .reader import cell_paragraphs, cells, text
from .symbols import issuer_problem, kind_problem

GAP = "[ \u00a0]"
_NUMBER = re.compile(rf"^Số(?P<colon>{GAP}*:)?(?P<gap>{GAP}*|\t+)(?P<num>\d*)"
                     rf"{GAP}*-(?P<kind>[^/]*)/(?P<issuer>.*)$")
_DATE = re.compile(rf"^(?P<place>[^,]+),{GAP}+ngày{GAP}+(?P<d>\S+){GAP}+tháng{GAP}+"
                   rf"(?P<m>\S+){GAP}+năm{GAP}+(?P<y>\d{{4}})$")
_BLANK_DATE = re.compile(rf"^[^,]+, ngày{GAP}{{3,}}tháng{GAP}{{3,}}năm \d{{4}}$")
_PREFIX = re.compile(r"^(?:TS|ThS|PGS|GS|KS|BS|CN|Đ/c|đ/c|đồng chí|Đồng chí)\b\.?", re.U)
_BLANK_NAME = re.compile(r"^[.…_\s]+$")
MINUTES_HEADS = ("THƯ KÝ", "CHỦ TRÌ HỘI NGHỊ")  # left and right signers of minutes


def number_problems(t: str) -> tuple[list[str], str | None]:
    """What is wrong with a number line (`Số 05-QĐ/ĐUK`), and the kind's symbol."""
    m = _NUMBER.match(t.strip())
    if not m:
        return [f"dòng số {quote(t)} không đúng dạng «Số 05-QĐ/ĐUK»"], None
    out = []
    if m["colon"]:
        out.append(f"{quote(t)}: viết «Số» không có dấu hai chấm (không theo kiểu «Số:»)")
    num, gap = m["num"], m["gap"]
    if num:
        if len(num) != max(2, len(str(int(num)))):
            out.append(f"{quote(t)}: số dưới 10 có một số 0 đứng trước (05), số từ 10 không có")
        if gap != " " and not m["colon"]:
            out.append(f"{quote(t)}: giữa «Số» và số văn bản là một dấu cách")
    elif len(gap) < 3 and "\t" not in gap:
        out.append(f"{quote(t)}: số để trống phải chừa chỗ (ít nhất 3 dấu cách) để ghi số")
    wrong_kind = kind_problem(t, m["kind"])
    out += [msg for msg in (wrong_kind, issuer_problem(t, m["issuer"])) if msg]
    return out, None if wrong_kind else m["kind"]


def date_problems(t: str) -> list[str]:
    """What is wrong with a place-and-date line (`Nam Định, ngày 08 tháng 11 năm 2024`)."""
    t = t.strip()
    if _BLANK_DATE.match(t):
        return []
    m = _DATE.match(t)
    if not m:
        return [f"dòng ngày {quote(t)} không đúng dạng «Nam Định, ngày 08 tháng 11 năm 2024»"]
    out = []
    d, mo, y = m["d"], m["m"], int(m["y"])
    if not re.fullmatch(r"\d{2}", d):
        out.append(f"{quote(t)}: ngày viết hai chữ số (ngày 08), thấy «ngày {d}»")
    if not mo.isdigit() or not 1 <= int(mo) <= 12:
        out.append(f"{quote(t)}: tháng «{mo}» không phải một tháng")
    elif mo != (f"{int(mo):02d}" if int(mo) <= 2 else str(int(mo))):
        want = f"{int(mo):02d}" if int(mo) <= 2 else str(int(mo))
        out.append(f"{quote(t)}: tháng 1, 2 viết 01, 02; tháng 3 đến 12 không có số 0: "
                   f"«tháng {want}», thấy «tháng {mo}»")
    if d.isdigit() and mo.isdigit() and not out:
        try:
            dt.date(y, int(mo), int(d))
        except ValueError:
            out.append(f"{quote(t)}: không có ngày {d}/{mo}/{y}")
    return out


# Signature and recipients


def sign_kind(tbl) -> str | None:
    """«letter» or «minutes» for a signature table, ``None`` for any other table."""
    row = cells(tbl)[0] if cells(tbl) else []
    heads = [next((text(p).strip() for p in cell_paragraphs(tc) if text(p).strip()), "")
             for tc in row]
    if heads and heads[0].startswith("Nơi nhận"):
        return "letter"
    # Either head tells minutes, so that a wrong other head is named, not the table missed
    if len(heads) == 2 and (heads[0] == "THƯ KÝ" or heads[1] == "CHỦ TRÌ HỘI NGHỊ"):
        return "minutes"
    return None


def check_signature(c: Measured, tbl) -> None:
    """The signature table: recipients and signer of a letter, or the two signers of minutes."""
    row = cells(tbl)[0]
    if sign_kind(tbl) == "minutes":
        for n, (tc, want) in enumerate(zip(row, MINUTES_HEADS, strict=True)):
            at = f"bảng ký, cột {'trái' if n == 0 else 'phải'}"
            head = next((text(p).strip() for p in cell_paragraphs(tc) if text(p).strip()), "")
            if head != want:
                c.add("signature", at, f"biên bản: chức danh ký {quote(head)}, phải «{want}»")
            _sign_block(c, tc, at, minutes=True)
        return
    _recipients(c, row[0])
    if len(row) < 2:
        c.add("signature", "bảng ký", "bảng ký phải có hai cột: nơi nhận và chữ ký")
        return
    _sign_block(c, row[-1], "bảng ký, cột phải", minutes=False)


def _recipients(c: Measured, tc) -> None:
    fm = c.fm
    lines = [(i, p) for i, p in enumerate(cell_paragraphs(tc), 1) if text(p).strip()]
    i, p = lines[0]
    at = f"bảng ký, cột trái, dòng {i}"
    if not text(p).strip().startswith("Nơi nhận:"):
        c.add("recipients", at, f"{quote(text(p))}: viết «Nơi nhận:» (có dấu hai chấm)")
    c.expect(p, at, "recipients", "«Nơi nhận:»", size=14, italic=False)
    if not fm.underlined(p, len("Nơi nhận")):
        c.add("recipients", at, "«Nơi nhận:» phải gạch chân (không in đậm nghiêng như văn "
              "bản Nhà nước)")
    if len(lines) < 2:
        c.add("recipients", at, "thiếu danh sách nơi nhận dưới «Nơi nhận:»")
    for n, (i, p) in enumerate(lines[1:], 2):
        at, t = f"bảng ký, cột trái, dòng {i}", text(p).strip()
        end = "." if n == len(lines) else c.sep
        if not t.startswith("- "):
            c.add("recipients", at, f"nơi nhận {quote(t)} phải bắt đầu «- »")
        if not t.endswith(end):
            c.add("recipients", at, f"nơi nhận {quote(t)} phải kết thúc «{end}»")
        if n == len(lines) and not c.pack.cho_phep_vt and re.search(r"\bVT\b", t):
            c.add("recipients", at, f"nơi nhận {quote(t)}: theo {c.pack.mo_ta}, dòng lưu "
                  "ghi nơi lưu (như «- Lưu Đảng ủy.»), không ghi «VT»")
        c.expect(p, at, "recipients", "nơi nhận", size=12)


def _sign_block(c: Measured, tc, at: str, minutes: bool) -> None:
    paras = cell_paragraphs(tc)
    lines = [k for k, p in enumerate(paras) if text(p).strip()]
    if not lines:
        c.add("signature", at, "ô chữ ký trống")
        return
    k0 = lines[0]
    first = text(paras[k0]).strip()
    if minutes:
        c.expect(paras[k0], f"{at}, dòng {k0 + 1}", "signature", "chức danh", bold=True,
                 caps=True)
        before_room = k0
    else:
        if re.match(r"^(TM|KT|TL)\.", first):
            c.add("signature", f"{at}, dòng {k0 + 1}", f"{quote(first)}: văn bản Đảng viết "
                  "«T/M», «K/T», «T/L» (không viết «TM.», «KT.», «TL.» như Nhà nước)")
        elif not re.match(r"^(T/M|K/T|T/L) \S", first):
            c.add("signature", f"{at}, dòng {k0 + 1}", f"dòng đầu {quote(first)} phải là thẩm "
                  "quyền ký «T/M …», «K/T …» hoặc «T/L …»")
        c.expect(paras[k0], f"{at}, dòng {k0 + 1}", "signature", "thẩm quyền ký", bold=True,
                 caps=True)
        if len(lines) < 2:
            c.add("signature", at, "thiếu chức vụ người ký")
            return
        k1 = lines[1]
        c.expect(paras[k1], f"{at}, dòng {k1 + 1}", "signature", "chức vụ người ký",
                 bold=False, caps=True)
        before_room = k1
    after = [k for k in lines if k > before_room]
    name_at = after[0] if after else len(paras)
    room = sum(1 + len(p.findall(".//" + qn("w:br")))
               for p in paras[before_room + 1:name_at])
    if room < 3:
        c.add("signature", at, f"chỉ có {room} dòng trống để ký, phải ít nhất 3")
    if not after:
        c.add("signature", at, "thiếu họ tên người ký")
        return
    p, t = paras[name_at], text(paras[name_at]).strip()
    if _BLANK_NAME.match(t):
        return  # dots left for a name written by hand
    c.expect(p, f"{at}, dòng {name_at + 1}", "signature", "họ tên người ký", size=14,
             bold=True, caps=False)
    if m := _PREFIX.match(t):
        c.add("signature", f"{at}, dòng {name_at + 1}", f"{quote(t)}: không ghi học hàm, học "
              f"vị hay «{m.group()}» trước họ tên người ký")
