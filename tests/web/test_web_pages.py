"""Every page of one built workspace (the sample, built once for the module): reachable
from the navigation, the documents, downloads, previews and the register export."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
import pytest
from webutil import build, register_of, web_client

from kiemdiem_docs.register import open_register


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    c = web_client(tmp_path_factory.mktemp("web-built"))
    job = build(c)
    assert job.error is None, job.error
    return c


def links(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/[^"#]*)"', html))


def test_every_page_is_reachable_from_the_navigation_and_answers(client):
    nav = re.search(r'<nav id="dieu-huong">(.*?)</nav>', client.get("/").text, re.S).group(1)
    pages = links(nav)
    assert pages == {"/", "/so-danh-sach", "/sinh-van-ban", "/van-ban", "/ban-in", "/so-dang-ky",
                     "/mau"}
    seen, todo = set(), sorted(pages)
    while todo:  # every link of every page, one level of downloads deep
        path = todo.pop()
        if path in seen or path.startswith("/static/") or len(seen) > 400:
            continue
        seen.add(path)
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        if r.headers["content-type"].startswith("text/html"):
            todo += sorted(links(r.text) - seen)
    routes = {r.path for r in client.app.app.routes if hasattr(r, "methods")
              and "GET" in (r.methods or ())}
    # Every GET route was met through the links (the progress is fetched by the script).
    met = {re.sub(r"/\d+(?=/|$)", "/{id:int}", p.split("?")[0]) for p in seen}
    met = {re.sub(r"^/to-chuc/[^/]+\.zip$", "/to-chuc/{code}.zip", p) for p in met}
    met = {re.sub(r"^/ban-in/[^/]+\.pdf$", "/ban-in/{kind}.pdf", p) for p in met}
    met = {re.sub(r"^/mau/[^/]+\.docx$", "/mau/{kind}.docx", p) for p in met}
    # The login page is met only once accounts exist (test_web_accounts), a redline only
    # once a document is re-issued (test_web_redline).
    assert routes - met == {"/sinh-van-ban/tien-do", "/dang-nhap",
                            "/van-ban/{id:int}/thay-doi.docx", "/van-ban/{id:int}/thay-doi.pdf"}
    assert client.get("/sinh-van-ban/tien-do").json()["done"] is True


def test_the_round_page_counts_and_tells_who_built(client):
    html = client.get("/").text
    assert "tổ chức" in html and "Ai làm gì, khi nào" in html
    assert "(máy này)" in re.search(r'<table id="lan-chay">.*?</table>', html, re.S).group(0)


def test_the_round_page_shows_the_reports_figures_by_cluster(client):
    from conftest import SAMPLE
    from report_counts import counts, from_workbook

    html = client.get("/").text
    want = from_workbook(SAMPLE)
    for key, records in (("to_chuc", want["orgs"]), ("dang_vien", want["members"])):
        table = re.search(rf'<table class="ket-qua" id="ket-qua-{key}">(.*?)</table>', html,
                          re.S).group(1)
        rows = re.findall(r"<tr>\s*<td>([^<]+)</td><td>(\d+)</td>((?:<td>\d+ \([\d,-]+%\)</td>){4})"
                          r"<td>(\d+)</td>", table)
        shown = {name: [int(total), *map(int, re.findall(r"<td>(\d+) ", levels)), int(kxl)]
                 for name, total, levels, kxl in rows}
        assert shown == counts(records, 1), key
        # One bar a row, its four parts as wide as the shares (240 px in all).
        for bar in re.findall(r'<svg width="240" height="14" role="img".*?</svg>', table):
            widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="14"><title>', bar)]
            assert len(widths) == 4 and abs(sum(widths) - 240) < 0.5


def test_the_report_offers_its_annex_workbook(client):
    with open_register(register_of(client)) as register:
        [report] = register.all_current("bao-cao-ket-qua")
        grading = register.all_current("quyet-dinh-xep-loai")[0]
    html = client.get(f"/van-ban/{report.id}").text
    assert f'href="/van-ban/{report.id}/xlsx"' in html
    got = client.get(f"/van-ban/{report.id}/xlsx")
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(got.content)).sheetnames[0] == \
        "1. Tổ chức theo loại hình"
    assert "/xlsx" not in client.get(f"/van-ban/{grading.id}").text
    assert client.get(f"/van-ban/{grading.id}/xlsx").status_code == 404


def test_documents_are_paginated_and_filtered_by_organisation(client):
    with open_register(register_of(client)) as register:
        letters = register.all_current("cong-van")
    html = client.get("/van-ban?loai=cong-van").text
    assert html.count('href="/van-ban/') >= min(len(letters), 50)
    one = letters[0]
    only = client.get(f"/van-ban?loai=cong-van&to-chuc={one.org}").text
    assert f"/van-ban/{one.id}\"" in only and only.count("<tr>") == 2  # header and one row
    assert client.get("/van-ban?trang=abc").status_code == 200  # a bad number is page 1


def test_a_document_downloads_previews_and_shows_inline(client, tmp_path):
    with open_register(register_of(client)) as register:
        e = register.all_current("cong-van")[0]
    docx = client.get(f"/van-ban/{e.id}/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx.headers["content-disposition"]
    pdf = client.get(f"/van-ban/{e.id}/pdf")
    assert pdf.content[:5] == b"%PDF-" and "inline" in pdf.headers["content-disposition"]
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    image = client.get(f"/van-ban/{e.id}/anh.png")
    assert image.status_code == 200 and image.content[:4] == b"\x89PNG"
    cached = list((register_of(client).parent / ".kiemdiem-anh").glob(f"{e.id}-*.png"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    assert client.get(f"/van-ban/{e.id}/anh.png").content == image.content
    assert cached[0].stat().st_mtime_ns == stamp  # made once per revision


def test_an_organisations_pack_and_a_print_bundle(client):
    with open_register(register_of(client)) as register:
        org = register.all_current("cong-van")[0].org
    pack = client.get(f"/to-chuc/{org}.zip")
    assert pack.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(pack.content)).namelist()
    bundle = client.get("/ban-in/cong-van.pdf")
    assert bundle.status_code == 200 and bundle.content[:5] == b"%PDF-"


@pytest.mark.parametrize("path", [
    "/to-chuc/..%2F..%2Fkiemdiem.toml.zip", "/to-chuc/../../kiemdiem.toml", "/ban-in/..%2Fx.pdf",
    "/ban-in/cong-van%2F..%2F..%2F..%2Fkiemdiem.toml.pdf", "/van-ban/999999/docx",
    "/van-ban/-1/pdf", "/static/../kiemdiem.toml", "/mau/..%2F..%2Fkiemdiem.toml.docx",
    "/so-dang-ky/1/../../kiemdiem.toml",
])
def test_a_path_out_of_the_output_folder_is_not_found(client, path):
    r = client.get(path)
    assert r.status_code == 404, r.text
    assert "[tep]" not in r.text and "Traceback" not in r.text
    assert "Không có" in r.text


def test_the_register_filters_and_exports_to_excel(client):
    html = client.get("/so-dang-ky?loai=bien-ban").text
    assert "Biên bản" in html and "Công văn" not in re.search(
        r'<table id="bang-so">.*</table>', html, re.S).group(0)
    export = client.get("/so-dang-ky.xlsx?loai=bien-ban")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    kinds = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds == {"Biên bản hội nghị kiểm điểm"}


def test_a_template_downloads(client):
    r = client.get("/mau/cong-van.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get("/mau/khong-co.docx").status_code == 404


def test_a_file_is_served_only_from_inside_the_output_folder(client, tmp_path):
    from kiemdiem_docs.web.documents import in_output

    config = client.app.app.state.web.config
    with open_register(register_of(client)) as register:
        e = register.all_current("cong-van")[0]
    assert in_output(config, e.docx) is not None
    assert in_output(config, "../kiemdiem.toml") is None
    assert in_output(config, str(config.root / "kiemdiem.toml")) is None
    link = config.dau_ra / "ra-ngoai.zip"
    link.symlink_to(config.root / "kiemdiem.toml")
    try:
        assert in_output(config, "ra-ngoai.zip") is None  # a link out is not followed
        assert client.get("/to-chuc/..%2Fra-ngoai.zip").status_code == 404
    finally:
        link.unlink()


def test_a_download_made_for_the_asker_leaves_no_temporary_folder(client, tmp_path,
                                                                 monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for path in ("/so-dang-ky.xlsx", "/so-danh-sach/trong.xlsx"):
        r = client.get(path)
        assert r.status_code == 200 and r.content[:2] == b"PK"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("kiemdiem-")]
