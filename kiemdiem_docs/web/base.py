"""The web page's frame: the app factory, what guards every request, and page rendering.

Every request passes the Host check (a page elsewhere must not reach a server on
127.0.0.1 through DNS rebinding) and the upload limit, counted while the body streams
in; every page but the login page wants a logged-in user once accounts exist; every
POST goes through :func:`post`, which reads the form and checks its CSRF token.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import traceback
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..config import Config
from ..errors import KiemdiemError
from .accounts import LOCAL_USER, Accounts, session_secret

HERE = Path(__file__).parent
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})
UPLOAD_MB = 20
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined)


class TooLarge(Exception):
    """The request's body passed the upload limit."""


@dataclass
class Web:
    """What every page of one server shares: its workspace, guards, clock and build."""

    config: Config
    accounts: Accounts
    max_upload: int
    clock: Callable[[], dt.datetime]
    converter: Any  # a pdf Converter, or None for .docx only
    pdf_note: str | None
    state: dict[str, Any] = field(default_factory=dict)  # the page groups' own objects


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


def host_of(header: str) -> str:
    """The host of a Host header, without its port ("[::1]:8000" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """Host check and upload limit, before anything else reads the request."""

    def __init__(self, app, *, allowed: frozenset[str], max_upload: int) -> None:
        self.app, self.allowed, self.max_upload = app, allowed, max_upload

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if host_of(headers.get("host", "")) not in self.allowed:
            return await _plain(send, 400, "Địa chỉ trang không đúng với máy chủ này; mở trang "
                                "bằng địa chỉ người quản trị đã cho.")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_upload:
            return await _plain(send, 413, _too_large(self.max_upload))
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_upload:  # a body that lied about its length, or chunked
                    raise TooLarge
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> str:
    return f"Tệp tải lên quá lớn (tối đa {limit // (1024 * 1024)} MB)."


async def _plain(send, status: int, message: str) -> None:
    body = _ENV.get_template("loi.html").render(message=message, status=status, user=None,
                                                csrf="", nav=NAV, path="").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# (path, label) of the navigation bar: every page group is reachable from it.
NAV = (("/", "Đợt kiểm điểm"), ("/so-danh-sach", "Sổ danh sách"),
       ("/sinh-van-ban", "Sinh văn bản"), ("/van-ban", "Văn bản"), ("/ban-in", "Bản in, gói"),
       ("/so-dang-ky", "Sổ đăng ký"),
       ("/mau", "Mẫu văn bản"))
OPEN = ("/dang-nhap", "/static/")  # answered without a login


def web(request: Request) -> Web:
    return request.app.state.web


def user_of(request: Request) -> str | None:
    """Who is asking: the logged-in account, «(máy này)» without accounts, else None."""
    accounts = web(request).accounts
    if not accounts.any():
        return LOCAL_USER
    name = request.session.get("user")
    # The cookie is signed, not stored: it is worth something only while the account it
    # names exists unchanged and has not logged out since.
    stamp = accounts.stamp(name) if isinstance(name, str) else None
    if stamp is None or not secrets.compare_digest(stamp, str(request.session.get("dau", ""))):
        return None
    return name


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if token is None:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    def request_query(number: int) -> str:  # this page's filters, on another page
        return urlencode({**request.query_params, "trang": number})

    html = _ENV.get_template(template).render(
        user=user_of(request), csrf=csrf_token(request), nav=NAV, path=request.url.path,
        request_query=request_query, **context)
    return HTMLResponse(html, status_code=code)


def removed(folder: Path) -> BackgroundTask:
    """A response's afterword: its temporary folder gone once the file is sent."""
    return BackgroundTask(shutil.rmtree, folder, ignore_errors=True)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "loi.html", code=status, status=status, message=message)


def int_param(request: Request, name: str, default: int = 1) -> int:
    value = request.query_params.get(name, "")
    return max(1, int(value)) if value.isdigit() and len(value) < 7 else default


Handler = Callable[[Request, FormData], Awaitable[Response]]


def post(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A POST route: its form read within the limits, its CSRF token checked, then
    ``handler(request, form)``. Every POST of the page is made with this."""
    async def endpoint(request: Request) -> Response:
        try:
            form = await request.form(max_files=2, max_fields=20)
        except TooLarge:
            return error_page(request, 413, _too_large(web(request).max_upload))
        except HTTPException:
            return error_page(request, 400, "Biểu mẫu gửi lên không đọc được; tải lại trang "
                              "rồi thử lại.")
        sent, expected = form.get("csrf"), request.session.get("csrf")
        # A page elsewhere sends no cookie (SameSite=Strict), so no session token: an
        # empty token must not match an empty session.
        if not expected or not isinstance(sent, str) or not secrets.compare_digest(
                sent, str(expected)) or _cross_site(request):
            return error_page(request, 403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không phải "
                              "của trang này; tải lại trang rồi thử lại.")
        return await handler(request, form)

    endpoint.__name__ = handler.__name__
    return endpoint


def _cross_site(request: Request) -> bool:
    """A POST a browser says came from another site (Sec-Fetch-Site), or whose Origin is
    not this server: refused whatever token it carries."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    return origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}"


class LoginWall:
    """Every page but the login page and the static files wants a user (plain ASGI, so
    that what the body's reader raises reaches the page that reads it)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            path = request.url.path
            if not path.startswith(OPEN) and user_of(request) is None:
                response = RedirectResponse("/dang-nhap?tiep=" + _safe_next(path),
                                            status_code=303)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


def _safe_next(path: str) -> str:
    """Where to go after logging in: a path of this site only."""
    return path if path.startswith("/") and not path.startswith("//") else "/"


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    words = {404: "Không có trang hay tệp này.", 405: "Trang này không nhận cách gửi ấy."}
    return error_page(request, status, words.get(status, "Yêu cầu không hợp lệ."))


async def _refused(request: Request, exc: Exception) -> Response:
    return error_page(request, 400, str(exc))


async def _too_big(request: Request, exc: Exception) -> Response:
    return error_page(request, 413, _too_large(web(request).max_upload))


async def _fault(request: Request, exc: Exception) -> Response:
    log = web(request).config.so_dang_ky.parent / "kiemdiem-web-loi.txt"
    try:
        log.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        pass
    return HTMLResponse(_ENV.get_template("loi.html").render(
        message="Gặp sự cố không lường trước; không văn bản nào bị ghi dở. Gửi tệp "
                f"{log.name} trong thư mục không gian làm việc cho người quản trị phần mềm.",
        status=500, user=None, csrf="", nav=NAV, path=""), status_code=500)


def make_app(state: Web, routes: Iterable[Route], *, allowed: frozenset[str]) -> Guard:
    folder = state.config.so_dang_ky.parent
    app = Starlette(
        routes=[*routes, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
        middleware=[Middleware(SessionMiddleware, secret_key=session_secret(folder),
                               session_cookie="kiemdiem_phien", same_site="strict",
                               max_age=12 * 3600),
                    Middleware(LoginWall)],
        exception_handlers={HTTPException: _not_found, KiemdiemError: _refused, TooLarge: _too_big,
                            Exception: _fault})
    app.state.web = state
    return Guard(app, allowed=allowed, max_upload=state.max_upload)
