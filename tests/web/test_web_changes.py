"""The pages that change a workspace: workbook uploads (the corpus, good and bad, and a
.zip of .csv), plan-then-reason, re-issue, template upload, one build at a time; each in
a workspace of its own, whose register holds its invariant after."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SAMPLE, TESTS
from webutil import build, register_of, state, token, wait_build, web_client
from workspaces import rename_member

from kiemdiem_docs.issuing import Request
from kiemdiem_docs.register import open_register
from kiemdiem_docs.web import LOCAL_USER
from kiemdiem_docs.web.jobs import Builds, Job

CORPUS = TESTS / "corpus"


def upload(client, content: bytes, name: str = "x.xlsx"):
    return client.post("/so-danh-sach", data={"csrf": token(client)},
                       files={"tep": (name, content)})


@pytest.fixture
def client(tmp_path):
    return web_client(tmp_path / "ws", converter=None)


def test_a_good_workbook_is_kept_as_a_new_version_and_checked(client):
    config = client.app.app.state.web.config
    before = config.danh_sach.read_bytes()
    r = upload(client, (CORPUS / "good.xlsx").read_bytes(), "../../etc/passwd.xlsx")
    assert r.status_code == 200 and "0 lỗi" in r.text
    versions = sorted((config.danh_sach.parent / "phien-ban").glob("*.xlsx"))
    assert len(versions) == 1 and re.fullmatch(r"\d{8}-\d{6}-\d\d\.xlsx", versions[0].name)
    assert state(client)["versions"].current() == versions[0]
    assert config.danh_sach.read_bytes() == before  # nothing is overwritten
    assert not list(config.root.rglob("passwd*"))
    again = upload(client, (CORPUS / "good.xlsx").read_bytes())
    assert again.status_code == 200
    kept = sorted((config.danh_sach.parent / "phien-ban").glob("*.xlsx"))
    assert len(kept) == 2 and kept[0] == versions[0]
    assert state(client)["versions"].current() == kept[1]
    assert client.get("/so-danh-sach/hien-tai").content == kept[1].read_bytes()


@pytest.mark.parametrize("name", ["missing_sheet", "duplicate_codes", "unknown_org",
                                  "impossible_date", "misspelt_grade"])
def test_a_bad_workbook_shows_its_problems_and_blocks_the_build(client, name):
    r = upload(client, (CORPUS / f"{name}.xlsx").read_bytes())
    table = re.search(r'<table id="bang-loi">.*?</table>', r.text, re.S)
    assert table and "<td>Lỗi</td>" in table.group(0), r.text
    warnings_only = client.get("/so-danh-sach?muc=warning").text
    assert "<td>Lỗi</td>" not in warnings_only
    job = build(client)
    assert job.error and "lỗi" in job.error.lower()
    assert not register_of(client).exists() or not open_register(register_of(client)).entries()


@pytest.mark.parametrize("name", ["not_a_workbook", "word_document"])
def test_a_file_that_is_no_workbook_is_said_so(client, name):
    r = upload(client, (CORPUS / f"{name}.xlsx").read_bytes())
    assert r.status_code in (200, 400)
    assert "Traceback" not in r.text
    assert "không phải" in r.text or 'id="khong-doc-duoc"' in r.text


def test_a_zip_of_csv_files_is_a_version_of_its_own(client):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for f in (CORPUS / "good_csv").glob("*.csv"):
            z.write(f, f"thu-muc/{f.name.lower()}")  # names in the zip only choose a sheet
        z.writestr("../../evil.csv", "x")
    r = upload(client, data.getvalue(), "so.zip")
    assert r.status_code == 200 and "0 lỗi" in r.text, r.text
    folder = state(client)["versions"].current()
    assert folder.is_dir() and {p.name for p in folder.iterdir()} == {
        p.name for p in (CORPUS / "good_csv").glob("*.csv")}
    assert not list(client.app.app.state.web.config.root.rglob("evil*"))
    back = client.get("/so-danh-sach/hien-tai")
    assert zipfile.ZipFile(io.BytesIO(back.content)).namelist()


def test_the_blank_and_current_workbooks_download(client):
    assert client.get("/so-danh-sach/trong.xlsx").content[:2] == b"PK"
    assert client.get("/so-danh-sach/hien-tai").content == SAMPLE.read_bytes()


def test_a_build_that_reissues_shows_the_plan_and_asks_a_reason(client, tmp_path,
                                                                 register_sound):
    assert build(client).error is None
    changed = tmp_path / "sua.xlsx"
    rename_member(SAMPLE, changed, "Đỗ Phương Anh", "Đỗ Phương Yến")
    upload(client, changed.read_bytes())
    job = build(client)
    assert job.needs_reason and "--reason" not in job.error and "ghi lý do" in job.error
    page = client.get("/sinh-van-ban").text
    plan = re.search(r'<table id="bang-thay-doi">.*?</table>', page, re.S).group(0)
    assert "Ban hành lại" in plan and "«Đỗ Phương Anh» → «Đỗ Phương Yến»" in plan
    assert 'id="form-ly-do"' in page
    with open_register(register_of(client)) as register:
        assert all(e.revision == 1 for e in register.entries())  # nothing written yet
    done = build(client, ly_do="Sửa tên đồng chí Đỗ Phương Yến")
    assert done.error is None, done.error
    with open_register(register_of(client)) as register:
        again = [e for e in register.entries() if e.revision == 2]
        runs = register.runs()
    assert again and {e.reason for e in again} == {"Sửa tên đồng chí Đỗ Phương Yến"}
    assert {e.issued_by for e in again} == {LOCAL_USER}
    assert runs[0].user == LOCAL_USER and runs[0].reissued == len(again)


def test_a_dry_run_writes_nothing(client):
    r = client.post("/sinh-van-ban", data={"csrf": token(client), "xem_truoc": "1"})
    assert r.status_code == 200
    job = wait_build(client)
    assert job.request.dry_run and job.changes and not register_of(client).exists()


def test_one_document_is_reissued_with_a_reason_or_a_new_number(client, register_sound):
    build(client)
    with open_register(register_of(client)) as register:
        letter = register.all_current("cong-van")[0]
    url = f"/so-dang-ky/{letter.id}/ban-hanh-lai"
    r = client.post(url, data={"csrf": token(client), "ly_do": ""})
    assert r.status_code == 400 and "Cần ghi lý do" in r.text
    r = client.post(url, data={"csrf": token(client), "ly_do": "Sửa địa chỉ"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert wait_build(client).error is None
    r = client.post(url.replace(str(letter.id), str(letter.id)),
                    data={"csrf": token(client), "ly_do": "Thay thế", "so_moi": "1",
                          "ngay": "02/12/2024"}, follow_redirects=False)
    assert wait_build(client).error is None
    with open_register(register_of(client)) as register:
        rows = [e for e in register.entries("cong-van") if e.key == letter.key]
    assert [e.revision for e in rows] == [1, 2, 3]
    assert rows[1].number == letter.number and rows[2].number != letter.number
    assert rows[2].replaces == rows[1].id and rows[1].reason == "Sửa địa chỉ"
    assert {e.issued_by for e in rows} == {LOCAL_USER}


def _template(path: Path, text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path.read_bytes()


def test_a_template_is_used_only_if_it_fits(client, tmp_path):
    config = client.app.app.state.web.config
    bad = _template(tmp_path / "sai.docx", "{{ bien_la }}")
    r = client.post("/mau/cong-van", data={"csrf": token(client)},
                    files={"tep": ("cong-van.docx", bad)})
    assert r.status_code == 422 and "không được dùng" in r.text and "bien_la" in r.text
    assert not (config.mau / "cong-van.docx").exists()
    r = client.post("/mau/cong-van", data={"csrf": token(client)},
                    files={"tep": ("x.docx", b"khong phai docx")})
    assert r.status_code == 422 and "không phải mẫu Word" in r.text
    from kiemdiem_docs.render import BUILTIN

    good = (BUILTIN / "cong-van.docx").read_bytes()
    r = client.post("/mau/cong-van", data={"csrf": token(client)},
                    files={"tep": ("../../x.docx", good)})
    assert r.status_code == 200 and "từ nay được dùng" in r.text
    assert (config.mau / "cong-van.docx").read_bytes() == good
    r = client.post("/mau/cong-van", data={"csrf": token(client)},
                    files={"tep": ("cong-van.docx", good)})
    assert list((config.mau / "cu").glob("cong-van.*.docx"))  # the replaced one is kept


def test_one_build_at_a_time_and_a_second_is_told(client):
    gate = threading.Event()

    def slow(job):
        gate.wait(30)
        raise RuntimeError("dừng")

    builds = Builds(slow, Path("/nonexistent/log"), Path("out"))
    state(client)["builds"] = builds
    first = client.post("/sinh-van-ban", data={"csrf": token(client)}, follow_redirects=False)
    second = client.post("/sinh-van-ban", data={"csrf": token(client)}, follow_redirects=False)
    assert first.headers["location"] == "/sinh-van-ban"
    assert second.headers["location"] == "/sinh-van-ban?dang-chay=1"
    page = client.get("/sinh-van-ban?dang-chay=1").text
    assert 'id="dang-chay"' in page and 'id="tien-do"' in page
    assert client.get("/sinh-van-ban/tien-do").json()["done"] is False
    gate.set()
    assert builds.wait(30)
    assert "sự cố không lường trước" in builds.job.error
    assert builds.start(Job(Request(), "a", ""))  # free again
    builds.wait(30)


def test_a_workbook_wrong_in_every_row_shows_its_problems_a_page_at_a_time(client, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["DangVien"]
    column = next(c.column for c in sheet[1] if c.value == "Mã tổ chức")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column).value = f"X{row}"  # 340 unknown codes, one error each
    book.save(tmp_path / "sai.xlsx")
    first = upload(client, (tmp_path / "sai.xlsx").read_bytes())
    rows = re.search(r'<table id="bang-loi">.*?</table>', first.text, re.S).group(0)
    assert rows.count("<tr class=") == 200 and 'id="phan-trang"' in first.text
    last = client.get("/so-danh-sach?trang=2")
    rest = re.search(r'<table id="bang-loi">.*?</table>', last.text, re.S).group(0)
    assert 0 < rest.count("<tr class=") < 200 and "Trang 2/2" in last.text
