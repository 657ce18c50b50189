"""The workbook page: the blank workbook and the current one to download, an upload kept
as a new version and validated at once, and the table of its problems, filterable."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import KiemdiemError
from .base import error_page, int_param, page, post, removed, web

LEVELS = {"error": "Lỗi", "warning": "Cảnh báo"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_of(upload: UploadFile) -> str | None:
    """What an upload is, by its first bytes (both kinds are zips) and its name's ending,
    which only chooses between the two: the name itself is never used."""
    head = upload.file.read(4)
    upload.file.seek(0)
    if head != b"PK\x03\x04":
        return None
    try:
        names = zipfile.ZipFile(upload.file).namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    finally:
        upload.file.seek(0)
    if len(names) > MAX_ENTRIES:  # a workbook has a few dozen parts, a .csv zip a few files
        return None
    return "xlsx" if "[Content_Types].xml" in names else "zip"


MAX_ENTRIES = 2000


PER_PAGE = 200


async def workbook_page(request: Request) -> Response:
    state = web(request)
    versions = state.state["versions"]
    current = versions.current()
    roster, problem = None, None
    try:
        roster = await run_in_threadpool(state.state["rosters"].get, current)
    except KiemdiemError as exc:
        problem = str(exc)
    level = request.query_params.get("muc", "")
    sheet = request.query_params.get("sheet", "")
    rows = []
    sheets: list[str] = []
    if roster is not None:
        sheets = sorted({p.place.sheet for p in roster.problems if p.place.sheet})
        rows = [p for p in roster.problems
                if (not level or p.level == level) and (not sheet or p.place.sheet == sheet)]
    # A page of problems at a time: a workbook wrong in every row has tens of thousands.
    pages = max(1, -(-len(rows) // PER_PAGE))
    number = min(int_param(request, "trang"), pages)
    shown = rows[(number - 1) * PER_PAGE:number * PER_PAGE]
    return page(request, "so-danh-sach.html", roster=roster, problem=problem, rows=shown,
                total=len(rows), number=number, pages=pages,
                levels=LEVELS, level=level, sheet=sheet, sheets=sheets,
                current=versions.current_name() or current.name,
                versions=versions.names()[:30], limit_mb=state.max_upload // (1024 * 1024))


@post
async def upload(request: Request, form: FormData) -> Response:
    state = web(request)
    upload = form.get("tep")
    if not isinstance(upload, UploadFile) or not upload.size:
        return error_page(request, 400, "Chưa chọn tệp: chọn sổ danh sách .xlsx (hoặc .zip các "
                          "tệp .csv) rồi bấm «Tải lên».")
    kind = await run_in_threadpool(_kind_of, upload)  # a zip's directory can be long
    if kind is None:
        return error_page(request, 400, "Tệp tải lên không phải sổ Excel .xlsx hay tệp .zip: "
                          "trong Excel chọn Lưu thành «Excel Workbook (*.xlsx)» rồi tải lên lại.")
    limit = state.config.gioi_han.max_bytes
    await run_in_threadpool(state.state["versions"].add, upload.file, kind, limit)
    return RedirectResponse("/so-danh-sach", status_code=303)


async def blank(request: Request) -> Response:
    from ..roster import write_blank

    folder = Path(tempfile.mkdtemp(prefix="kiemdiem-trong-"))
    path = folder / "danh-sach-trong.xlsx"
    await run_in_threadpool(write_blank, path)
    return FileResponse(path, media_type=XLSX, filename="danh-sach-trong.xlsx",
                        background=removed(folder))


async def current(request: Request) -> Response:
    path = web(request).state["versions"].current()
    if path.is_file():
        return FileResponse(path, media_type=XLSX, filename="danh-sach.xlsx")
    if path.is_dir():  # a version of .csv files goes back as the zip it came as
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(path.glob("*.csv")):
                z.write(f, f.name)
        return Response(data.getvalue(), media_type="application/zip", headers={
            "content-disposition": 'attachment; filename="danh-sach.zip"'})
    return error_page(request, 404, "Chưa có sổ danh sách: tải sổ trống về, điền rồi tải lên.")


ROUTES = [
    Route("/so-danh-sach", workbook_page, name="workbook"),
    Route("/so-danh-sach", upload, methods=["POST"]),
    Route("/so-danh-sach/trong.xlsx", blank, name="blank"),
    Route("/so-danh-sach/hien-tai", current, name="current_workbook"),
]
