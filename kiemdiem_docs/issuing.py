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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds as kinds_mod
from . import vn
from .config import Config
from .docdata import Doc, Issue, Round
from .errors import KiemdiemError
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
    path: Path
    status: str
    entry_id: int | None = None


@dataclass
class _Work:
    template: Path
    doc: Doc
    path: Path
    current: Entry | None
    status: str
    digest: str  # content_hash of the template and data
    data: str  # canonical(context)


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

    def selects(self, kind: str, key: str, org: str | None) -> bool:
        return ((self.kinds is None or kind in self.kinds)
                and (self.keys is None or key in self.keys)
                and (self.only is None or org == self.only))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_stat(path: Path) -> tuple[int, int]:
    st = path.stat()
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
        self._folders: dict[str, Path] = {}

    def plan(self) -> list[tuple[Path, Doc]]:
        self.numbering.reset()
        rnd = self.round = Round(self.config, self.roster, self.numbering, self.request.selects,
                                 today=self.today)
        self.summary.skipped = []
        jobs = []
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
            template = template_path(kind.template_for(self.config), self.config.mau)
            jobs += [(template, d) for d in kind.documents(rnd)
                     if self.request.selects(d.kind, d.key, d.org)]
        files: dict[Path, Doc] = {}
        for _, doc in jobs:
            other = files.setdefault(self.path_of(doc), doc)
            if other is not doc:  # validate refuses the codes that lead here; never overwrite
                raise KiemdiemError(f"Hai văn bản {doc.kind} «{other.key}» và «{doc.key}» "
                                    f"cùng tên tệp {doc.stem}.docx; sửa mã cho khác nhau.")
        return jobs

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
        results: list[Result] = []
        work: list[_Work] = []
        for template, doc in jobs:
            w = self.decide(template, doc)
            if w.status == UNCHANGED:
                results.append(Result(doc.kind, doc.key, w.path, UNCHANGED, w.current.id))
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
        order = {(d.kind, d.key): i for i, (_, d) in enumerate(jobs)}
        self.summary.results = sorted(results, key=lambda r: order[(r.kind, r.key)])
        self.find_orphans(jobs)
        return self.summary

    def decide(self, template: Path, doc: Doc) -> _Work:
        """Whether a document is unchanged, to be written again as it was, or issued."""
        path = self.path_of(doc)
        ident = (doc.kind, doc.key)
        data = canonical(doc.context)
        digest = content_hash(self.digest(template), data)
        current = self.numbering.current.get(ident)
        again = ident in self.request.force or ident in self.request.renumber
        if current is not None and current.content_hash == digest and not again:
            # The register is right; a file gone or altered is written again as it was.
            status = UNCHANGED if self.file_ok(current) else REPAIRED
            return _Work(template, doc, path, current, status, digest, data)
        if current is not None and ident in self.request.renumber:
            when = f", ngày {vn.date_text(current.date)}" if current.date else ""
            doc.context["thay_the"] = (f"(Văn bản này thay thế văn bản số "
                                       f"{current.number_line}{when})")
            data = canonical(doc.context)
            digest = content_hash(self.digest(template), data)
        return _Work(template, doc, path, current, MADE if current is None else REISSUED, digest,
                     data)

    def commit(self, w: _Work, r: Rendered) -> Result:
        """Move a rendered file into place and register it (inside a transaction)."""
        doc, current, ident = w.doc, w.current, (w.doc.kind, w.doc.key)
        if w.status == REPAIRED:
            r.tmp.replace(w.path)
            self.register.set_file(current, r.sha256, file_stat(w.path))
            return Result(doc.kind, doc.key, w.path, REPAIRED, current.id)
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
            supersedes=None if renumber else current, replaces=current if renumber else None,
            now=self.now)
        return Result(doc.kind, doc.key, w.path, w.status, entry_id)

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
        path = self.config.dau_ra / entry.docx
        try:
            if file_stat(path) == (entry.file_size, entry.file_mtime):
                return True
        except OSError:
            return False
        return sha256(path.read_bytes()) == entry.file_hash

    def rel(self, path: Path) -> str:
        return path.relative_to(self.config.dau_ra).as_posix()

    def path_of(self, doc: Doc) -> Path:
        """``output_path``, with each kind's folder joined once (a rebuild asks thousands)."""
        folder = self._folders.get(doc.kind)
        if folder is None:
            folder = self._folders[doc.kind] = output_path(self.config, doc).parent
        return folder / f"{doc.stem}.docx"

    def find_orphans(self, jobs: list[tuple[Path, Doc]]) -> None:
        """Issued documents the roster no longer asks for: reported, never deleted."""
        req = self.request
        if req.only is not None or req.keys is not None:
            return
        planned = {(d.kind, d.key) for _, d in jobs}
        built = {k for k in kinds_mod.keys() if req.kinds is None or k in req.kinds}
        skipped = {k for k, _ in self.summary.skipped}
        # What the register held when the build began: this build's own rows are planned.
        self.summary.orphans = [e for e in self.numbering.current.values()
                                if e.kind in built - skipped
                                and (e.kind, e.key) not in planned]
