"""The round at scale: validate, build every kind, rebuild after one correction, PDF.

    python bench/run.py [N M] [--naive K] [--pdf P] [--seed S]

On a synthetic workbook of N organisations and M members (default 1000 and
50000; bench/make_workbook.py makes it once and keeps it in the temp folder),
each phase runs in a child process so that its peak memory is its own:

- validate: load_roster (read and validate);
- build: every kind as .docx into a fresh workspace (no PDF), with all cores;
- naive: the baseline, measured in the same run on K of the same documents: a
  fresh DocxTemplate, render and save per document, in one process;
- rebuild: one member's name corrected, build again (only what mentions it);
- rebuild-award: then an awarded member's name, which the round's award decision
  and certificates mention too (the round-wide documents are planned again);
- pdf (with --pdf P): P of the documents with the LibreOffice pool, and the same
  P with one soffice process per file.

It prints seconds, documents per second, peak memory and the ratios against
the baselines, with the goals beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_workbook import cached, round_arguments  # noqa: E402

DAY, NOW = dt.date(2024, 11, 20), dt.datetime(2024, 11, 20, 9, 0)


def config_for(ws: Path, workbook: Path):
    from kiemdiem_docs import config

    return config.from_dict({"tep": {"danh_sach": str(workbook)}}, ws)


def load(workbook: Path):
    from kiemdiem_docs.api import load_roster

    return load_roster(workbook, config_for(workbook.parent, workbook))


# -- phases, each run in its own process ------------------------------------------
def phase_validate(workbook: Path, ws: Path, _: int) -> dict:
    t0 = time.perf_counter()
    loaded = load(workbook)
    return {"seconds": time.perf_counter() - t0, "errors": len(loaded.errors),
            "members": len(loaded.members)}


def phase_build(workbook: Path, ws: Path, _: int) -> dict:
    from kiemdiem_docs.api import build

    loaded = load(workbook)
    t0 = time.perf_counter()
    summary = build(config_for(ws, workbook), loaded, today=DAY, now=NOW)
    seconds = time.perf_counter() - t0
    kinds: dict[str, int] = {}
    for r in summary.results:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    return {"seconds": seconds, "documents": len(summary.results), "kinds": kinds}


def phase_naive(workbook: Path, ws: Path, count: int) -> dict:
    """The same documents' contexts, each rendered by a fresh DocxTemplate, one process."""
    from kiemdiem_docs.api import plan_documents
    from kiemdiem_docs.render import render

    cfg = config_for(ws / "naive", workbook)
    jobs = plan_documents(cfg, load(workbook), today=DAY, now=NOW)
    step = max(1, len(jobs) // count)
    sample = jobs[::step][:count]
    out = ws / "naive-out"
    t0 = time.perf_counter()
    for i, (template, doc) in enumerate(sample):
        render(template, doc.context, out / f"{i}.docx")
    return {"seconds": time.perf_counter() - t0, "documents": len(sample)}


def phase_rebuild(workbook: Path, ws: Path, _: int) -> dict:
    """Correct one member's name in the workbook the build phase used, build again."""
    return _rebuild(workbook, ws / "fixed.xlsx", ws, lambda loaded: loaded.members[0])


def phase_rebuild_award(workbook: Path, ws: Path, _: int) -> dict:
    """Then correct the name of a member who is awarded: the round's award decision and
    certificates are planned again too."""
    from kiemdiem_docs.roster import Grade

    return _rebuild(ws / "fixed.xlsx", ws / "fixed2.xlsx", ws, lambda loaded: next(
        m for m in loaded.members if m.htxsnv_5_nam and m.xep_loai is Grade.HTXSNV))


def _rebuild(source: Path, fixed: Path, ws: Path, pick) -> dict:
    import openpyxl

    from kiemdiem_docs.api import build
    from kiemdiem_docs.issuing import REISSUED, Request

    member = pick(load(source))
    wb = openpyxl.load_workbook(source)
    sheet = wb["DangVien"]
    col = [c.value for c in sheet[1]].index("Họ và tên") + 1
    sheet.cell(member.row, col).value = member.ho_ten + " Minh"
    wb.save(fixed)
    loaded = load(fixed)
    t0 = time.perf_counter()
    summary = build(config_for(ws, fixed), loaded, today=DAY, now=NOW,
                    request=Request(reason="Sửa tên"))
    return {"seconds": time.perf_counter() - t0,
            "reissued": sorted({r.kind for r in summary.results if r.status == REISSUED}),
            "count": sum(r.status == REISSUED for r in summary.results),
            "documents": len(summary.results)}


def phase_pdf(workbook: Path, ws: Path, count: int) -> dict:
    from bench_pdf import one_process_per_file

    from kiemdiem_docs.pdf import find_soffice, make_converter

    soffice = find_soffice()
    if soffice is None:
        return {"skipped": "LibreOffice không có"}
    docs = sorted((ws / "output").rglob("*.docx"))[:count]
    pool_out, single_out = ws / "pdf-pool", ws / "pdf-single"
    converter = make_converter("libreoffice")
    t0 = time.perf_counter()
    failures = converter.convert([(d, pool_out / f"{i}.pdf") for i, d in enumerate(docs)])
    pool_s = time.perf_counter() - t0
    # The baseline of bench_pdf: one warm profile, every PDF checked.
    single_s = one_process_per_file(soffice, docs, single_out)
    return {"documents": len(docs), "pool_seconds": pool_s, "single_seconds": single_s,
            "failures": len(failures)}


PHASES = {"validate": phase_validate, "build": phase_build, "naive": phase_naive,
          "rebuild": phase_rebuild, "rebuild-award": phase_rebuild_award, "pdf": phase_pdf}


def child(name: str, workbook: Path, ws: Path, count: int) -> dict:
    """Run a phase in a fresh interpreter; add its peak resident memory."""
    proc = subprocess.run([sys.executable, __file__, "--phase", name, "--workbook",
                           str(workbook), "--ws", str(ws), "--count", str(count)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    round_arguments(parser)
    parser.add_argument("--naive", type=int, default=300, metavar="K",
                        help="documents rendered by the naive baseline")
    parser.add_argument("--pdf", type=int, default=0, metavar="P",
                        help="also time P documents to PDF, pool vs one soffice per file")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--workbook", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ws", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        result = PHASES[args.phase](args.workbook, args.ws, args.count)
        # The largest of this process and its workers (the render pool, LibreOffice).
        peak = max(resource.getrusage(who).ru_maxrss
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        result["peak_mb"] = peak / 1024
        print(json.dumps(result))
        return 0

    workbook = cached(args)
    ws = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-"))
    try:
        print(f"workbook: {workbook} ({args.n_orgs} tổ chức, {args.n_members} đảng viên)")
        v = child("validate", workbook, ws, 0)
        print(f"validate:  {v['seconds']:7.2f} s   peak {v['peak_mb']:6.0f} MB   "
              f"(goal < 10 s)")
        b = child("build", workbook, ws, 0)
        rate = b["documents"] / b["seconds"]
        print(f"build:     {b['seconds']:7.2f} s   peak {b['peak_mb']:6.0f} MB   "
              f"{b['documents']} .docx, {rate:.0f}/s   (goal < 30 s, < 1 GB)")
        print("           " + ", ".join(f"{k} {n}" for k, n in b["kinds"].items()))
        n = child("naive", workbook, ws, args.naive)
        naive_rate = n["documents"] / n["seconds"]
        print(f"naive:     {n['seconds']:7.2f} s   for {n['documents']} documents, "
              f"{naive_rate:.1f}/s")
        print(f"ratio build/naive documents per second: {rate / naive_rate:5.1f}x  (goal >= 10x)")
        # The goal is for one correction; an awarded member's name also re-sorts the award
        # list, whose order gives every later certificate its golden-book number.
        for phase, what, goal in (("rebuild", "a member's name", "  (goal >= 20x)"),
                                  ("rebuild-award", "an awarded member's name", "")):
            r = child(phase, workbook, ws, 0)
            print(f"rebuild after correcting {what}: {r['seconds']:.2f} s, {r['count']} "
                  f"re-issued ({', '.join(r['reissued'])}); full build / rebuild = "
                  f"{b['seconds'] / r['seconds']:.1f}x{goal}")
        if args.pdf:
            p = child("pdf", workbook, ws, args.pdf)
            if "skipped" in p:
                print(f"pdf: {p['skipped']}")
            else:
                print(f"pdf: {p['documents']} documents, pool {p['pool_seconds']:.1f} s, "
                      f"one soffice per file {p['single_seconds']:.1f} s: "
                      f"{p['single_seconds'] / p['pool_seconds']:.1f}x  (goal >= 10x); "
                      f"{p['failures']} failed")
    finally:
        shutil.rmtree(ws, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
