"""Issuing documents one by one: decide, then move into place and register.

``build`` plans the round and renders in parallel; this module says, for each
planned document, whether it is unchanged, to be written again as registered,
new or re-issued, and records it in the register in the same transaction that
claims its number and moves its file into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds as kinds_mod
from . import vn
from .config import Config
from .docdata import Doc, Issue, Round
from .errors import KiemdiemError
from .incremental import ROUND, Plans, Split
from .models import Problem, Roster
from .numbering import RegisterNumbering
from .outputs import Extras
from .parallel import Job, Rendered, render_all
from .register import Entry, Register
from .render import template_path

MADE, UNCHANGED, REISSUED, REPAIRED = "made", "unchanged", "reissued", "repaired"
# Documents registered per transaction: a killed build loses at most this many rows,
# whose files the next build writes and registers again under the same numbers.
COMMIT_EVERY = 100
OLD = "cu"  # the folder beside each kind's documents where superseded revisions go


@dataclass
class Result:
    kind: str
    key: str
    docx: str  # the file, relative to the output folder (as the register keeps it)
    status: str
    entry_id: int | None
    out: Path = field(repr=False)  # the output folder

    @property
    def path(self) -> Path:
        # Made when asked: a rebuild keeps thousands of documents and names few of them.
        return self.out / self.docx


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


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason)
    warnings: list[Problem] = field(default_factory=list)
    orphans: list[Entry] = field(default_factory=list)  # issued, no longer in the roster
    extras: Extras = field(default_factory=Extras)  # PDFs, print bundles, packs

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def written(self) -> list[Result]:
        return [r for r in self.results if r.status != UNCHANGED]


@dataclass
class Request:
    """What a build is asked to do, beyond "everything the data allows"."""

    kinds: frozenset[str] | None = None
    only: str | None = None  # one organisation's documents
    keys: frozenset[str] | None = None  # these documents of the kinds asked for
    reason: str = ""  # recorded on every re-issue
    force: frozenset[tuple[str, str]] = frozenset()  # re-issue even when unchanged
    renumber: frozenset[tuple[str, str]] = frozenset()  # re-issue under a new number
    replan: bool = False  # plan every document, trusting no fingerprint in the register

    def selects(self, kind: str, key: str, org: str | None) -> bool:
        return ((self.kinds is None or kind in self.kinds)
                and (self.keys is None or key in self.keys)
                and (self.only is None or org == self.only))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_stat(path: Path | str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def canonical(context: dict) -> str:
    """A context as the register keeps it: the exact data a render used."""
    return json.dumps(context, ensure_ascii=False, sort_keys=True, default=str)


def content_hash(template_digest: str, data: str) -> str:
    """What a document says: its template and its data (``canonical``), not its zip bytes."""
    return sha256(f"{template_digest}\n{data}".encode())


def output_path(config: Config, doc: Doc) -> Path:
    return config.dau_ra / str(config.nam) / doc.kind / f"{doc.stem}.docx"


class Issuing:
    """One build's work on the register and the output folder."""

    def __init__(self, config: Config, roster: Roster, register: Register, today: dt.date,
                 now: dt.datetime, request: Request, workers: int | None = None) -> None:
        self.config, self.roster, self.register = config, roster, register
        self.today, self.now, self.request = today, now, request
        self.workers = workers
        self.numbering = RegisterNumbering(register, config, today, request.renumber,
                                           roster.numbers)
        self.summary = Summary(warnings=list(roster.warnings))
        self._digests: dict[Path, str] = {}
        self._folders: dict[str, tuple[Path, str]] = {}
        self._split: Split | None = None
        self.kept: list[Entry] = []  # documents not planned: registered and unchanged
        self.planned: dict[tuple[str, str], list[str]] = {}  # (local kind, org) -> keys
        self.after: list[Entry] = []  # the current entries once the run is done

    def plan(self) -> list[tuple[Path, Doc]]:
        """What this build plans, with templates; ``kept``: what it need not plan."""
        self.numbering.reset()
        rnd = self.round = Round(self.config, self.roster, self.numbering, self.request.selects,
                                 today=self.today)
        self.summary.skipped = []
        wanted = []
        for kind in kinds_mod.KINDS:
            if self.request.kinds is not None and kind.key not in self.request.kinds:
                continue
            reason = kind.needs(self.roster)
            if reason:
                self.summary.skipped.append((kind.key, reason))
                continue
            for code, why in kind.partial(self.roster) if kind.partial else ():
                if self.request.only in (None, code):
                    self.summary.skipped.append((kind.key, why))
            wanted.append(kind)
        split = self.split(wanted)
        # The organisations planned again, alone: their documents come out as in a whole plan.
        local = Round(self.config, self.roster.slice(set(split.plan)), self.numbering,
                      self.request.selects, today=self.today)
        local.stamped = rnd.stamped
        jobs, unselected = [], set()
        self.planned = {(k.key, group): [] for k in wanted
                        for group in (split.plan if k.local else [ROUND] * split.round)}
        for kind in wanted:
            if not kind.local and not split.round:
                continue  # every document kept as registered
            template = self.template(kind)
            for d in kind.documents(local if kind.local else rnd):
                group = (kind.key, d.org if kind.local else ROUND)
                self.planned[group].append(d.key)
                if self.request.selects(d.kind, d.key, d.org):
                    jobs.append((template, d))
                else:
                    unselected.add(group)
        for group in unselected:  # not all of it is made here: nothing to record
            del self.planned[group]
        self.check_names(jobs)
        return jobs

    def split(self, wanted: list[kinds_mod.Kind]) -> Split:
        """Once a build: the organisations to plan and the documents kept as registered."""
        if self._split is None:
            req = self.request
            self.plans = Plans(self.config, self.roster, self.register, self.numbering.current,
                               wanted, {k.key: self.digest(self.template(k)) for k in wanted})
            forced = req.force | req.renumber
            self._split = self.plans.split(
                [o.ma for o in self.roster.orgs if req.only in (None, o.ma)],
                lambda e: (e.kind, e.key) not in forced and self.file_ok(e),
                trust=not req.replan)
            self.kept = [e for e in self._split.kept if req.selects(e.kind, e.key, e.org)]
        return self._split

    def template(self, kind: kinds_mod.Kind) -> Path:
        return template_path(kind.template_for(self.config), self.config.mau)

    def check_names(self, jobs: list[tuple[Path, Doc]]) -> None:
        """Validate refuses the codes that give two documents one file; never overwrite."""
        files = {e.docx: e.key for e in self.kept}
        for _, doc in jobs:
            other = files.setdefault(self.rel_of(doc), doc.key)
            if other != doc.key:
                raise KiemdiemError(f"Hai văn bản {doc.kind} «{other}» và «{doc.key}» "
                                    f"cùng tên tệp {doc.stem}.docx; sửa mã cho khác nhau.")

    def digest(self, template: Path) -> str:
        if template not in self._digests:
            self._digests[template] = sha256(template.read_bytes())
        return self._digests[template]

    def changed(self, jobs: list[tuple[Path, Doc]]) -> set[tuple[str, str]]:
        out = set()
        for template, doc in jobs:
            current = self.numbering.current.get((doc.kind, doc.key))
            if current and current.content_hash != content_hash(self.digest(template),
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
        self.plans.record(self.planned, self.after)
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
        path = self.path_of(doc)
        ident = (doc.kind, doc.key)
        current = self.numbering.current.get(ident)
        replaced = self.replaced(ident, current)
        if replaced is not None:
            when = f", ngày {vn.date_text(replaced.date)}" if replaced.date else ""
            doc.context["thay_the"] = (f"(Văn bản này thay thế văn bản số "
                                       f"{replaced.number_line}{when})")
        data = canonical(doc.context)
        digest = content_hash(self.digest(template), data)
        again = ident in self.request.force or ident in self.request.renumber
        if current is not None and current.content_hash == digest and not again:
            # The register is right; a file gone or altered is written again as it was.
            status = UNCHANGED if self.file_ok(current) else REPAIRED
            return _Work(template, doc, path, current, status, digest, data)
        return _Work(template, doc, path, current, MADE if current is None else REISSUED, digest,
                     data, replaced)

    def replaced(self, ident: tuple[str, str], current: Entry | None) -> Entry | None:
        """What the document replaces: the current one when it is given a new number, or
        what an earlier revision under its number replaced (a correction still says so)."""
        if current is None:
            return None
        if ident in self.request.renumber:
            return current
        return self.register.get(current.replaces) if current.replaces else None

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
        issue = self.round.stamped.get(ident, Issue(None, None))
        symbol = kinds_mod.get(doc.kind).symbol
        renumber = ident in self.request.renumber
        if issue.number is not None and (current is None or renumber
                                         or issue.number != current.number):
            self.register.claim_number(symbol, doc.issuer, self.round.body(doc.issuer, doc.org),
                                       issue.number, doc.kind, doc.key)
        r.tmp.replace(w.path)
        entry_id = self.register.add(
            kind=doc.kind, key=doc.key, symbol=symbol, issuer=doc.issuer,
            number=issue.number, date=issue.date, recipient=doc.recipient, org=doc.org,
            docx=self.rel(w.path), content_hash=w.digest, file_hash=r.sha256,
            file_stat=file_stat(w.path), data=w.data,
            reason=self.request.reason if current else "",
            supersedes=None if renumber else current, replaces=w.replaced,
            now=self.now)
        return Result(doc.kind, doc.key, self.rel_of(doc), w.status, entry_id, self.config.dau_ra)

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
        self.register.move_file(current, self.rel(old))

    def file_ok(self, entry: Entry) -> bool:
        """The file is there with the bytes registered.

        A file whose size and modification time are as registered is not read: reading
        thousands of files would be most of a rebuild's time.
        """
        path = os.path.join(self.config.dau_ra, entry.docx)
        try:
            if file_stat(path) == (entry.file_size, entry.file_mtime):
                return True
            with open(path, "rb") as f:
                return sha256(f.read()) == entry.file_hash
        except OSError:
            return False

    def rel(self, path: Path) -> str:
        return path.relative_to(self.config.dau_ra).as_posix()

    def path_of(self, doc: Doc) -> Path:
        """``output_path``, with each kind's folder joined once (a build asks thousands)."""
        return self._folder(doc)[0] / f"{doc.stem}.docx"

    def rel_of(self, doc: Doc) -> str:
        """``rel(path_of(doc))``, without the path arithmetic."""
        return f"{self._folder(doc)[1]}/{doc.stem}.docx"

    def _folder(self, doc: Doc) -> tuple[Path, str]:
        folder = self._folders.get(doc.kind)
        if folder is None:
            path = output_path(self.config, doc).parent
            folder = self._folders[doc.kind] = (path, self.rel(path))
        return folder

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
