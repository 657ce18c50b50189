"""The workspace configuration, ``kiemdiem.toml``.

A user's file is laid over the built-in defaults (``data/kiemdiem.toml``), so a
workspace made by an older version still loads when a setting is added.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import packs, vn
from .errors import ConfigError

CONFIG_NAME = "kiemdiem.toml"
# The folder beside each kind's documents where superseded revisions go.
SUPERSEDED_FOLDER = "cu"
NUMBERING_MODES = ("register", "blank", "roster")
PDF_BACKENDS = ("auto", "libreoffice", "word", "none")


# What ``init`` writes where a value of another year's round is not known yet.
PLACEHOLDER = "«điền:"
SAMPLE_YEAR = 2024  # the round the default file's values are of


def default_text() -> str:
    """The commented default configuration (the 2024 round's values)."""
    return (Path(__file__).parent / "data" / "kiemdiem.toml").read_text("utf-8")


def _fill(what: str) -> str:
    return f'"{PLACEHOLDER} {what}»"'


# The default file's values that belong to the 2024 round, as patterns over its lines, and
# what a workspace of another year gets instead: the same wording with the year, or a
# placeholder that loading refuses until it is filled.
def _year_lines(year: int) -> list[tuple[str, str]]:
    y, nxt = str(year), str(year + 1)
    return [
        (r'^nam = 2024$', f"nam = {y}"),
        (r'^ngay_cong_van = ".*"$', 'ngay_cong_van = ""'),
        (r'^ngay_quyet_dinh = ".*"$', 'ngay_quyet_dinh = ""'),
        (r'^ngay_bao_cao = ".*"$', 'ngay_bao_cao = ""'),
        (r'^han_bao_cao = ".*"$', "han_bao_cao = " + _fill(f"dd/mm/{y}")),
        (r'^han_quyet_dinh = ".*"$', "han_quyet_dinh = " + _fill(f"dd/mm/{y}")),
        (r'^thuc_hien = ".*"$', "thuc_hien = " + _fill(
            f"Kế hoạch số …-KH/TU, ngày …/…/{y} về “…” của Ban Thường vụ Tỉnh ủy")),
        (r'^huong_dan = ".*"$', "huong_dan = " + _fill(
            "Hướng dẫn số …-HD/ĐUK, ngày …/…/… của Ban Thường vụ Đảng ủy Khối về việc “…”")),
        (r'^van_ban = "Quy chế .*"$', "van_ban = " + _fill(
            "Quy chế làm việc của Ban Chấp hành Đảng bộ Khối nhiệm kỳ …")),
        (r'^van_ban = "Kế hoạch số .*"$', "van_ban = " + _fill(
            f"Kế hoạch số …-KH/TU, ngày …/…/{y} của Ban Thường vụ Tỉnh ủy về …")),
        (r'^van_ban = "Hướng dẫn số .*ĐUK.*"$', "van_ban = " + _fill(
            "Hướng dẫn số …-HD/ĐUK, ngày …/…/… của Ban Thường vụ Đảng ủy Khối về …")),
        (r"^(cap_tren|dia_danh|ho_ten) = .*$", None),
        # The letter of 2024 was 820: another year's numbers start where its văn thư says.
        (r"^bat_dau = 821$", "bat_dau = 1"),
        (r"2025", nxt),
        (r"2024", y),
    ]


def year_text(year: int) -> str:
    """The configuration ``init`` writes for the round of ``year``: the default file with
    that year's wording, and placeholders where its dates, grounds and names are to be
    filled (the 2024 round keeps the sample's values)."""
    text = default_text()
    if year == SAMPLE_YEAR:
        return text
    rules = _year_lines(year)
    out = []
    for line in text.splitlines():
        for pattern, new in rules:
            if new is None and re.match(pattern, line):
                key = line.split(" = ")[0]
                line = f"{key} = " + _fill(line.split(" = ", 1)[1].strip('"'))
                break
            if new is not None and re.search(pattern, line, re.M):
                if pattern.startswith("^"):
                    line = new
                    break
                line = re.sub(pattern, new, line)
        out.append(line)
    return "\n".join(out) + "\n"


def _place(hole: str) -> str:
    """``dot.han_bao_cao`` as the file says it: «[dot] han_bao_cao», «[[can_cu]] thứ 2»."""
    section, key = hole.split(".", 1)
    table = re.fullmatch(r"(\w+)\[(\d+)\]", section)
    return f"[[{table[1]}]] thứ {table[2]}" if table else f"[{section}] {key}"


def unfilled(raw: dict[str, Any], where: str = "") -> list[str]:
    """Where a workspace's own settings still hold ``init``'s placeholders."""
    found = []
    for key, value in raw.items():
        place = f"{where}.{key}" if where else key
        if isinstance(value, dict):
            found += unfilled(value, place)
        elif isinstance(value, list):
            for n, item in enumerate(value, 1):
                found += unfilled(item, f"{place}[{n}]") if isinstance(item, dict) else (
                    [f"{place}[{n}]"] if isinstance(item, str) and PLACEHOLDER in item else [])
        elif isinstance(value, str) and PLACEHOLDER in value:
            found.append(place)
    return found


@dataclass(frozen=True)
class Signer:
    tham_quyen: str
    chuc_vu: str
    ho_ten: str


@dataclass(frozen=True)
class Numbering:
    cach: str  # register | blank | roster
    bat_dau: int = 1


@dataclass(frozen=True)
class Format:
    le_tren: float = 20
    le_duoi: float = 20
    le_trai: float = 30
    le_phai: float = 15
    gian_dong: float = 18
    kieu_dau: str = "cu"
    dau_noi_nhan: str = ","
    giay_khen_khung: bool = True


@dataclass(frozen=True)
class PdfSettings:
    tao_pdf: bool = True  # make a PDF beside every .docx
    bo_chuyen: str = "auto"  # one of PDF_BACKENDS


@dataclass(frozen=True)
class ReadLimits:
    """How much a workbook may make the reader inflate (``[gioi_han]``)."""

    giai_nen_mb: float = 100  # the whole workbook uncompressed (and any .csv file), in MB
    ty_le_nen: float = 100  # uncompressed ÷ compressed, for a part of more than 1 MB
    do_dai_o: int = 32767  # characters in one cell (Excel's own limit)
    so_o: int = 5_000_000  # cells in one sheet's used area

    @property
    def max_bytes(self) -> int:
        return int(self.giai_nen_mb * 1024 * 1024)


@dataclass(frozen=True)
class Config:
    root: Path  # the workspace folder; relative paths are taken from it
    raw: dict[str, Any]  # the merged settings, as the templates see them
    danh_sach: Path
    mau: Path
    dau_ra: Path
    so_dang_ky: Path
    nam: int
    ngay_cong_van: dt.date | None
    ngay_thong_bao_lich: dt.date | None  # None: the day it is first built, like the others
    ngay_quyet_dinh: dt.date | None
    ngay_bao_cao: dt.date | None  # the results report's; None: the day it is first built
    han_bao_cao: dt.date
    han_quyet_dinh: dt.date
    ty_le_htxsnv: float  # percent
    ngay_tai_ban: str  # "giu": a re-issue keeps its date; "hom_nay": dated on the day
    signer: Signer
    quy_dinh: packs.RulePack  # the rules the round is graded under
    the_thuc: packs.FormatPack  # the document format its documents follow
    can_cu: tuple[str, ...]  # grounds of the Khối's decisions
    can_cu_co_so: tuple[str, ...]  # grounds of a grassroots organisation's decisions
    numbering: dict[str, Numbering] = field(default_factory=dict)
    format: Format = field(default_factory=Format)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    cho_khoa: float = 300  # seconds a command waits for another to leave the workspace
    gioi_han: ReadLimits = field(default_factory=ReadLimits)
    own: dict[str, Any] = field(default_factory=dict)  # the workspace's file, as written
    # Last round's workbook, which the results report compares this round's figures with.
    nam_truoc: Path | None = None

    def with_packs(self, packs_text: str) -> Config:
        """These settings under other packs (``packs_of``'s «366-2025 hd05-2026»)."""
        rules, fmt = packs_text.split()
        return from_dict(_merge(self.own, {"goi": {"quy_dinh": rules, "the_thuc": fmt}}),
                         self.root)

    @property
    def co_quan(self) -> dict[str, str]:
        return self.raw["co_quan"]

    def numbering_for(self, kind: str) -> Numbering:
        return self.numbering.get(kind, Numbering("blank"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _date(raw: dict, section: str, key: str, *, optional: bool = False) -> dt.date | None:
    value = raw.get(section, {}).get(key, "")
    if isinstance(value, dt.date):
        return value
    if optional and value in ("", None):
        return None
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ConfigError(
            f"{CONFIG_NAME}: [{section}] {key} = «{value}» không phải ngày dạng dd/mm/yyyy."
        ) from None


def _number(raw: dict, section: str, key: str) -> float:
    value = raw.get(section, {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value < 0:
        raise ConfigError(f"{CONFIG_NAME}: [{section}] {key} = «{value}» phải là một số "
                          "không âm.")
    return value


def _retone(value: Any, style: str) -> Any:
    if isinstance(value, str):
        return vn.tone_style(value, style)
    if isinstance(value, list):
        return [_retone(v, style) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "ho_ten" else _retone(v, style) for k, v in value.items()}
    return value


def _choice(raw: dict, section: str, key: str, choices: tuple[str, ...]) -> str:
    value = raw.get(section, {}).get(key)
    if value not in choices:
        raise ConfigError(f"{CONFIG_NAME}: [{section}] {key} = «{value}» phải là một trong: "
                          + ", ".join(f'"{c}"' for c in choices) + ".")
    return value


def _packs(own: dict[str, Any], year: int) -> tuple[packs.RulePack, packs.FormatPack]:
    """The packs the year takes, or the ones ``[goi]`` names, with ``[the_thuc]`` over."""
    rules, fmt = packs.default_names(year)
    chosen = own.get("goi", {})
    overrides = own.get("the_thuc", {})
    if not isinstance(chosen, dict) or not isinstance(overrides, dict):
        raise ConfigError(f"{CONFIG_NAME}: [goi] và [the_thuc] phải là bảng (mục […]).")
    try:
        rule_pack = packs.rule_pack(str(chosen.get("quy_dinh") or rules))
        format_pack = packs.format_pack(str(chosen.get("the_thuc") or fmt), overrides)
    except ConfigError as exc:
        message = str(exc)
        if message.startswith(CONFIG_NAME):  # already says where
            raise
        raise ConfigError(f"{CONFIG_NAME}: [goi] {message[0].lower()}{message[1:]}") from None
    return rule_pack, format_pack


def packs_of(config: Config) -> str:
    """The packs a document is made under, as the register records them."""
    return f"{config.quy_dinh.ten} {config.the_thuc.ten}"


def retoned(value: str, config: Config) -> str:
    """A pack's wording in the workspace's tone-mark style."""
    return vn.tone_style(value, config.format.kieu_dau)


def from_dict(raw: dict[str, Any], root: Path) -> Config:
    """Build a :class:`Config` from settings laid over the defaults.

    The settings that a pack gives (the quota, the recipients' separator, the archive
    line) are the pack's unless the workspace's own file sets them.
    """
    own = raw
    holes = unfilled(own)
    if holes:
        places = ", ".join(_place(h) for h in holes)
        raise ConfigError(f"{CONFIG_NAME} còn {len(holes)} chỗ chưa điền: {places}. "
                          f"Thay mỗi {PLACEHOLDER} …» bằng giá trị của đợt rồi chạy lại.")
    raw = _merge(tomllib.loads(default_text()), raw)
    nam = int(_number(raw, "dot", "nam"))
    quy_dinh, the_thuc = _packs(own, nam)
    raw["dot"].setdefault("ty_le_htxsnv", quy_dinh.ty_le_htxsnv)
    raw["dinh_dang"].setdefault("dau_noi_nhan", the_thuc.dau_noi_nhan)
    raw["co_quan"].setdefault("noi_luu", the_thuc.luu_khoi)
    style = _choice(raw, "dinh_dang", "kieu_dau", ("cu", "moi"))
    # One document never mixes tone-mark styles: the settings' wording follows the chosen
    # one, like the templates' (render retones those); file paths and names are left alone.
    raw = {k: v if k == "tep" else _retone(v, style) for k, v in raw.items()}
    tep = raw["tep"]
    numbering = {}
    for kind, spec in raw.get("danh_so", {}).items():
        cach = spec.get("cach", "blank")
        if cach not in NUMBERING_MODES:
            raise ConfigError(
                f"{CONFIG_NAME}: [danh_so.{kind}] cach = «{cach}» phải là một trong "
                + ", ".join(NUMBERING_MODES) + "."
            )
        numbering[kind] = Numbering(cach, int(_number(raw["danh_so"], kind, "bat_dau"))
                                    if "bat_dau" in spec else 1)
    fmt = raw["dinh_dang"]
    for key in ("le_tren", "le_duoi", "le_trai", "le_phai", "gian_dong"):
        _number(raw, "dinh_dang", key)
    signer = raw["nguoi_ky"]
    if not isinstance(raw["pdf"]["tao_pdf"], bool):
        raise ConfigError(f"{CONFIG_NAME}: [pdf] tao_pdf = «{raw['pdf']['tao_pdf']}» phải là "
                          "true hoặc false.")
    pdf = PdfSettings(raw["pdf"]["tao_pdf"], _choice(raw, "pdf", "bo_chuyen", PDF_BACKENDS))
    letter = _date(raw, "dot", "ngay_cong_van", optional=True)
    notice = _date(raw, "dot", "ngay_thong_bao_lich", optional=True)
    if letter and notice and notice < letter:
        # The notice lists the schedules the organisations report in reply to the letter.
        raise ConfigError(
            f"{CONFIG_NAME}: [dot] ngay_thong_bao_lich = «{vn.date_text(notice)}» trước "
            f"ngay_cong_van = «{vn.date_text(letter)}»: thông báo lịch ra sau công văn, khi "
            "các tổ chức đã báo cáo lịch; sửa một trong hai ngày.")
    return Config(
        root=root,
        raw=raw,
        danh_sach=root / tep["danh_sach"],
        mau=root / tep["mau"],
        dau_ra=root / tep["dau_ra"],
        so_dang_ky=root / tep["so_dang_ky"],
        nam=nam,
        ngay_cong_van=letter,
        ngay_thong_bao_lich=notice,
        ngay_quyet_dinh=_date(raw, "dot", "ngay_quyet_dinh", optional=True),
        ngay_bao_cao=_date(raw, "dot", "ngay_bao_cao", optional=True),
        han_bao_cao=_date(raw, "dot", "han_bao_cao"),
        han_quyet_dinh=_date(raw, "dot", "han_quyet_dinh"),
        ty_le_htxsnv=_number(raw, "dot", "ty_le_htxsnv"),
        ngay_tai_ban=_choice(raw, "dot", "ngay_tai_ban", ("giu", "hom_nay")),
        signer=Signer(signer["tham_quyen"], signer["chuc_vu"], signer["ho_ten"]),
        quy_dinh=quy_dinh,
        the_thuc=the_thuc,
        can_cu=tuple(vn.tone_style(g, style) for g in packs.grounds(
            quy_dinh, [c["van_ban"] for c in raw.get("can_cu", [])])),
        can_cu_co_so=tuple(vn.tone_style(g, style) for g in packs.grounds(
            quy_dinh, [c["van_ban"] for c in raw.get("can_cu", []) if c.get("co_so", True)])),
        numbering=numbering,
        format=Format(**{k: fmt[k] for k in Format.__dataclass_fields__ if k in fmt}),
        pdf=pdf,
        cho_khoa=_number(raw, "khoa", "cho_toi_da"),
        own=own,
        nam_truoc=root / before if (before := str(raw.get("bao_cao", {}).get("nam_truoc", "")
                                                  ).strip()) else None,
        gioi_han=ReadLimits(**{k: f.type == "int" and int(_number(raw, "gioi_han", k))
                               or _number(raw, "gioi_han", k)
                               for k, f in ReadLimits.__dataclass_fields__.items()}),
    )


def load(root: Path) -> Config:
    """Read ``kiemdiem.toml`` of the workspace at ``root``."""
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"Không tìm thấy {CONFIG_NAME} trong {root}. Tạo không gian làm việc bằng "
            "`kiemdiem init THƯ_MỤC`."
        )
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: không đọc được ({exc}).") from None
    return from_dict(raw, root)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``kiemdiem.toml``."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None
