"""Fuzz: hostile text in every text cell of a small roster, through load, validate and build.

Every text cell (codes, names, free text) gets control characters, markup characters, Excel
``_xHHHH_`` escapes, right-to-left text, emoji and astral characters, decomposed Vietnamese,
zero-width characters, line breaks, legacy-encoded words, sometimes 5,000 characters (see
``fuzzutil``). The workbook holds what Excel would hold for the typed text: characters XML
cannot carry as ``_xHHHH_``, a literal ``_xHHHH_`` with its underscore escaped.

Properties: nothing but a ``KiemdiemError`` is raised; a cell validate refuses is refused for
its own text and reported with its value, and the roster with those cells replaced builds;
no two documents share a file; every XML part of every document parses strictly; every value
is printed exactly as cleaned (``vn.clean_text``; names also on one line and ``vn.name_case``;
a line break a paragraph break); no "None"/"nan"; every document passes ``check_document``
but for breaches the value itself causes (``_caused_by_value``).

The bugs it found are kept as one small test each at the end, so they stay fixed.

CI runs a fixed, derandomised budget. A longer local run, with fresh examples each time:
``KIEMDIEM_FUZZ_EXAMPLES=150 .venv/bin/pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import docx
import fuzzutil as fu
import pytest
import python_calamine as pc
from conftest import BUILD_DAY, BUILD_TIME, make_config
from hypothesis import HealthCheck, Phase, event, given, note, settings

from kiemdiem_docs.api import build
from kiemdiem_docs.check import Breach, check_document
from kiemdiem_docs.errors import KiemdiemError
from kiemdiem_docs.issuing import Summary
from kiemdiem_docs.kinds.wording import cluster, people_in, unbroken
from kiemdiem_docs.roster import (
    CHI_BO,
    DANG_BO,
    Problem,
    Roster,
    committee,
    load,
    schema,
    write_roster,
)
from kiemdiem_docs.roster.validation import validate
from kiemdiem_docs.vn import clean_text, match_key, name_case, one_line

EXAMPLES = int(os.environ.get("KIEMDIEM_FUZZ_EXAMPLES") or 0)
FUZZ = settings(
    max_examples=EXAMPLES or 25,
    deadline=None,
    derandomize=not EXAMPLES,  # CI sees the same examples every run
    database=None,  # no example database in the working folder
    print_blob=bool(EXAMPLES),
    # Shrinking 5,000-character values takes minutes: CI reports the example as found (the
    # assertion names the value and the document); a local run shrinks it.
    phases=tuple(Phase) if EXAMPLES else tuple(p for p in Phase if p is not Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
# Why validate may refuse a fuzzed cell: the text looks typed in a legacy 8-bit encoding, or
# it is an Excel error value typed as text.
# Codes name files: one that is not a plain code is refused, whatever else it holds.
REPORTABLE = ("bảng mã cũ", "lỗi Excel", "Mã tổ chức chỉ gồm", "tên Windows dành cho")
ORG_ISSUED = ("giay-moi", "bien-ban", "quyet-dinh-xep-loai-dang-vien")  # headed by the org
YEAR = str(BUILD_DAY.year)

Cell = tuple[str, int, str]  # (sheet, row index, column key)
Expectation = tuple[tuple[str, str], str, str]  # (document, text it holds, what it is)


# -- the property -----------------------------------------------------------------
@FUZZ
@given(case=fu.rosters())
def test_hostile_text_is_printed_faithfully_or_reported(case: fu.Case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    try:
        _run(case, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(case: fu.Case, folder: Path) -> None:
    try:
        roster = _write_and_load(case, folder)
        reported = _reported_cells(case, roster)
        if reported:
            event("validate reported a fuzzed cell")
            note(f"reported: {sorted(reported)}")
            case = fu.tame(case, reported)
            roster = _write_and_load(case, folder)
            assert not roster.errors, [str(p) for p in roster.errors]
        summary = build(make_config(folder), roster, today=BUILD_DAY, now=BUILD_TIME)
    except KiemdiemError as exc:
        event(f"KiemdiemError: {type(exc).__name__}")
        note(f"raised: {exc}")
        return
    docs = _documents(summary)
    event(f"kinds built: {len({k for k, _ in docs})}")
    _check_values(case, docs, roster)
    for (kind, key), text in docs.items():
        assert not fu.LOOKS_LIKE_LEFTOVER.search(text), (kind, key)
    names = {clean_text(row["ma"]): case.printed("ToChuc", i, "ten")
             for i, row in enumerate(case.sheets["ToChuc"])}
    for r in summary.results:
        org = r.key.rsplit("-", 1)[0] if r.kind == "giay-moi" else r.key
        org_name = names.get(org) if r.kind in ORG_ISSUED else None
        breaches = [b for b in check_document(r.path) if not _caused_by_value(b, org_name)]
        assert not breaches, (r.kind, r.key, [str(b) for b in breaches])


def _write_and_load(case: fu.Case, folder: Path) -> Roster:
    path = folder / "danh-sach.xlsx"
    write_roster(path, case.excel_sheets())
    roster = load(path)
    roster.problems = validate(roster)
    return roster


def _cell_of(problem: Problem) -> Cell:
    sheet = schema.sheet(problem.place.sheet)
    key = next(c.key for c in sheet.columns if c.header == problem.place.column)
    return sheet.name, problem.place.row - 2, key


def _reported_cells(case: fu.Case, roster: Roster) -> set[Cell]:
    """The fuzzed cells validate refuses; each must be refused for its own text."""
    cells = set()
    for p in roster.errors:
        assert p.place.row is not None and p.place.column is not None, str(p)
        cell = _cell_of(p)
        assert cell in case.fuzzed, f"an error on a cell the fuzzer did not touch: {p}"
        assert any(why in p.message for why in REPORTABLE), f"unexpected error: {p}"
        # The loader cites the cell as typed (cleaned); validate, the field as loaded.
        typed = case.typed(*cell)
        assert p.value in (clean_text(typed), one_line(typed)), f"reported without its value: {p}"
        cells.add(cell)
    return cells


def _documents(summary: Summary) -> dict[tuple[str, str], str]:
    """(kind, key) -> the document's text, once each file is shown to be sound."""
    by_path: dict[Path, list] = {}
    for r in summary.results:
        by_path.setdefault(r.path, []).append((r.kind, r.key))
    shared = {p.name: docs for p, docs in by_path.items() if len(docs) > 1}
    assert not shared, f"documents written to one file: {shared}"
    texts = {}
    for r in summary.results:
        assert r.path.is_file(), r.path
        assert not fu.strict_parts(r.path), (r.path.name, fu.strict_parts(r.path))
        docx.Document(str(r.path))
        texts[(r.kind, r.key)] = fu.docx_text(r.path)
    # The certificates are looked at together: their keys are made from slugs.
    certificates = [t for (k, _), t in texts.items() if k == "giay-khen"]
    if certificates:
        texts[("giay-khen", "*")] = "\n".join(certificates)
    return texts


# -- where each value must be printed -------------------------------------------
def _one_line(s: str) -> str:
    """A value set inside a sentence of the minutes: its lines joined by commas."""
    return ", ".join(s.split("\n"))


def _org_expectations(case: fu.Case) -> list[Expectation]:
    out: list[Expectation] = []
    staff = [(match_key(cum), k) for k in range(len(case.sheets["CanBo"]))
             if (cum := case.printed("CanBo", k, "cum_phu_trach"))]
    graded = {clean_text(g["ma_to_chuc"]) for g in case.sheets["XepLoai"] if g["xep_loai"]}
    met = {clean_text(m["ma_to_chuc"]) for m in case.sheets["LichKiemDiem"]}
    for i, row in enumerate(case.sheets["ToChuc"]):
        code, ten = clean_text(row["ma"]), case.printed("ToChuc", i, "ten")
        out += [(("cong-van", code), ten, "ToChuc.ten"), (("bien-ban", code), ten, "ToChuc.ten")]
        if code in graded:
            out.append((("quyet-dinh-xep-loai", YEAR), ten, "ToChuc.ten"))
        if code in met:
            out.append((("thong-bao-lich", YEAR), ten, "ToChuc.ten"))
        if cap_uy := case.printed("ToChuc", i, "ten_cap_uy"):
            out.append((("cong-van", code), "Kính gửi: " + cap_uy, "ToChuc.ten_cap_uy"))
        out.append((("bien-ban", code), case.printed("ToChuc", i, "bi_thu"), "ToChuc.bi_thu"))
        cum = case.printed("ToChuc", i, "cum")
        k = next((k for key, k in staff if cum and key == match_key(cum)), None)
        if k is not None:  # the Standing Committee member in charge of its cluster
            out.append((("cong-van", code), f"Đồng chí {case.printed('CanBo', k, 'ho_ten')}",
                        "CanBo.ho_ten"))
            if chuc_vu := case.printed("CanBo", k, "chuc_vu"):
                out.append((("cong-van", code), chuc_vu, "CanBo.chuc_vu"))
            out.append((("cong-van", code), f"phụ trách Cụm {cluster(cum)}", "ToChuc.cum"))
    return out


def _member_expectations(case: fu.Case, docs: dict, roster: Roster) -> list[Expectation]:
    out: list[Expectation] = []
    # A đảng bộ's minutes name its committee only (told from Chức vụ, here fuzzed).
    reviewed = {m.row for o in roster.orgs
                for m in (committee(roster, o.ma) if o.loai == DANG_BO
                          else roster.members_of(o.ma))}
    for i, row in enumerate(case.sheets["DangVien"]):
        org = clean_text(row["ma_to_chuc"])
        if i + 2 in reviewed:
            out.append((("bien-ban", org), case.printed("DangVien", i, "ho_ten"),
                        "DangVien.ho_ten"))
        if i + 2 in reviewed and (reason := case.printed("DangVien", i, "ly_do_khong_xep_loai")):
            out.append((("bien-ban", org), f"({_one_line(reason)})", "DangVien.ly_do"))
        if ("quyet-dinh-xep-loai-dang-vien", org) in docs and \
                (chi_bo := case.printed("DangVien", i, "chi_bo")):
            out.append((("quyet-dinh-xep-loai-dang-vien", org), chi_bo, "DangVien.chi_bo"))
    return out


def _meeting_expectations(case: fu.Case, roster: Roster) -> list[Expectation]:
    out: list[Expectation] = []
    rows = case.sheets["LichKiemDiem"]
    # An invitation is its organisation's n-th meeting, in date order.
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["ngay"], rows[i].get("gio")
                                                    or dt.time(0), i))
    nth: dict[int, int] = {}
    seen: dict[str, int] = {}
    for i in order:
        code = clean_text(rows[i]["ma_to_chuc"])
        seen[code] = seen.get(code, 0) + 1
        nth[i] = seen[code]
    for i, row in enumerate(rows):
        org = clean_text(row["ma_to_chuc"])
        invitation = ("giay-moi", f"{org}-{nth[i]}")
        place = case.printed("LichKiemDiem", i, "dia_diem")
        delegate = case.printed("LichKiemDiem", i, "dai_bieu")
        title = case.printed("LichKiemDiem", i, "chuc_vu_dai_bieu")
        staff = case.printed("LichKiemDiem", i, "can_bo_du")
        if delegate:
            out.append((invitation, f"Kính gửi: Đồng chí {delegate}"
                        + (f", {title}" if title else ""), "LichKiemDiem.dai_bieu"))
        if place:
            out += [(invitation, f"Địa điểm: {place}.", "LichKiemDiem.dia_diem"),
                    (("bien-ban", org), f"tại {_one_line(place)}, ", "LichKiemDiem.dia_diem"),
                    (("thong-bao-lich", YEAR), place, "LichKiemDiem.dia_diem")]
        if staff:
            # The invitation names a list of names person by person, each kept on one line.
            names = [unbroken(n) for n, _ in people_in(staff, roster.staff) or []]
            out += [(invitation, n, "LichKiemDiem.can_bo_du") for n in names or [staff]]
            out += [(invitation, "Cùng dự có ", "LichKiemDiem.can_bo_du"),
                    (("thong-bao-lich", YEAR), staff, "LichKiemDiem.can_bo_du")]
    return out


def _award_expectations(case: fu.Case) -> list[Expectation]:
    out: list[Expectation] = []
    orgs = {clean_text(row["ma"]): i for i, row in enumerate(case.sheets["ToChuc"])}
    awarded = []  # (achievement, who) as the decision prints them
    for i, row in enumerate(case.sheets["KhenThuong"]):
        person = case.printed("KhenThuong", i, "ho_ten")
        org = case.printed("ToChuc", orgs[clean_text(row["ma_to_chuc"])], "ten")
        awarded.append((case.printed("KhenThuong", i, "thanh_tich"), person or org,
                        f"Đồng chí {person}" if person else org))
    for i, row in enumerate(case.sheets["XepLoai"]):
        if row["tieu_bieu"]:
            org = case.printed("ToChuc", orgs[clean_text(row["ma_to_chuc"])], "ten")
            awarded.append((case.printed("XepLoai", i, "thanh_tich"), org, org))
    keys = [match_key(a) for a, _, _ in awarded if a]
    for achievement, who, certificate in awarded:
        out += [(("quyet-dinh-khen-thuong", YEAR), who, "awarded"),
                (("giay-khen", "*"), certificate, "awarded")]
        # Achievements that read alike are one group, printed as the first of them.
        if achievement and keys.count(match_key(achievement)) == 1:
            out.append((("quyet-dinh-khen-thuong", YEAR), achievement, "thanh_tich"))
    return out


def _check_values(case: fu.Case, docs: dict, roster: Roster) -> None:
    expected = (_org_expectations(case) + _member_expectations(case, docs, roster)
                + _meeting_expectations(case, roster) + _award_expectations(case))
    for doc, text, what in expected:
        if doc[0] in ("cong-van", "bien-ban", "giay-moi"):  # made whatever else is known
            assert doc in docs, f"no {doc[0]} for {doc[1]!r}"
        elif doc not in docs:
            continue
        assert text in docs[doc], f"{what} {text!r} not printed as is in {doc}"


# -- breaches the value itself causes ------------------------------------------------
_QUOTED = re.compile(r"«(.*?)»")


def _uncased(s: str) -> bool:
    """No letter of ``s`` has an upper and a lower case (Hebrew, Arabic, CJK, 𝕏, digits…)."""
    return not any(ch.upper() != ch.lower() for ch in s)


def _caused_by_value(breach: Breach, org_name: str | None) -> bool:
    """A breach the fuzzed text itself causes, not the program (``org_name``: the printed name
    of the organisation whose header the document carries, if any).

    - A signer's name whose only cased letters start its words ("A", "Ư", "עִבְרִית U")
      is all capitals once capitalised per syllable, as FORMAT.md wants names.
    - An organisation name typed on several lines keeps them as paragraphs: in a header
      with three or more lines it overflows the one or two lines FORMAT.md allows the
      issuing body; a line that is just «*» is taken for the header's star, so every line
      of the header after it reads as misplaced; and in a member decision its second line
      stands where the grounds begin, so the checker reads it as a ground.
    """
    m = _QUOTED.search(breach.message)
    quoted = m.group(1).removesuffix("…") if m else ""
    if quoted and breach.rule == "signature" and \
            breach.message.endswith("không viết in hoa toàn bộ"):
        return name_case(quoted) == quoted.upper()
    lines = [" ".join(line.upper().split()) for line in (org_name or "").split("\n")]
    if "*" in lines and breach.rule in ("header", "number"):
        return True
    if breach.rule == "header" and breach.message.startswith("cột trái phải gồm"):
        return len(lines) >= 3
    if quoted and breach.rule == "decision" and breach.message.startswith("căn cứ"):
        return any(line.startswith(quoted) for line in lines[1:])
    return False


# -- the bugs it found, one minimal example each ----------------------------------------
MEETING = {"ma_to_chuc": "001", "ngay": dt.date(2024, 12, 3), "gio": dt.time(8),
           "dia_diem": "Hội trường tầng 2", "dai_bieu": "Nguyễn Tài Sơn",
           "chuc_vu_dai_bieu": "Phó Bí thư Đảng ủy Khối"}


def _roster(org: dict | None = None, meeting: dict | None = None, staff: dict | None = None,
            member: str = "Nguyễn Văn An", **sheets: list[dict]) -> dict[str, list[dict]]:
    """One organisation (code 001) with one member, its meeting and the cluster's staff."""
    return {
        "ToChuc": [{"ma": "001", "ten": "Đảng bộ Công ty Dệt", "loai": DANG_BO, "cum": "1",
                    "bi_thu": "Trần Văn Bình"} | (org or {})],
        "DangVien": [{"ma_to_chuc": "001", "ho_ten": member}],
        "LichKiemDiem": [MEETING | (meeting or {})],
        "CanBo": [{"ho_ten": "Nguyễn Tài Sơn", "chuc_vu": "Phó Bí thư", "cum_phu_trach": "1"}
                  | (staff or {})],
    } | sheets


def _build_typed(tmp_path: Path, sheets: dict[str, list[dict]]) -> dict[str, Path]:
    """Write ``sheets`` as Excel holds the typed text, load, validate, build: kind -> file
    (the one document of each kind the roster makes)."""
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, fu.Case(sheets).excel_sheets())
    roster = load(path)
    roster.problems = validate(roster)
    assert not roster.errors, [str(p) for p in roster.errors]
    summary = build(make_config(tmp_path), roster, today=BUILD_DAY, now=BUILD_TIME)
    return {r.kind: r.path for r in summary.results}


def test_text_that_looks_like_an_excel_escape_is_read_as_typed(tmp_path: Path):
    typed = "Chi bộ Phòng _x0041_"  # Excel stores it as «Chi bộ Phòng _x005F_x0041_»
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, fu.Case(_roster({"ten": typed, "loai": CHI_BO})).excel_sheets())
    assert load(path).orgs[0].ten == typed


def test_clean_text_is_idempotent():
    once = clean_text("Phòng_x005F_x000B_")  # a literal _x000B_, once Excel's escape is read
    assert clean_text(once) == once


def test_noncharacters_do_not_vanish_between_roster_and_document(tmp_path: Path):
    typed = "Đảng bộ Công ty A\uffffB"
    docs = _build_typed(tmp_path, _roster({"ten": typed}))
    assert clean_text(typed) in fu.docx_text(docs["bien-ban"])


@pytest.mark.parametrize(("org", "rule"), [
    ({"bi_thu": "עִבְרִית"}, "signature"),  # a Hebrew name reads as «all capitals»
    ({"ten": "Chi bộ Công ty 19/5\n(2024)", "loai": CHI_BO}, "header"),  # «(2024)» not caps
])  # fmt: skip
def test_caps_rules_ignore_text_without_letter_case(tmp_path: Path, org: dict, rule: str):
    docs = _build_typed(tmp_path, _roster(org))
    assert not [str(b) for b in check_document(docs["bien-ban"]) if b.rule == rule]


def test_capitalised_names_stay_nfc(tmp_path: Path):
    docs = _build_typed(tmp_path, _roster(member="ΐa Nguyễn"))
    assert not [str(b) for b in check_document(docs["bien-ban"]) if b.rule == "nfc"]


def test_invitation_without_secretary_keeps_room_for_a_name(tmp_path: Path):
    docs = _build_typed(tmp_path, _roster({"bi_thu": ""}))
    assert not [str(b) for b in check_document(docs["giay-moi"])]


@pytest.mark.parametrize(("kind", "change", "hole"), [
    ("giay-moi", {"meeting": {"dai_bieu": "", "chuc_vu_dai_bieu": ""}}, "Kính gửi: Đồng chí \n"),
    ("giay-moi", {"meeting": {"dia_diem": ""}}, "Địa điểm: ."),
    ("cong-van", {"meeting": {"gio": None}}, "vào lúc , "),
    ("cong-van", {"meeting": {"dia_diem": ""}}, "tại )"),
    ("cong-van", {"staff": {"chuc_vu": ""}}, "Nguyễn Tài Sơn, , phụ trách"),
])  # fmt: skip
def test_empty_optional_cells_leave_no_hole(tmp_path: Path, kind: str, change: dict, hole: str):
    docs = _build_typed(tmp_path, _roster(**change))
    assert hole not in fu.docx_text(docs[kind])


def test_every_document_has_its_own_file(tmp_path: Path):
    """Codes that would share a file name are refused, and a build never overwrites."""
    orgs = [{"ma": code, "ten": "Chi bộ Trường Tiểu học Nam Phong", "loai": CHI_BO,
             "bi_thu": "Trần Văn Bình"} for code in ("A1", "a1")]
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, {"ToChuc": orgs, "DangVien": [
        {"ma_to_chuc": o["ma"], "ho_ten": "Nguyễn Văn An"} for o in orgs]})
    roster = load(path)
    roster.problems = validate(roster)
    [error] = roster.errors
    assert (error.place.sheet, error.place.row, error.place.column) == ("ToChuc", 3, "Mã")
    assert "«a1»" in error.message and "«A1»" in error.message
    roster.problems = []  # as if validation were skipped: build itself refuses
    with pytest.raises(KiemdiemError, match="cùng tên tệp"):
        build(make_config(tmp_path), roster, today=BUILD_DAY, now=BUILD_TIME)


def test_excel_form_round_trips_through_the_loader(tmp_path: Path):
    """The generator's premise: what it writes reads back as the text it typed."""
    typed = ["a\x0bb\x01c", "_x000B_", "_x005F_x000B_", "x_x0041_y", "\r\n\t", "😀 ש"]
    rows = [{"ma_to_chuc": "001", "ho_ten": "A", "ghi_chu": t} for t in typed]
    path = tmp_path / "danh-sach.xlsx"
    write_roster(path, fu.Case({"DangVien": rows}).excel_sheets())
    sheet = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("DangVien").to_python()
    column = [c.key for c in schema.sheet("DangVien").columns].index("ghi_chu")
    assert [row[column] for row in sheet[1:]] == typed
