"""The web page under test: a workspace of its own (in pytest's temporary folder), an app
on it, a TestClient that speaks as a browser on this machine, and a build waited for."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1]))
from docutil import BlankPdfs  # noqa: E402
from workspaces import make_workspace  # noqa: E402

from kiemdiem_docs.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1:8000"
WAIT = 180  # seconds a test waits for a build before it fails with a message




def web_client(folder: Path, workbook: Path | None = None, **options) -> TestClient:
    ws = make_workspace(folder, workbook) if workbook else make_workspace(folder)
    options.setdefault("converter", BlankPdfs())
    return TestClient(create_app(ws, **options), base_url=LOCAL)


def state(client: TestClient):
    return client.app.app.state.web.state


def token(client: TestClient, path: str = "/mau") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def wait_build(client: TestClient):
    builds = state(client)["builds"]
    assert builds.wait(WAIT), f"the web page's build did not end within {WAIT} s"
    return builds.job


def build(client: TestClient, **form) -> object:
    r = client.post("/sinh-van-ban", data={"csrf": token(client), "xem_truoc": "0", **form},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return wait_build(client)


def register_of(client: TestClient) -> Path:
    return client.app.app.state.web.config.so_dang_ky
