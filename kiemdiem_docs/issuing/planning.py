"""Planning a build: which documents, with what contexts, and which need no planning.

Every kind the request asks for is planned, except what ``incremental`` finds
unchanged: those documents are kept as registered. The organisations planned
again are planned alone, on a slice of the roster, and come out as they would
in a plan of the whole round.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .. import kinds as kinds_mod
from .. import vn
from ..config import Config
from ..errors import KiemdiemError, NotReady, TemplateError
from ..kinds import Doc, Round
from ..register import Entry, Register
from ..render import builtin_template, fit, template_path
from ..roster import Roster
from .incremental import ROUND, Plans, Split
from .numbering import RegisterNumbering
from .outcome import Request, file_stat, output_path, sha256

# What a document of each symbol is called where another cites it.
_WORDS = {"CV": "Công văn", "GM": "Giấy mời", "TB": "Thông báo", "BB": "Biên bản",
          "QĐ": "Quyết định"}


class Planner:
    """One build's plan, and the output folder's paths it implies."""

    def __init__(self, config: Config, roster: Roster, register: Register,
                 numbering: RegisterNumbering, request: Request, today: dt.date) -> None:
        self.config, self.roster, self.register = config, roster, register
        self.numbering, self.request, self.today = numbering, request, today
        self.skipped: list[tuple[str, str]] = []  # (kind, reason)
        self.kept: list[Entry] = []  # documents not planned: registered and unchanged
        self.planned: dict[tuple[str, str], list[str]] = {}  # (kind, group) -> keys
        self._digests: dict[Path, str] = {}
        self._fits: set[tuple[Path, str]] = set()  # templates checked to fit their kind
        self.own: set[Path] = set()  # the workspace's own templates (not the built-in ones)
        self._folders: dict[str, tuple[Path, str]] = {}
        self._split: Split | None = None

    def plan(self) -> list[tuple[Path, Doc]]:
        """What this build plans, with templates; ``kept``: what it need not plan."""
        self.numbering.reset()
        rnd = self.round = Round(self.config, self.roster, self.numbering, self.request.selects,
                                 today=self.today, golden=self.numbering.golden(),
                                 certificates={key: e.org for (kind, key), e
                                               in self.numbering.current.items()
                                               if kind == "giay-khen"},
                                 recorded=self.recorded_award)
        self.skipped = []
        self.not_ready: set[tuple[str, str]] = set()  # (kind, org) not made yet
        wanted = []
        for kind in kinds_mod.KINDS:
            if self.request.kinds is not None and kind.key not in self.request.kinds:
                continue
            reason = kind.needs(self.roster)
            if reason:
                self.skipped.append((kind.key, reason))
                continue
            for code, why in kind.partial(self.roster) if kind.partial else ():
                self.not_ready.add((kind.key, code))
                if self.request.only in (None, code):
                    self.skipped.append((kind.key, why))
            wanted.append(kind)
        split = self.split(wanted)
        # The organisations planned again, alone: their documents come out as in a whole plan.
        local = Round(self.config, self.roster.slice(set(split.plan)), self.numbering,
                      self.request.selects, today=self.today)
        local.stamped = rnd.stamped
        jobs, unselected, waiting = [], set(), set()
        self.planned = {(k.key, group): [] for k in wanted
                        for group in (split.plan if k.local else [ROUND] * split.round)}
        for kind in wanted:
            if not kind.local and not split.round:
                continue  # every document kept as registered
            template = self.template(kind)
            try:
                docs = kind.documents(local if kind.local else rnd)
            except NotReady as exc:
                self.skipped.append((kind.key, str(exc).rstrip(".")))
                for group in [g for g in self.planned if g[0] == kind.key]:
                    del self.planned[group]
                continue
            for d in docs:
                self.state_replacement(d)
                group = (kind.key, d.org if kind.local else ROUND)
                self.planned[group].append(d.key)
                if not self.request.selects(d.kind, d.key, d.org):
                    unselected.add(group)
                elif kind.cites and not self.cited_issued(kind, d, rnd):
                    unselected.add(group)
                    self.not_ready.add((kind.key, d.org))
                    waiting.add(kind)
                else:
                    jobs.append((template, d))
        for group in unselected:  # not all of it is made here: nothing to record
            del self.planned[group]
        for kind in waiting:
            cited = kinds_mod.get(kind.cites).title.lower()
            self.skipped.append((kind.key, f"{cited} chưa ban hành nên chưa có số để dẫn; chạy "
                                 f"`kiemdiem build` cho cả {cited} trước"))
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

    def recorded_award(self, key: str) -> dict | None:
        """What the current certificate of an award says (its «nhan»), as registered."""
        entry = self.numbering.current.get(("giay-khen", key))
        return entry.data(self.register).get("nhan") if entry is not None else None

    def cited_issued(self, kind: kinds_mod.Kind, doc: Doc, rnd: Round) -> bool:
        """Whether the document ``doc`` cites has its number, or is numbered by the văn
        thư (then the citing one leaves the same room): else it waits for it."""
        cited = kinds_mod.get(kind.cites)
        if self.config.numbering_for(cited.key).cach != "register":
            return True
        key = doc.org if cited.local else str(self.config.nam)
        planned = rnd.stamped.get((cited.key, key))
        if planned is not None:
            return planned.number is not None
        current = self.numbering.current.get((cited.key, key))
        return current is not None and current.number is not None

    def state_replacement(self, doc: Doc) -> None:
        """A replacement says which document it replaces, in every context planned for it."""
        ident = (doc.kind, doc.key)
        replaced = self.replaced(ident, self.numbering.current.get(ident))
        if replaced is not None:
            when = f", ngày {vn.date_text(replaced.date)}" if replaced.date else ""
            word = _WORDS.get(replaced.symbol, "văn bản")
            doc.context["thay_the"] = f"{word} số {replaced.number_line}{when}"

    def replaced(self, ident: tuple[str, str], current: Entry | None) -> Entry | None:
        """What the document replaces: the current one when it is given a new number, or
        what an earlier revision under its number replaced (a correction still says so)."""
        if current is None:
            return None
        if ident in self.request.renumber:
            return current
        return self.register.get(current.replaces) if current.replaces else None

    def template(self, kind: kinds_mod.Kind) -> Path:
        """The kind's template: the workspace's own when it has one, checked to fit."""
        name = kind.template_for(self.config)
        path = template_path(name, self.config.mau)
        if (path, kind.key) not in self._fits:
            builtin = builtin_template(name)
            # A workspace's copy of a built-in template (as init makes) needs no check.
            if path != builtin and self.digest(path) != self.digest(builtin):
                self.own.add(path)
                problems = fit(path, kind)
                if problems:
                    more = f" (và {len(problems) - 1} vấn đề khác)" if len(problems) > 1 else ""
                    raise TemplateError(
                        f"Mẫu {path} không dùng được cho {kind.title.lower()}: {problems[0]}"
                        f"{more}. Chạy `kiemdiem check-template {path} --kind {kind.key}` "
                        "để xem hết, sửa mẫu hoặc xóa nó để dùng mẫu có sẵn.")
            self._fits.add((path, kind.key))
        return path

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
