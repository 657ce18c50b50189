"""Scores (cột «Điểm») against grades, under the round's rule pack.

From the 2025 round (Quy định 366-QĐ/TW) a member and an organisation are scored on 100
points and the score sets the level; a decided grade outside its score's band is an
error. A grade with no score is accepted: some committees score on paper and type only
the grade. The top grade needs more than points (RULES.md), which no workbook column
records, so that is said once per sheet rather than checked. Under a pack that does not
score (124-2023), scores typed anyway are said to be left unchecked and unprinted.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..packs import RulePack
from ..vn import count, decimal_text
from .models import Grade, Member, OrgGrade, Place, Problem, Roster

_DV, _XL = "DangVien", "XepLoai"
_SCORE, _GRADE = "Điểm", "Xếp loại"
# Which of the pack's extra conditions of the top grade applies on each sheet.
_WHO = {_DV: ("ca_nhan", "đảng viên"), _XL: ("tap_the", "tổ chức")}


def band_text(rules: RulePack, level: str) -> str:
    """A level's points in words: «từ 70 đến dưới 90 điểm», «từ 90 điểm trở lên»."""
    low, high = rules.band(level)
    if high is None:
        return f"từ {decimal_text(low)} điểm trở lên"
    if low <= 0:
        return f"dưới {decimal_text(high)} điểm"
    return f"từ {decimal_text(low)} đến dưới {decimal_text(high)} điểm"


def score_problems(roster: Roster, rules: RulePack) -> list[Problem]:
    """What the scores of sheets DangVien and XepLoai say against their grades."""
    out: list[Problem] = []
    for sheet, records in ((_DV, roster.members), (_XL, roster.grades)):
        if rules.cham_diem:
            _checked(sheet, records, rules, out)
        else:
            _unscored(sheet, records, rules, out)
    return out


def _checked(sheet: str, records: Sequence[Member | OrgGrade], rules: RulePack,
             out: list[Problem]) -> None:
    for r in records:
        if r.diem is None or r.xep_loai is None:
            continue  # a score before the grade is decided: nothing to compare yet
        if r.xep_loai is Grade.KXL:
            out.append(Problem("warning", Place(sheet, r.row, _SCORE), (
                f"«{Grade.KXL.full}» nhưng có điểm: điểm không được dùng, không in vào văn "
                "bản. Xóa điểm, hoặc sửa Xếp loại."), decimal_text(r.diem)))
            continue
        level = rules.level_of(r.diem)
        if level != r.xep_loai.short:
            found = Grade[level]
            out.append(Problem("error", Place(sheet, r.row, _GRADE), (
                f"Điểm {decimal_text(r.diem)} thuộc mức “{found.full}” "
                f"({band_text(rules, level)}), nhưng cột Xếp loại ghi “{r.xep_loai.full}” "
                f"(cần {band_text(rules, r.xep_loai.short)}). Sửa Xếp loại hoặc Điểm."),
                r.xep_loai.full))
    top = [r for r in records if r.xep_loai is Grade.HTXSNV]
    key, who = _WHO[sheet]
    condition = rules.dieu_kien_xuat_sac.get(key)
    if top and condition:
        # One warning for the sheet: a row each would bury the rest of the report.
        out.append(Problem("warning", Place(sheet, None, _GRADE), (
            f"{count(len(top))} {who} xếp loại “{Grade.HTXSNV.full}”: ngoài điểm, mức này còn "
            f"cần {condition} ({rules.mo_ta}). Sổ danh sách không ghi những điều này nên "
            "chương trình không kiểm tra được; cấp ủy đối chiếu trước khi ký.")))


def _unscored(sheet: str, records: Sequence[Member | OrgGrade], rules: RulePack,
              out: list[Problem]) -> None:
    scored = [r for r in records if r.diem is not None]
    if scored:
        out.append(Problem("warning", Place(sheet, scored[0].row, _SCORE), (
            f"{count(len(scored))} dòng có điểm, nhưng đợt này theo {rules.mo_ta}, không chấm "
            "điểm: cột Điểm được đọc nhưng không đối chiếu với Xếp loại và không in vào văn "
            "bản. Nếu đợt này chấm điểm, kiểm tra năm [dot] nam hoặc [goi] quy_dinh trong "
            "kiemdiem.toml.")))
