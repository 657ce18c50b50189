"""What a build is asked to do and what it reports, and how it tells contents apart.

A document's identity in the register is its content (``content_hash``: its
template and the canonical JSON of its data), never its zip bytes; its file is
checked by size and modification time, then by its bytes' hash.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import kinds
from ..config import SUPERSEDED_FOLDER, Config
from ..errors import KiemdiemError
from ..kinds import Doc
from ..register import Entry
from ..roster import Problem
from .extras import Extras

MADE, UNCHANGED, REISSUED, REPAIRED = "made", "unchanged", "reissued", "repaired"
WITHDRAWN = "withdrawn"


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


_WORDS = {MADE: "Mới", REISSUED: "Ban hành lại", WITHDRAWN: "Thu hồi"}
SHOWN = 12  # changed fields shown for one document; the rest are counted
_CUT = 70  # characters of a value shown


@dataclass(frozen=True)
class Change:
    """One document this build makes, re-issues or withdraws."""

    status: str  # MADE | REISSUED | WITHDRAWN
    kind: str
    key: str
    number_line: str  # «12-QĐ/ĐUK», or room for the văn thư's number
    recipient: str
    fields: tuple[tuple[str, str, str], ...] = field(default=())  # (field, old, new)

    def lines(self) -> list[str]:
        """The change as the clerk reads it: the document, then one line a field."""
        title = kinds.get(self.kind).title if self.kind in kinds.keys() else self.kind
        out = [f"{_WORDS[self.status]}: {title} «{self.key}», số {self.number_line}, "
               f"{self.recipient}"]
        for name, old, new in self.fields[:SHOWN]:
            out.append(f"    {name}: «{_cut(old)}» → «{_cut(new)}»")
        if len(self.fields) > SHOWN:
            out.append(f"    … và {len(self.fields) - SHOWN} chỗ khác")
        return out


def _cut(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _CUT else value[:_CUT - 1] + "…"


@dataclass
class Summary:
    """What a build did. ``results``: one per document, by kind (registry order), then key."""

    results: list[Result] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason)
    warnings: list[Problem] = field(default_factory=list)
    withdrawn: list[Entry] = field(default_factory=list)  # no longer wanted, as they were
    extras: Extras = field(default_factory=Extras)  # PDFs, print bundles, packs
    # Every document made, re-issued or withdrawn, with what changed (``preview``).
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False  # only said what would change: nothing was written
    redlines: int = 0  # re-issues given their redline (``.thay-doi.docx``)
    notes: list[str] = field(default_factory=list)  # re-issues that could not be given one

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
    dry_run: bool = False  # say what would change, write nothing
    # Kinds whose documents follow a re-issued one they cite: every one of theirs, or only
    # those of ``follow_org`` (the re-issued document's organisation).
    followers: frozenset[str] = frozenset()
    follow_org: str | None = None
    user: str = ""  # who asks: recorded in the register with every row this build writes

    @classmethod
    def reissue(cls, kind: str, key: str, reason: str, *, new_number: bool = False) -> Request:
        """One document made again on demand: under its number, or (``new_number``) as a
        replacement under a new one. The reason is recorded in the register: it is needed."""
        if kind not in kinds.keys():
            near = difflib.get_close_matches(kind, kinds.keys(), n=2, cutoff=0.4)
            hint = f"Có phải: {', '.join(near)}? " if near else ""
            raise KiemdiemError(f"Không có loại văn bản «{kind}». {hint}Các loại: "
                                + ", ".join(kinds.keys()) + ".")
        if new_number and not kinds.get(kind).own_number:
            cited = kinds.get(kinds.get(kind).cites)
            raise KiemdiemError(f"{kinds.get(kind).title} không có số riêng (mang số của "
                                f"{cited.title.lower()}): ban hành lại {cited.key} với "
                                "--new-number, các văn bản dẫn nó đi theo.")
        if not reason.strip():
            raise KiemdiemError("Cần ghi lý do ban hành lại (--reason \"…\"), ví dụ "
                                "--reason \"Sửa tên đồng chí Nguyễn Văn An\".")
        ident = frozenset({(kind, key)})
        followers = kinds.citing(kind)
        return cls(kinds=frozenset({kind}) | followers, keys=frozenset({key}), reason=reason,
                   force=frozenset() if new_number else ident,
                   renumber=ident if new_number else frozenset(), followers=followers,
                   follow_org=key if kinds.get(kind).local else None)

    def selects(self, kind: str, key: str, org: str | None) -> bool:
        if kind in self.followers:
            return self.follow_org is None or org == self.follow_org
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


OLD = SUPERSEDED_FOLDER


def output_path(config: Config, doc: Doc) -> Path:
    return config.dau_ra / str(config.nam) / doc.kind / f"{doc.stem}.docx"


_STATUS_WORDS = {MADE: "mới", REISSUED: "ban hành lại", REPAIRED: "ghi lại tệp",
                 UNCHANGED: "không đổi", WITHDRAWN: "thu hồi"}


def report(summary: Summary, folder: Path) -> list[str]:
    """The end of a build as the clerk reads it, a line each: per kind, skips, each
    document re-issued or withdrawn (the documents to send again), warnings, PDFs, then
    the totals and ``folder`` (where the documents are). A dry run lists every change,
    with what changed in each re-issue, and says that nothing was written."""
    if summary.dry_run:
        lines = [line for c in summary.changes for line in c.lines()]
        lines += [f"Bỏ qua {kinds.get(key).title}: {reason}." for key, reason in summary.skipped]
        lines += [str(p) for p in summary.warnings]
        counts = {s: sum(c.status == s for c in summary.changes)
                  for s in (MADE, REISSUED, WITHDRAWN)}
        lines.append(f"Chạy thử: sẽ có {counts[MADE]} mới, {counts[REISSUED]} ban hành lại, "
                     f"{counts[WITHDRAWN]} thu hồi, {summary.count(UNCHANGED)} không đổi; chưa "
                     "ghi gì.")
        return lines
    lines = []
    by_kind: dict[str, dict[str, int]] = {}
    for r in summary.results:
        counts = by_kind.setdefault(r.kind, {})
        counts[r.status] = counts.get(r.status, 0) + 1
    for key, counts in by_kind.items():
        parts = [f"{n} {_STATUS_WORDS[s]}" for s, n in counts.items()]
        lines.append(f"{kinds.get(key).title}: " + ", ".join(parts))
    for key, reason in summary.skipped:
        lines.append(f"Bỏ qua {kinds.get(key).title}: {reason}.")
    lines += [c.lines()[0] for c in summary.changes if c.status in (REISSUED, WITHDRAWN)]
    if summary.redlines:
        lines.append(f"Bản thể hiện thay đổi cho người ký: {summary.redlines} tệp .thay-doi.docx "
                     "cạnh văn bản ban hành lại.")
    lines += summary.notes
    lines += [str(p) for p in summary.warnings]
    extras = summary.extras
    lines += [f"Không tạo được PDF: {f}" for f in extras.failures] + extras.problems
    if extras.pdfs or extras.bundles or extras.packs or extras.annexes:
        annexes = f"; phụ lục số liệu (Excel): {len(extras.annexes)}" if extras.annexes else ""
        lines.append(f"PDF: {extras.pdfs} tệp; bản in gộp: {len(extras.bundles)}; "
                     f"gói gửi tổ chức: {len(extras.packs)}{annexes}.")
    withdrawn = f"{summary.count(WITHDRAWN)} thu hồi, " if summary.count(WITHDRAWN) else ""
    lines.append(
        f"Xong: {summary.count(MADE)} mới, {summary.count(REISSUED)} ban hành lại, {withdrawn}"
        f"{summary.count(UNCHANGED)} không đổi, {len(summary.skipped)} loại bỏ qua, "
        f"{len(summary.warnings)} cảnh báo; thư mục {folder}."
    )
    return lines
