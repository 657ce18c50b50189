"""Issuing a build's documents: decide, render, then register and move into place.

``planning`` says what to plan and what to keep as registered; this module says,
for each planned document, whether it is unchanged, to be written again as
registered, new or re-issued, and renders in parallel; ``commit`` records every
document in one transaction with the file moves that put it in place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import kinds as kinds_mod
from ..atomic import Confined
from ..config import Config
from ..errors import KiemdiemError, ReasonRequired
from ..kinds import Doc, Issue
from ..register import CURRENT, Entry, Register
from ..render import Job, render_all
from ..roster import Roster
from .commit import Commit
from .numbering import RegisterNumbering
from .outcome import (
    MADE,
    REISSUED,
    REPAIRED,
    UNCHANGED,
    WITHDRAWN,
    Change,
    Request,
    Result,
    Summary,
    canonical,
    content_hash,
)
from .planning import Planner
from .preview import diff
from .properties import properties_of
from .redlines import make_redlines


@dataclass
class _Work:
    template: Path
    doc: Doc
    path: Path
    current: Entry | None
    status: str
    digest: str  # content_hash of the template and data
    data: str  # canonical(context)
    replaced: Entry | None = None  # the document it replaces under a new number


class Issuing:
    """One build's work on the register and the output folder."""

    def __init__(self, config: Config, roster: Roster, register: Register, today: dt.date,
                 now: dt.datetime, request: Request, workers: int | None = None) -> None:
        self.config, self.register, self.now, self.request = config, register, now, request
        self.workers = workers
        self.numbering = RegisterNumbering(register, config, today, request.renumber,
                                           roster.numbers)
        self.summary = Summary(warnings=list(roster.warnings))
        self.planner = Planner(config, roster, register, self.numbering, request, today)
        self.after: list[Entry] = []  # the current entries once the run is done

    def plan(self) -> list[tuple[Path, Doc]]:
        """What this build plans, with templates; ``kept``: what it need not plan."""
        jobs = self.planner.plan()
        self.summary.skipped = self.planner.skipped
        return jobs

    @property
    def kept(self) -> list[Entry]:
        return self.planner.kept

    def changed(self, jobs: list[tuple[Path, Doc]]) -> set[tuple[str, str]]:
        out = set()
        for template, doc in jobs:
            current = self.numbering.current.get((doc.kind, doc.key))
            if current and current.content_hash != content_hash(self.planner.digest(template),
                                                               canonical(doc.context)):
                out.add((doc.kind, doc.key))
        return out | set(self.request.force)

    def run(self, progress: Callable[[int, int], None] | None) -> Summary:
        jobs = self.plan()
        self.check_targets(jobs)
        if self.config.ngay_tai_ban == "hom_nay":
            # Dating a re-issue on the day changes its text, so plan again with those dates.
            self.numbering.redate = self.changed(jobs)
            if self.numbering.redate:
                jobs = self.plan()
        out = self.config.dau_ra
        results = [Result(e.kind, e.key, e.docx, UNCHANGED, e.id, out) for e in self.kept]
        work: list[_Work] = []
        for template, doc in jobs:
            w = self.decide(template, doc)
            if w.status == UNCHANGED:
                results.append(Result(doc.kind, doc.key, w.current.docx, UNCHANGED, w.current.id,
                                      out))
            else:
                work.append(w)
        withdrawn = self.no_longer_wanted(jobs)
        self.summary.changes = self.changes(work, withdrawn)
        order = {k: i for i, k in enumerate(kinds_mod.keys())}
        if self.request.dry_run:
            self.summary.dry_run = True
            self.summary.results = sorted(results, key=lambda r: (order[r.kind], r.key))
            return self.summary
        if not self.request.reason.strip() and any(
                c.status in (REISSUED, WITHDRAWN) for c in self.summary.changes):
            raise ReasonRequired([c for c in self.summary.changes if c.status != MADE])
        confine = Confined(out)  # before a temporary file is written beside any of them
        for w in work:
            confine(w.path)
        stamped, roster = self.planner.round.stamped, self.planner.roster
        rendered = render_all([Job(w.template, w.doc.context, w.path, properties_of(
                                   w.doc, stamped.get((w.doc.kind, w.doc.key)), self.config,
                                   roster), drawn(w.doc)) for w in work],
                              tone=self.config.format.kieu_dau, workers=self.workers,
                              progress=progress,
                              untrusted=any(w.template in self.planner.own for w in work))
        committed, redlines = False, []
        try:
            redlines, self.summary.notes = make_redlines(work, rendered, out, self.request.user,
                                                         self.now)
            results += Commit(self.config, self.register, self.planner, self.request,
                              self.now).run(work, rendered, withdrawn, redlines)
            committed = True
        finally:
            if not committed:  # nothing registered: no temporary file is wanted
                for tmp in [r.tmp for r in rendered] + [m.tmp for m in redlines if m]:
                    tmp.unlink(missing_ok=True)
        self.register.finish_moves(self.config.dau_ra)
        self.summary.results = sorted(results, key=lambda r: (order[r.kind], r.key))
        self.summary.withdrawn = withdrawn
        self.summary.redlines = sum(m is not None for m in redlines)
        self.after = self.current_after(results)
        self.planner.plans.record(self.planner.planned, self.after)
        return self.summary

    def changes(self, work: list[_Work], withdrawn: list[Entry]) -> list[Change]:
        """What this build makes, re-issues and withdraws, each with its number, recipient
        and, for a re-issue, the fields whose data changed."""
        out = []
        for w in work:
            if w.status == REPAIRED:
                continue
            doc, current = w.doc, w.current
            issue = self.planner.round.stamped.get((doc.kind, doc.key), Issue(None, None))
            symbol = kinds_mod.get(doc.kind).symbol
            # The number it is issued under now (the văn thư may have changed it).
            shown = issue.number if issue.number is not None or current is None else \
                current.number
            number = Entry.line(shown, symbol, doc.issuer)
            fields = (diff(current.data(self.register), json.loads(w.data))
                      if current is not None else ())
            out.append(Change(w.status, doc.kind, doc.key, number, doc.recipient, fields))
        out += [Change(WITHDRAWN, e.kind, e.key, e.number_line, e.recipient) for e in withdrawn]
        return out

    def current_after(self, results: list[Result]) -> list[Entry]:
        """The register's current entries now, read again only where this build wrote."""
        written = [r.entry_id for r in results if r.status != UNCHANGED]
        if len(written) > 500:
            return self.register.all_current()
        now = dict(self.numbering.current)
        for e in self.register.by_ids(written):
            if e.status == CURRENT:
                now[(e.kind, e.key)] = e
            else:  # withdrawn by this build
                now.pop((e.kind, e.key), None)
        return sorted(now.values(), key=lambda e: e.id)

    def decide(self, template: Path, doc: Doc) -> _Work:
        """Whether a document is unchanged, to be written again as it was, or issued."""
        path = self.planner.path_of(doc)
        ident = (doc.kind, doc.key)
        current = self.numbering.current.get(ident)
        data = canonical(doc.context)
        digest = content_hash(self.planner.digest(template), data)
        again = ident in self.request.force or ident in self.request.renumber
        if current is not None and current.content_hash == digest and not again:
            # The register is right; a file gone or altered is written again as it was.
            status = UNCHANGED if self.planner.file_ok(current) else REPAIRED
            return _Work(template, doc, path, current, status, digest, data)
        return _Work(template, doc, path, current, MADE if current is None else REISSUED, digest,
                     data, self.planner.replaced(ident, current))

    def check_targets(self, jobs: list[tuple[Path, Doc]]) -> None:
        """A document asked for by its key (``reissue``) must exist: else say which keys
        of its kind come nearest."""
        req = self.request
        if req.keys is None:
            return
        found = {(d.kind, d.key) for _, d in jobs} | {(e.kind, e.key) for e in self.kept}
        for kind in sorted(req.kinds - req.followers if req.kinds else ()):
            missing = [k for k in sorted(req.keys) if (kind, k) not in found]
            if not missing:
                continue
            known = sorted({key for k, key in found if k == kind}
                           | {e.key for e in self.numbering.current.values() if e.kind == kind})
            near = difflib.get_close_matches(missing[0], known, n=3, cutoff=0.5)
            hint = (f" Có phải: {', '.join(near)}?" if near else
                    f" Các mã có: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}."
                    if known else "")
            title = kinds_mod.get(kind).title.lower()
            raise KiemdiemError(f"Không có {title} mã «{missing[0]}» để ban hành lại.{hint} "
                                "Mã là cột «Mã» của `kiemdiem register`.")

    def no_longer_wanted(self, jobs: list[tuple[Path, Doc]]) -> list[Entry]:
        """Issued documents the roster no longer asks for (a recipient removed, an award
        withdrawn): withdrawn by this build, never deleted. Only a build that planned
        a whole kind can tell."""
        req = self.request
        if req.only is not None or req.keys is not None:
            return []
        planned = {(d.kind, d.key) for _, d in jobs} | {(e.kind, e.key) for e in self.kept}
        built = {k for k in kinds_mod.keys() if req.kinds is None or k in req.kinds}
        skipped = {k for k, _ in self.summary.skipped}
        # What the register held when the build began: this build's own rows are planned.
        # An organisation whose document cannot be made yet (grades still missing) keeps it.
        not_ready = self.planner.not_ready
        return [e for e in self.numbering.current.values()
                if e.kind in built - skipped and (e.kind, e.key) not in planned
                and (e.kind, e.org) not in not_ready]


def drawn(doc: Doc) -> dict[str, bytes] | None:
    """The pictures ``doc``'s kind draws from its context (the report's chart), or None."""
    pictures = kinds_mod.get(doc.kind).pictures
    return {name: draw(doc.context) for name, draw in pictures.items()} or None
