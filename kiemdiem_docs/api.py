"""The library's face: load a roster, build a round, plan one; what the CLI, the web
page, the tests and the benchmarks call.

A document is written only when its content (its data and its template)
differs from what the register holds, so running ``build`` twice on the same
roster touches nothing. Every file lands whole (written aside, then renamed)
and is registered in the same transaction that claims its number, under a
workspace lock, so two builds never hand out one number twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import kinds
from . import roster as roster_step
from .atomic import sweep_temp
from .config import Config, packs_of
from .errors import InvalidRoster, KiemdiemError, from_os_error, from_sqlite_error
from .issuing import Issuing, Phase, Progress, Request, Summary, in_phase, make_extras
from .kinds import Doc
from .lock import workspace_lock
from .pdf import Converter
from .register import Register, open_register
from .render import BUILTIN
from .roster import Roster


def load_roster(path: Path | None, config: Config) -> Roster:
    """Read and validate a workbook (``config.danh_sach`` when ``path`` is None), with the
    workspace's quota, the kinds its SoVanBan sheet may name and the round's rule pack
    (whether scores set the grades)."""
    loaded = roster_step.load(config.danh_sach if path is None else path, config.gioi_han)
    loaded.problems = roster_step.validate(loaded, quota_percent=config.ty_le_htxsnv,
                                           kinds=kinds.keys(), rules=config.quy_dinh)
    return loaded


def round_config(config: Config, register) -> Config:
    """The settings under the packs the round was first issued under: a correction made
    after the settings (or this version's choice for the year) changed keeps the format
    and the grounds of the documents it corrects."""
    pinned = register.round_packs(config.nam)
    return config.with_packs(pinned) if pinned and pinned != packs_of(config) else config


def build(config: Config, roster: Roster, *, today: dt.date, now: dt.datetime,
          request: Request | None = None, converter: Converter | None = None,
          workers: int | None = None,
          progress: Progress | None = None,
          waiting: Callable[[str], None] | None = None) -> Summary:
    """Bring ``config.dau_ra`` and the register up to date with ``roster``.

    ``converter``: makes the PDFs (none: .docx only); ``workers``: processes that render
    (default: one per core); ``progress(phase, done, total)`` is called as each document
    is rendered (:attr:`Phase.RENDER`), then as each PDF is made (:attr:`Phase.PDF`),
    then as each print bundle or pack is made (:attr:`Phase.BUNDLE`), a phase with nothing
    to do being left out; ``waiting(who)``, once, when another command holds the workspace
    and this one has to wait for it.
    """
    request = request or Request()
    if roster.errors:
        raise InvalidRoster(roster.errors)
    unknown = (request.kinds or frozenset()) - set(kinds.keys())
    if unknown:
        raise KiemdiemError("Không có loại văn bản " + ", ".join(sorted(unknown))
                            + ". Các loại: " + ", ".join(kinds.keys()) + ".")
    if request.only is not None and roster.org(request.only) is None:
        raise KiemdiemError(f"Không có tổ chức mã «{request.only}» trong sheet ToChuc.")
    if request.kinds is not None:
        # What cites a document follows it: asking for letters brings their invitations
        # (for documents asked for by key, the ones that cite those).
        extra = kinds.with_citing(request.kinds) - request.kinds
        request = dataclasses.replace(
            request, kinds=request.kinds | extra,
            followers=request.followers | (extra if request.keys is not None else frozenset()))
    if request.dry_run:
        return _dry_run(config, roster, today, now, request, waiting)
    with workspace(config, waiting=waiting,
                   what=f"kiemdiem build, bắt đầu {now:%H:%M:%S %d/%m/%Y}") as register:
        config = round_config(config, register)
        year_dir = config.dau_ra / str(config.nam)
        issuing = Issuing(config, roster, register, today, now, request, workers)
        # A failure leaves no temporary file but those the journal still needs.
        summary = issuing.run(in_phase(progress, Phase.RENDER))
        if summary.dry_run:
            return summary
        touched = {r.entry_id for r in summary.written()}
        summary.extras = make_extras(register, config.dau_ra, year_dir, converter,
                                     touched, progress, issuing.after)
        return summary


def _dry_run(config: Config, roster: Roster, today: dt.date, now: dt.datetime,
             request: Request, waiting: Callable[[str], None] | None) -> Summary:
    """What a build would do, planned on a copy of the register: nothing of the
    workspace is written (no move finished, no file swept, no register made)."""
    with tempfile.TemporaryDirectory(prefix="kiemdiem-thu-") as tmp:
        copy = Path(tmp) / "so.sqlite"
        try:
            if config.so_dang_ky.exists():
                with workspace_lock(_lock_of(config), timeout=config.cho_khoa, waiting=waiting,
                                    what="kiemdiem build --dry-run"):
                    source = sqlite3.connect(f"file:{config.so_dang_ky}?mode=ro", uri=True)
                    target = sqlite3.connect(copy)
                    with source, target:
                        source.backup(target)
                    source.close()
                    target.close()
            with open_register(copy) as register:
                return Issuing(round_config(config, register), roster, register, today, now,
                               request).run(None)
        except sqlite3.Error as exc:
            raise from_sqlite_error(exc, config.so_dang_ky) from None


def _lock_of(config: Config) -> Path:
    return config.so_dang_ky.with_name(config.so_dang_ky.name + ".lock")


@contextmanager
def workspace(config: Config, *, waiting: Callable[[str], None] | None = None,
              what: str = "") -> Iterator[Register]:
    """The workspace taken for one command: its lock held (waiting at most ``cho_khoa``
    seconds, see :func:`workspace_lock`), its register open, and what an interrupted run
    left done (journaled moves finished, temporary files removed) before anything else."""
    try:
        with workspace_lock(_lock_of(config), timeout=config.cho_khoa, waiting=waiting,
                            what=what), open_register(config.so_dang_ky) as register:
            register.finish_moves(config.dau_ra)
            sweep_temp(config.dau_ra)
            yield register
    except sqlite3.Error as exc:  # what SQLite refused, said in Vietnamese with the file
        raise from_sqlite_error(exc, config.so_dang_ky) from None
    except OSError as exc:
        raise from_os_error(exc) from None


def plan_documents(config: Config, roster: Roster, *, today: dt.date,
                   now: dt.datetime) -> list[tuple[Path, Doc]]:
    """Every document a build would make, with its template, writing nothing.

    For benchmarks and tests that render the planner's contexts themselves.
    """
    with open_register(config.so_dang_ky) as register:
        return Issuing(config, roster, register, today, now, Request()).plan()


def select(kinds: Iterable[str] | None) -> frozenset[str] | None:
    """The kinds a request names (``--kind``, repeated), or None for every kind."""
    return frozenset(kinds) if kinds else None


def template_kind(name: str, config: Config) -> str | None:
    """The kind a template file named ``name`` is for: the kind of that key
    (``cong-van.docx``), the one whose settings choose that name, or the one whose key
    begins a built-in template's name (``giay-khen-phoi.docx``, the certificate for a
    pre-printed blank); None when the name is none of these."""
    stem = Path(name).stem
    if stem in kinds.keys():
        return stem
    for kind in kinds.KINDS:
        if kind.template_for(config) == name:
            return kind.key
    if not (BUILTIN / name).is_file():
        return None
    prefixes = [k for k in kinds.keys() if stem.startswith(k + "-")]
    return max(prefixes, key=len) if prefixes else None


def template_warnings(path: Path, kind: str) -> list[str]:
    """What a template that fits its kind still lacks (Vietnamese): a picture the kind draws
    that is no longer in it as a PNG (the report's chart), so documents come without it."""
    from .render import placeholders

    missing = sorted(set(kinds.get(kind).pictures) - placeholders(Path(path).read_bytes()))
    return [f"Cảnh báo: mẫu không còn ảnh PNG tên «{name}», nên văn bản sẽ không có ảnh ấy "
            "(biểu đồ). Muốn có: chép ảnh ấy từ mẫu có sẵn, hoặc đặt lại tên ảnh trong Word "
            "(Trang đầu › Chọn › Ngăn Lựa chọn)." for name in missing]
