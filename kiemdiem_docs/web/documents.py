"""The documents: per kind and organisation, a page at a time (the register is asked for
that page only), each with its page 1 as an image, made once per revision and cached, its
PDF inline, and the downloads, a re-issue's redline (what it changed) beside them. Files
are found by register id, kind or organisation code, never by a path from the request,
and only inside the output folder."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from .. import kinds
from ..book import STATUS
from ..issuing import ANNEX
from ..register import Entry, Redline, open_register
from .base import error_page, int_param, page, web

PER_PAGE = 50
PREVIEWS = ".kiemdiem-anh"  # beside the register: page-1 images, one per revision
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pdf": "application/pdf", ".zip": "application/zip", ".png": "image/png",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def in_output(config, rel: str | None) -> Path | None:
    """The file ``rel`` names under the output folder, if it is one there (no link or
    ``..`` leads out)."""
    if not rel:
        return None
    root = config.dau_ra.resolve()
    path = (config.dau_ra / rel).resolve()
    return path if root in path.parents and path.is_file() else None


def send(path: Path | None, *, inline: bool = False) -> Response | None:
    if path is None:
        return None
    return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"),
                        filename=path.name, content_disposition_type="inline" if inline
                        else "attachment")


def entry(request: Request) -> Entry | None:
    config = web(request).config
    if not config.so_dang_ky.exists():
        return None
    with open_register(config.so_dang_ky) as register:
        ident = request.path_params["id"]  # {id:int} takes any digits; SQLite 64 bits
        found = register.by_ids([ident]) if 0 < ident < 2**63 else []
    return found[0] if found else None


def _missing(request: Request) -> Response:
    return error_page(request, 404, "Không có văn bản hay tệp này.")


async def listing(request: Request) -> Response:
    config = web(request).config
    kind = request.query_params.get("loai", "")
    kind = kind if kind in kinds.keys() else ""
    org = request.query_params.get("to-chuc", "").strip()
    number = int_param(request, "trang")
    rows, total, counts, redlines = [], 0, {}, {}
    if config.so_dang_ky.exists():
        with open_register(config.so_dang_ky) as register:
            counts = register.current_counts()
            if not kind:
                kind = next((k for k in kinds.keys() if counts.get(k)), "")
            rows, total = register.find(kind=kind or None, org=org or None,
                                        offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
            redlines = register.redlines_of(e.id for e in rows)
    pages = max(1, -(-total // PER_PAGE))
    return page(request, "van-ban.html", kinds=kinds.KINDS, kind=kind, org=org, rows=rows,
                total=total, number=min(number, pages), pages=pages, counts=counts,
                status=STATUS, year=config.nam, redlines=redlines)


async def detail(request: Request) -> Response:
    found = entry(request)
    if found is None:
        return _missing(request)
    config = web(request).config
    redline = redline_of(config, found)
    return page(request, "van-ban-mot.html", e=found, title=kinds.get(found.kind).title
                if found.kind in kinds.keys() else found.kind, status=STATUS,
                has_pdf=in_output(config, found.pdf) is not None,
                has_annex=in_output(config, annex_of(found)) is not None,
                has_redline=redline is not None and in_output(config, redline.docx) is not None,
                redline_pdf=redline is not None and in_output(config, redline.pdf) is not None)


def annex_of(e: Entry) -> str | None:
    """The workbook beside a revision whose kind has an annex (the results report's
    tables), archived with it: the same name as its .docx."""
    if e.kind not in kinds.keys() or kinds.get(e.kind).annex is None:
        return None
    return e.docx.removesuffix(".docx") + ANNEX


async def annex(request: Request) -> Response:
    found = entry(request)
    return send(in_output(web(request).config, found and annex_of(found))) or _missing(request)


def redline_of(config, e: Entry) -> Redline | None:
    """The redline of a revision (what its re-issue changed), if the register has one."""
    with open_register(config.so_dang_ky) as register:
        return register.redline_of(e.id)


async def redline_docx(request: Request) -> Response:
    found = entry(request)
    red = found and redline_of(web(request).config, found)
    return send(in_output(web(request).config, red and red.docx)) or _missing(request)


async def redline_pdf(request: Request) -> Response:
    found = entry(request)
    red = found and redline_of(web(request).config, found)
    return send(in_output(web(request).config, red and red.pdf),
                inline="tai" not in request.query_params) or _missing(request)


async def docx(request: Request) -> Response:
    found = entry(request)
    return send(in_output(web(request).config, found and found.docx)) or _missing(request)


async def pdf(request: Request) -> Response:
    found = entry(request)
    inline = "tai" not in request.query_params
    return send(in_output(web(request).config, found and found.pdf),
                inline=inline) or _missing(request)


def preview_of(config, e: Entry) -> Path | None:
    """Page 1 of a revision's PDF as a PNG, made by pdftoppm the first time it is asked."""
    source = in_output(config, e.pdf)
    if source is None:
        return None
    folder = config.so_dang_ky.parent / PREVIEWS
    image = folder / f"{e.id}-{e.file_hash[:16]}.png"
    if image.is_file():
        return image
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f".{image.stem}.tmp"
    try:
        subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-scale-to", "900",
                        "-singlefile", str(source), str(stem)], check=True, timeout=60,
                       capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return None
    made = stem.with_name(stem.name + ".png")
    made.replace(image)
    return image


async def image(request: Request) -> Response:
    found = entry(request)
    if found is None:
        return _missing(request)
    made = await run_in_threadpool(preview_of, web(request).config, found)
    if made is None:
        return error_page(request, 404, "Chưa có ảnh trang đầu: văn bản chưa có PDF (hoặc máy "
                          "chưa cài poppler-utils).")
    return FileResponse(made, media_type="image/png",
                        headers={"cache-control": "private, max-age=86400"})


async def org_pack(request: Request) -> Response:
    code = request.path_params["code"]
    config = web(request).config
    if not _CODE.fullmatch(code) or ".." in code:
        return _missing(request)
    return send(in_output(config, f"{config.nam}/to-chuc/{code}.zip")) or _missing(request)


async def bundle(request: Request) -> Response:
    kind = request.path_params["kind"]
    config = web(request).config
    if kind not in kinds.keys():
        return _missing(request)
    return send(in_output(config, f"{config.nam}/in/{kind}.pdf"),
                inline=True) or _missing(request)


async def bundles(request: Request) -> Response:
    config = web(request).config
    have = [k for k in kinds.KINDS if in_output(config, f"{config.nam}/in/{k.key}.pdf")]
    folder = config.dau_ra / str(config.nam) / "to-chuc"
    packs = sorted(p.stem for p in folder.glob("*.zip")) if folder.is_dir() else []
    number = int_param(request, "trang")
    pages = max(1, -(-len(packs) // PER_PAGE))
    shown = packs[(number - 1) * PER_PAGE:number * PER_PAGE]
    return page(request, "ban-in.html", bundles=have, packs=shown, number=number, pages=pages)


ROUTES = [
    Route("/van-ban", listing, name="documents"),
    Route("/van-ban/{id:int}", detail, name="document"),
    Route("/van-ban/{id:int}/docx", docx, name="docx"),
    Route("/van-ban/{id:int}/pdf", pdf, name="pdf"),
    Route("/van-ban/{id:int}/xlsx", annex, name="annex"),
    Route("/van-ban/{id:int}/anh.png", image, name="image"),
    Route("/van-ban/{id:int}/thay-doi.docx", redline_docx, name="redline"),
    Route("/van-ban/{id:int}/thay-doi.pdf", redline_pdf, name="redline_pdf"),
    Route("/ban-in", bundles, name="bundles"),
    Route("/ban-in/{kind}.pdf", bundle, name="bundle"),
    Route("/to-chuc/{code}.zip", org_pack, name="pack"),
]
