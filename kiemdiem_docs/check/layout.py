"""The layout of a standard document: header table, title, body, decision, attached list
(the signature table's lines are ruled in :mod:`lines`, a certificate in
:mod:`certificate`)."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from .lines import check_signature, date_problems, number_problems, sign_kind
from .measured import Measured, pt, quote
from .reader import Formats, cell_paragraphs, cells, has_page_break, prefix_runs, text
from .symbols import titles

_HYPHENS = re.compile(r"^-{3,7}$")


class Layout:
    """The header table, title, body, decision, signature and list of one document."""

    def __init__(self, c: Measured) -> None:
        self.c, self.fm, self.blocks = c, c.fm, c.blocks
        self.kind: str | None = None

    def where(self, p) -> str:
        return self.c.where.get(p, "tài liệu")

    def run(self) -> None:
        c, blocks = self.c, self.blocks
        if not blocks or blocks[0].tag != qn("w:tbl"):
            c.add("header", "đầu văn bản", "phần tiêu đề phải là bảng hai cột đứng đầu văn bản")
            return
        self.header(blocks[0])
        sign_at = next((i for i, b in enumerate(blocks) if i and b.tag == qn("w:tbl")
                        and sign_kind(b)), None)
        lists = [i for i, b in enumerate(blocks) if b.tag == qn("w:p")
                 and text(b).strip() in ("DANH SÁCH", "DANH MỤC")]
        end = sign_at if sign_at is not None else (lists[0] if lists else len(blocks))
        start = self.title(end)
        body = [b for b in blocks[start:end] if b.tag == qn("w:p") and text(b).strip()]
        for p in body:
            self.body(p)
        if body and sign_at is not None:
            self.end_mark(body[-1])
        decision = [p for p in body if text(p).strip() == "QUYẾT ĐỊNH:"]
        if decision:
            self.decision(body, decision[0])
        if sign_at is None:
            c.add("signature", "cuối văn bản", "không thấy bảng ký (ô trái bắt đầu «Nơi nhận:», "
                  "hoặc «THƯ KÝ» / «CHỦ TRÌ HỘI NGHỊ» với biên bản)")
        else:
            check_signature(c, blocks[sign_at])
        for i in lists:
            self.attached_list(i)

    # Header table

    def header(self, tbl) -> None:
        c = self.c
        grid = tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))
        row = cells(tbl)[0] if cells(tbl) else []
        if len(grid) != 2 or len(row) != 2:
            c.add("header", "bảng tiêu đề", f"bảng tiêu đề có {len(grid)} cột, phải 2")
            if len(row) < 2:
                return
        visible = _visible_borders(tbl, self.fm)
        if visible:
            c.add("header", "bảng tiêu đề", f"bảng tiêu đề có đường viền ({', '.join(visible)})"
                  "; phải không viền")
        self.left(row[0])
        self.right(row[-1])

    def left(self, tc) -> None:
        c, paras = self.c, cell_paragraphs(tc)
        lines = [(i, p) for i, p in enumerate(paras, 1) if text(p).strip()]

        def at(i: int) -> str:
            return f"bảng tiêu đề, cột trái, dòng {i}"

        star = next((k for k, (_, p) in enumerate(lines) if text(p).strip() == "*"), None)
        # A body right under the Central Committee (a tỉnh ủy, a ban cán sự đảng) has no
        # upper body to name: its own bold name stands alone over the «*».
        alone = star == 1 and self.fm.all_on(lines[0][1], "b")
        if star is None or (star < 2 and not alone) or star > 3 or star + 1 >= len(lines):
            found = " / ".join(quote(text(p)) for _, p in lines) or "trống"
            c.add("header", at(1), "cột trái phải gồm: cơ quan cấp trên, cơ quan ban hành (1–2 "
                  f"dòng), dấu «*», dòng số; thấy {found}")
            if star is None or star < 1 or star + 1 >= len(lines):
                return
        i, p = lines[0]
        if not alone:
            c.expect(p, at(i), "header", "dòng cơ quan cấp trên", size=14, bold=False,
                     caps=True, align="center")
        for i, p in lines[0 if alone else 1:star]:
            c.expect(p, at(i), "header", "dòng cơ quan ban hành", size=14, bold=True, caps=True,
                     align="center")
        c.expect(lines[star][1], at(lines[star][0]), "header", "dấu «*»", align="center")
        i, p = lines[star + 1]
        c.expect(p, at(i), "header", "dòng số", size=14, align="center")
        problems, self.kind = number_problems(text(p))
        for msg in problems:
            c.add("number", at(i), msg)
        rest = lines[star + 2:]
        start = self.c.pack.trich_yeu_cong_van
        if self.kind == "CV" and not rest:
            c.add("header", at(i), f"công văn phải có dòng trích yếu «{start}…» dưới dòng số")
        elif self.kind == "CV" and not text(rest[0][1]).strip().startswith(start):
            c.add("header", at(rest[0][0]), f"trích yếu công văn {quote(text(rest[0][1]))} "
                  f"phải bắt đầu «{start}» (theo {self.c.pack.mo_ta})")
        for i, p in rest:
            if self.kind == "CV":  # a long subject may be broken over several paragraphs
                c.expect(p, at(i), "header", "dòng trích yếu", size=12, italic=True,
                         align="center")
            else:
                c.add("header", at(i), f"thừa dòng {quote(text(p))} ở cột trái (sau dòng số chỉ "
                      "có trích yếu «V/v …» của công văn)")

    def right(self, tc) -> None:
        c = self.c
        lines = [(i, p) for i, p in enumerate(cell_paragraphs(tc), 1) if text(p).strip()]

        def at(i: int) -> str:
            return f"bảng tiêu đề, cột phải, dòng {i}"

        if len(lines) != 2 or text(lines[0][1]).strip() != "ĐẢNG CỘNG SẢN VIỆT NAM":
            c.add("header", at(1), "cột phải phải có đúng hai dòng: «ĐẢNG CỘNG SẢN VIỆT NAM» "
                  "và dòng địa danh, ngày tháng")
            if len(lines) < 2:
                return
        i, p = lines[0]
        c.expect(p, at(i), "header", "dòng «ĐẢNG CỘNG SẢN VIỆT NAM»", size=15, bold=True,
                 caps=True, align="center")
        paras = cell_paragraphs(tc)
        under = paras[paras.index(p) + 1] if paras.index(p) + 1 < len(paras) else None
        ruled = under is not None and not text(under).strip() and self.fm.border(under, "top")
        if not self.fm.underlined(p) and not self.fm.border(p, "bottom") and not ruled:
            c.add("header", at(i), "dưới «ĐẢNG CỘNG SẢN VIỆT NAM» phải có đường kẻ (gạch chân, "
                  "viền dưới đoạn, hoặc viền trên một đoạn trống ngay dưới)")
        i, p = lines[-1]
        c.expect(p, at(i), "date", "dòng ngày", size=14, italic=True, align=("center", "right"))
        for msg in date_problems(text(p)):
            c.add("date", at(i), msg)

    # Title or «Kính gửi:»; returns the index of the first body block

    def title(self, end: int) -> int:
        c, blocks = self.c, self.blocks
        paras = [(k, b) for k, b in enumerate(blocks[1:end], 1)
                 if b.tag == qn("w:p") and text(b).strip()]
        if not paras:
            c.add("title", "sau bảng tiêu đề", "không có tiêu đề hay «Kính gửi:» sau bảng tiêu đề")
            return 1
        k, p = paras[0]
        if self.kind == "CV" or (self.kind is None and text(p).startswith("Kính gửi:")):
            if not text(p).strip().startswith("Kính gửi:"):
                c.add("title", self.where(p), f"công văn: sau bảng tiêu đề phải là «Kính gửi:», "
                      f"thấy {quote(text(p))}")
            else:
                c.expect(p, self.where(p), "title", "dòng «Kính gửi:»", align="center")
            return k + 1
        want = titles(self.kind or "")
        if want and text(p).strip() not in want:
            c.add("title", self.where(p), f"tên loại văn bản {quote(text(p))} không hợp với ký "
                  f"hiệu «{self.kind}» của dòng số, phải «{'» hoặc «'.join(want)}»")
        c.expect(p, self.where(p), "title", "tên loại văn bản", size=(15, 16), bold=True,
                 caps=True, align="center")
        line = next((n for n, (_, q) in enumerate(paras[1:5], 1)
                     if _HYPHENS.match(text(q).strip())), None)
        if line is None:
            c.add("title", self.where(p), "thiếu đường gạch ngắn «-----» (3–7 dấu gạch) dưới "
                  "trích yếu")
            return (paras[1][0] + 1) if len(paras) > 1 else k + 1
        if line == 1:
            c.add("title", self.where(p), "thiếu trích yếu dưới tên loại văn bản")
        for n, (_, q) in enumerate(paras[1:line]):
            c.expect(q, self.where(q), "title", "trích yếu", size=14, bold=True, align="center")
            first = next((ch for ch in text(q) if ch.isalpha()), "")
            if n == 0 and not first.islower():
                c.add("title", self.where(q), f"trích yếu {quote(text(q))} phải bắt đầu bằng chữ "
                      "thường («về việc …»)")
        c.expect(paras[line][1], self.where(paras[line][1]), "title", "đường gạch dưới trích yếu",
                 align="center")
        return paras[line][0] + 1

    # Body text

    def body(self, p) -> None:
        c, fm, where = self.c, self.fm, self.where(p)
        centred_heading = fm.align(p) == "center" and fm.caps(p) and fm.all_on(p, "b")
        bad = sorted(s for s in fm.sizes(p) if s != 14)
        if bad and not centred_heading:
            c.add("body", where, f"{quote(text(p))} cỡ chữ {', '.join(map(pt, bad))}, phải 14")
        if fm.align(p) != "both":
            return
        indent = fm.first_line_cm(p)
        if not 0.9 <= indent <= 1.35:
            c.add("body", where, f"{quote(text(p))} thụt đầu dòng {indent:.2f} cm, phải khoảng "
                  "1 cm (0,9–1,35 cm)")
        line, rule, before, after = fm.spacing(p)
        exact = rule == "exact" and abs(line / 20 - c.line_pt) <= 0.25
        multiple = rule == "auto" and 240 <= line <= 360
        if not (exact or multiple):
            found = f"{line / 240:g} dòng" if rule == "auto" else f"{rule} {line / 20:g} pt"
            c.add("body", where, f"{quote(text(p))} giãn dòng {found}, phải đúng "
                  f"{pt(c.line_pt)} pt (hoặc từ 1 đến 1,5 dòng)")
        if before + after < 120:
            c.add("body", where, f"{quote(text(p))} cách đoạn {(before + after) / 20:g} pt, "
                  "phải ít nhất 6 pt")

    def end_mark(self, p) -> None:
        """The body's last sentence ends with the pack's mark («./.» or «.»)."""
        mark, t = self.c.pack.ket_thuc, text(p).rstrip()
        other = "./." if mark != "./." else None
        if not t.endswith(mark) or (other and t.endswith(other)):
            self.c.add("end", self.where(p), f"{quote(t[-60:])}: phần nội dung phải kết thúc "
                       f"«{mark}» (theo {self.c.pack.mo_ta})")

    # Decision

    def decision(self, body: list, qd) -> None:
        c, fm = self.c, self.fm
        c.expect(qd, self.where(qd), "decision", "dòng «QUYẾT ĐỊNH:»", bold=True, align="center")
        head = body[: body.index(qd)]
        if not head:
            c.add("decision", self.where(qd), "thiếu cơ quan ban hành và căn cứ trước "
                  "«QUYẾT ĐỊNH:»")
        else:
            c.expect(head[0], self.where(head[0]), "decision", "dòng cơ quan ra quyết định",
                     bold=True, caps=True)
            grounds = head[1:]
            if not grounds:
                c.add("decision", self.where(head[0]), "thiếu các căn cứ trước «QUYẾT ĐỊNH:»")
            for n, p in enumerate(grounds):
                t, last = text(p).strip(), n == len(grounds) - 1
                end = "," if last else ";"
                if not t.startswith("- "):
                    c.add("decision", self.where(p), f"căn cứ {quote(t)} phải bắt đầu «- »")
                if not t.endswith(end):
                    c.add("decision", self.where(p), f"căn cứ {quote(t)} phải kết thúc «{end}»")
                if last and not t.startswith("- Xét đề nghị"):
                    c.add("decision", self.where(p), f"căn cứ cuối {quote(t)} phải là «- Xét đề "
                          "nghị …,»")
                if fm.any_on(p, "i"):
                    c.add("decision", self.where(p), f"căn cứ {quote(t)} in nghiêng; căn cứ "
                          "trong văn bản Đảng viết chữ đứng")
        for p in body[body.index(qd) + 1:]:
            m = re.match(r"Điều \d+\.", text(p))
            if m and not all(fm.flag(r, p, "b") for r in prefix_runs(p, m.end())):
                c.add("decision", self.where(p), f"«{m.group()}» phải in đậm")

    # Attached list

    def attached_list(self, i: int) -> None:
        c, fm, blocks = self.c, self.fm, self.blocks
        p = blocks[i]
        broken = fm.page_break_before(p) or has_page_break(p)
        k = i - 1
        while not broken and k >= 0 and blocks[k].tag == qn("w:p"):
            broken = has_page_break(blocks[k])
            if text(blocks[k]).strip():
                break
            k -= 1
        if not broken:
            c.add("list", self.where(p), f"danh sách kèm theo phải sang trang mới (ngắt trang "
                  f"trước «{text(p).strip()}»)")
        c.expect(p, self.where(p), "list", f"«{text(p).strip()}»", bold=True, caps=True,
                 align="center")
        after = [b for b in blocks[i + 1:] if b.tag == qn("w:p") and text(b).strip()][:3]
        want = "(Kèm theo Quyết định số" if self.kind == "QĐ" else "(Kèm theo"
        found = [n for n, q in enumerate(after) if text(q).strip().startswith("(Kèm theo")]
        if not found:
            c.add("list", self.where(p), f"thiếu dòng «{want} …» dưới trích yếu danh sách")
            return
        q = after[found[0]]
        if found[0] != 1:
            c.add("list", self.where(q), "dòng «(Kèm theo …)» phải ở ngay dưới trích yếu")
        if not text(q).strip().startswith(want):
            c.add("list", self.where(q), f"{quote(text(q))} phải bắt đầu «{want}»")
        c.expect(q, self.where(q), "list", "dòng kèm theo", italic=True, align="center")


_SIDES = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")


def _visible_borders(tbl, fm: Formats) -> list[str]:
    """Sides drawn: the table's own borders, else its style's (basedOn chain), and any
    cell's own borders."""
    style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
    chain = fm.chain(style.get(qn("w:val")) if style is not None else None, "table")
    levels = [tbl.find(qn("w:tblPr"))] + [s.find(qn("w:tblPr")) for s in chain]
    out = []
    for side in _SIDES:
        for tblpr in (x for x in levels if x is not None):
            el = tblpr.find(qn("w:tblBorders") + "/" + qn("w:" + side))
            if el is not None:
                if el.get(qn("w:val"), "nil") not in ("nil", "none"):
                    out.append(side)
                break
    for el in tbl.iter(qn("w:tcBorders")):
        out += [ch.tag.split("}")[1] + " (ô)" for ch in el
                if ch.get(qn("w:val"), "nil") not in ("nil", "none")]
    return sorted(set(out))
