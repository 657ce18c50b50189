"""Accounts: made by `kiemdiem user`, kept hashed beside the register (0600), asked for on
every page once they exist; the register records who built, on the web and the CLI; an
old register opens with the new columns."""

from __future__ import annotations

import getpass
import json
import sqlite3
import stat

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from webutil import LOCAL, build, register_of, token, web_client

from kiemdiem_docs.cli import cli
from kiemdiem_docs.register import SCHEMA_VERSION, open_register
from kiemdiem_docs.register.schema import MIGRATIONS
from kiemdiem_docs.web import accounts_of


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), obj={}, input=input)


@pytest.fixture
def client(tmp_path):
    c = web_client(tmp_path / "ws", converter=None)
    ws = c.app.app.state.web.config.root
    r = run("-w", str(ws), "user", "add", "vanthu", "--password-stdin", input="mat-khau-dai\n")
    assert r.exit_code == 0, r.output
    return c


def test_user_commands_keep_only_hashes_readable_by_the_owner(client):
    config = client.app.app.state.web.config
    path = accounts_of(config).path
    assert path.parent == config.so_dang_ky.parent
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "mat-khau-dai" not in path.read_text("utf-8")
    assert json.loads(path.read_text("utf-8"))["vanthu"].startswith("$argon2")
    ws = str(config.root)
    assert run("-w", ws, "user", "list").output == "vanthu\n1 tài khoản.\n"
    twice = run("-w", ws, "user", "add", "vanthu", "--password-stdin", input="mat-khau-dai\n")
    assert twice.exit_code == 1 and "Đã có tài khoản" in twice.output
    short = run("-w", ws, "user", "add", "ke-toan", "--password-stdin", input="ngan\n")
    assert short.exit_code == 1 and "ít nhất" in short.output
    prompted = run("-w", ws, "user", "add", "ke-toan", input="mat-khau-2x\nmat-khau-2x\n")
    assert prompted.exit_code == 0 and "mat-khau-2x" not in prompted.output
    assert run("-w", ws, "user", "remove", "ke-toan").exit_code == 0
    assert run("-w", ws, "user", "remove", "ke-toan").exit_code == 1


def test_every_page_wants_a_login_once_accounts_exist(client):
    r = client.get("/so-dang-ky", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dang-nhap?tiep=/so-dang-ky"
    assert client.get("/van-ban/1/docx", follow_redirects=False).status_code == 303
    assert client.get("/static/kiemdiem.css").status_code == 200
    assert client.get("/dang-nhap").status_code == 200


def login(client, password="mat-khau-dai", then="/"):
    return client.post("/dang-nhap", data={"csrf": token(client, "/dang-nhap"), "ten": "vanthu",
                                           "mat_khau": password, "tiep": then},
                       follow_redirects=False)


def test_a_wrong_password_is_refused_and_the_right_one_records_the_user(client,
                                                                        register_sound):
    assert login(client, "sai-mat-khau").status_code == 401
    assert login(client, then="//evil.example/").headers["location"] == "/"  # this site only
    assert client.get("/so-dang-ky").status_code == 200
    assert 'id="nguoi-dung">vanthu<' in client.get("/").text
    assert build(client).error is None
    with open_register(register_of(client)) as register:
        assert {e.issued_by for e in register.entries()} == {"vanthu"}
        assert register.runs()[0].user == "vanthu"
    out = client.post("/dang-xuat", data={"csrf": token(client, "/")}, follow_redirects=False)
    assert out.headers["location"] == "/dang-nhap"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_session_key_is_made_once_and_kept_private(client, tmp_path):
    config = client.app.app.state.web.config
    key = config.so_dang_ky.parent / "kiemdiem-phien.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_text()
    web_client(tmp_path / "ws")  # the same workspace again: the same key
    assert key.read_text() == before


def test_the_command_line_records_the_os_user(tmp_path, register_sound):
    ws = web_client(tmp_path / "ws").app.app.state.web.config.root
    r = run("-w", str(ws), "build", "--no-pdf", "--kind", "cong-van")
    assert r.exit_code == 0, r.output
    with open_register(ws / "so-dang-ky.sqlite") as register:
        assert {e.issued_by for e in register.entries()} == {getpass.getuser()}
        assert register.runs()[0].what == "build"


def test_an_old_register_opens_with_the_user_columns(tmp_path):
    path = tmp_path / "cu.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        db.executescript(script)
    db.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    db.execute("INSERT INTO documents (kind, key, revision, status, symbol, issuer, recipient, "
               "docx, content_hash, file_hash, issued_at) VALUES ('cong-van', '001', 1, "
               "'current', 'CV', 'ĐUK', 'Chi bộ', 'a.docx', 'h', 'f', '2024-11-20')")
    db.close()
    with open_register(path) as register:
        (entry,) = register.entries()
        assert entry.issued_by == "" and entry.withdrawn_by is None
        assert register.runs() == []
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)


def test_the_test_client_is_on_this_machine():
    assert LOCAL == "http://127.0.0.1:8000"


def _replayed(client, cookies) -> int:
    fresh = TestClient(client.app, base_url=LOCAL)
    fresh.cookies.update(cookies)
    return fresh.get("/so-dang-ky", follow_redirects=False).status_code


def test_a_cookie_is_worth_nothing_after_logout_or_once_its_account_is_removed(client):
    assert login(client).status_code == 303
    kept = dict(client.cookies)
    assert _replayed(client, kept) == 200
    client.post("/dang-xuat", data={"csrf": token(client, "/")}, follow_redirects=False)
    assert _replayed(client, kept) == 303  # a copy of the cookie ends with the logout
    assert login(client).status_code == 303
    kept = dict(client.cookies)
    ws = str(client.app.app.state.web.config.root)
    assert run("-w", ws, "user", "remove", "vanthu").exit_code == 0
    run("-w", ws, "user", "add", "ke-toan", "--password-stdin", input="mat-khau-dai\n")
    assert _replayed(client, kept) == 303  # the account is gone: so is its session
