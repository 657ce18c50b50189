"""What a build makes from its .docx files: PDFs beside them, print bundles, packs.

Only what is missing or out of date is made, so a build that changed nothing
writes nothing here either.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import Confined
from ..errors import KiemdiemError
from ..pdf import Converter, Failure, org_pack, print_bundle
from ..register import Entry, Register
from ..vn import slug

PRINT, PACKS = "in", "to-chuc"


@dataclass
class Extras:
    pdfs: int = 0  # PDFs made
    failures: list[Failure] = field(default_factory=list)
    bundles: list[Path] = field(default_factory=list)
    packs: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def make_extras(register: Register, out: Path, year_dir: Path, converter: Converter | None,
                touched: set[int], progress: Callable[[int, int], None] | None = None,
                current: list[Entry] | None = None, gone: list[Entry] = ()) -> Extras:
    """PDFs for the registered documents that lack one, then the bundles and packs.

    ``touched``: ids of the entries this build wrote (their bundles and packs are redone);
    ``current``: the register's current entries, when the caller has them; ``gone``: the
    documents this build withdrew (their bundles and packs are redone without them).
    """
    extras = Extras()
    confine = Confined(out)  # every PDF, bundle and pack lands inside the output folder
    current = _current(register, out, year_dir, current)
    redo = set(touched)  # entries whose bundle and pack are made again
    if converter is not None:
        jobs = {}
        for e in current:
            target = confine((out / e.docx).with_suffix(".pdf"))
            if e.id in touched or not e.pdf or not target.is_file():
                target.unlink(missing_ok=True)  # never leave a PDF of an older revision
                jobs[e.id] = (out / e.docx, target)
        failures = converter.convert(list(jobs.values()), progress=progress) if jobs else []
        failed = {f.target for f in failures}
        made: dict[int, str] = {}
        with register.transaction():
            for entry_id, (_, target) in jobs.items():
                if target not in failed and target.is_file():
                    made[entry_id] = target.relative_to(out).as_posix()
                    register.set_pdf(entry_id, made[entry_id])
        extras.pdfs, extras.failures = len(made), failures
        current = [e._replace(pdf=made[e.id]) if e.id in made else e for e in current]
        redo |= jobs.keys()
    kinds = {e.kind for e in current if e.id in redo} | {e.kind for e in gone}
    orgs = {e.org for e in current if e.id in redo} | {e.org for e in gone}
    _bundles(current, out, year_dir, kinds, extras, confine)
    _packs(current, out, year_dir, orgs, extras, confine)
    return extras


def _current(register: Register, out: Path, year_dir: Path,
             current: list[Entry] | None = None) -> list[Entry]:
    year = year_dir.relative_to(out).as_posix() + "/"
    entries = register.all_current() if current is None else current
    return [e for e in entries if e.docx.startswith(year)]


def _bundles(current: list[Entry], out: Path, year_dir: Path, changed: set[str],
             extras: Extras, confine: Confined) -> None:
    """One PDF per kind with all its documents in order, once every one has its PDF."""
    by_kind: dict[str, list[Entry]] = {k: [] for k in changed}
    for e in current:
        by_kind.setdefault(e.kind, []).append(e)
    for kind, entries in by_kind.items():
        target = confine(year_dir / PRINT / f"{kind}.pdf")
        if kind not in changed and target.is_file():
            continue
        if not entries:  # every document of the kind withdrawn: no bundle to print
            target.unlink(missing_ok=True)
            continue
        pdfs = [out / e.pdf for e in sorted(entries, key=lambda e: e.docx) if e.pdf]
        if len(pdfs) != len(entries):
            continue  # a PDF is missing: its failure is reported; no partial bundle
        _make(print_bundle, pdfs, target, extras.bundles, extras)


def _packs(current: list[Entry], out: Path, year_dir: Path, changed: set[str | None],
           extras: Extras, confine: Confined) -> None:
    """One zip per organisation: its own documents and those sent to every organisation."""
    by_org: dict[str | None, list[Entry]] = {}
    for e in current:
        by_org.setdefault(e.org, []).append(e)
    shared = by_org.pop(None, [])
    everyone = None in changed
    folder = year_dir / PACKS
    for code in sorted(by_org):
        # The code as files name it (validate refuses codes that are not plain); a string,
        # not a Path, for the thousand packs a rebuild leaves as they are.
        name = f"{slug(code, 20)}.zip"
        if not everyone and code not in changed and os.path.isfile(f"{folder}/{name}"):
            continue
        target = confine(folder / name)
        # Kinds share file names (one per organisation): a folder per kind in the zip.
        files = [(f"{e.kind}/{Path(rel).name}", out / rel)
                 for e in shared + by_org[code] for rel in filter(None, (e.docx, e.pdf))]
        _make(org_pack, files, target, extras.packs, extras)
    for code in changed - set(by_org) - {None}:  # none of its own documents is current
        confine(folder / f"{slug(code, 20)}.zip").unlink(missing_ok=True)


def _make(write: Callable[[list, Path], None], sources: list, target: Path,
          made: list[Path], extras: Extras) -> None:
    """Write a bundle or a pack; a failure is reported and the others still made."""
    try:
        write(sources, target)
    except KiemdiemError as exc:
        extras.problems.append(f"{target.name}: {exc}")
        return
    made.append(target)

