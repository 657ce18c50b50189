"""Make the documents of a round: plan every kind, number, render, summarise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds as kinds_mod
from .config import Config
from .docdata import Doc, Issue, Round
from .errors import InvalidRoster, KiemdiemError
from .models import Problem, Roster
from .render import render, template_path

MADE, UNCHANGED, SKIPPED = "made", "unchanged", "skipped"


@dataclass
class Result:
    kind: str
    key: str
    path: Path
    status: str


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason)
    warnings: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


class SessionNumbering:
    """Numbers handed out in document order within one build.

    Used until the register exists in a workspace: the same roster gives the
    same numbers, but nothing is remembered between runs.
    """

    def __init__(self, config: Config, today: dt.date) -> None:
        self.config = config
        self.today = today
        self.issued: dict[tuple[str, str], Issue] = {}
        self.next: dict[tuple[str, str], int] = {}

    def __call__(self, kind: str, key: str, symbol: str, issuer: str) -> Issue:
        if (kind, key) not in self.issued:
            mode = self.config.numbering_for(kind)
            number = None
            if mode.cach == "register":
                series = (symbol, issuer)
                number = self.next.get(series, mode.bat_dau)
                self.next[series] = number + 1
            self.issued[(kind, key)] = Issue(number, None)
        return self.issued[(kind, key)]


def output_path(config: Config, doc: Doc) -> Path:
    return config.dau_ra / str(config.nam) / doc.kind / f"{doc.stem}.docx"


def plan(rnd: Round) -> list[tuple[kinds_mod.Kind, list[Doc] | str]]:
    """Every kind with its documents, or the reason it cannot be made yet.

    All kinds are planned, even when only some are rendered, so that numbers
    and cross-references do not depend on which kinds were asked for.
    """
    out = []
    for kind in kinds_mod.KINDS:
        reason = kind.needs(rnd.roster)
        out.append((kind, reason if reason else kind.documents(rnd)))
    return out


def build(
    config: Config,
    roster: Roster,
    *,
    today: dt.date,
    kinds: Iterable[str] | None = None,
    only: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Render the round's documents into ``config.dau_ra``; ``today`` dates what has no date."""
    if roster.errors:
        raise InvalidRoster(roster.errors)
    wanted = set(kinds) if kinds else None
    if wanted:
        unknown = wanted - set(kinds_mod.keys())
        if unknown:
            raise KiemdiemError("Không có loại văn bản " + ", ".join(sorted(unknown))
                                + ". Các loại: " + ", ".join(kinds_mod.keys()) + ".")
    if only is not None and roster.org(only) is None:
        raise KiemdiemError(f"Không có tổ chức mã «{only}» trong sheet ToChuc.")
    rnd = Round(config, roster, SessionNumbering(config, today))
    summary = Summary(warnings=list(roster.warnings))
    jobs: list[tuple[Path, Doc]] = []
    for kind, docs in plan(rnd):
        if wanted and kind.key not in wanted:
            continue
        if isinstance(docs, str):
            summary.skipped.append((kind.key, docs))
            continue
        template = template_path(kind.template, config.mau)
        jobs += [(template, d) for d in docs if only is None or d.org == only]
    for done, (template, doc) in enumerate(jobs, 1):
        path = output_path(config, doc)
        render(template, doc.context, path, tone=config.format.kieu_dau)
        summary.results.append(Result(doc.kind, doc.key, path, MADE))
        if progress:
            progress(done, len(jobs))
    return summary
