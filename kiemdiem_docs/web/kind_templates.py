"""The templates page: download a kind's template (the workspace's own, else the built-in
one), upload a changed one: the template check's result is shown, and the template
takes the place of the old one (kept in ``cu/``) only if it fits its kind."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from .. import kinds
from ..atomic import temp_beside
from ..render import BUILTIN, fit
from .base import error_page, page, post, web

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rows(config) -> list[dict]:
    out = []
    for kind in kinds.KINDS:
        name = kind.template_for(config)
        out.append({"key": kind.key, "title": kind.title, "name": name,
                    "own": (config.mau / name).is_file()})
    return out


async def templates_page(request: Request) -> Response:
    return page(request, "mau.html", rows=_rows(web(request).config), result=None)


async def download(request: Request) -> Response:
    key = request.path_params["kind"]
    if key not in kinds.keys():
        return error_page(request, 404, "Không có loại văn bản này.")
    config = web(request).config
    name = kinds.get(key).template_for(config)
    path = config.mau / name if (config.mau / name).is_file() else BUILTIN / name
    return FileResponse(path, media_type=DOCX, filename=name)


def _check_and_place(config, key: str, upload: UploadFile, stamp: str) -> list[str]:
    """The reasons the upload does not fit ``key``; none: it is now the kind's template."""
    name = kinds.get(key).template_for(config)
    target = config.mau / name
    tmp = temp_beside(target)
    try:
        with open(tmp, "wb") as f:
            shutil.copyfileobj(upload.file, f, 1 << 16)
        if not zipfile.is_zipfile(tmp):
            return ["tệp không phải mẫu Word .docx (trong Word chọn Lưu thành «Word Document "
                    "(*.docx)»)"]
        try:
            problems = fit(tmp, kinds.get(key))
        except (zipfile.BadZipFile, KeyError, ValueError):
            problems = ["tệp .docx hỏng: Word không lưu xong, hoặc không phải mẫu văn bản"]
        if problems:
            return problems
        if target.is_file():  # the template it replaces is kept, never overwritten
            old = config.mau / "cu"
            old.mkdir(exist_ok=True)
            shutil.copyfile(target, old / f"{target.stem}.{stamp}.docx")
        os.replace(tmp, target)
        return []
    finally:
        Path(tmp).unlink(missing_ok=True)


@post
async def upload(request: Request, form: FormData) -> Response:
    state = web(request)
    key = request.path_params["kind"]
    if key not in kinds.keys():
        return error_page(request, 404, "Không có loại văn bản này.")
    upload = form.get("tep")
    if not isinstance(upload, UploadFile) or not upload.size:
        return error_page(request, 400, "Chưa chọn tệp mẫu .docx.")
    problems = await run_in_threadpool(_check_and_place, state.config, key, upload,
                                       state.clock().strftime("%Y%m%d-%H%M%S"))
    result = {"key": key, "title": kinds.get(key).title, "problems": problems}
    return page(request, "mau.html", code=200 if not problems else 422,
                rows=_rows(state.config), result=result)


ROUTES = [
    Route("/mau", templates_page, name="templates"),
    Route("/mau/{kind}.docx", download, name="template"),
    Route("/mau/{kind}", upload, methods=["POST"], name="template_upload"),
]
