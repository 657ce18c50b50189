"""LibreOffice backend: a pool of headless soffice workers converting batches of documents.

Starting LibreOffice costs most of a second, so each worker converts a batch of
documents in one ``soffice --convert-to pdf`` call (a fresh process per batch is
the "restart after N documents"). Workers run side by side, one per core, each
with its own profile folder, since two processes sharing a profile silently hand
their work to each other. A batch that crashes or hangs is killed with its whole
process group; the documents that did not come out are tried again in halves,
then alone, so one bad document cannot take the others down.
"""

from __future__ import annotations

import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .base import Failure, Progress, is_complete_pdf, place, work_folder

ALONE_TRIES = 2  # a document that fails this many times on its own is reported
_POLL = 0.05


@dataclass
class _Outcome:
    """What one soffice run did with its batch (indices into the job list)."""

    batch: list[int]
    kind: str = "ok"  # ok | crash | timeout | error
    done: list[int] = field(default_factory=list)
    left: dict[int, str] = field(default_factory=dict)  # may be retried: index -> reason
    final: dict[int, str] = field(default_factory=dict)  # never retried: index -> reason


class LibreOfficeConverter:
    """Converts with a pool of ``workers`` soffice processes, ``batch`` documents each.

    ``timeout`` is the seconds one document may take. A batch is killed when no
    new PDF has appeared for ``timeout`` seconds (``startup`` more for the first),
    and in any case after ``timeout`` × its size + ``startup``.
    """

    name = "libreoffice"

    def __init__(self, soffice: Path, *, workers: int | None = None, batch: int = 40,
                 timeout: float = 60, startup: float = 30) -> None:
        self.soffice = Path(soffice)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.batch = max(1, batch)
        self.timeout = timeout
        self.startup = startup

    def convert(
        self, jobs: Sequence[tuple[Path, Path]], progress: Progress | None = None
    ) -> list[Failure]:
        jobs = [(Path(s), Path(t)) for s, t in jobs]
        if not jobs:
            return []
        with work_folder("pdf") as tmp:
            return _Run(self, jobs, Path(tmp), progress).run()


class _Run:
    """One ``convert`` call: its private folder, its worker threads and their processes."""

    def __init__(self, conv: LibreOfficeConverter, jobs: list[tuple[Path, Path]],
                 work: Path, progress: Progress | None) -> None:
        self.conv = conv
        self.jobs = jobs
        self.work = work
        self.progress = progress
        self.tasks: queue.Queue[list[int] | None] = queue.Queue()
        self.results: queue.Queue[_Outcome] = queue.Queue()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.procs: set[subprocess.Popen] = set()
        self.seq = 0
        (work / "in").mkdir()

    def run(self) -> list[Failure]:
        failed: dict[int, str] = {}
        ready: list[int] = []
        for i, (src, _) in enumerate(self.jobs):
            # A private copy named by index: no clash between equal names from two
            # folders, and no path LibreOffice could misread (spaces, leading dash).
            try:
                shutil.copyfile(src, self._input(i))
                ready.append(i)
            except FileNotFoundError:
                failed[i] = "không tìm thấy tệp .docx"
            except OSError as exc:
                failed[i] = f"không đọc được tệp .docx ({exc.strerror or exc})"
        total, done = len(self.jobs), 0
        for done in range(1, len(failed) + 1):
            if self.progress:
                self.progress(done, total)
        size = min(self.conv.batch, math.ceil(len(ready) / self.conv.workers) or 1)
        batches = [ready[k:k + size] for k in range(0, len(ready), size)]
        for b in batches:
            self.tasks.put(b)
        threads = [threading.Thread(target=self._worker, args=(w,), daemon=True)
                   for w in range(min(self.conv.workers, len(batches)))]
        for t in threads:
            t.start()
        alone_fails: dict[int, int] = {}
        try:
            while done < total:
                try:
                    out = self.results.get(timeout=0.5)
                except queue.Empty:
                    continue
                for _ in self._settle(out, failed, alone_fails):
                    done += 1
                    if self.progress:
                        self.progress(done, total)
        finally:
            self.stop.set()
            self._kill_all()
            for _ in threads:
                self.tasks.put(None)
            for t in threads:
                t.join()
        return [Failure(*self.jobs[i], failed[i]) for i in sorted(failed)]

    def _settle(self, out: _Outcome, failed: dict[int, str],
                alone_fails: dict[int, int]) -> list[int]:
        """Record a batch's outcome, queue its retries; return the documents now finished."""
        finished = list(out.done)
        for i, reason in out.final.items():
            failed[i] = reason
            finished.append(i)
        if len(out.batch) == 1:
            for i, reason in out.left.items():
                alone_fails[i] = alone_fails.get(i, 0) + 1
                if alone_fails[i] >= ALONE_TRIES:
                    failed[i] = reason
                    finished.append(i)
        for retry in self._retries(out):
            retry = [i for i in retry if i not in failed]
            if retry:
                self.tasks.put(retry)
        return finished

    def _retries(self, out: _Outcome) -> list[list[int]]:
        """The batches to try again: halves after a crash, else each document alone."""
        left = [i for i in out.batch if i in out.left]
        if len(left) <= 1 or len(out.batch) == 1:
            return [left] if left else []
        if out.kind in ("ok", "error"):
            # A normal exit tried every document: the missing ones failed on their own.
            return [[i] for i in left]
        half = math.ceil(len(left) / 2)
        return [left[:half], left[half:]]

    def _input(self, i: int) -> Path:
        return self.work / "in" / f"{i:05d}.docx"

    def _worker(self, wid: int) -> None:
        generation = 0
        while True:
            batch = self.tasks.get()
            if batch is None or self.stop.is_set():
                return
            with self.lock:
                self.seq += 1
                seq = self.seq
            profile = self.work / f"profile-{wid}-{generation}"
            try:
                out = self._convert_batch(batch, profile, seq)
            except Exception as exc:  # report, never die silently: the scheduler waits on us
                reason = f"lỗi khi chạy LibreOffice: {exc}"
                out = _Outcome(batch, "error", reason, left=dict.fromkeys(batch, reason))
            if out.kind != "ok":
                # A killed LibreOffice may leave its profile locked or half-written.
                shutil.rmtree(profile, ignore_errors=True)
                generation += 1
            self.results.put(out)

    def _convert_batch(self, batch: list[int], profile: Path, seq: int) -> _Outcome:
        conv = self.conv
        outdir = self.work / f"out-{seq}"
        outdir.mkdir()
        log = self.work / f"log-{seq}.txt"
        cmd = [str(conv.soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir),
               *(str(self._input(i)) for i in batch)]
        out = _Outcome(batch)
        with open(log, "wb") as logf:
            proc = self._start(cmd, logf)
            try:
                rc, timed_out = self._watch(proc, outdir, len(batch))
            finally:
                with self.lock:
                    self.procs.discard(proc)
        if timed_out:
            out.kind = "timeout"
            reason = f"quá thời gian chuyển ({conv.timeout:g} giây một văn bản)"
        elif rc != 0:
            out.kind = "crash"
            reason = f"LibreOffice dừng bất thường (mã {rc})"
        else:
            reason = "LibreOffice không mở được tệp (tệp .docx hỏng hoặc không đúng định dạng)"
        for i in batch:
            pdf = outdir / f"{i:05d}.pdf"
            if not pdf.exists():
                out.left[i] = reason
            elif not is_complete_pdf(pdf):
                out.left[i] = "PDF tạo ra không hoàn chỉnh"
            else:
                try:
                    place(pdf, self.jobs[i][1])
                    out.done.append(i)
                except OSError as exc:
                    out.final[i] = f"không ghi được {self.jobs[i][1]} ({exc.strerror or exc})"
        shutil.rmtree(outdir, ignore_errors=True)
        return out

    def _start(self, cmd: list[str], logf) -> subprocess.Popen:
        kwargs: dict = {"stdin": subprocess.DEVNULL, "stdout": logf, "stderr": subprocess.STDOUT}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            # Its own process group, so a kill reaches oosplash and soffice.bin alike.
            kwargs["start_new_session"] = True
        with self.lock:
            if self.stop.is_set():
                raise RuntimeError("đã dừng")
            proc = subprocess.Popen(cmd, **kwargs)
            self.procs.add(proc)
        return proc

    def _watch(self, proc: subprocess.Popen, outdir: Path, n: int) -> tuple[int, bool]:
        """Wait for ``proc``; kill it when it stalls, overruns or the run is stopped."""
        conv = self.conv
        start = time.monotonic()
        hard = start + conv.startup + conv.timeout * n
        stall = start + conv.startup + conv.timeout
        seen = 0
        while True:
            try:
                return proc.wait(timeout=_POLL), False
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            count = sum(1 for _ in outdir.glob("*.pdf"))
            if count > seen:
                seen, stall = count, now + conv.timeout
            if now > stall or now > hard or self.stop.is_set():
                _kill(proc)
                return proc.wait(), True

    def _kill_all(self) -> None:
        with self.lock:
            procs = list(self.procs)
        for proc in procs:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and every process it started (called before it is reaped)."""
    if proc.poll() is not None:
        return
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                       capture_output=True, check=False)
        proc.kill()
        return
    try:
        # Not yet reaped, so its pid is still its group's: no other group can be hit.
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
