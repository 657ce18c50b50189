"""Time PDF conversion: one soffice process per file against the worker pool.

    python bench/bench_pdf.py [N] [--workers W] [--batch B]

Makes N small two-page documents (default 40) in a temp folder, converts them
(a) the naive way, one ``soffice --convert-to pdf`` process per file, one after
another (with a warm private profile, the baseline's best case), and (b) with
``kiemdiem_docs.pdf_lo.LibreOfficeConverter``, in the same run, and prints the
seconds and documents per second of each and their ratio. Goal: the pool at
least 10× faster on 2 cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.shared import Pt

from kiemdiem_docs.pdf import LibreOfficeConverter, find_soffice, is_complete_pdf

GOAL_RATIO = 10.0
TEXT = ("Đảng bộ Công ty Cổ phần Dệt Nam Định tổ chức kiểm điểm, đánh giá, xếp loại chất lượng "
        "tổ chức cơ sở đảng và đảng viên năm 2024, văn bản số {}. ")


def make_docs(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        document = docx.Document()
        document.styles["Normal"].font.name = "Times New Roman"
        document.styles["Normal"].font.size = Pt(14)
        for page in range(2):
            if page:
                document.add_page_break()
            for _ in range(8):
                document.add_paragraph(TEXT.format(i) * 3)
        path = folder / f"van-ban-{i:04d}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


def one_process_per_file(soffice: Path, docs: list[Path], work: Path) -> float:
    profile = (work / "profile-naive").as_uri()
    out = work / "naive"
    # Warm the profile first, so the baseline pays no first-run cost.
    subprocess.run([str(soffice), f"-env:UserInstallation={profile}", "--headless",
                    "--terminate_after_init"], capture_output=True, check=False, timeout=120)
    t0 = time.perf_counter()
    for doc in docs:
        subprocess.run([str(soffice), f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(doc)],
                       capture_output=True, check=True, timeout=120)
    elapsed = time.perf_counter() - t0
    missing = [d.name for d in docs if not is_complete_pdf(out / (d.stem + ".pdf"))]
    if missing:
        raise SystemExit(f"naive conversion missed {missing}")
    return elapsed


def pool(soffice: Path, docs: list[Path], work: Path, workers: int | None, batch: int) -> float:
    conv = LibreOfficeConverter(soffice, workers=workers, batch=batch)
    jobs = [(d, work / "pool" / (d.stem + ".pdf")) for d in docs]
    t0 = time.perf_counter()
    failures = conv.convert(jobs)
    elapsed = time.perf_counter() - t0
    if failures:
        raise SystemExit(f"pool failed: {[str(f) for f in failures]}")
    print(f"   pool: {conv.workers} workers, batches of up to {conv.batch}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=40, metavar="N")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--batch", type=int, default=40)
    args = parser.parse_args(argv)
    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        (work / "src").mkdir()
        docs = make_docs(work / "src", args.n)
        print(f"{args.n} two-page documents, soffice = {soffice}")
        naive = one_process_per_file(soffice, docs, work)
        pooled = pool(soffice, docs, work, args.workers, args.batch)
    for label, secs in (("(a) one process per file", naive), ("(b) pool", pooled)):
        print(f"{label:28s} {secs:7.2f} s  {args.n / secs:7.2f} documents/s")
    ratio = naive / pooled
    verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
    print(f"ratio {ratio:.1f}x (goal: at least {GOAL_RATIO:.0f}x on 2 cores: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
