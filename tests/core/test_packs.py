"""Rule packs and format packs: chosen by the year, named or overridden in kiemdiem.toml,
and the workspace ``init --nam`` writes for a year."""

from __future__ import annotations

import tomllib

import pytest

from kiemdiem_docs import config, packs
from kiemdiem_docs.errors import ConfigError


@pytest.mark.parametrize("year, want", [
    (2018, ("124-2023", "hd36-2018")), (2024, ("124-2023", "hd36-2018")),
    (2025, ("366-2025", "hd36-2018")), (2026, ("366-2025", "hd05-2026")),
    (2030, ("366-2025", "hd05-2026")),
])
def test_the_year_chooses_both_packs(tmp_path, year, want):
    assert packs.default_names(year) == want
    cfg = config.from_dict({"dot": {"nam": year}}, tmp_path)
    assert (cfg.quy_dinh.ten, cfg.the_thuc.ten) == want


def test_every_pack_cites_its_sources_and_loads():
    for name in packs.available("quy-dinh"):
        pack = packs.rule_pack(name)
        assert pack.nguon and pack.can_cu[0].van_ban == "Điều lệ Đảng"
        assert len(pack.khong_xep_loai) == 3
    for name in packs.available("the-thuc"):
        assert packs.format_pack(name).nguon
    assert packs.available("the-thuc") == ["hd05-2026", "hd36-2018"]


def test_the_workspace_names_other_packs_and_overrides_one_setting(tmp_path):
    cfg = config.from_dict({"dot": {"nam": 2026}, "goi": {"the_thuc": "hd36-2018"}}, tmp_path)
    assert cfg.the_thuc.ket_thuc == "./." and cfg.format.dau_noi_nhan == ","
    cfg = config.from_dict({"dot": {"nam": 2026}, "the_thuc": {"ket_thuc": "./."}}, tmp_path)
    assert (cfg.the_thuc.ten, cfg.the_thuc.ket_thuc) == ("hd05-2026", "./.")
    assert cfg.the_thuc.trich_yeu_cong_van == "về việc "
    # A setting of the workspace's own file wins over the pack's.
    cfg = config.from_dict({"dot": {"nam": 2026}, "dinh_dang": {"dau_noi_nhan": ","},
                            "co_quan": {"noi_luu": "Lưu VT"}}, tmp_path)
    assert (cfg.format.dau_noi_nhan, cfg.co_quan["noi_luu"]) == (",", "Lưu VT")
    assert config.from_dict({"dot": {"nam": 2026}}, tmp_path).co_quan["noi_luu"] == \
        "Lưu Đảng ủy Khối"


@pytest.mark.parametrize("raw, fragment", [
    ({"goi": {"quy_dinh": "999-2030"}}, "kiemdiem.toml: [goi] không có bộ quy định "
                                         "«999-2030»; có: 124-2023, 366-2025."),
    ({"goi": {"the_thuc": "../../etc"}}, "[goi] không có bộ thể thức «../../etc»"),
    ({"the_thuc": {"ket_thuc_moi": "."}}, "[the_thuc] ket_thuc_moi: không có thiết lập này"),
    ({"the_thuc": {"cho_phep_vt": "có"}}, "[the_thuc] cho_phep_vt = «có» phải cùng kiểu"),
])
def test_a_bad_pack_setting_is_a_clear_error(tmp_path, raw, fragment):
    with pytest.raises(ConfigError) as exc:
        config.from_dict(raw, tmp_path)
    assert fragment in str(exc.value)


def test_a_workspace_ground_that_names_a_central_one_stands_in_for_it(tmp_path):
    own = "Quy định số 366-QĐ/TW, ngày 30/8/2025 của Bộ Chính trị (lời của văn phòng)"
    cfg = config.from_dict({"dot": {"nam": 2026}, "can_cu": [{"van_ban": own},
                                                             {"van_ban": "Quy chế X"}]},
                           tmp_path)
    assert cfg.can_cu == ("Điều lệ Đảng", own, packs.rule_pack("366-2025").can_cu[2].van_ban,
                          "Quy chế X")


def test_the_tone_style_reaches_the_pack_wording(tmp_path):
    cfg = config.from_dict({"dot": {"nam": 2026}, "dinh_dang": {"kieu_dau": "moi"}}, tmp_path)
    assert cfg.co_quan["noi_luu"] == "Lưu Đảng uỷ Khối"
    assert config.retoned(cfg.the_thuc.luu_dang_uy, cfg) == "Lưu Đảng uỷ"


def test_scores_map_to_levels_at_the_band_edges():
    pack = packs.rule_pack("366-2025")
    edges = {49.9: "KHTNV", 50: "HTNV", 69.9: "HTNV", 70: "HTTNV", 89.9: "HTTNV",
             90: "HTXSNV", 100: "HTXSNV", 0: "KHTNV"}
    assert {s: pack.level_of(s) for s in edges} == edges
    assert pack.band("HTTNV") == (70, 90) and pack.band("HTXSNV") == (90, None)
    assert packs.rule_pack("124-2023").level_of(95) is None


def test_init_for_another_year_leaves_placeholders_that_loading_refuses(tmp_path):
    text = config.year_text(2026)
    raw = tomllib.loads(text)
    assert raw["dot"]["nam"] == 2026 and "năm 2026" in raw["dot"]["trich_yeu_cong_van"]
    assert "2024" not in text.split("[goi]")[0].replace("(2024", "")
    with pytest.raises(ConfigError) as exc:
        config.from_dict(raw, tmp_path)
    assert str(exc.value) == (
        "kiemdiem.toml còn 10 chỗ chưa điền: [co_quan] cap_tren, [co_quan] dia_danh, "
        "[nguoi_ky] ho_ten, [dot] han_bao_cao, [dot] han_quyet_dinh, [dot] thuc_hien, "
        "[dot] huong_dan, [[can_cu]] thứ 1, [[can_cu]] thứ 2, [[can_cu]] thứ 3. "
        "Thay mỗi «điền: …» bằng giá trị của đợt rồi chạy lại.")
    filled = text
    for n, line in enumerate(text.splitlines()):
        if config.PLACEHOLDER in line:
            key = line.split(" = ")[0]
            value = '"15/12/2026"' if key.startswith("han_") else f'"giá trị {n}"'
            filled = filled.replace(line, f"{key} = {value}")
    cfg = config.from_dict(tomllib.loads(filled), tmp_path)
    assert (cfg.quy_dinh.ten, cfg.the_thuc.ten, cfg.numbering_for("cong-van").bat_dau) == \
        ("366-2025", "hd05-2026", 1)


def test_init_for_2024_is_the_sample_round():
    assert config.year_text(2024) == config.default_text()
