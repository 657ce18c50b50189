"""Render many documents on every core, each into a temporary file beside its target.

Rendering is deterministic (``prepared`` writes fixed zip dates), so what the
workers make is byte for byte what one process would; the build then moves each
file into place and registers it in its own process. Workers hold none of the build's
locks and end when the build ends, however it ends.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.context
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import temp_beside
from ..lock import release_inherited
from .prepared import prepare

# Below this many documents a pool costs more to start than it saves.
POOL_MIN = 24


@dataclass(frozen=True)
class Job:
    template: Path
    context: dict[str, Any]
    target: Path  # where the document will live; its temporary file goes beside it


@dataclass(frozen=True)
class Rendered:
    tmp: Path
    sha256: str


def render_one(template: Path, tone: str, context: dict[str, Any], target: Path) -> Rendered:
    # A build's contexts are the JSON it registers: nothing for docxtpl alone to serve.
    data = prepare(template, tone).render_bytes(context, plain=True)
    tmp = temp_beside(target)
    try:
        tmp.write_bytes(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Rendered(tmp, hashlib.sha256(data).hexdigest())


def _init_worker() -> None:
    release_inherited()  # the workspace lock is the build's alone
    _watch_parent(os.getppid())


def _chunk(args: tuple[str, list[tuple[int, Job]]]) -> list[tuple[int, Rendered]]:
    tone, jobs = args
    return [(i, render_one(j.template, tone, j.context, j.target)) for i, j in jobs]


def _watch_parent(parent: int) -> None:
    """In a worker: end this process as soon as the build that started it is gone.

    A build killed with SIGKILL cannot stop its pool; its workers would render on (and
    under ``fork`` hold every file it had open, the workspace lock among them).
    """
    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="kiemdiem-watch-parent").start()


def _context() -> multiprocessing.context.BaseContext:
    """Forked workers where the system forks (they start at once, with the templates the
    build has prepared, and run none of the caller's main module again), else fresh
    interpreters."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def workers_for(count: int, workers: int | None) -> int:
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return 1 if count < POOL_MIN else max(1, min(wanted, count))


def render_all(jobs: Sequence[Job], *, tone: str, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[Rendered]:
    """Render every job; results in the jobs' order. On an error no temporary file remains."""
    results: list[Rendered | None] = [None] * len(jobs)
    n = workers_for(len(jobs), workers)
    done = 0
    futures = []
    try:
        if n == 1:
            for i, job in enumerate(jobs):
                results[i] = render_one(job.template, tone, job.context, job.target)
                done += 1
                if progress:
                    progress(done, len(jobs))
            return results  # type: ignore[return-value]
        # Chunks of consecutive jobs keep each worker on one template at a time.
        size = max(1, min(64, len(jobs) // (n * 4) or 1))
        indexed = list(enumerate(jobs))
        chunks = [(tone, indexed[k:k + size]) for k in range(0, len(jobs), size)]
        with ProcessPoolExecutor(max_workers=n, mp_context=_context(),
                                 initializer=_init_worker) as pool:
            futures = [pool.submit(_chunk, c) for c in chunks]
            for future in as_completed(futures):
                for i, rendered in future.result():
                    results[i] = rendered
                    done += 1
                    if progress:
                        progress(done, len(jobs))
        return results  # type: ignore[return-value]
    except BaseException:
        # The pool has finished every chunk by now: remove what the others wrote too.
        finished = [pair for f in futures if f.done() and not f.cancelled()
                    and f.exception() is None for pair in f.result()]
        for r in [r for r in results if r is not None] + [r for _, r in finished]:
            r.tmp.unlink(missing_ok=True)
        raise
