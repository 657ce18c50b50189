"""Rule packs and format packs: what a round is graded under, and how its documents look.

A rule pack (``quy-dinh-*``) holds what the Central Committee's rule and guide of a round
set: the grounds every decision cites, the quota, who is not graded, and, where the rule
scores, the band of points of each level. A format pack (``the-thuc-*``) holds every rule
of the Party's document format that differs between the guides. Both are data files in
``data/goi``, each citing its sources; the workspace's year chooses them, and
``kiemdiem.toml`` may name others or override one setting.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

PACK_FOLDER = Path(__file__).parent / "data" / "goi"
# The four levels, highest first, by the short names the roster's grades also carry.
LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


@dataclass(frozen=True)
class Ground:
    ky_hieu: str  # the text a workspace's own ground names to stand in for this one
    van_ban: str


@dataclass(frozen=True)
class RulePack:
    ten: str
    mo_ta: str
    nguon: tuple[str, ...]
    ty_le_htxsnv: float
    khong_xep_loai: tuple[str, ...]
    can_cu: tuple[Ground, ...]
    cham_diem: bool = False
    diem_toi_thieu: dict[str, float] = field(default_factory=dict)
    dieu_kien_xuat_sac: dict[str, str] = field(default_factory=dict)
    mau_bieu: dict[str, str] = field(default_factory=dict)

    def level_of(self, score: float) -> str | None:
        """The level a score falls in; None when this pack does not score."""
        if not self.cham_diem:
            return None
        for level in LEVELS:
            if score >= self.diem_toi_thieu[level]:
                return level
        return LEVELS[-1]

    def band(self, level: str) -> tuple[float, float | None]:
        """The points of ``level``: from its minimum to under the next level's (None: 100)."""
        i = LEVELS.index(level)
        upper = self.diem_toi_thieu[LEVELS[i - 1]] if i else None
        return self.diem_toi_thieu[level], upper


@dataclass(frozen=True)
class FormatPack:
    ten: str
    mo_ta: str
    nguon: tuple[str, ...]
    trich_yeu_cong_van: str  # how a công văn's subject starts: «V/v » or «về việc »
    ket_thuc: str  # the body's end mark: «./.» or «.»
    dau_noi_nhan: str  # after each recipient line but the last
    nhu_kinh_gui: str  # a công văn's first recipient line
    luu_dang_uy: str  # the archive line of a đảng ủy cơ sở
    luu_chi_bo: str  # of a chi bộ cơ sở
    luu_khoi: str  # of the issuing committee, unless [co_quan] noi_luu says otherwise
    cho_phep_vt: bool  # whether the archive line may say «VT»

    def settings(self) -> dict[str, Any]:
        """The settings a template and the checker read (``the_thuc`` in the context)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "nguon"}


# Which packs a year takes when the workspace names none (RULES.md).
def default_names(year: int) -> tuple[str, str]:
    """The rule pack and the format pack of a round held in ``year``."""
    rules = "124-2023" if year <= 2024 else "366-2025"
    fmt = "hd36-2018" if year <= 2025 else "hd05-2026"
    return rules, fmt


def available(prefix: str) -> list[str]:
    return sorted(p.stem.removeprefix(prefix + "-") for p in PACK_FOLDER.glob(prefix + "-*.toml"))


@functools.cache
def _read(prefix: str, name: str) -> dict[str, Any]:
    names = available(prefix)
    if name not in names:
        what = "bộ quy định" if prefix == "quy-dinh" else "bộ thể thức"
        raise ConfigError(f"Không có {what} «{name}»; có: {', '.join(names)}.")
    return tomllib.loads((PACK_FOLDER / f"{prefix}-{name}.toml").read_text("utf-8"))


def rule_pack(name: str) -> RulePack:
    """The rule pack ``name`` (``124-2023``, ``366-2025``)."""
    raw = _read("quy-dinh", name)
    minimum = {k: float(v) for k, v in raw.get("diem_toi_thieu", {}).items()}
    if raw.get("cham_diem") and set(minimum) != set(LEVELS):
        raise ConfigError(f"bộ quy định «{name}»: diem_toi_thieu phải cho đúng bốn mức "
                          f"{', '.join(LEVELS)}.")
    return RulePack(
        ten=name, mo_ta=raw["mo_ta"], nguon=tuple(raw.get("nguon", ())),
        ty_le_htxsnv=float(raw["ty_le_htxsnv"]),
        khong_xep_loai=tuple(raw["khong_xep_loai"]),
        can_cu=tuple(Ground(c["ky_hieu"], c["van_ban"]) for c in raw.get("can_cu", [])),
        cham_diem=bool(raw.get("cham_diem", False)), diem_toi_thieu=minimum,
        dieu_kien_xuat_sac=dict(raw.get("dieu_kien_xuat_sac", {})),
        mau_bieu=dict(raw.get("mau_bieu", {})))


def format_pack(name: str, overrides: dict[str, Any] | None = None) -> FormatPack:
    """The format pack ``name`` (``hd36-2018``, ``hd05-2026``), with ``overrides`` (the
    workspace's ``[the_thuc]``) laid over it."""
    raw = _read("the-thuc", name)
    names = {f.name for f in fields(FormatPack)} - {"ten", "mo_ta", "nguon"}
    pack = FormatPack(ten=name, mo_ta=raw["mo_ta"], nguon=tuple(raw.get("nguon", ())),
                      **{k: raw[k] for k in names})
    for key, value in (overrides or {}).items():
        if key not in names:
            raise ConfigError(f"kiemdiem.toml: [the_thuc] {key}: không có thiết lập này; có: "
                              + ", ".join(sorted(names)) + ".")
        if type(value) is not type(getattr(pack, key)):
            raise ConfigError(f"kiemdiem.toml: [the_thuc] {key} = «{value}» phải cùng kiểu với "
                              f"«{getattr(pack, key)}».")
        pack = replace(pack, **{key: value})
    return pack


def grounds(pack: RulePack, own: list[str]) -> list[str]:
    """The grounds a decision cites: the pack's, each replaced in place by the workspace's
    ground that names its symbol, then the workspace's others in their order."""
    own = list(own)
    out = []
    for g in pack.can_cu:
        mine = next((o for o in own if g.ky_hieu in o), None)
        if mine is not None:
            own.remove(mine)
        out.append(mine or g.van_ban)
    return out + own
