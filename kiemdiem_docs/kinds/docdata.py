"""What each document says: the jinja context of every kind, from roster and config.

Functions here decide content only. Numbers and dates come from a numbering
service handed in, so the same roster always gives the same text, and files
are written elsewhere (``build``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import vn
from ..config import Config, retoned
from ..roster import CHI_BO, Grade, Meeting, Org, Roster, Staff, per_roster
from . import wording

KHOI = "khoi"
TO_CHUC = "to-chuc"
LINE = "……………………………"  # room to write a name or a place the workbook leaves empty


@dataclass
class Doc:
    """One document to make: its identity, its file stem and what it says."""

    kind: str
    key: str  # stable identity within the kind: org code, meeting key, or the year
    stem: str  # file name without extension, stable from run to run
    recipient: str  # who it is for, as the register shows it
    issuer: str  # the issuer symbol in its number: ĐUK, ĐU, CB
    org: str | None = None  # the organisation it belongs to, for its pack
    context: dict[str, Any] = field(default_factory=dict)
    # Golden-book numbers this document gives (award identity -> number); the register
    # keeps each for good once the document is issued.
    golden: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """The number and date a document is issued under (``number`` None: left blank)."""

    number: int | None
    date: dt.date | None


class Numbering(Protocol):
    """(kind, key, symbol, issuer) -> Issue; ``body``: whose series (see Round.body);
    ``allocate``: the build issues it if it is new."""

    def __call__(self, kind: str, key: str, symbol: str, issuer: str, *, body: str = "",
                 allocate: bool = False) -> Issue: ...


def _everything(kind: str, key: str, org: str | None) -> bool:
    return True


class Round:
    """The year's round: the roster and configuration, with the helpers every kind uses."""

    def __init__(self, config: Config, roster: Roster, numbering: Numbering,
                 selected: Callable[[str, str, str | None], bool] = _everything,
                 today: dt.date | None = None, golden: Mapping[str, int] | None = None,
                 certificates: Mapping[str, str | None] | None = None,
                 recorded: Callable[[str], dict | None] | None = None) -> None:
        self.config = config
        self.roster = roster
        self.numbering = numbering
        # (kind, key, org) -> whether this build issues that document (and may number it)
        self.selected = selected
        self.stamped: dict[tuple[str, str], Issue] = {}  # what each document was issued under
        self.today = today  # the date of a numbered document the settings leave undated
        self.nam = config.nam
        # Golden-book numbers the register holds (award identity -> number), and those
        # this round gives the awards it meets first.
        self.golden = dict(golden or {})
        self._golden_taken = set(self.golden.values())
        self._golden_free = 1  # no number below this is free (numbers are only taken)
        self.awards: list | None = None  # the numbered award list, once made (``awards``)
        # The certificates issued and current (award -> organisation), and what each says
        # (its recorded «nhan»), so that a corrected award is known for the one it was.
        self.certificates = dict(certificates or {})
        self.recorded = recorded or (lambda key: None)

    def golden_number(self, key: str) -> int:
        """The award's golden-book number: registered, or the lowest never given."""
        if key not in self.golden:
            while self._golden_free in self._golden_taken:
                self._golden_free += 1
            self.golden[key] = self._golden_free
            self._golden_taken.add(self._golden_free)
        return self.golden[key]

    def score(self, diem: float | None, grade: Grade | None) -> str:
        """«85 điểm» for a list's note, or "" where the round does not score (a score
        typed under QĐ 124 is said to be unprinted by validate), none is given, or the
        record is not graded (a score means nothing beside «Không xếp loại»)."""
        if diem is None or grade is Grade.KXL or not self.config.quy_dinh.cham_diem:
            return ""
        return f"{vn.decimal_text(diem)} điểm"

    # -- the header and the signature -----------------------------------
    def khoi_header(self) -> dict[str, str]:
        cq = self.config.co_quan
        return {"cap_tren": cq["cap_tren"], "co_quan": cq["ten"]}

    def org_header(self, org: Org) -> dict[str, str]:
        return {"cap_tren": self.config.co_quan["ten"], "co_quan": vn.upper(issuing_name(org))}

    def khoi_acting_body(self) -> str:
        """Who decides for the Khối, as a decision names it above its grounds."""
        return "BAN THƯỜNG VỤ " + vn.upper(self.config.co_quan["ten"])

    def khoi_signer(self) -> dict[str, str]:
        s = self.config.signer
        return {"tham_quyen": s.tham_quyen, "chuc_vu": s.chuc_vu, "ho_ten": s.ho_ten}

    @staticmethod
    def org_signer(org: Org) -> dict[str, str]:
        body = "CHI BỘ" if org.loai == CHI_BO else "ĐẢNG ỦY"
        return {"tham_quyen": f"T/M {body}", "chuc_vu": "BÍ THƯ", "ho_ten": org.bi_thu or LINE}

    def as_addressed(self) -> str:
        """The first recipient line of a document that has a «Kính gửi:» («Như kính gửi»
        under HD 36, «Như trên» under HD 05)."""
        return retoned(self.config.the_thuc.nhu_kinh_gui, self.config)

    def recipients(self, *lines: str) -> list[str]:
        """Recipient lines with the configured separator, the last ending in a full stop, in
        the workspace's tone-mark style (they are the kinds' words and the settings')."""
        sep = self.config.format.dau_noi_nhan
        return punctuated([f"- {retoned(line, self.config)}" for line in lines], sep)

    def stamp(self, ctx: dict, kind: str, key: str, symbol: str, issuer: str,
              default_date: dt.date | None, org: str | None = None, *,
              dated: bool = False) -> Issue:
        """Put the number line and the date line of a document into its context.

        ``org``: the organisation the document belongs to, so that a build limited to
        one organisation numbers only its documents. A document left for the văn thư to
        number is left undated too, as the day it is signed is not known, unless
        ``dated``: its day is ``default_date`` whoever numbers it (the minutes of a
        meeting are dated the day of the meeting).
        """
        issue = self.numbering(kind, key, symbol, issuer, body=self.body(issuer, org),
                               allocate=self.selected(kind, key, org))
        date = issue.date or default_date or self.today
        ctx["so"] = vn.doc_number(issue.number, symbol, issuer)
        place = self.config.co_quan["dia_danh"]
        shown = date if issue.number is not None else default_date if dated else None
        ctx["ngay"] = (vn.date_line(place, shown) if shown
                       else f"{place}, ngày     tháng     năm {self.nam}")
        resolved = Issue(issue.number, date if issue.number is not None else None)
        self.stamped[(kind, key)] = resolved
        return resolved

    def cited(self, kind: str, key: str, symbol: str, issuer: str,
              default_date: dt.date | None) -> Issue:
        """The number and date another document cites this one by, as :meth:`stamp` gives
        them: planned in this build, else registered; a blank number leaves a blank date."""
        planned = self.stamped.get((kind, key))
        if planned is not None:
            return planned
        issue = self.numbering(kind, key, symbol, issuer)
        if issue.number is None:
            return Issue(None, None)
        return Issue(issue.number, issue.date or default_date or self.today)

    def body(self, issuer: str, org: str | None) -> str:
        """Whose number series a document is in: the Khối's (""), or its organisation's.

        Every đảng ủy cơ sở numbers its own decisions from 01, so "QĐ/ĐU" is a series
        per organisation, not one shared by all.
        """
        return "" if issuer == self.config.co_quan["ky_hieu"] else (org or "")

    def grounds(self, proposer: str | None = None, *, grassroots: bool = False) -> list[str]:
        """The grounds of a decision: the configured ones, then who proposed it.

        ``grassroots``: a grassroots organisation's decision, which cites only the grounds
        marked ``co_so`` in the configuration.
        """
        proposer = proposer or self.config.co_quan["ban_tham_muu"]
        cited = self.config.can_cu_co_so if grassroots else self.config.can_cu
        lines = [f"- Căn cứ {c}" for c in cited] + [f"- Xét đề nghị của {proposer}"]
        return punctuated(lines, ";", ",")

    def khoi_cite(self, word: str, issue: Issue, symbol: str) -> str:
        """How another document cites one of the Khối's (``word``: Công văn, Quyết định)."""
        return cite(word, issue, symbol, self.config.co_quan["ky_hieu"],
                    "Ban Thường vụ " + self.config.co_quan["ten_ngan"])

    def common(self) -> dict[str, Any]:
        cfg = self.config
        dot = cfg.raw["dot"]
        return {
            "nam": self.nam,
            "thay_the": "",
            "ket_thuc": cfg.the_thuc.ket_thuc,
            "cq": dict(cfg.co_quan),
            "dot": {
                "thuc_hien": dot["thuc_hien"],
                "huong_dan": dot["huong_dan"],
                "khen_thuong_them": dot.get("khen_thuong_them", ""),
                "han_bao_cao": vn.date_text(cfg.han_bao_cao),
                "han_quyet_dinh": vn.date_text(cfg.han_quyet_dinh),
            },
        }

    # -- roster look-ups --------------------------------------------------
    def in_charge(self, org: Org) -> list[Staff]:
        """The Standing Committee members in charge of the organisation's cluster: all of
        them, as sheet CanBo lists them."""
        return wording.in_charge(self.roster.staff, org.cum)

    def meeting_of(self, org: Org) -> Meeting | None:
        meetings = sorted(self.roster.meetings_of(org.ma), key=meeting_order)
        return meetings[0] if meetings else None


def cite(word: str, issue: Issue, symbol: str, issuer: str, by: str | None) -> str:
    """``Quyết định số 12-QĐ/ĐUK, ngày 20/12/2024 của …``; without number when it is blank;
    ``by`` None: a document of the citing one's own issuer, which names it no more."""
    of = f" của {by}" if by else ""
    if issue.number is None or issue.date is None:
        return f"{word}{of}"
    return (f"{word} số {vn.count(issue.number)}-{symbol}/{issuer}, "
            f"ngày {vn.date_text(issue.date)}{of}")


def punctuated(lines: list[str], sep: str = ";", last: str = ".") -> list[str]:
    """List lines as documents end them: each with ``sep``, the last with ``last``."""
    return [line + (last if i == len(lines) - 1 else sep) for i, line in enumerate(lines)]


def quoted(grade: Grade) -> str:
    """A grade as documents write it: in full, in quotes."""
    return f"“{grade.full}”"


def issuing_name(org: Org) -> str:
    """The body that signs for an organisation: a đảng bộ's Đảng ủy, or the chi bộ itself."""
    if org.loai == CHI_BO:
        return org.ten
    words = org.ten.split(" ", 2)
    if len(words) >= 2 and vn.match_key(" ".join(words[:2])) == vn.match_key("Đảng bộ"):
        return "Đảng ủy " + (words[2] if len(words) > 2 else "")
    return org.ten


def org_archive(org: Org, config: Config) -> str:
    """The archive line of an organisation's own document, as the format pack words it."""
    fmt = config.the_thuc
    return retoned(fmt.luu_chi_bo if org.loai == CHI_BO else fmt.luu_dang_uy, config)


def issuer_symbol(org: Org) -> str:
    return "CB" if org.loai == CHI_BO else "ĐU"


def meeting_order(m: Meeting) -> tuple:
    return (m.ngay, m.gio or dt.time(0), m.ma_to_chuc, m.row or 0)


@per_roster
def meeting_keys(roster: Roster) -> dict[int, str]:
    """id(meeting) -> its identity: the organisation and which of its meetings it is, in
    date order («001-1»), so that a corrected date is the same meeting (and invitation)."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for m in sorted(roster.meetings, key=meeting_order):
        seen[m.ma_to_chuc] = seen.get(m.ma_to_chuc, 0) + 1
        out[id(m)] = f"{m.ma_to_chuc}-{seen[m.ma_to_chuc]}"
    return out


def meeting_context(m: Meeting) -> dict[str, str]:
    gio = vn.time_text(m.gio) if m.gio else ""
    thu, ngay = vn.weekday(m.ngay), vn.date_text(m.ngay)
    when = f"{thu}, ngày {ngay}"
    return {
        "gio": gio,
        "thu": thu,
        "ngay": ngay,
        "gio_thu_ngay": f"{gio}, {when}" if gio else when[0].upper() + when[1:],
        "luc": f"vào lúc {gio}, {when}" if gio else f"vào {when}",
        # Left empty in the workbook: room to write it in, never a hole in a sentence.
        "dia_diem": m.dia_diem or LINE,
        "dai_bieu": m.dai_bieu or LINE,
        "chuc_vu_dai_bieu": m.chuc_vu_dai_bieu,
        "can_bo_du": m.can_bo_du,
    }


def org_context(org: Org) -> dict[str, str]:
    return {"ma": org.ma, "ten": org.ten, "loai": org.loai, "cum": wording.cluster(org.cum),
            "bi_thu": org.bi_thu, "ten_cap_uy": org.ten_cap_uy, "dia_chi": org.dia_chi}


def org_stem(org: Org) -> str:
    return f"{vn.slug(org.ma, 20)}_{vn.slug(org.ten)}"
