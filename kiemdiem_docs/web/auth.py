"""Logging in and out. Without accounts (only on this machine) there is nothing to log
into: the page says so and goes on."""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .base import _safe_next, page, post, web


async def login_page(request: Request) -> Response:
    if not web(request).accounts.any():
        return RedirectResponse("/", status_code=303)
    return page(request, "dang-nhap.html", next=_safe_next(request.query_params.get("tiep", "/")),
                failed=False)


@post
async def login(request: Request, form: FormData) -> Response:
    accounts = web(request).accounts
    name, password = str(form.get("ten", "")), str(form.get("mat_khau", ""))
    target = _safe_next(str(form.get("tiep", "/")))
    if not await run_in_threadpool(accounts.check, name, password):
        return page(request, "dang-nhap.html", code=401, next=target, failed=True)
    # A new session at login: a token planted before it is worth nothing after.
    request.session.clear()
    request.session.update(user=name, dau=accounts.stamp(name), csrf=secrets.token_urlsafe(32))
    return RedirectResponse(target, status_code=303)


@post
async def logout(request: Request, form: FormData) -> Response:
    name = request.session.get("user")
    if isinstance(name, str):  # every copy of the cookie ends, not only this browser's
        await run_in_threadpool(web(request).accounts.logged_out, name)
    request.session.clear()
    return RedirectResponse("/dang-nhap", status_code=303)


ROUTES = [
    Route("/dang-nhap", login_page, name="login"),
    Route("/dang-nhap", login, methods=["POST"]),
    Route("/dang-xuat", logout, methods=["POST"], name="logout"),
]
