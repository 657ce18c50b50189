"""The web page offers a re-issue's redline next to the document (and its PDF where one
was made); a revision without one offers none."""

from __future__ import annotations

import sys
from pathlib import Path

from webutil import build, register_of, web_client

sys.path.insert(0, str(Path(__file__).parents[1] / "redline"))
from rosters import set_cell  # noqa: E402

from kiemdiem_docs.register import open_register  # noqa: E402

MEMBERS = "quyet-dinh-xep-loai-dang-vien"


def test_the_redline_is_offered_next_to_the_re_issued_document(tmp_path):
    client = web_client(tmp_path / "dot")
    assert build(client).error is None
    ws = register_of(client).parent
    set_cell(ws / "ds.xlsx", ws / "ds.xlsx", "Phan Thị Kim Nga", "Họ và tên",
             "Phan Thị Kim Ngân")
    job = build(client, ly_do="Sửa tên")
    assert job.error is None, job.error
    with open_register(register_of(client)) as register:
        new = register.current(MEMBERS, "001")
        red = register.redline_of(new.id)
        other = register.current("cong-van", "001")
    page = client.get(f"/van-ban/{new.id}").text
    assert f'href="/van-ban/{new.id}/thay-doi.docx"' in page
    assert f'href="/van-ban/{new.id}/thay-doi.pdf?tai=1"' in page  # the blank PDFs' converter
    listing = client.get(f"/van-ban?loai={MEMBERS}").text
    assert f'href="/van-ban/{new.id}/thay-doi.docx"' in listing
    got = client.get(f"/van-ban/{new.id}/thay-doi.docx")
    assert got.status_code == 200
    assert got.content == (ws / "output" / red.docx).read_bytes()
    assert "attachment" in got.headers["content-disposition"]
    assert ".thay-doi.docx" in got.headers["content-disposition"]
    assert client.get(f"/van-ban/{new.id}/thay-doi.pdf").content[:5] == b"%PDF-"
    assert "thay-doi" not in client.get(f"/van-ban/{other.id}").text
    assert client.get(f"/van-ban/{other.id}/thay-doi.docx").status_code == 404
    assert client.get("/van-ban/99999/thay-doi.docx").status_code == 404
