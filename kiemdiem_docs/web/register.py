"""The register page: the outgoing-documents book, filtered by kind, organisation and
current or all revisions, a page at a time; its export to .xlsx; one document re-issued
with a reason, under its number or a new one."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from .. import kinds
from ..book import STATUS, book_rows, write_book
from ..issuing import Request as BuildRequest
from ..register import open_register
from .base import error_page, int_param, page, post, removed, web
from .build import parse_date, start

PER_PAGE = 100


def _filters(request: Request) -> tuple[str | None, str | None, bool]:
    kind = request.query_params.get("loai", "")
    org = request.query_params.get("to-chuc", "").strip()
    return (kind if kind in kinds.keys() else None, org or None,
            request.query_params.get("tat-ca") == "1")


async def book_page(request: Request) -> Response:
    config = web(request).config
    kind, org, everything = _filters(request)
    number = int_param(request, "trang")
    rows, total = [], 0
    if config.so_dang_ky.exists():
        with open_register(config.so_dang_ky) as register:
            rows, total = register.find(kind=kind, org=org, everything=everything,
                                        offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    query = request.url.query
    return page(request, "so-dang-ky.html", rows=rows, total=total, number=number, pages=pages,
                kinds=kinds.KINDS, kind=kind or "", org=org or "", everything=everything,
                status=STATUS, query=query, titles={k.key: k.title for k in kinds.KINDS},
                own_number={k.key: k.own_number for k in kinds.KINDS})


def _export(config, kind: str | None, org: str | None, everything: bool) -> Path:
    with open_register(config.so_dang_ky) as register:
        rows = book_rows(register, kind=kind, everything=everything)
        if org:
            keep = {e.id for e in (register.entries(kind) if everything
                                   else register.all_current(kind)) if e.org == org}
            rows = [r for r in rows if r["id"] in keep]
    path = Path(tempfile.mkdtemp(prefix="kiemdiem-so-")) / "so-van-ban-di.xlsx"
    write_book(rows, path)
    return path


async def export(request: Request) -> Response:
    config = web(request).config
    if not config.so_dang_ky.exists():
        return error_page(request, 404, "Chưa có sổ đăng ký: sinh văn bản trước.")
    path = await run_in_threadpool(_export, config, *_filters(request))
    return FileResponse(path, filename=path.name, media_type="application/vnd.openxmlformats-"
                        "officedocument.spreadsheetml.sheet", background=removed(path.parent))


@post
async def reissue(request: Request, form: FormData) -> Response:
    config = web(request).config
    if not config.so_dang_ky.exists():
        return error_page(request, 404, "Chưa có sổ đăng ký.")
    with open_register(config.so_dang_ky) as register:
        ident = request.path_params["id"]  # {id:int} takes any digits; SQLite 64 bits
        found = register.by_ids([ident]) if 0 < ident < 2**63 else []
    if not found:
        return error_page(request, 404, "Không có văn bản này trong sổ đăng ký.")
    e = found[0]
    build = BuildRequest.reissue(e.kind, e.key, str(form.get("ly_do", "")),
                                 new_number=form.get("so_moi") == "1")
    return start(request, build, parse_date(str(form.get("ngay", ""))))


ROUTES = [
    Route("/so-dang-ky", book_page, name="register"),
    Route("/so-dang-ky.xlsx", export, name="register_xlsx"),
    Route("/so-dang-ky/{id:int}/ban-hanh-lai", reissue, methods=["POST"], name="reissue"),
]
