"""Time loading and validating a large roster workbook.

    python bench/bench_load.py [N M] [--seed S]

Makes (or reuses, from the temp folder) a synthetic workbook of N organisations
and M members (default 1000 and 50000), then times ``roster.load``,
``validate.validate`` and, as a baseline measured in the same run, openpyxl's
read-only mode iterating every row. Goal: load + validate under 10 s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from make_workbook import DEFAULT_SEED, default_path, is_fresh, make
from openpyxl import load_workbook

GOAL_SECONDS = 10.0


def openpyxl_read_only(path: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            rows += 1
    wb.close()
    return time.perf_counter() - t0, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_orgs", type=int, nargs="?", default=1000, metavar="N")
    parser.add_argument("n_members", type=int, nargs="?", default=50000, metavar="M")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    from kiemdiem_docs import roster

    path = default_path(args.n_orgs, args.n_members, args.seed)
    if is_fresh(path):
        print(f"workbook: {path} (cached)")
    else:
        synth_s, write_s = make(args.n_orgs, args.n_members, args.seed, path)
        print(f"workbook: {path} (made: synth {synth_s:.2f} s, write {write_s:.2f} s)")

    base_s, base_rows = openpyxl_read_only(path)
    t0 = time.perf_counter()
    loaded = roster.load(path)
    t1 = time.perf_counter()
    problems = roster.validate(loaded, quota_percent=20)
    t2 = time.perf_counter()
    load_s, validate_s = t1 - t0, t2 - t1

    errors = sum(p.level == "error" for p in problems)
    print(f"openpyxl read-only, all {base_rows} rows: {base_s:6.2f} s")
    print(f"roster.load:        {load_s:6.2f} s  ({len(loaded.orgs)} tổ chức, "
          f"{len(loaded.members)} đảng viên, {len(loaded.problems)} problems from load)")
    print(f"roster.validate:    {validate_s:6.2f} s  ({len(problems)} problems, {errors} errors)")
    print(f"load / openpyxl-read-only: {load_s / base_s:.2f}")
    total = load_s + validate_s
    verdict = "OK" if total < GOAL_SECONDS else "OVER"
    print(f"load + validate: {total:.2f} s (goal < {GOAL_SECONDS:.0f} s): {verdict}")
    return 0 if total < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
