"""Write the sample roster workbook (default data/danh-sach-mau.xlsx).

    python scripts/make_sample.py [PATH] [--nam YEAR]

Fourteen invented organisations of both types and 340 members, graded, with a
schedule, staff and awards. A few values are set on purpose to test the
pipeline: an organisation name with «&», and given names that plain sorting
puts in the wrong order (Anh/Ánh, Uyên/Ước, Dũng/Đức, and Dương/Đặng as family
names). Running it again writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from kiemdiem_docs import packs
from kiemdiem_docs.roster import CHI_BO, write_roster
from kiemdiem_docs.sample import make_rows

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "danh-sach-mau.xlsx"
N_ORGS, N_MEMBERS, YEAR = 14, 340, 2024
# Picked so the round holds every case: two HTXSNV organisations of which one is
# outstanding, HTNV and KHTNV ones, both reasons for not grading, an explicit committee.
SEED = 2070
# The workbook's recorded creation time and zip entry times: fixed, for identical bytes.
STAMP = dt.datetime(2024, 11, 8, 8, 0, 0)
AMPERSAND_NAME = "Chi bộ Công ty TNHH Thương mại & Dịch vụ Thành Nam"
# Given names in the order the Vietnamese alphabet gives (Anh < Ánh, Dũng < Đức,
# Uyên < Ước); the two «Văn Dũng» differ by family name only (Dương < Đặng).
SORTING_NAMES = (
    "Trần Văn Anh",
    "Nguyễn Thị Ánh",
    "Dương Văn Dũng",
    "Đặng Văn Dũng",
    "Nguyễn Minh Đức",
    "Phạm Thị Uyên",
    "Lê Văn Ước",
)


def sample_rows(year: int = YEAR) -> dict[str, list[dict]]:
    """The rows of the sample workbook of the round of ``year``, by sheet: the same
    organisations and people every year, their dates moved with the round."""
    rows = make_rows(N_ORGS, N_MEMBERS, seed=SEED, year=year)
    members = rows["DangVien"]
    # The smallest chi bộ that can take every sorting name besides its secretary.
    org = min(
        (o for o in rows["ToChuc"] if o["loai"] == CHI_BO
         and sum(m["ma_to_chuc"] == o["ma"] for m in members) > len(SORTING_NAMES)),
        key=lambda o: (sum(m["ma_to_chuc"] == o["ma"] for m in members), o["ma"]),
    )
    org["ten"] = AMPERSAND_NAME
    others = [m for m in members
              if m["ma_to_chuc"] == org["ma"] and m["ho_ten"] != org["bi_thu"]]
    for member, name in zip(others, SORTING_NAMES, strict=False):
        member["ho_ten"] = name
    if year >= 2025:  # graded on 100 points from the 2025 round (QĐ 366)
        add_scores(rows, packs.rule_pack(packs.default_names(year)[0]))
    return rows


def add_scores(rows: dict[str, list[dict]], pack) -> None:
    """A score in its grade's band for most graded rows; every tenth is left without one,
    as a committee that scored on paper leaves it."""
    rng = random.Random(SEED)
    for sheet in ("DangVien", "XepLoai"):
        for n, row in enumerate(rows[sheet]):
            grade = row.get("xep_loai")
            if grade is None or grade.name not in packs.LEVELS or n % 10 == 9:
                continue
            low, high = pack.band(grade.name)
            row["diem"] = round(rng.uniform(low, (high or 100.5) - 0.5) * 2) / 2


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    year = YEAR
    if "--nam" in args:
        i = args.index("--nam")
        if i + 1 >= len(args) or not args[i + 1].isdigit():
            print(__doc__.strip().splitlines()[2], file=sys.stderr)
            return 2
        year = int(args[i + 1])
        args = args[:i] + args[i + 2:]
    if len(args) > 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = Path(args[0]) if args else DEFAULT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sample_rows(year)
    write_roster(path, rows, stamp=STAMP.replace(year=year))
    print(f"{path}: {len(rows['ToChuc'])} tổ chức, {len(rows['DangVien'])} đảng viên")
    return 0


if __name__ == "__main__":
    sys.exit(main())
