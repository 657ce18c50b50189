"""The checker on Party documents another generator makes: every kind and issuer of
Hướng dẫn 36-HD/VPTW, and the ways such a generator draws what FORMAT.md asks for.

The documents are built here in the shapes of a peer project's examples (a nghị quyết
of a tỉnh ủy, a quy chế of a numbered chi bộ, a quy định, a biên bản, a công văn of a
ban cán sự đảng), never copied from it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docfactory import Spec, border, build
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kiemdiem_docs.check import Breach, check_document, number_problems
from kiemdiem_docs.check.symbols import KINDS, issuer_problem, titles

LETTER = {"kind": "cv", "recipients": ("- Như kính gửi,", "- Lưu Văn phòng.")}


def para_of(doc, wanted: str):
    for p in doc.element.body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip().startswith(wanted):
            return docx.text.paragraph.Paragraph(p, None)
    raise AssertionError(wanted)


def check(tmp_path: Path, spec: Spec, *changes) -> list[Breach]:
    doc = build(spec)
    for change in changes:
        change(doc)
    path = tmp_path / "peer.docx"
    doc.save(str(path))
    return check_document(path)


def issuer_alone(name: str, bold: bool = True):
    """A body right under the Central Committee: its own name, no upper body line."""
    def change(doc) -> None:
        left = doc.tables[0].rows[0].cells[0]
        paras = left.paragraphs
        for p in paras[1:paras.index(next(q for q in paras if q.text == "*"))]:
            p._p.getparent().remove(p._p)
        paras[0].runs[0].text, paras[0].runs[0].font.bold = name, bold

    return change


def rule_as_border_below(doc) -> None:
    """The line under «ĐẢNG CỘNG SẢN VIỆT NAM» as the top border of the empty paragraph
    under it (the peer's way), not as an underline."""
    right = doc.tables[0].rows[0].cells[1]
    right.paragraphs[0].runs[0].font.underline = False
    border(right.paragraphs[1], "top", sz="2", color="000000")


def page_field_unfilled(doc) -> None:
    """A PAGE field saved without the number Word fills in when it lays out the page."""
    header = doc.sections[0].header.paragraphs[0]
    for r in header.runs:
        if r.text:
            r._r.getparent().remove(r._r)


def no_decision_line(doc) -> None:
    """A nghị quyết resolves («quyết nghị»), it does not decide."""
    para_of(doc, "QUYẾT ĐỊNH:").runs[0].text = "QUYẾT NGHỊ:"


def subject_over_two_lines(first: str, second: str):
    def change(doc) -> None:
        p = para_of(doc, "V/v ")
        p.runs[0].text = first
        new = docx.text.paragraph.Paragraph(OxmlElement("w:p"), p._parent)
        p._p.addnext(new._p)
        new.alignment = p.alignment
        r = new.add_run(second)
        r.font.size, r.font.italic = p.runs[0].font.size, True

    return change


def left_signer(head: str):
    def change(doc) -> None:
        para_of(doc, "THƯ KÝ").runs[0].text = head

    return change


def set_text(start: str, new: str):
    def change(doc) -> None:
        para_of(doc, start).runs[0].text = new

    return change


NGHI_QUYET = Spec(number="Số 15-NQ/TU", title="NGHỊ QUYẾT",
                  subject="về tăng cường công tác xây dựng Đảng trong tình hình mới",
                  date="Đồng Tháp, ngày 15 tháng 3 năm 2026")
PEER_WAYS = (issuer_alone("TỈNH ỦY ĐỒNG THÁP"), rule_as_border_below, page_field_unfilled)

PEERS = [
    ("nghi-quyet-tinh-uy", NGHI_QUYET, (*PEER_WAYS, no_decision_line)),
    ("quy-che-chi-bo-so", Spec(number="Số      -QC/CB1", title="QUY CHẾ",
                               subject="làm việc của cấp ủy Chi bộ 1 nhiệm kỳ 2024 - 2025",
                               date="Hà Nội, ngày     tháng     năm 2024"), PEER_WAYS),
    ("quy-dinh", Spec(number="Số 05-QĐi/ĐU", title="QUY ĐỊNH",
                      subject="về trách nhiệm nêu gương của cán bộ, đảng viên"), ()),
    ("quy-dinh-numbered-qd", Spec(number="Số 124-QĐ/TW", title="QUY ĐỊNH",
                                  subject="về kiểm điểm và đánh giá, xếp loại chất lượng"),
     ()),
    ("bien-ban-chi-bo", Spec(kind="bb", number="Số 07-BB/CB",
                             date="Hà Nội, ngày 12 tháng 3 năm 2026"), PEER_WAYS[1:]),
    ("cong-van-ban-can-su", Spec(**LETTER, number="Số 15-CV/BCSĐBTC",
                                 date="Hà Nội, ngày 15 tháng 3 năm 2026"),
     (issuer_alone("BAN CÁN SỰ ĐẢNG BỘ TÀI CHÍNH"), *PEER_WAYS[1:],
      subject_over_two_lines("V/v tăng cường kỷ luật, kỷ cương", "hành chính trong các đơn vị"))),
    ("cong-van-lien-tich", Spec(**LETTER, number="Số 357-CV/BTCTU-BDVTU"), ()),
    ("thi-uy", Spec(number="Số 08-KH/ThU", title="KẾ HOẠCH",
                    subject="tổ chức kiểm điểm, đánh giá năm 2024"), ()),
]


@pytest.mark.parametrize(("spec", "changes"), [(s, c) for _, s, c in PEERS],
                         ids=[i for i, *_ in PEERS])
def test_a_peer_document_in_form_passes(tmp_path: Path, spec: Spec, changes) -> None:
    assert [str(b) for b in check(tmp_path, spec, *changes)] == []


@pytest.mark.parametrize(("title", "abbr"), [k for k in KINDS if k[0]], ids=lambda x: x)
def test_every_kind_of_the_annex_is_known(tmp_path: Path, title: str, abbr: str) -> None:
    spec = Spec(number=f"Số 05-{abbr}/ĐUK", title=title)
    assert [str(b) for b in check(tmp_path, spec, no_decision_line)] == []


# A peer's real breaches are still found, each as one rule

BREACHES = [
    ("month-03", NGHI_QUYET, (*PEER_WAYS, no_decision_line,
                              set_text("Đồng Tháp", "Đồng Tháp, ngày 15 tháng 03 năm 2026")),
     "date", "«tháng 3», thấy «tháng 03»"),
    ("unknown-kind", Spec(number="Số 05-XX/ĐUK"), (), "number", "«XX» không có trong"),
    ("issuer-lower-case", Spec(number="Số 05-QĐ/đuk"), (), "number", "«đuk» sai dạng"),
    ("issuer-with-space", Spec(number="Số 05-QĐ/ĐU K"), (), "number", "«ĐU K» sai dạng"),
    ("issuer-missing", Spec(number="Số 05-QĐ/"), (), "number", "thiếu ký hiệu cơ quan"),
    ("state-quy-dinh", Spec(number="Số 05-QyĐ/ĐU", title="QUY ĐỊNH"), (), "number",
     "viết «QĐi»"),
    ("title-against-number", Spec(number="Số 15-NQ/TU"), (), "title",
     "phải «NGHỊ QUYẾT»"),
    ("lone-issuer-not-bold", NGHI_QUYET, (issuer_alone("TỈNH ỦY ĐỒNG THÁP", bold=False),
                                          no_decision_line), "header", "cơ quan cấp trên"),
    ("minutes-wrong-left-signer", Spec(kind="bb"), (left_signer("NGƯỜI GHI BIÊN BẢN"),),
     "signature", "phải «THƯ KÝ»"),
    ("letter-subject-ve-viec", Spec(**LETTER), (
        subject_over_two_lines("Về việc tăng cường kỷ luật", "trong các đơn vị"),),
     "header", "phải bắt đầu «V/v »"),
    ("subject-repeats-the-kind", Spec(number="Số 02-QC/CB1", title="QUY CHẾ",
                                      subject="Quy chế làm việc của cấp ủy Chi bộ 1"), (),
     "title", "chữ thường"),
]


@pytest.mark.parametrize(("spec", "changes", "rule", "words"),
                         [b[1:] for b in BREACHES], ids=[b[0] for b in BREACHES])
def test_a_peer_breach_is_one_rule(tmp_path: Path, spec: Spec, changes, rule: str,
                                   words: str) -> None:
    breaches = check(tmp_path, spec, *changes)
    assert {b.rule for b in breaches} == {rule}, [str(b) for b in breaches]
    assert any(words in b.message for b in breaches), [str(b) for b in breaches]


def test_certificate_decision_line_takes_any_well_formed_issuer(tmp_path: Path) -> None:
    line = "Quyết định số 15-QĐ/ĐUK, ngày 24/12/2024"
    ok = check(tmp_path, Spec(kind="gk"), set_text(line, line.replace("ĐUK", "BTCTU")))
    bad = check(tmp_path, Spec(kind="gk"), set_text(line, line.replace("ĐUK", "đuk")))
    assert ok == []
    assert [b.rule for b in bad] == ["certificate"] and "sai dạng" in bad[0].message


# The symbols on their own

@pytest.mark.parametrize("issuer", ["ĐUK", "ĐU", "CB", "TU", "HU", "CB1", "CB3", "BCSĐBTC",
                                    "ĐUBTC", "VPTW", "BTCTW", "UBKTTU", "ThU",
                                    "BTCTU-BDVTU"])
def test_a_well_formed_issuer(issuer: str) -> None:
    assert issuer_problem("Số 05-QĐ/" + issuer, issuer) is None
    assert number_problems(f"Số 05-QĐ/{issuer}") == ([], "QĐ")


@pytest.mark.parametrize("issuer", ["", "đuk", "Đuk", "ĐU K", "ĐU.K", "ĐU_K", "ĐUK-",
                                    "-ĐUK", "ĐU--K", "ĐUk", "ĐU/K"])
def test_a_malformed_issuer(issuer: str) -> None:
    problem = issuer_problem("Số 05-QĐ/" + issuer, issuer)
    assert problem and "ĐUK, CB1, BCSĐBTC" in problem


def test_quy_dinh_may_be_numbered_either_way() -> None:
    assert titles("QĐ") == ("QUYẾT ĐỊNH", "QUY ĐỊNH")
    assert titles("QĐi") == ("QUY ĐỊNH",)
    assert titles("CV") == ()
    assert number_problems("Số 12-CV/ĐUK") == ([], "CV")  # the tool's own công văn
