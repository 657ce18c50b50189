"""Issuing documents one by one: decide, then move into place and register.

``planning`` says what to plan and what to keep as registered; this module says,
for each planned document, whether it is unchanged, to be written again as
registered, new or re-issued, renders in parallel, and records each document in
the register in the same transaction that claims its number and moves its file
into place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import kinds as kinds_mod
from ..config import Config
from ..kinds import Doc, Issue
from ..register import Entry, Register
from ..render import Job, Rendered, render_all
from ..roster import Roster
from .numbering import RegisterNumbering
from .outcome import (
    MADE,
    OLD,
    REISSUED,
    REPAIRED,
    UNCHANGED,
    Request,
    Result,
    Summary,
    canonical,
    content_hash,
    file_stat,
)
from .planning import Planner

# Documents registered per transaction: a killed build loses at most this many rows,
# whose files the next build writes and registers again under the same numbers.
COMMIT_EVERY = 100


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
        rendered = render_all([Job(w.template, w.doc.context, w.path) for w in work],
                              tone=self.config.format.kieu_dau, workers=self.workers,
                              progress=progress)
        try:
            for start in range(0, len(work), COMMIT_EVERY):
                with self.register.transaction():
                    for w, r in zip(work[start:start + COMMIT_EVERY],
                                    rendered[start:start + COMMIT_EVERY], strict=True):
                        results.append(self.commit(w, r))
        finally:
            for r in rendered:
                r.tmp.unlink(missing_ok=True)  # moved into place, or not to be used
        order = {k: i for i, k in enumerate(kinds_mod.keys())}
        self.summary.results = sorted(results, key=lambda r: (order[r.kind], r.key))
        self.find_orphans(jobs)
        self.after = self.current_after(results)
        self.planner.plans.record(self.planner.planned, self.after)
        return self.summary

    def current_after(self, results: list[Result]) -> list[Entry]:
        """The register's current entries now, read again only where this build wrote."""
        written = [r.entry_id for r in results if r.status != UNCHANGED]
        if len(written) > 500:
            return self.register.all_current()
        now = dict(self.numbering.current)
        now.update({(e.kind, e.key): e for e in self.register.by_ids(written)})
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

    def commit(self, w: _Work, r: Rendered) -> Result:
        """Move a rendered file into place and register it (inside a transaction)."""
        doc, current, ident = w.doc, w.current, (w.doc.kind, w.doc.key)
        if w.status == REPAIRED:
            r.tmp.replace(w.path)
            self.register.set_file(current, r.sha256, file_stat(w.path))
            return Result(doc.kind, doc.key, current.docx, REPAIRED, current.id, self.config.dau_ra)
        if current is not None:
            self.retire(current, w.path)
        # A document numbered under another (a certificate, by its decision) has none.
        issue = self.planner.round.stamped.get(ident, Issue(None, None))
        symbol = kinds_mod.get(doc.kind).symbol
        renumber = ident in self.request.renumber
        if issue.number is not None and (current is None or renumber
                                         or issue.number != current.number):
            body = self.planner.round.body(doc.issuer, doc.org)
            self.register.claim_number(symbol, doc.issuer, body, issue.number, doc.kind,
                                       doc.key)
        r.tmp.replace(w.path)
        docx = self.planner.rel_of(doc)
        entry_id = self.register.add(
            kind=doc.kind, key=doc.key, symbol=symbol, issuer=doc.issuer,
            number=issue.number, date=issue.date, recipient=doc.recipient, org=doc.org,
            docx=docx, content_hash=w.digest, file_hash=r.sha256,
            file_stat=file_stat(w.path), data=w.data,
            reason=self.request.reason if current else "",
            supersedes=None if renumber else current, replaces=w.replaced,
            now=self.now)
        return Result(doc.kind, doc.key, docx, w.status, entry_id, self.config.dau_ra)

    def retire(self, current: Entry, path: Path) -> None:
        """Move the superseded revision to ``cu/`` with its revision in its name."""
        old = path.parent / OLD / f"{path.stem}.r{current.revision}.docx"
        live = self.config.dau_ra / current.docx
        old.parent.mkdir(exist_ok=True)
        # A build killed after this move but before its commit has already moved it.
        if not old.exists() and live.exists():
            live.replace(old)
        if current.pdf:
            pdf = self.config.dau_ra / current.pdf
            if pdf.exists():
                pdf.replace(old.with_suffix(".pdf"))
        self.register.move_file(current, self.planner.rel(old))

    def find_orphans(self, jobs: list[tuple[Path, Doc]]) -> None:
        """Issued documents the roster no longer asks for: reported, never deleted."""
        req = self.request
        if req.only is not None or req.keys is not None:
            return
        planned = {(d.kind, d.key) for _, d in jobs} | {(e.kind, e.key) for e in self.kept}
        built = {k for k in kinds_mod.keys() if req.kinds is None or k in req.kinds}
        skipped = {k for k, _ in self.summary.skipped}
        # What the register held when the build began: this build's own rows are planned.
        self.summary.orphans = [e for e in self.numbering.current.values()
                                if e.kind in built - skipped
                                and (e.kind, e.key) not in planned]
