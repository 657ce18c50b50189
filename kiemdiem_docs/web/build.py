"""The build page: one button; a bar per phase, kept by the server so a reload finds it;
the plan and a reason asked for when the build would re-issue or withdraw; the summary."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import KiemdiemError
from ..issuing import Request as BuildRequest
from .base import page, post, user_of, web
from .jobs import Job


def start(request: Request, build: BuildRequest, today: dt.date | None = None) -> Response:
    """Start a build for the user asking (or find the one running) and go to its page."""
    state = web(request)
    job = Job(build, user_of(request) or "", state.clock().strftime("%H:%M:%S %d/%m/%Y"),
              today=today)
    started = state.state["builds"].start(job)
    return RedirectResponse("/sinh-van-ban" + ("" if started else "?dang-chay=1"),
                            status_code=303)


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise KiemdiemError(f"«{value}» không phải ngày dd/mm/yyyy.") from None


async def build_page(request: Request) -> Response:
    state = web(request)
    builds = state.state["builds"]
    return page(request, "sinh-van-ban.html", job=builds.job, running=builds.running,
                busy="dang-chay" in request.query_params, pdf_note=state.pdf_note)


@post
async def run_build(request: Request, form: FormData) -> Response:
    reason = str(form.get("ly_do", "")).strip()
    return start(request, BuildRequest(reason=reason, dry_run=form.get("xem_truoc") == "1"))


async def progress(request: Request) -> Response:
    job = web(request).state["builds"].job
    return JSONResponse(job.to_dict() if job else {"done": True, "phases": [], "error": None,
                                                     "waiting": None})


ROUTES = [
    Route("/sinh-van-ban", build_page, name="build"),
    Route("/sinh-van-ban", run_build, methods=["POST"]),
    Route("/sinh-van-ban/tien-do", progress, name="progress"),
]
