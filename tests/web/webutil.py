"""The web page under test: a workspace of its own (in pytest's temporary folder), an app
on it, a TestClient that speaks as a browser on this machine, and a build waited for."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(ws: Path, port: int | None = None):
    """``kiemdiem -w ws serve`` in its own process, answering; yields its base URL and
    stops it (SIGTERM, then a failure if it does not stop)."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiemdiem_docs", "-w", str(ws), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out = proc.communicate()[0]
                raise AssertionError(f"kiemdiem serve không chạy được:\n{out}") from None
            time.sleep(0.3)
    try:
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise AssertionError("kiemdiem serve không dừng trong 20 giây sau SIGTERM") \
                    from None
        proc.stdout.close()
