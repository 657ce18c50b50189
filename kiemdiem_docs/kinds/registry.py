"""The registry of document kinds, declared.

Adding a kind is a template (``tplbuild``) plus one entry here: the function
that says what its documents hold, and the data it needs before it can be made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..config import Config
from ..roster import Roster
from . import awards, decisions, letters, minutes, report
from .docdata import KHOI, TO_CHUC, Doc, Round

# Every template must show these; every context also offers COMMON_OPTIONAL.
COMMON_VARS = frozenset({"tieu_de", "so", "ngay", "nguoi_ky"})
COMMON_OPTIONAL = frozenset({"nam", "cq", "dot", "noi_nhan", "thay_the",
                             "ket_thuc"})


@dataclass(frozen=True, kw_only=True)
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
    # The template's file stem when the settings choose between several (else ``key``).
    variant: Callable[[Config], str] | None = None
    # Organisations whose document cannot be made yet though others can: (code, reason).
    partial: Callable[[Roster], list[tuple[str, str]]] | None = None
    # Each document is one organisation's, made from its own rows alone (``incremental``):
    # a build plans it again only when those rows, the settings or its numbers change.
    local: bool = False
    # For a kind that is not local: the part of the roster its documents are made from,
    # so that a build plans them again only when it changes. None: planned every time.
    reads: Callable[[Roster], object] | None = None
    # The kind whose number and date each document cites (an invitation its letter, of
    # the same organisation; a certificate the award decision of the round): when that
    # one is renumbered, these follow it.
    cites: str | None = None
    # False: the documents carry the number of the one they cite (a certificate, its
    # decision's), and have none of their own to renumber.
    own_number: bool = True
    # False: sent up, not to the organisations (the results report): in no organisation's pack.
    to_orgs: bool = True
    # Pictures drawn from a document's context (PNG bytes), by the name the template gives
    # the picture each takes the place of (check-template looks for those names).
    pictures: Mapping[str, Callable[[dict], bytes]] = field(default_factory=dict, hash=False,
                                                            compare=False)
    # The tables of a workbook made beside each document, from its context (its annex).
    annex: Callable[[dict], list[dict]] | None = None

    def template_for(self, config: Config) -> str:
        return f"{self.variant(config) if self.variant else self.key}.docx"

    @property
    def provides(self) -> frozenset[str]:
        return self.required | self.optional | COMMON_OPTIONAL


def _needs_orgs(roster: Roster) -> str | None:
    return None if roster.orgs else "chưa có tổ chức nào trong sheet ToChuc"


def _needs_meetings(roster: Roster) -> str | None:
    return None if roster.meetings else "chưa có lịch kiểm điểm (sheet LichKiemDiem trống)"


KINDS: tuple[Kind, ...] = (
    Kind(key="cong-van", title="Công văn", per="to-chuc", issuer=KHOI, symbol="CV",
         documents=letters.cong_van, needs=_needs_orgs,
         required=COMMON_VARS | {"trich_yeu", "org"},
         optional=frozenset({"hop", "phu_trach", "kem_theo", "ho_so"}),
         local=True),
    Kind(key="giay-moi", title="Giấy mời", per="cuoc-hop", issuer=TO_CHUC, symbol="GM",
         documents=letters.giay_moi, needs=_needs_meetings,
         required=COMMON_VARS | {"hop"},
         optional=frozenset({"org", "cong_van"}),
         local=True, cites="cong-van"),
    Kind(key="thong-bao-lich", title="Thông báo lịch kiểm điểm", per="dot", issuer=KHOI,
         symbol="TB",
         documents=letters.thong_bao_lich, needs=_needs_meetings,
         required=COMMON_VARS | {"lich"},
         optional=frozenset({"so_to_chuc"}),
         reads=lambda roster: (roster.orgs, roster.meetings)),
    Kind(key="bien-ban", title="Biên bản hội nghị kiểm điểm", per="to-chuc", issuer=TO_CHUC,
         symbol="BB",
         documents=minutes.bien_ban, needs=_needs_orgs,
         required=COMMON_VARS | {"org", "hop", "thanh_phan", "tap_the", "dang_vien", "ket_qua"},
         optional=frozenset({"dang_bo"}),
         local=True),
    Kind(key="quyet-dinh-xep-loai", title="Quyết định xếp loại tổ chức cơ sở đảng", per="dot",
         issuer=KHOI, symbol="QĐ",
         documents=decisions.quyet_dinh_xep_loai, needs=decisions.needs_grades,
         required=COMMON_VARS | {"chu_the", "can_cu", "tong", "muc", "kem_theo", "nhom"},
         reads=lambda roster: (roster.orgs, roster.grades)),
    Kind(key="quyet-dinh-xep-loai-dang-vien", title="Quyết định xếp loại đảng viên",
         per="to-chuc", issuer=TO_CHUC, symbol="QĐ",
         documents=minutes.quyet_dinh_xep_loai_dang_vien, needs=minutes.needs_member_grades,
         required=COMMON_VARS | {"org", "chu_the", "can_cu", "so_dang_vien", "dieu_1",
                                 "noi_nhan", "kem_theo", "nhom"},
         partial=lambda roster: [(o.ma, why) for o, why in minutes.member_decision_skips(roster)],
         local=True),
    Kind(key="quyet-dinh-khen-thuong", title="Quyết định khen thưởng", per="dot", issuer=KHOI,
         symbol="QĐ",
         documents=decisions.quyet_dinh_khen_thuong, needs=awards.needs,
         required=COMMON_VARS | {"chu_the", "can_cu", "nguoi_nhan", "muc", "kem_theo", "nhom"},
         optional=frozenset({"so_tap_the", "so_ca_nhan"}),
         reads=awards.award_view),
    # A certificate has no number of its own: it cites the award decision's.
    Kind(key="giay-khen", title="Giấy khen", per="khen-thuong", issuer=KHOI, symbol="QĐ",
         documents=awards.giay_khen, needs=awards.needs,
         required=frozenset({"ngay", "nguoi_ky", "nhan", "quyet_dinh"}),
         optional=frozenset({"chu_the", "so"}),
         variant=awards.certificate_template, reads=awards.award_view,
         cites=awards.DECISION, own_number=False),
    Kind(key=report.KIND, title="Báo cáo kết quả kiểm điểm, xếp loại", per="dot", issuer=KHOI,
         symbol="BC", documents=report.bao_cao_ket_qua, needs=report.needs,
         required=COMMON_VARS | {"doan", "bang", "kem_theo"},
         optional=frozenset({"trich_yeu", "so_sanh", "nam_truoc", "so_lieu", "bieu_do"}),
         reads=report.report_view, cites=report.CITED, to_orgs=False,
         pictures={report.CHART: report.chart},
         annex=lambda context: context["so_lieu"]),
)


def citing(key: str) -> frozenset[str]:
    """The kinds whose documents cite a document of kind ``key``."""
    return frozenset(k.key for k in KINDS if k.cites == key)


def with_citing(keys: frozenset[str]) -> frozenset[str]:
    """These kinds and every kind that cites one of them, however far."""
    out = set(keys)
    while more := {c for k in out for c in citing(k)} - out:
        out |= more
    return frozenset(out)


def get(key: str) -> Kind:
    for kind in KINDS:
        if kind.key == key:
            return kind
    raise KeyError(key)


def keys() -> list[str]:
    return [k.key for k in KINDS]
