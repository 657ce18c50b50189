"""The same roster as a 2024 round and as a 2026 round: two rule packs, two formats.

The comparisons build the 2024 sample roster under the 2026 sample workspace's settings
(``data/dot-2026``: the packs the year chooses, 366-2025 and hd05-2026); the golden texts
are of that workspace's own round, its roster dated in 2026.
"""

from __future__ import annotations

import datetime as dt
import tomllib

import docx
import pytest
from conftest import BUILD_TIME, REPO, SAMPLE, check_golden, register_problems
from docutil import text

from kiemdiem_docs import config as config_mod
from kiemdiem_docs import kinds
from kiemdiem_docs.api import build
from kiemdiem_docs.check import check_document
from kiemdiem_docs.packs import format_pack

DAY_2026 = dt.date(2026, 11, 20)
WORKSPACE_2026 = REPO / "data" / "dot-2026" / "kiemdiem.toml"
SAMPLE_2026 = WORKSPACE_2026.parent / "danh-sach-mau.xlsx"


def config_2026(tmp, roster=SAMPLE, **more):
    raw = tomllib.loads(WORKSPACE_2026.read_text("utf-8"))
    raw["tep"] = {"danh_sach": str(roster), "dau_ra": str(tmp / "output"),
                  "mau": str(tmp / "templates"), "so_dang_ky": str(tmp / "so.sqlite")}
    for section, values in more.items():
        raw[section] = {**raw.get(section, {}), **values}
    return config_mod.from_dict(raw, tmp)


@pytest.fixture(scope="module")
def round_2026(tmp_path_factory, sample_roster):
    tmp = tmp_path_factory.mktemp("round-2026")
    cfg = config_2026(tmp)
    summary = build(cfg, sample_roster, today=DAY_2026, now=BUILD_TIME.replace(year=2026))
    assert register_problems(cfg.so_dang_ky, cfg.dau_ra) == []
    return cfg, summary


@pytest.fixture(scope="module")
def sample_2026(tmp_path_factory):
    from conftest import load

    tmp = tmp_path_factory.mktemp("sample-2026")
    cfg = config_2026(tmp, SAMPLE_2026)
    roster = load(SAMPLE_2026, cfg)
    assert roster.errors == []  # the top grade's unchecked conditions are warned of
    summary = build(cfg, roster, today=DAY_2026, now=BUILD_TIME.replace(year=2026))
    assert register_problems(cfg.so_dang_ky, cfg.dau_ra) == []
    assert all(check_document(r.path, cfg.format, workspace=cfg.the_thuc) == []
               for r in summary.results)
    return cfg, summary


def first(summary, kind):
    return min((r for r in summary.results if r.kind == kind), key=lambda r: r.key).path


def test_the_year_chooses_the_packs(round_2026, sample_build):
    cfg, _ = round_2026
    assert (cfg.quy_dinh.ten, cfg.the_thuc.ten) == ("366-2025", "hd05-2026")
    old, _ = sample_build
    assert (old.quy_dinh.ten, old.the_thuc.ten) == ("124-2023", "hd36-2018")
    assert config_mod.from_dict({"dot": {"nam": 2025}}, REPO).the_thuc.ten == "hd36-2018"
    assert config_mod.from_dict({"dot": {"nam": 2025}}, REPO).quy_dinh.ten == "366-2025"


@pytest.mark.parametrize("kind", kinds.keys())
def test_golden_text_2026(kind, sample_2026, update_golden):
    _, summary = sample_2026
    check_golden(f"2026/{kind}", first(summary, kind), update_golden)


def test_two_sets_of_grounds(round_2026, sample_build):
    new = text(first(round_2026[1], "quyet-dinh-xep-loai"))
    old = text(first(sample_build[1], "quyet-dinh-xep-loai"))
    assert "Quy định số 366-QĐ/TW, ngày 30/8/2025 của Bộ Chính trị" in new
    assert "Hướng dẫn số 43-HD/BTCTW, ngày 31/10/2025" in new
    assert "124-QĐ/TW" not in new and "25-HD/BTCTW" not in new
    assert "Quy định số 124-QĐ/TW, ngày 04/10/2023" in old and "366-QĐ/TW" not in old


def test_two_formats(round_2026, sample_build):
    new, old = first(round_2026[1], "cong-van"), first(sample_build[1], "cong-van")
    assert "về việc kiểm điểm và đánh giá" in text(new) and "V/v" not in text(new)
    assert "V/v kiểm điểm" in text(old)
    assert "quyết định." in text(new) and "./." not in text(new)
    assert "Nơi nhận: / - Như trên; / - Lưu Đảng ủy Khối." in text(new)
    assert "Nơi nhận: / - Như kính gửi, / - Lưu Văn phòng Đảng ủy Khối." in text(old)
    minutes = text(first(round_2026[1], "giay-moi"))
    assert "- Lưu Đảng ủy." in minutes or "- Lưu Chi bộ." in minutes


def test_each_round_passes_its_own_pack_and_fails_the_other(round_2026, sample_build):
    hd36, hd05 = format_pack("hd36-2018"), format_pack("hd05-2026")
    for (cfg, summary), own, other in ((round_2026, hd05, hd36), (sample_build, hd36, hd05)):
        docs = [r.path for r in summary.results]
        assert all(check_document(p, cfg.format) == [] for p in docs), cfg.nam
        assert all(check_document(p, cfg.format, pack=own) == [] for p in docs), cfg.nam
        # Every document but the certificates, which the two guides draw alike.
        failing = [p for p in docs if check_document(p, cfg.format, pack=other)]
        assert len(failing) == sum(r.kind != "giay-khen" for r in summary.results), cfg.nam


def test_a_document_records_its_packs(round_2026):
    doc = docx.Document(str(first(round_2026[1], "cong-van")))
    assert doc.core_properties.keywords == "thể thức hd05-2026; quy định 366-2025"


def test_a_correction_keeps_the_packs_the_round_was_issued_under(tmp_path, sample_roster):
    import dataclasses

    cfg = config_2026(tmp_path)
    now = BUILD_TIME.replace(year=2026)
    build(cfg, sample_roster, today=DAY_2026, now=now)
    # The settings now name HD 36; a letter's recipient is corrected.
    later = config_2026(tmp_path, goi={"the_thuc": "hd36-2018"})
    org = sample_roster.orgs[0]
    roster = dataclasses.replace(
        sample_roster, orgs=[dataclasses.replace(org, ten_cap_uy="Ban Thường vụ Đảng ủy Mới"),
                             *sample_roster.orgs[1:]])
    from kiemdiem_docs.issuing import Request

    summary = build(later, roster, today=DAY_2026, now=now + dt.timedelta(days=1),
                    request=Request(reason="sửa tên cấp ủy"))
    reissued = [r for r in summary.results if r.status == "reissued"]
    letter = next(r.path for r in reissued if r.kind == "cong-van")
    assert "Ban Thường vụ Đảng ủy Mới" in text(letter) and "về việc kiểm điểm" in text(letter)
    for r in reissued:  # measured against the pack each records: HD 05's
        assert check_document(r.path, later.format, workspace=later.the_thuc) == []
        assert docx.Document(str(r.path)).core_properties.keywords.startswith(
            "thể thức hd05-2026")
    assert register_problems(later.so_dang_ky, later.dau_ra) == []
