"""Builds run by the web page: one at a time in a thread of the server, so closing the
browser does not stop one, and their progress is kept here for any page that asks.

The workspace lock (taken by ``api.build``) still orders this server's builds against
the command line's: a build that has to wait says for whom.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import InvalidRoster, KiemdiemError, ReasonRequired
from ..issuing import Change, Phase, Request, Summary, report


@dataclass
class Job:
    """One build (or dry run, or re-issue), as far as it got."""

    request: Request
    user: str
    started: str
    phases: dict[str, list[int]] = field(default_factory=dict)  # phase -> [done, total]
    waiting: str | None = None  # the command this build waits for
    done: bool = False
    lines: list[str] = field(default_factory=list)  # the summary, as the CLI prints it
    error: str | None = None
    changes: list[Change] = field(default_factory=list)  # what needs a reason, or the plan
    needs_reason: bool = False
    today: dt.date | None = None  # the signing date asked for (else the day it runs)

    @property
    def what(self) -> str:
        if self.request.dry_run:
            return "Xem trước"
        return "Ban hành lại" if self.request.keys is not None else "Sinh văn bản"

    def to_dict(self) -> dict:
        return {"done": self.done, "waiting": self.waiting, "error": self.error,
                "phases": [{"phase": p, "label": Phase(p).label, "done": d, "total": t}
                           for p, (d, t) in self.phases.items()]}


class Builds:
    """The build of one workspace: at most one running; the last one kept to show."""

    def __init__(self, start_build: Callable[[Job], Summary], log: Path, folder: Path) -> None:
        self._run, self._log, self._folder = start_build, log, folder
        self._lock = threading.Lock()
        self.job: Job | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def start(self, job: Job) -> bool:
        """Start ``job`` unless a build is running (False: that one goes on alone)."""
        with self._lock:
            if self.running:
                return False
            self.job = job
            self._thread = threading.Thread(target=self._work, args=(job,), daemon=True,
                                            name="kiemdiem-build")
            self._thread.start()
            return True

    def wait(self, timeout: float) -> bool:
        """For tests and shutdown: True once the running build has ended."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def _work(self, job: Job) -> None:
        try:
            summary = self._run(job)
            job.changes = summary.changes
            job.lines = report(summary, self._folder)
        except ReasonRequired as exc:
            job.changes, job.needs_reason = list(exc.changes), True
            # The command line's words («--reason») mean nothing here: the page asks.
            job.error = (f"Lần chạy này sẽ ban hành lại hoặc thu hồi {len(job.changes)} văn "
                         "bản (kê dưới đây): ghi lý do rồi bấm «Ban hành lại với lý do này». "
                         "Chưa ghi gì.")
        except InvalidRoster as exc:
            job.error = str(exc)
        except KiemdiemError as exc:
            job.error = str(exc)
        except OSError as exc:
            from ..errors import from_os_error

            job.error = str(from_os_error(exc))
        except Exception:  # the server goes on; the fault is kept for the administrator
            job.error = ("Gặp sự cố không lường trước khi sinh văn bản; sổ đăng ký vẫn nhất quán,"
                         " lần chạy sau làm nốt. Gửi tệp kiemdiem-web-loi.txt cho người quản trị.")
            try:
                self._log.write_text(traceback.format_exc(), encoding="utf-8")
            except OSError:
                pass
        finally:
            job.waiting = None
            job.done = True


def runner(web, rosters, workbook: Callable[[], Path]) -> Callable[[Job], Summary]:
    """How the server builds: the current workbook, read through the roster cache, the
    clock read now, the job told of each phase's progress and of any wait."""
    def run(job: Job) -> Summary:
        roster = rosters.get(workbook())
        now = web.clock()

        def progress(phase: Phase, done: int, total: int) -> None:
            job.phases[phase.value] = [done, total]

        def waiting(who: str) -> None:
            job.waiting = who

        request = dataclasses.replace(job.request, user=job.user)
        return api.build(web.config, roster, today=job.today or now.date(), now=now,
                         request=request,
                         converter=None if request.dry_run else web.converter,
                         progress=progress, waiting=waiting)

    return run
