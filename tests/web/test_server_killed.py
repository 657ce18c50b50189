"""The server killed mid-build (SIGKILL: no clean-up at all) leaves the register sound,
and the next server's build completes the round."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request

from webutil import free_port, serving
from workspaces import make_workspace

WAIT = 300  # seconds for a build of the sample with its PDFs


def _client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _start_build(opener, base: str) -> None:
    page = opener.open(base + "/sinh-van-ban", timeout=30).read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    form = urllib.parse.urlencode({"csrf": token, "xem_truoc": "0"}).encode()
    opener.open(base + "/sinh-van-ban", data=form, timeout=30).close()


def _progress(opener, base: str) -> dict:
    return json.load(opener.open(base + "/sinh-van-ban/tien-do", timeout=30))


def test_a_server_killed_mid_build_leaves_a_round_the_next_build_completes(
        tmp_path, register_sound):
    ws = make_workspace(tmp_path / "ws")
    port = free_port()
    with serving(ws, port) as (base, proc):
        opener = _client()
        _start_build(opener, base)
        deadline = time.monotonic() + WAIT
        while not any(p["done"] for p in _progress(opener, base)["phases"]):
            assert time.monotonic() < deadline, "the build never started"
            time.sleep(0.2)
        proc.kill()  # mid-build: some documents rendered, none committed, or some
        proc.wait(timeout=20)
    with serving(ws, free_port()) as (base, _):
        opener = _client()
        _start_build(opener, base)
        deadline = time.monotonic() + WAIT
        while not (state := _progress(opener, base))["done"]:
            assert time.monotonic() < deadline, f"the second build did not end: {state}"
            time.sleep(0.5)
        assert state["error"] is None, state
        page = opener.open(base + "/", timeout=30).read().decode()
    assert "61 mới" in page or "không đổi" in page, page[:2000]
    docs = sorted((ws / "output" / "2024").rglob("*.docx"))
    assert len([d for d in docs if "/cu/" not in str(d)]) == 61
