"""The page in a real browser: Debian's Chromium driven by Playwright, against the server
the ``kiemdiem serve`` command starts. A clerk's round: upload the sample, build, open a
document's preview, download an organisation's zip. Nothing is downloaded: the browser
is /usr/bin/chromium (``.ci/run`` installs it). Screenshots go to the test's folder, or
to $KIEMDIEM_SCREENSHOTS (how the README's are made)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE
from webutil import serving
from workspaces import make_workspace

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright không có")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                reason="Chromium của Debian không có (CI cài gói chromium)")
BUILD_SECONDS = 300  # the sample's 61 documents with their PDFs, on a slow machine


@pytest.fixture
def server(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    with serving(ws) as (base, _):
        yield base, ws


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KIEMDIEM_SCREENSHOTS") or tmp_path / "anh")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_clerk_uploads_builds_previews_and_downloads(server, tmp_path, register_sound):
    base, ws = server
    shots = _shots(tmp_path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900},
                                    accept_downloads=True)
            page.set_default_timeout(30_000)
            page.goto(base + "/so-danh-sach")
            page.set_input_files("#tep-so", str(SAMPLE))
            page.click("#nut-tai-so")
            checked = page.locator("#ket-qua-kiem-tra")
            checked.wait_for()
            assert "14" in checked.inner_text(), checked.inner_text()
            page.screenshot(path=str(shots / "so-danh-sach.png"), full_page=True)

            page.goto(base + "/sinh-van-ban")
            page.click("#nut-sinh")
            # The bars poll the server and the page reloads itself when the build ends.
            page.locator("#tom-tat").wait_for(timeout=BUILD_SECONDS * 1000)
            summary = page.inner_text("#tom-tat")
            assert "61 mới" in summary, summary
            page.screenshot(path=str(shots / "sinh-van-ban.png"), full_page=True)

            page.goto(base + "/")
            page.screenshot(path=str(shots / "dot.png"), full_page=True)
            page.goto(base + "/van-ban?loai=quyet-dinh-xep-loai-dang-vien")
            page.screenshot(path=str(shots / "van-ban.png"), full_page=True)
            page.locator("#bang-van-ban tbody a").first.click()
            image = page.locator("#anh-trang-dau")
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => { const i = document.getElementById('anh-trang-dau');"
                " return i && i.complete && i.naturalWidth > 300; }", timeout=120_000)
            page.screenshot(path=str(shots / "van-ban-mot.png"), full_page=True)

            with page.expect_download() as info:
                page.click("#tai-goi")
            saved = tmp_path / info.value.suggested_filename
            info.value.save_as(saved)
        finally:
            browser.close()
    assert saved.suffix == ".zip"
    with zipfile.ZipFile(saved) as z:
        names = z.namelist()
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".pdf") for n in names)
    for shot in ("so-danh-sach", "sinh-van-ban", "dot", "van-ban", "van-ban-mot"):
        assert (shots / f"{shot}.png").stat().st_size > 10_000
