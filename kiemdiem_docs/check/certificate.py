"""The layout of a certificate (giấy khen): no header or signature table, its fixed lines."""

from __future__ import annotations

import datetime as dt
import re

from .lines import GAP, date_problems
from .measured import Measured, pt, quote
from .reader import text, text_runs
from .symbols import issuer_problem

# The issuer is judged by its form (symbols.issuer_problem), as on a number line.
_DECISION_REF = re.compile(rf"^Quyết định số{GAP}*(\d{{2,}}|{GAP}{{3,}})-QĐ/"
                           r"(?P<issuer>[^,]*), ngày (\d{2})/(\d{2})/(\d{4})$")
_GOLDEN = re.compile(r"^Số sổ vàng: \d{2,}$")


def check_certificate(c: Measured) -> None:
    """The certificate's own layout: no header table or signature table, its fixed lines."""
    by_text: dict[str, list] = {}
    for pl in c.places:
        by_text.setdefault(text(pl.el).strip(), []).append(pl)
    for label in ("ĐẢNG CỘNG SẢN VIỆT NAM", "GIẤY KHEN"):
        for pl in by_text.get(label, []):
            c.expect(pl.el, pl.where, "certificate", f"dòng «{label}»", bold=True)
        if label not in by_text and not c.blank_form:  # a blank has them pre-printed
            c.add("certificate", "giấy khen", f"thiếu dòng «{label}»")
    biggest = max((c.fm.size(r, pl.el) for pl in c.places for r in text_runs(pl.el)),
                  default=0)
    for pl in by_text.get("GIẤY KHEN", []):
        if min(c.fm.sizes(pl.el)) < biggest:
            c.add("certificate", pl.where, f"«GIẤY KHEN» cỡ {pt(min(c.fm.sizes(pl.el)))}"
                  f" phải là dòng chữ lớn nhất (có chữ cỡ {pt(biggest)})")
    lines = {"quyết định": [pl for t, pls in by_text.items() for pl in pls
                            if t.startswith("Quyết định số")],
             "sổ vàng": [pl for t, pls in by_text.items() for pl in pls
                         if t.startswith("Số sổ vàng")]}
    for label, found in lines.items():
        if not found:
            c.add("certificate", "giấy khen", f"thiếu dòng {label} (in nghiêng, đậm)")
        for pl in found:
            c.expect(pl.el, pl.where, "certificate", f"dòng {label}", bold=True, italic=True)
            t = text(pl.el).strip()
            m = _DECISION_REF.match(t) if label == "quyết định" else _GOLDEN.match(t)
            if not m:
                want = ("Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024" if label == "quyết định"
                        else "Số sổ vàng: 03")
                c.add("certificate", pl.where, f"{quote(t)} không đúng dạng «{want}»")
            elif label == "quyết định":
                if wrong := issuer_problem(t, m["issuer"]):
                    c.add("certificate", pl.where, wrong)
                try:
                    dt.date(int(m[5]), int(m[4]), int(m[3]))
                except ValueError:
                    c.add("certificate", pl.where, f"{quote(t)}: ngày không có thật")
    if "T/M BAN THƯỜNG VỤ" not in by_text:
        c.add("certificate", "giấy khen", "thiếu thẩm quyền ký «T/M BAN THƯỜNG VỤ»")
    for pl in c.places:
        if ", ngày" in text(pl.el) and not text(pl.el).startswith("Quyết định số"):
            for msg in date_problems(text(pl.el)):
                c.add("date", pl.where, msg)
            c.expect(pl.el, pl.where, "date", "dòng ngày", italic=True)
