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
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, TimeoutError, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import temp_beside
from ..errors import TemplateError
from ..lock import release_inherited
from ..ooxml import Properties

try:  # POSIX
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None
from .pictures import put_pictures
from .prepared import prepare

# Below this many documents a pool costs more to start than it saves.
POOL_MIN = 24
# What a workspace's own template may take to fill one document, and its worker's memory.
SECONDS_PER_DOCUMENT = 30
WORKER_MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class Job:
    template: Path
    context: dict[str, Any]
    target: Path  # where the document will live; its temporary file goes beside it
    properties: Properties | None = None  # what its core and extended properties say
    pictures: dict[str, bytes] | None = None  # drawn pictures, by the template's names


@dataclass(frozen=True)
class Rendered:
    tmp: Path
    sha256: str


def render_one(template: Path, tone: str, context: dict[str, Any], target: Path,
               properties: Properties | None = None,
               pictures: dict[str, bytes] | None = None) -> Rendered:
    # A build's contexts are the JSON it registers: nothing for docxtpl alone to serve.
    data = prepare(template, tone).render_bytes(context, plain=True, properties=properties)
    data = put_pictures(data, pictures or {})
    tmp = temp_beside(target)
    try:
        tmp.write_bytes(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Rendered(tmp, hashlib.sha256(data).hexdigest())


def _init_worker(memory: int | None = None) -> None:
    release_inherited()  # the workspace lock is the build's alone
    _watch_parent(os.getppid())
    if memory is not None and resource is not None:
        # A workspace's template renders in a bounded worker: beyond this, MemoryError.
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + memory
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """The bytes this process has mapped already (0 where the system does not say)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 0


def _chunk(args: tuple[str, list[tuple[int, Job]]]) -> list[tuple[int, Rendered]]:
    tone, jobs = args
    done: list[tuple[int, Rendered]] = []
    try:
        for i, j in jobs:
            done.append((i, render_one(j.template, tone, j.context, j.target, j.properties,
                                       j.pictures)))
    except BaseException:
        for _, r in done:  # a chunk that fails leaves no temporary file
            r.tmp.unlink(missing_ok=True)
        raise
    return done


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
               progress: Callable[[int, int], None] | None = None,
               untrusted: bool = False) -> list[Rendered]:
    """Render every job; results in the jobs' order. On an error no temporary file remains.

    ``untrusted``: a template comes from the workspace (edited, or uploaded): every job
    renders in a worker process, with at most :data:`SECONDS_PER_DOCUMENT` a document and
    :data:`WORKER_MEMORY` bytes more than the worker started with.
    """
    results: list[Rendered | None] = [None] * len(jobs)
    n = workers_for(len(jobs), workers)
    done = 0
    futures: list = []
    try:
        if n == 1 and not untrusted:
            for i, job in enumerate(jobs):
                results[i] = render_one(job.template, tone, job.context, job.target,
                                         job.properties, job.pictures)
                done += 1
                if progress:
                    progress(done, len(jobs))
            return results  # type: ignore[return-value]
        # Chunks of consecutive jobs keep each worker on one template at a time.
        size = max(1, min(8 if untrusted else 64, len(jobs) // (n * 4) or 1))
        indexed = list(enumerate(jobs))
        chunks = [(tone, indexed[k:k + size]) for k in range(0, len(jobs), size)]
        pool = ProcessPoolExecutor(max_workers=n, mp_context=_context(), initializer=_init_worker,
                                   initargs=(WORKER_MEMORY if untrusted else None,))
        try:
            futures = [pool.submit(_chunk, c) for c in chunks]
            # A chunk's allowance at a time, not the kind's: a template slow on every
            # document is given up on at its first chunk, not after hours of them.
            step = SECONDS_PER_DOCUMENT * size if untrusted else None
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=step, return_when=FIRST_COMPLETED)
                if not finished:
                    raise TimeoutError
                for future in finished:
                    for i, rendered in future.result():
                        results[i] = rendered
                        done += 1
                        if progress:
                            progress(done, len(jobs))
        except TimeoutError:
            _stop(pool)
            raise TemplateError(
                f"Mẫu {jobs[0].template.name}: điền dữ liệu quá lâu (quá {SECONDS_PER_DOCUMENT} "
                "giây một văn bản); mẫu có vòng lặp quá lớn? Sửa mẫu, hoặc xóa nó để dùng mẫu "
                "có sẵn.") from None
        except BaseException:
            for f in futures:
                f.cancel()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return results  # type: ignore[return-value]
    except BaseException:
        # The pool has finished every chunk by now: remove what the others wrote too.
        finished = [pair for f in futures if f.done() and not f.cancelled()
                    and f.exception() is None for pair in f.result()]
        for r in [r for r in results if r is not None] + [r for _, r in finished]:
            r.tmp.unlink(missing_ok=True)
        raise


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the workers of a pool whose work took too long (a template that loops)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
