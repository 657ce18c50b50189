"""The registry of document kinds, declared.

Adding a kind is a template (``tplbuild``) plus one entry here: the function
that says what its documents hold, and the data it needs before it can be made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import letters
from .docdata import KHOI, TO_CHUC, Doc, Round
from .models import Roster

# Every template must show these; every context also offers COMMON_OPTIONAL.
COMMON_VARS = frozenset({"tieu_de", "so", "ngay", "nguoi_ky"})
COMMON_OPTIONAL = frozenset({"nam", "cq", "dot", "noi_nhan"})


@dataclass(frozen=True)
class Kind:
    key: str  # the CLI name and the template's file stem
    title: str  # Vietnamese name, as the summary and the register show it
    per: str  # what one document is made for: to-chuc | cuoc-hop | dot | khen-thuong
    issuer: str  # KHOI or TO_CHUC
    symbol: str  # CV, GM, TB, BB, QĐ
    documents: Callable[[Round], list[Doc]]
    needs: Callable[[Roster], str | None]  # why the kind cannot be made yet, or None
    required: frozenset[str]  # top-level variables its template must use
    optional: frozenset[str] = frozenset()  # more that its context offers

    @property
    def provides(self) -> frozenset[str]:
        return self.required | self.optional | COMMON_OPTIONAL

    @property
    def template(self) -> str:
        return f"{self.key}.docx"


def _needs_orgs(roster: Roster) -> str | None:
    return None if roster.orgs else "chưa có tổ chức nào trong sheet ToChuc"


def _needs_meetings(roster: Roster) -> str | None:
    return None if roster.meetings else "chưa có lịch kiểm điểm (sheet LichKiemDiem trống)"


KINDS: tuple[Kind, ...] = (
    Kind("cong-van", "Công văn", "to-chuc", KHOI, "CV", letters.cong_van, _needs_orgs,
         COMMON_VARS | {"trich_yeu", "org"}, frozenset({"hop", "phu_trach", "kem_theo", "ho_so"})),
    Kind("giay-moi", "Giấy mời", "cuoc-hop", TO_CHUC, "GM", letters.giay_moi, _needs_meetings,
         COMMON_VARS | {"hop"}, frozenset({"org", "cong_van"})),
    Kind("thong-bao-lich", "Thông báo lịch kiểm điểm", "dot", KHOI, "TB", letters.thong_bao_lich,
         _needs_meetings, COMMON_VARS | {"lich"}, frozenset({"so_to_chuc"})),
)


def get(key: str) -> Kind:
    for kind in KINDS:
        if kind.key == key:
            return kind
    raise KeyError(key)


def keys() -> list[str]:
    return [k.key for k in KINDS]
