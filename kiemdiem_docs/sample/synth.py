"""An invented but realistic review round, for the sample workbook, benchmarks and tests.

Every name is assembled from word lists; no row describes a real person. The
round respects the rules the validator checks (the HTXSNV quota within each
organisation and across organisations, no delegate at two meetings at once,
members admitted less than six months before their meeting not graded), so
anything the validator reports on it is a bug on one side or the other.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate

from ..roster import CHI_BO, CHINH_THUC, DANG_BO, DU_BI, Grade
from . import words as W

_TIMES = (dt.time(8, 0), dt.time(14, 0))
_LEVEL_ODDS = list(accumulate((15, 70, 13, 2)))
_LEVELS = (Grade.HTXSNV, Grade.HTTNV, Grade.HTNV, Grade.KHTNV)
NOT_SIX_MONTHS = "Vào Đảng chưa đủ 6 tháng"
EXEMPT = "Được miễn công tác và sinh hoạt đảng"
ORG_PER_CLUSTER = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _Names:
    """Vietnamese personal names, drawn with realistic frequencies."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cum = list(accumulate(p for _, p in W.FAMILY))

    def person(self) -> str:
        r = self.rng
        family = W.FAMILY[bisect(self.cum, r.random() * self.cum[-1])][0]
        if r.random() < 0.5:
            middle, given = r.choice(W.MIDDLE_M), r.choice(W.GIVEN_M)
        else:
            middle, given = r.choice(W.MIDDLE_F), r.choice(W.GIVEN_F)
            if middle == "Thị" and r.random() < 0.2:
                middle += " " + r.choice(W.SECOND_F)
        return f"{family} {middle} {given}"

    def unique(self, taken: set[str]) -> str:
        """A name not in ``taken`` if one turns up soon (an org of thousands may repeat)."""
        for _ in range(100):
            if (name := self.person()) not in taken:
                break
        taken.add(name)
        return name


def grade_counts(rng: random.Random, n: int) -> list[Grade]:
    """``n`` grades, shuffled, about 15/70/13/2 %, HTXSNV capped at 20 % of HTTNV.

    Integer arithmetic (x * 5 <= t) so the cap is exactly floor(20 % of t).
    """
    counts = [0, 0, 0, 0]
    for _ in range(n):
        counts[bisect(_LEVEL_ODDS, rng.random() * 100)] += 1
    while counts[0] * 5 > counts[1]:
        counts[0] -= 1
        counts[1] += 1
    out = [g for g, k in zip(_LEVELS, counts, strict=True) for _ in range(k)]
    rng.shuffle(out)
    return out


def _self_view(rng: random.Random, grade: Grade) -> Grade:
    """A self-assessment or proposal near ``grade``; never invents an HTXSNV."""
    if grade in (Grade.HTNV, Grade.KHTNV) and rng.random() < 0.3:
        return _LEVELS[_LEVELS.index(grade) - 1]
    return grade


def _org_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``n`` unique (kind of body, name) pairs."""
    kinds = list(W.KINDS)
    cum = list(accumulate(W.KINDS[k][0] for k in kinds))
    agencies = W.AGENCIES[:]
    rng.shuffle(agencies)
    seen: set[str] = set()
    out = []
    while len(out) < n:
        kind = kinds[bisect(cum, rng.random() * cum[-1])]
        if kind == "agency" and not agencies:
            kind = "company"
        pattern = rng.choice(W.KINDS[kind][1])
        name = pattern.format(
            f=rng.choice(W.COMPANY_FIELDS), b=rng.choice(W.BRANDS), p=rng.choice(W.PLACES),
            f2=rng.choice(W.FIELDS2), f3=rng.choice(W.FIELDS3), f4=rng.choice(W.FIELDS4),
            a=agencies[-1] if kind == "agency" else "",
        )
        if name in seen:
            name = f"{name} số {len(out) + 1}"
        if kind == "agency":
            agencies.pop()
        seen.add(name)
        out.append((kind, name))
    return out


def _sizes(rng: random.Random, weights: list[float], total: int) -> list[int]:
    """``total`` split by ``weights`` (largest remainder), at least 3 each where possible."""
    base = min(3, total // max(len(weights), 1))
    rest = total - base * len(weights)
    wsum = sum(weights)
    exact = [rest * w / wsum for w in weights]
    sizes = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - sizes[i], reverse=True)
    for i in order[: rest - sum(sizes)]:
        sizes[i] += 1
    return [s + base for s in sizes]


def _slots(year: int) -> list[tuple[dt.date, dt.time]]:
    """Meeting slots: working days from 20/11 to 10/12, morning and afternoon."""
    day, last, out = dt.date(year, 11, 20), dt.date(year, 12, 10), []
    while day <= last:
        if day.weekday() < 5:
            out.extend((day, t) for t in _TIMES)
        day += dt.timedelta(days=1)
    return out


def _staff(rng: random.Random, names: _Names, clusters: int) -> tuple[list[dict], list[str]]:
    """The Khối's people: one leader in charge of each cluster, and a few specialists."""
    taken: set[str] = set()
    rows = []
    for i in range(max(clusters, rng.randint(6, len(W.LEADERS)))):
        rows.append({
            "ho_ten": names.unique(taken),
            "chuc_vu": W.LEADERS[i] if i < len(W.LEADERS) else W.EXTRA_LEADER,
            "cum_phu_trach": str(i + 1) if i < clusters else "",
        })
    helpers = [names.unique(taken) for _ in range(rng.randint(2, 3))]
    rows.extend({"ho_ten": h, "chuc_vu": W.STAFF, "cum_phu_trach": ""} for h in helpers)
    return rows, helpers


def _member(rng: random.Random, name: str, ma: str, meet: dt.date) -> dict:
    """One member; ``_kxl`` marks who cannot be graded this year, and why."""
    born = dt.date.fromordinal(rng.randint(dt.date(meet.year - 64, 1, 1).toordinal(),
                                           dt.date(meet.year - 24, 12, 31).toordinal()))
    r, kxl = rng.random(), ""
    # Recent admissions stay well clear of the 6- and 12-month boundaries so that
    # any reasonable reading of "chưa đủ 6 tháng" agrees with the grade.
    if r < 0.015:
        admitted, kxl = meet - dt.timedelta(days=rng.randint(20, 150)), NOT_SIX_MONTHS
    elif r < 0.035:
        admitted = meet - dt.timedelta(days=rng.randint(200, 340))
    else:
        lo = born.toordinal() + 7305  # twenty years old
        admitted = dt.date.fromordinal(rng.randint(lo, meet.toordinal() - 400))
        if r < 0.038:
            kxl = EXEMPT
    return {
        "ma_to_chuc": ma, "chi_bo": "", "ho_ten": name, "ngay_sinh": born,
        "chuc_vu": "", "cap_uy": None, "ngay_vao_dang": admitted,
        "chinh_thuc": DU_BI if add_months(admitted, 12) > meet else CHINH_THUC,
        "tu_xep_loai": None, "de_nghi": None, "xep_loai": None, "ly_do_khong_xep_loai": "",
        "htxsnv_5_nam": None, "ghi_chu": "", "_kxl": kxl,
    }


def _grade_members(rng: random.Random, members: list[dict], meet: dt.date) -> None:
    graded = [m for m in members if not m["_kxl"]]
    five_years_ago = add_months(meet, -60)
    for m, g in zip(graded, grade_counts(rng, len(graded)), strict=True):
        m["xep_loai"] = g
        m["tu_xep_loai"] = _self_view(rng, g)
        m["de_nghi"] = g if rng.random() < 0.9 else _self_view(rng, g)
        m["htxsnv_5_nam"] = (g is Grade.HTXSNV and m["ngay_vao_dang"] <= five_years_ago
                             and rng.random() < 0.25)
    for m in members:
        if m["_kxl"]:
            m["tu_xep_loai"] = m["de_nghi"] = m["xep_loai"] = Grade.KXL
            m["ly_do_khong_xep_loai"] = m["_kxl"]
            m["htxsnv_5_nam"] = False


def make_rows(n_orgs: int, n_members: int, *, seed: int = 2024, year: int = 2024,
              graded: bool = True) -> dict[str, list[dict]]:
    """Rows of every sheet (keyed by schema sheet name), deterministic from ``seed``.

    With ``graded=False`` the round is caught before its meetings: no XepLoai or
    KhenThuong rows, and members' grade columns empty.
    """
    if n_orgs < 1 or n_members < 0:
        raise ValueError("n_orgs must be at least 1 and n_members not negative")
    rng = random.Random(seed)
    names = _Names(rng)
    width = max(3, len(str(n_orgs)))
    clusters = -(-n_orgs // ORG_PER_CLUSTER)
    staff, helpers = _staff(rng, names, clusters)
    leader = {s["cum_phu_trach"]: s for s in staff if s["cum_phu_trach"]}
    bodies = _org_names(rng, n_orgs)
    types = [DANG_BO if rng.random() < 0.4 else CHI_BO for _ in range(n_orgs)]
    if n_orgs > 1 and len(set(types)) == 1:
        types[-1] = CHI_BO if types[-1] == DANG_BO else DANG_BO
    weights = [rng.uniform(2.5, 6) if t == DANG_BO else rng.uniform(0.5, 1.5) for t in types]
    sizes = _sizes(rng, weights, n_members)
    all_slots = _slots(year)
    free: dict[str, list] = {}
    busy_helpers: set[tuple] = set()
    orgs, members, meetings = [], [], []
    for i, ((kind, body), loai, size) in enumerate(zip(bodies, types, sizes, strict=True)):
        ma, cum = str(i + 1).zfill(width), str(i * clusters // n_orgs + 1)
        if cum not in free:
            free[cum] = rng.sample(all_slots, len(all_slots))
        # One leader per cluster and distinct slots within it: no delegate clash.
        day, time = free[cum].pop()
        who = leader[cum]
        along = next((h for h in rng.sample(helpers, len(helpers))
                      if (h, day, time) not in busy_helpers), "")
        busy_helpers.add((along, day, time))
        meetings.append({
            "ma_to_chuc": ma, "ngay": day, "gio": time, "dia_diem": rng.choice(W.ROOMS),
            "dai_bieu": who["ho_ten"], "chuc_vu_dai_bieu": who["chuc_vu"], "can_bo_du": along,
        })
        # Unique within the org, so a name (the secretary's) points at one member.
        taken: set[str] = set()
        own = [_member(rng, names.unique(taken), ma, day) for _ in range(size)]
        jobs = W.KINDS[kind][3].split("|")
        for m in own:
            if rng.random() < 0.8:
                m["chuc_vu"] = rng.choice(jobs)
        prefix = "Đảng bộ" if loai == DANG_BO else "Chi bộ"
        if loai == DANG_BO and own:
            units = W.KINDS[kind][2].split("|")
            units = rng.sample(units, rng.randint(min(2, len(units)), min(6, len(units))))
            for j, m in enumerate(own):
                m["chi_bo"] = "Chi bộ " + units[j % len(units)]
        if graded:
            _grade_members(rng, own, day)
        senior = [m for m in own if m["chinh_thuc"] == CHINH_THUC and not m["_kxl"]]
        secretary = senior[0]["ho_ten"] if senior else names.person()
        if senior:
            senior[0]["chuc_vu"] = f"Bí thư {'Đảng ủy' if loai == DANG_BO else 'chi bộ'}"
        orgs.append({
            "ma": ma, "ten": f"{prefix} {body}", "loai": loai, "cum": cum, "bi_thu": secretary,
            "ten_cap_uy": f"Đảng ủy {body}" if loai == DANG_BO and size < 100 and i % 3 == 0
            else "",
            "dia_chi": f"Số {rng.randint(1, 300)} {rng.choice(W.STREETS)}, Nam Định",
        })
        members.extend(own)
    _committees(random.Random(seed + 2), orgs, members)
    # Card numbers from a generator of their own, so the rest of the round stays as it was;
    # one member in ten has none written, as in a real roster.
    cards = random.Random(seed + 1)
    numbers = cards.sample(range(10**7, 10**8), len(members))  # unique, eight digits
    for m, number in zip(members, numbers, strict=True):
        del m["_kxl"]
        m["so_the"] = "" if cards.random() < 0.1 else str(number)
    rows = {"ToChuc": orgs, "DangVien": members, "LichKiemDiem": meetings,
            "XepLoai": [], "CanBo": staff, "KhenThuong": [], "SoVanBan": []}
    if graded:
        rows["XepLoai"] = _org_grades(rng, orgs, year)
        rows["KhenThuong"] = _awards(orgs, members, meetings, year)
    return rows


def _committees(rng: random.Random, orgs: list[dict], members: list[dict]) -> None:
    """Each đảng bộ's committee: its Bí thư, a Phó Bí thư and đảng ủy viên, 5 to 9 in all.

    Every other đảng bộ marks column «Cấp ủy viên»; the rest say it only in «Chức vụ», as
    rosters that never had the column do. Drawn apart, so the rest of the round stays.
    """
    by_org: dict[str, list[dict]] = {}
    for m in members:
        by_org.setdefault(m["ma_to_chuc"], []).append(m)
    parties = [o for o in orgs if o["loai"] == DANG_BO]
    for n, org in enumerate(parties):
        own = by_org.get(org["ma"], [])
        secretary = next((m for m in own if m["ho_ten"] == org["bi_thu"]), None)
        others = [m for m in own if m is not secretary and m["chinh_thuc"] == CHINH_THUC
                  and m["ly_do_khong_xep_loai"] != NOT_SIX_MONTHS]
        size = min(rng.choice((5, 7, 9)) - (secretary is not None), len(others))
        chosen = rng.sample(others, size)
        rest = [m for m in others if m not in chosen]
        marked = n % 2 == 0
        for j, m in enumerate(chosen):
            if j == 0:
                title = "Phó Bí thư Đảng ủy"
            elif marked:  # the column says it: a chi bộ's Bí thư on the committee, or a job
                title = f"Bí thư {m['chi_bo']}" if j == 1 and m["chi_bo"] else ""
            else:
                title = "Đảng ủy viên"
            if title:
                m["chuc_vu"] = f"{title}, {m['chuc_vu']}" if m["chuc_vu"] else title
        if not marked and rest and rest[0]["chi_bo"]:
            rest[0]["chuc_vu"] = f"Bí thư {rest[0]['chi_bo']}"  # not on the committee
        for m in chosen + ([secretary] if secretary else []):
            m["cap_uy"] = True if marked else None


def _org_grades(rng: random.Random, orgs: list[dict], year: int) -> list[dict]:
    out = []
    for org, g in zip(orgs, grade_counts(rng, len(orgs)), strict=True):
        out.append({"ma_to_chuc": org["ma"], "tu_xep_loai": _self_view(rng, g),
                    "de_nghi": g, "xep_loai": g, "tieu_bieu": False, "thanh_tich": ""})
    best = [r for r in out if r["xep_loai"] is Grade.HTXSNV]
    for j, r in enumerate(best):
        if j == 0 or rng.random() < 0.6:
            r["tieu_bieu"] = True
            r["thanh_tich"] = f"Đã hoàn thành xuất sắc nhiệm vụ tiêu biểu năm {year}"
    return out


def _awards(orgs: list[dict], members: list[dict], meetings: list[dict], year: int) -> list[dict]:
    """The year's extra award, to the organisations that admitted the most members."""
    meet = {m["ma_to_chuc"]: m["ngay"] for m in meetings}
    recruits: dict[str, int] = {}
    for m in members:
        if add_months(m["ngay_vao_dang"], 12) > meet[m["ma_to_chuc"]]:
            recruits[m["ma_to_chuc"]] = recruits.get(m["ma_to_chuc"], 0) + 1
    ranked = sorted(recruits, key=lambda ma: (-recruits[ma], ma))
    text = ("Đã góp phần tích cực vào việc hoàn thành xuất sắc công tác phát triển tổ chức đảng, "
            f"phát triển đảng viên năm {year}")
    return [{"ma_to_chuc": ma, "ho_ten": "", "thanh_tich": text}
            for ma in ranked[: max(2, len(orgs) // 20)]]
