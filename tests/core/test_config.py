"""kiemdiem.toml: defaults, a user's file laid over them, and clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from kiemdiem_docs import config
from kiemdiem_docs.errors import ConfigError


def write(tmp_path, text: str):
    (tmp_path / "kiemdiem.toml").write_text(text, encoding="utf-8")
    return config.load(tmp_path)


def test_defaults_are_the_2024_round_of_the_reference_letter(tmp_path):
    cfg = write(tmp_path, config.default_text())
    assert cfg.nam == 2024
    assert (cfg.han_bao_cao, cfg.han_quyet_dinh) == (dt.date(2024, 12, 10),
                                                     dt.date(2024, 12, 26))
    assert cfg.signer == config.Signer("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Tài Sơn")
    assert cfg.co_quan["ky_hieu"] == "ĐUK" and cfg.co_quan["dia_danh"] == "Nam Định"
    assert cfg.numbering_for("cong-van") == config.Numbering("register", 821)
    assert cfg.ty_le_htxsnv == 20
    assert any("124-QĐ/TW, ngày 04/10/2023" in c for c in cfg.can_cu)
    assert any("25-HD/BTCTW, ngày 10/11/2023" in c for c in cfg.can_cu)
    assert cfg.can_cu[0] == "Điều lệ Đảng"
    assert not any("Quy chế làm việc" in c for c in cfg.can_cu_co_so)
    assert (cfg.format.le_tren, cfg.format.le_trai, cfg.format.gian_dong) == (20, 30, 18)


def test_every_default_setting_is_explained_in_vietnamese():
    lines = config.default_text().splitlines()
    seen = set()
    for i, line in enumerate(lines):
        if "=" in line and not line.startswith(("#", " ", '"')) and "[" not in line:
            key = line.split("=")[0].strip()
            if key in seen:  # repeated keys (one per kind, one per ground) are explained once
                continue
            seen.add(key)
            # A comment above it in the same block (a run of non-blank lines) explains it.
            start = i
            while start > 0 and lines[start - 1].strip():
                start -= 1
            assert any(x.startswith("#") for x in lines[start:i]), line


def test_a_short_file_is_laid_over_the_defaults(tmp_path):
    cfg = write(tmp_path, '[dot]\nnam = 2025\nty_le_htxsnv = 15\n[danh_so.cong-van]\n'
                          'cach = "blank"\n')
    assert (cfg.nam, cfg.ty_le_htxsnv) == (2025, 15)
    assert cfg.numbering_for("cong-van").cach == "blank"
    assert cfg.numbering_for("quyet-dinh-xep-loai").cach == "register"
    assert cfg.danh_sach == tmp_path / "data" / "danh-sach.xlsx"


@pytest.mark.parametrize("text, fragment", [
    ('[dot]\nhan_bao_cao = "31/02/2024"\n', "han_bao_cao = «31/02/2024»"),
    ('[dot]\nnam = "hai nghìn"\n', "nam = «hai nghìn» phải là một số"),
    ('[danh_so.cong-van]\ncach = "tu_dong"\n', "cach = «tu_dong»"),
    ('[dinh_dang]\nkieu_dau = "khac"\n', "kieu_dau = «khac»"),
    ("[dot\nnam = 1\n", "không đọc được"),
])
def test_wrong_values_name_their_key(tmp_path, text, fragment):
    with pytest.raises(ConfigError, match=fragment):
        write(tmp_path, text)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="kiemdiem init"):
        config.load(tmp_path)


def test_tone_style_applies_to_the_wording_not_to_names(tmp_path):
    cfg = write(tmp_path, '[dinh_dang]\nkieu_dau = "moi"\n[nguoi_ky]\nho_ten = "Lê Thị Thủy"\n')
    assert cfg.co_quan["ten"] == "ĐẢNG UỶ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    assert cfg.signer.ho_ten == "Lê Thị Thủy"
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("tep", "ho_ten"):
                    yield from strings(v)

    wording = list(strings(cfg.raw))
    assert any("uỷ" in s for s in wording)
    assert not [s for s in wording if "ủy" in s.lower()]


def test_find_root_walks_up(tmp_path):
    (tmp_path / "kiemdiem.toml").write_text("", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert config.find_root(deep) == tmp_path


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1])
def test_a_limit_that_is_not_a_finite_number_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match=r"\[gioi_han\] so_o"):
        config.from_dict({"gioi_han": {"so_o": value}}, tmp_path)
