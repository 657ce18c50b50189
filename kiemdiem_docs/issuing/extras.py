"""What a build makes from its .docx files: PDFs beside them, print bundles, packs.

Only what is missing or out of date is made, so a build that changed nothing
writes nothing here either.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import kinds
from ..atomic import Confined
from ..errors import KiemdiemError
from ..pdf import Converter, Failure, org_pack, print_bundle
from ..register import Entry, Register
from ..stats import write_annex
from ..vn import slug
from .progress import Phase, Progress, in_phase

PRINT, PACKS = "in", "to-chuc"
ANNEX = ".xlsx"  # the workbook beside a document whose kind has an annex (its tables)
DOCUMENT, REDLINE = "document", "redline"  # whose PDF a conversion job makes


@dataclass
class Extras:
    pdfs: int = 0  # PDFs made
    failures: list[Failure] = field(default_factory=list)
    bundles: list[Path] = field(default_factory=list)
    packs: list[Path] = field(default_factory=list)
    annexes: list[Path] = field(default_factory=list)  # the workbooks beside documents
    problems: list[str] = field(default_factory=list)


def make_extras(register: Register, out: Path, year_dir: Path, converter: Converter | None,
                touched: set[int], progress: Progress | None = None,
                current: list[Entry] | None = None) -> Extras:
    """PDFs for the registered documents that lack one, then the bundles and packs.

    ``touched``: ids of the entries this build wrote (their PDFs are made again);
    ``current``: the register's current entries, when the caller has them. A bundle or
    pack is made again when what it is made from is not what it was last made from (the
    register keeps a signature of each), so one left stale by an interrupted run is mended
    by the next, and one with nothing left in it is removed. ``progress`` hears of the
    PDFs (:attr:`Phase.PDF`), then of the bundles and packs made (:attr:`Phase.BUNDLE`).
    """
    extras = Extras()
    confine = Confined(out)  # every PDF, bundle and pack lands inside the output folder
    current = _current(register, out, year_dir, current)
    if converter is not None:
        # The documents' PDFs and their redlines' in one batch: one start of the converter.
        jobs: dict[tuple[str, int], tuple[Path, Path]] = {}
        for e in current:
            target = confine((out / e.docx).with_suffix(".pdf"))
            if e.id in touched or not e.pdf or not target.is_file():
                target.unlink(missing_ok=True)  # never leave a PDF of an older revision
                jobs[(DOCUMENT, e.id)] = (out / e.docx, target)
        for redline in register.redlines_of(e.id for e in current).values():
            target = confine((out / redline.docx).with_suffix(".pdf"))
            if not redline.pdf or not target.is_file():
                jobs[(REDLINE, redline.id)] = (out / redline.docx, target)
        failures = (converter.convert(list(jobs.values()), progress=in_phase(progress, Phase.PDF))
                    if jobs else [])
        failed = {f.target for f in failures}
        made: dict[int, str] = {}
        with register.transaction():
            for (what, row), (_, target) in jobs.items():
                if target in failed or not target.is_file():
                    continue
                rel = target.relative_to(out).as_posix()
                if what == DOCUMENT:
                    made[row] = rel
                    register.set_pdf(row, rel)
                else:
                    register.set_redline_pdf(row, rel)
                extras.pdfs += 1
        extras.failures = failures
        current = [e._replace(pdf=made[e.id]) if e.id in made else e for e in current]
    wanted = (_bundles(current, out, year_dir) | _packs(current, out, year_dir)
              | _annexes(current, register, out))
    recorded = register.outputs()
    year = year_dir.relative_to(out).as_posix() + "/"
    stale = {rel: made for rel, made in wanted.items()
             if recorded.get(rel) != made[2] or not confine(out / rel).is_file()}
    with register.transaction():
        for done, (rel, (write, sources, signature)) in enumerate(stale.items(), 1):
            if _make(write, sources, confine(out / rel), extras):
                if rel.endswith(ANNEX):  # what was written, to tell an edit of it next time
                    signature = _annex_signature(sources[0], confine(out / rel))
                register.set_output(rel, signature)
            if progress:
                progress(Phase.BUNDLE, done, len(stale))
        for rel in set(recorded) - set(wanted):  # nothing of it is current any more
            if rel.startswith(year):
                confine(out / rel).unlink(missing_ok=True)
                register.set_output(rel, None)
    return extras


def _current(register: Register, out: Path, year_dir: Path,
             current: list[Entry] | None = None) -> list[Entry]:
    year = year_dir.relative_to(out).as_posix() + "/"
    entries = register.all_current() if current is None else current
    return [e for e in entries if e.docx.startswith(year)]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _signature(parts: list) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


Wanted = dict[str, tuple[Callable[[list, Path], None], list, str]]


def _bundles(current: list[Entry], out: Path, year_dir: Path) -> Wanted:
    """One PDF per kind with all its documents in order, once every one has its PDF."""
    by_kind: dict[str, list[Entry]] = {}
    for e in current:
        by_kind.setdefault(e.kind, []).append(e)
    wanted: Wanted = {}
    for kind, entries in by_kind.items():
        pdfs = [out / e.pdf for e in sorted(entries, key=lambda e: e.docx) if e.pdf]
        if len(pdfs) != len(entries):
            continue  # a PDF is missing: its failure is reported; no partial bundle
        rel = f"{year_dir.relative_to(out).as_posix()}/{PRINT}/{kind}.pdf"
        wanted[rel] = (print_bundle, pdfs, _signature([(p.name, _stat(p)) for p in pdfs]))
    return wanted


def _packs(current: list[Entry], out: Path, year_dir: Path) -> Wanted:
    """One zip per organisation: its own documents and those sent to every organisation."""
    by_org: dict[str | None, list[Entry]] = {}
    for e in current:
        by_org.setdefault(e.org, []).append(e)
    # What the Khối sends every organisation; not what it sends up (the results report).
    shared = [e for e in by_org.pop(None, []) if kinds.get(e.kind).to_orgs]
    folder = f"{year_dir.relative_to(out).as_posix()}/{PACKS}"
    wanted: Wanted = {}
    for code in sorted(by_org):
        entries = shared + by_org[code]
        # Kinds share file names (one per organisation): a folder per kind in the zip.
        files = [(f"{e.kind}/{Path(rel).name}", out / rel)
                 for e in entries for rel in filter(None, (e.docx, e.pdf))]
        made_from = [(e.id, e.file_hash, e.pdf and _stat(out / e.pdf)) for e in entries]
        # The code as files name it (validate refuses codes that are not plain).
        wanted[f"{folder}/{slug(code, 20)}.zip"] = (org_pack, files, _signature(made_from))
    return wanted


def _annexes(current: list[Entry], register: Register, out: Path) -> Wanted:
    """The workbook of each document whose kind has an annex, from the revision's own
    recorded tables: made again when the document is (the old one went to ``cu/`` with it),
    and when the file is not the one last written (edited by hand, the edit is undone, as
    a document's is)."""
    wanted: Wanted = {}
    for e in current:
        annex = kinds.get(e.kind).annex
        if annex is not None:
            def write(sources: list, target: Path, e: Entry = e, annex=annex) -> None:
                write_annex(annex(e.data(register)), target, issued=e.date,
                            title=f"{kinds.get(e.kind).title}: phụ lục số liệu")
            rel = Path(e.docx).with_suffix(ANNEX).as_posix()
            wanted[rel] = (write, [e.file_hash], _annex_signature(e.file_hash, out / rel))
    return wanted


def _annex_signature(made_from: str, path: Path) -> str:
    return f"{made_from}:{_stat(path)}"


def _make(write: Callable[[list, Path], None], sources: list, target: Path,
          extras: Extras) -> bool:
    """Write a bundle or a pack; a failure is reported and the others still made."""
    try:
        write(sources, target)
    except KiemdiemError as exc:
        extras.problems.append(f"{target.name}: {exc}")
        return False
    {".pdf": extras.bundles, ANNEX: extras.annexes}.get(target.suffix, extras.packs).append(
        target)
    return True
