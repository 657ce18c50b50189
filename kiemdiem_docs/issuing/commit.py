"""Registering a build's documents and putting their files in place, as one change.

All of a build's rows are written in one transaction, together with the file moves
that make the disk agree (``register.journal``): each superseded revision to ``cu/``
first (its redline with it), then each new file, and each re-issue's redline, from its
temporary name to its place. The moves are carried out once the transaction has
committed; a run killed in between leaves them journaled, and the next command finishes
them. The archive is append-only: no move lands on a path that any row holds, and each
archived revision gets a name of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path, PurePosixPath

from .. import kinds as kinds_mod
from ..atomic import Confined, file_sha256
from ..config import Config, packs_of
from ..errors import RegisterError
from ..kinds import GOLDEN, Doc, Issue
from ..redline import SUFFIX
from ..register import Entry, Move, Register
from ..render import Rendered
from .extras import ANNEX
from .outcome import MADE, OLD, REISSUED, REPAIRED, WITHDRAWN, Request, Result, file_stat
from .planning import Planner
from .redlines import Made, redline_name

# What an archived revision's name is taken for: its files, its annex and its redline's.
_ARCHIVED = (".docx", ".pdf", ANNEX, f"{SUFFIX}.docx", f"{SUFFIX}.pdf")


class Commit:
    """One build's register rows and the moves that go with them."""

    def __init__(self, config: Config, register: Register, planner: Planner, request: Request,
                 now: dt.datetime) -> None:
        self.config, self.register, self.planner = config, register, planner
        self.request, self.now = request, now
        self.out = config.dau_ra
        self.confine = Confined(config.dau_ra)
        self.held: set[str] = set()  # paths rows hold (relative to the output folder)
        self.archives: list[Move] = []
        self.places: list[Move] = []
        self.golden: dict[str, int] = {}  # award -> golden-book number, as registered
        self._khoi, self._year = config.co_quan["ky_hieu"], str(config.nam)

    def run(self, work: list, rendered: list[Rendered], withdrawn: list[Entry] = (),
            redlines: list[Made | None] | None = None) -> list[Result]:
        """Register every document of ``work`` (rendered into ``rendered``, each re-issue's
        redline in ``redlines``) and withdraw those of ``withdrawn``, journaling their
        moves; the caller carries the moves out once this returns."""
        redlines = redlines or [None] * len(work)
        results = []
        with self.register.transaction():
            self.held = self.register.held_paths()
            self.golden = self.register.numbers_of(GOLDEN, self._khoi, self._year)
            for w in work:
                if w.current is not None and w.status != REPAIRED:
                    self.archive(w.current)
            for entry in withdrawn:  # kept in cu/, out of the bundles and packs
                docx = self.archive(entry)
                self.register.withdraw(entry, self.request.reason, self.now, self.request.user)
                results.append(Result(entry.kind, entry.key, docx, WITHDRAWN, entry.id,
                                      self.out))
            results += [self.add(w, r, red)
                        for w, r, red in zip(work, rendered, redlines, strict=True)]
            self.register.plan_moves(self.archives + self.places, self.out)
            if results:  # a build that changed nothing issued nothing: no run to tell of
                self._record_run(results)
        return results

    def _record_run(self, results: list[Result]) -> None:
        counts = {s: sum(r.status == s for r in results) for s in (MADE, REISSUED, WITHDRAWN)}
        self.register.add_run(at=self.now, user=self.request.user,
                              what="reissue" if self.request.keys is not None else "build",
                              reason=self.request.reason, made=counts[MADE],
                              reissued=counts[REISSUED], withdrawn=counts[WITHDRAWN])

    def archive(self, entry: Entry) -> str:
        """Plan the move of a superseded revision (and its PDF) to ``cu/``, under a name no
        row holds and no file has; the new place of its .docx."""
        live = PurePosixPath(entry.docx)
        folder = live.parent / OLD
        base, n = f"{live.stem}.r{entry.revision}", 1
        name = base
        while any(f"{folder}/{name}{ext}" in self.held or (self.out / f"{folder}/{name}{ext}")
                  .exists() for ext in _ARCHIVED):
            n += 1
            name = f"{base}-{n}"
        docx, pdf = f"{folder}/{name}.docx", f"{folder}/{name}.pdf" if entry.pdf else None
        self.archives.append(Move(self._abs(entry.docx), self._abs(docx), entry.file_hash))
        if entry.pdf:
            self.archives.append(Move(self._abs(entry.pdf), self._abs(pdf)))
            self.held.discard(entry.pdf)
        annex = self._abs(entry.docx).with_suffix(ANNEX)
        if kinds_mod.get(entry.kind).annex and annex.exists():  # it goes with its document
            self.archives.append(Move(annex, self._abs(f"{folder}/{name}{ANNEX}")))
        self.register.move_file(entry, docx, pdf)
        self.held.discard(entry.docx)
        self.held |= {docx, pdf} - {None}
        redline = self.register.redline_of(entry.id)
        if redline is not None:  # it goes with its revision, named after it
            moved = {"docx": f"{folder}/{name}{SUFFIX}.docx",
                     "pdf": f"{folder}/{name}{SUFFIX}.pdf" if redline.pdf else None}
            self.archives.append(Move(self._abs(redline.docx), self._abs(moved["docx"]),
                                      redline.file_hash))
            if redline.pdf:
                self.archives.append(Move(self._abs(redline.pdf), self._abs(moved["pdf"])))
            self.register.move_redline(redline, moved["docx"], moved["pdf"])
            self.held -= {redline.docx, redline.pdf}
            self.held |= set(moved.values()) - {None}
        return docx

    def add(self, w, r: Rendered, redline: Made | None = None) -> Result:
        """Register one document and plan its file's move into place (and its redline's)."""
        doc: Doc = w.doc
        current: Entry | None = w.current
        ident = (doc.kind, doc.key)
        stat = file_stat(r.tmp)  # a rename keeps both, so they are the placed file's
        if w.status == REPAIRED:
            # The row is right and its file gone or altered: the registered bytes go back.
            live = self._abs(current.docx)
            if live.exists():
                home = self._lost_revision(file_sha256(live), current)
                if home is not None:  # another revision's bytes, whose own file is gone
                    self.archives.append(Move(live, home, None))
                else:  # edited by hand: the registered bytes go back in its place
                    live.unlink()
            self.places.append(Move(r.tmp, live, r.sha256))
            self.register.set_file(current, r.sha256, stat)
            return Result(doc.kind, doc.key, current.docx, REPAIRED, current.id, self.out)
        docx = self.planner.rel_of(doc)
        if docx in self.held:
            raise RegisterError(
                f"Văn bản {doc.kind} «{doc.key}» sẽ ghi vào {docx}, nhưng sổ đăng ký đã có một "
                "văn bản ở đó; không ghi đè. Báo lỗi này cho người quản trị phần mềm.")
        self.held.add(docx)
        # A document numbered under another (a certificate, by its decision) has none.
        issue = self.planner.round.stamped.get(ident, Issue(None, None))
        symbol = kinds_mod.get(doc.kind).symbol
        renumber = ident in self.request.renumber
        if issue.number is not None and (current is None or renumber
                                         or issue.number != current.number):
            body = self.planner.round.body(doc.issuer, doc.org)
            self.register.claim_number(symbol, doc.issuer, body, issue.number, doc.kind,
                                       doc.key)
        for award, number in doc.golden.items():  # given once, kept for good
            if award not in self.golden:
                self.register.claim_number(GOLDEN, self._khoi, self._year, number, "giay-khen",
                                           award)
                self.golden[award] = number
        self.places.append(Move(r.tmp, self.confine(w.path), r.sha256))
        entry_id = self.register.add(
            kind=doc.kind, key=doc.key, symbol=symbol, issuer=doc.issuer,
            number=issue.number, date=issue.date, recipient=doc.recipient, org=doc.org,
            docx=docx, content_hash=w.digest, file_hash=r.sha256, file_stat=stat,
            data=w.data, reason=self.request.reason if current else "", user=self.request.user,
            packs=packs_of(self.config),
            supersedes=None if renumber else current, replaces=w.replaced, now=self.now)
        if redline is not None:
            self._add_redline(redline, docx, entry_id, current)
        return Result(doc.kind, doc.key, docx, w.status, entry_id, self.out)

    def _add_redline(self, redline: Made, docx: str, entry_id: int, old: Entry) -> None:
        rel = redline_name(docx)
        if rel in self.held:
            raise RegisterError(
                f"Bản thể hiện thay đổi sẽ ghi vào {rel}, nhưng sổ đăng ký đã có một tệp ở đó; "
                "không ghi đè. Báo lỗi này cho người quản trị phần mềm.")
        self.held.add(rel)
        self.places.append(Move(redline.tmp, self._abs(rel), redline.sha256))
        self.register.add_redline(new_id=entry_id, old_id=old.id, docx=rel,
                                  file_hash=redline.sha256,
                                  made_at=self.now.isoformat(timespec="seconds"),
                                  author=redline.author, insertions=redline.insertions,
                                  deletions=redline.deletions)

    def _lost_revision(self, sha: str, current: Entry) -> Path | None:
        """Where a file with bytes ``sha`` belongs, if another row names those bytes and
        its own file is missing (a move that never happened, a file put back by hand)."""
        for entry in self.register.with_file_hash(sha):
            home = self._abs(entry.docx)
            if entry.id != current.id and not home.exists():
                return home
        return None

    def _abs(self, rel: str) -> Path:
        return self.confine(Path(os.path.join(self.out, rel)))
