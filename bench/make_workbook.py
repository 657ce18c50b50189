"""Write a synthetic roster workbook for benchmarks.

    python bench/make_workbook.py N M [--seed S] [--out PATH]

N organisations, M members, graded; default output
/tmp/kiemdiem-bench-N-M.xlsx (with -sS before .xlsx for a seed other than 2024).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import kiemdiem_docs.roster.write
import kiemdiem_docs.sample.synth
import kiemdiem_docs.sample.words
from kiemdiem_docs.roster import write_roster
from kiemdiem_docs.sample import make_rows

DEFAULT_SEED = 2024
# A cached workbook older than any of these was made by other code: make it again.
_SOURCES = (kiemdiem_docs.sample.synth, kiemdiem_docs.sample.words, kiemdiem_docs.roster.write)


def default_path(n_orgs: int, n_members: int, seed: int = DEFAULT_SEED) -> Path:
    tag = "" if seed == DEFAULT_SEED else f"-s{seed}"
    return Path(tempfile.gettempdir()) / f"kiemdiem-bench-{n_orgs}-{n_members}{tag}.xlsx"


def make(n_orgs: int, n_members: int, seed: int, out: Path) -> tuple[float, float]:
    """Write the workbook; return the seconds spent inventing rows and writing them."""
    t0 = time.perf_counter()
    rows = make_rows(n_orgs, n_members, seed=seed)
    t1 = time.perf_counter()
    write_roster(out, rows)
    return t1 - t0, time.perf_counter() - t1


def is_fresh(path: Path) -> bool:
    if not path.is_file():
        return False
    made = path.stat().st_mtime
    return all(Path(m.__file__).stat().st_mtime < made for m in _SOURCES)


def round_arguments(parser) -> None:
    """The benchmarks' shared arguments: the round's size and its seed."""
    parser.add_argument("n_orgs", type=int, nargs="?", default=1000, metavar="N")
    parser.add_argument("n_members", type=int, nargs="?", default=50000, metavar="M")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)


def cached(args) -> Path:
    """The workbook of the round ``args`` name, made once and kept in the temp folder."""
    workbook = default_path(args.n_orgs, args.n_members, args.seed)
    if not is_fresh(workbook):
        make(args.n_orgs, args.n_members, args.seed, workbook)
    return workbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_orgs", type=int, metavar="N")
    parser.add_argument("n_members", type=int, metavar="M")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    out = args.out or default_path(args.n_orgs, args.n_members, args.seed)
    synth_s, write_s = make(args.n_orgs, args.n_members, args.seed, out)
    size = out.stat().st_size / 1e6
    print(f"{out}: {args.n_orgs} tổ chức, {args.n_members} đảng viên, {size:.1f} MB")
    print(f"  synth {synth_s:.2f} s, write {write_s:.2f} s, total {synth_s + write_s:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
