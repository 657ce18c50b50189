"""Which documents a build must plan again, and which it keeps as registered.

Planning every document to find the one a correction changed would be most of
a rebuild's time. So kinds say what they are made from. A ``local`` kind makes
each organisation's documents from that organisation's rows alone (with the
settings, the staff and numbers sheets and the numbers of its own documents);
a round-wide kind names its view of the roster (``Kind.reads``). The register
keeps, for each kind and group (an organisation, or ``ROUND``), a fingerprint of
those inputs and the keys planning gave (``Register.plans``). A group whose
fingerprints all match, whose documents are all registered, whose files are
intact and of which nothing is forced, is not planned: its documents are
unchanged by construction. ``tests/test_incremental.py`` checks that claim
against a full plan, for a change to any field of any record.

Anything else that could change a document's text is in the fingerprint too:
the template, and the source of the package itself, so that a new version
plans everything once. Lost fingerprints cost time, never a document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import get_type_hints

from ..config import Config
from ..kinds import GOLDEN, KINDS, Kind
from ..register import Entry, Register
from ..roster import (
    Award,
    GivenNumber,
    Meeting,
    Member,
    Org,
    OrgGrade,
    Roster,
    Staff,
    source_stamp,
)

ROUND = ""  # the round-wide kinds' group in the register's plans (no code is empty)
# Sections of the settings no document shows: file paths, PDFs, the lock, read limits.
NOT_IN_DOCUMENTS = frozenset({"tep", "pdf", "khoa", "gioi_han"})


# The whole package, not this subpackage: every step can change a document's text.
PACKAGE = Path(__file__).resolve().parent.parent


def source_files() -> list[Path]:
    """Every module of the package and its rule and format packs, in a fixed order."""
    return sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "data" / "goi").glob("*.toml")])


@cache
def code_fingerprint() -> str:
    """The package's own source: what turns a roster into text."""
    h = hashlib.blake2b(digest_size=16)
    for path in source_files():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def _digest(obj: object) -> str:
    return hashlib.blake2b(pickle.dumps(obj, 5), digest_size=16).hexdigest()


def _encoder(cls: type) -> Callable[[list], tuple]:
    """Records of ``cls`` as plain values, every field: the rows of a fingerprint.

    pickle writes strings fast and dates slowly (a rebuild reads 100,000 of them), so
    dates go as day numbers, and fields are read by ``attrgetter`` rather than ``vars``.
    """
    names = [f.name for f in fields(cls)]
    hints = get_type_hints(cls)
    dated = [n for n in names if hints[n] in (dt.date, dt.date | None)]  # not datetimes
    rest, days = _getter([n for n in names if n not in dated]), _getter(dated)

    def encode(records: list) -> tuple:
        return (list(map(rest, records)),
                [d.toordinal() if d is not None else None
                 for d in chain.from_iterable(map(days, records))])
    return encode


def _getter(names: list[str]) -> Callable[[object], tuple]:
    """The named attributes of a record, always as a tuple."""
    if len(names) == 1:
        name = names[0]
        return lambda record: (getattr(record, name),)
    return attrgetter(*names) if names else lambda record: ()


_ENCODERS = {cls: _encoder(cls) for cls in (Org, Member, Meeting, OrgGrade, Award, Staff,
                                            GivenNumber)}


def _rows(records: list, cls: type) -> tuple:
    return _ENCODERS[cls](records)


def settings_fingerprint(config: Config, roster: Roster) -> str:
    """What every organisation's documents share: the settings and the shared sheets."""
    settings = {k: v for k, v in config.raw.items() if k not in NOT_IN_DOCUMENTS}
    return _digest((code_fingerprint(), settings, _rows(roster.staff, Staff),
                    _rows(roster.numbers, GivenNumber),
                    # What a document reads besides the roster: last year's workbook.
                    source_stamp(config.nam_truoc) if config.nam_truoc else None))


def org_fingerprints(roster: Roster, codes: Iterable[str]) -> dict[str, str]:
    """Each organisation's own rows, on every sheet, as loaded (row numbers included)."""
    awards: dict[str, list] = {}
    for a in roster.awards:
        awards.setdefault(a.ma_to_chuc, []).append(a)
    out = {}
    for code in codes:
        org, grade = roster.org(code), roster.grade_of(code)
        out[code] = _digest((_rows([org] if org else [], Org),
                             _rows(roster.members_of(code), Member),
                             _rows(roster.meetings_of(code), Meeting),
                             _rows([grade] if grade else [], OrgGrade),
                             _rows(awards.get(code, []), Award)))
    return out


def view_fingerprint(view: object) -> str:
    """A round-wide kind's view of the roster (``Kind.reads``)."""
    return _digest(_plain(view))


_SCALARS = {str, int, bool, type(None)}


def _plain(value: object) -> object:
    if type(value) in _ENCODERS:
        return _ENCODERS[type(value)]([value])
    if isinstance(value, list | tuple):
        kinds = {type(v) for v in value}
        if len(kinds) == 1 and next(iter(kinds)) in _ENCODERS:
            return _ENCODERS[next(iter(kinds))](value)
        if kinds <= _SCALARS:
            return value
        return [_plain(v) for v in value]
    if callable(value):  # an achievement worded for the year: the function says it
        return f"{value.__module__}.{value.__qualname__}"
    return value  # anything else pickle writes exactly, if more slowly


def stamps(entries: Iterable[Entry], local: set[str]) -> dict[str, str]:
    """Per group, the numbers and dates its registered documents carry.

    A group's documents cite one another (an invitation cites its letter, a
    certificate its decision), and a replacement states what it replaces.
    ``local``: the local kinds, whose documents group by organisation.
    """
    by_group: dict[str, list[tuple]] = {}
    for e in entries:
        group = e.org if e.kind in local and e.org is not None else ROUND
        by_group.setdefault(group, []).append((e.kind, e.key, e.number, e.date, e.replaces))
    # (kind, key) is unique among current entries: sorting never compares the rest.
    return {group: _digest(sorted(rows)) for group, rows in by_group.items()}


_NONE = _digest([])  # the stamp of a group with nothing registered


def inputs(settings: str, template: str, kind: str, rows: str, stamp: str) -> str:
    """The fingerprint of one kind's documents in one group."""
    return hashlib.blake2b(f"{settings}\n{template}\n{kind}\n{rows}\n{stamp}".encode(),
                           digest_size=16).hexdigest()


@dataclass
class Split:
    """What a build plans, and the documents it keeps as registered without planning."""

    plan: list[str] = field(default_factory=list)  # organisation codes, roster order
    round: bool = True  # whether the round-wide kinds are planned
    kept: list[Entry] = field(default_factory=list)


class Plans:
    """The fingerprints of one build, against what the register recorded.

    A group is an organisation, for the local kinds, or ``ROUND`` for the others;
    its documents are planned together or not at all, so that those citing one
    another always agree.
    """

    def __init__(self, config: Config, roster: Roster, register: Register,
                 current: dict[tuple[str, str], Entry], kinds: list[Kind],
                 templates: dict[str, str]) -> None:
        """``kinds``: those this build makes; ``templates``: kind -> its template's digest."""
        self.roster, self.register, self.current = roster, register, current
        self.local = [k.key for k in kinds if k.local]
        self.rounds = [k for k in kinds if not k.local]
        self.all_local = {k.key for k in KINDS if k.local}
        self.templates = templates
        self.settings = settings_fingerprint(config, roster)
        self.recorded = register.plans()
        self.golden_series = (GOLDEN, config.co_quan["ky_hieu"], str(config.nam))
        self.golden = self._golden()
        self.sources: dict[tuple[str, str], str] = {}  # (kind, group) -> its rows' fingerprint

    def split(self, codes: list[str], kept_ok: Callable[[Entry], bool], *,
              trust: bool = True) -> Split:
        """Plan a group unless, for each of its kinds, the fingerprint matches and every
        document planning gave last time is current and passes ``kept_ok``.

        ``trust``: False plans everything, and records the fingerprints afresh.
        """
        if self.local:
            fps = org_fingerprints(self.roster, codes)
            self.sources.update({(k, c): fps[c] for k in self.local for c in codes})
        cached = self.rounds and all(k.reads for k in self.rounds)
        if cached:
            views: dict[Callable, str] = {}  # kinds that read the same view share it
            for k in self.rounds:
                if k.reads not in views:
                    views[k.reads] = view_fingerprint(k.reads(self.roster))
                self.sources[(k.key, ROUND)] = views[k.reads]
        if not trust:
            return Split(plan=list(codes))
        out = Split()
        stamp = stamps(self.current.values(), self.all_local)
        for code in codes:
            kept = self._kept(self.local, code, stamp.get(code, _NONE), kept_ok)
            if kept is None:
                out.plan.append(code)
            else:
                out.kept += kept
        # A round-wide kind that does not say what it reads is planned every time.
        if cached:
            kept = self._kept([k.key for k in self.rounds], ROUND, self._stamp(stamp, ROUND),
                              kept_ok)
            if kept is not None:
                out.round = False
                out.kept += kept
        return out

    def _kept(self, kinds: list[str], group: str, stamp: str,
              kept_ok: Callable[[Entry], bool]) -> list[Entry] | None:
        kept = []
        for kind in kinds:
            recorded = self.recorded.get((kind, group))
            want = inputs(self.settings, self.templates[kind], kind,
                          self.sources[(kind, group)], stamp)
            if recorded is None or recorded[0] != want:
                return None
            for key in recorded[1]:
                entry = self.current.get((kind, key))
                if entry is None or not kept_ok(entry):
                    return None
                kept.append(entry)
        return kept

    def _golden(self) -> str:
        """The golden-book numbers given so far: the award list and certificates show them."""
        return _digest(sorted(self.register.numbers_of(*self.golden_series).items()))

    def _stamp(self, stamps: dict[str, str], group: str) -> str:
        stamp = stamps.get(group, _NONE)
        return _digest((stamp, self.golden)) if group == ROUND else stamp

    def record(self, planned: dict[tuple[str, str], list[str]],
               after: Iterable[Entry]) -> None:
        """Record (kind, group) -> keys for what this build planned and registered in full.

        The fingerprint takes the numbers as registered now, which is what the next
        build will read.
        """
        planned = {k: v for k, v in planned.items() if k in self.sources}
        if not planned:
            return
        groups = {group for _, group in planned}
        stamp = stamps((e for e in after
                        if (e.org if e.kind in self.all_local else ROUND) in groups),
                       self.all_local)
        self.golden = self._golden()  # as this build left them
        with self.register.transaction():
            for (kind, group), keys in planned.items():
                self.register.set_plan(kind, group, inputs(
                    self.settings, self.templates[kind], kind, self.sources[(kind, group)],
                    self._stamp(stamp, group)), keys)
