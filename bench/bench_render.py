"""Time rendering documents: one DocxTemplate per document against a prepared template.

    python bench/bench_render.py [N]

For every built-in template, renders N documents (default 50; contexts of the
sample round, cycled) into files, (a) with ``render.render`` (a fresh
``DocxTemplate``, render and save per document), (b) with
``fastrender.prepare`` once and then ``render`` per document, in the same run,
and prints ms per document of each and the ratio. The fast column counts the
preparation too, spread over the N documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import tempfile
import time
from pathlib import Path

from kiemdiem_docs import config, kinds
from kiemdiem_docs.api import load_roster, plan_documents
from kiemdiem_docs.render import prepared as fastrender
from kiemdiem_docs.render import render

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "danh-sach-mau.xlsx"
TEMPLATES = REPO / "kiemdiem_docs" / "templates"
DAY, NOW = dt.date(2024, 11, 20), dt.datetime(2024, 11, 20, 9, 0)


def sample_contexts(work: Path) -> dict[str, list[dict]]:
    """kind -> the contexts the planner makes for the sample round."""
    loaded = load_roster(SAMPLE, config.from_dict({}, REPO))
    cfg = config.from_dict({"tep": {"dau_ra": str(work / "output"),
                                    "mau": str(work / "templates")}}, work)
    jobs = plan_documents(cfg, loaded, today=DAY, now=NOW)
    out: dict[str, list[dict]] = {}
    for _, doc in jobs:
        out.setdefault(doc.kind, []).append(doc.context)
    return out


def kind_of(template: Path) -> str | None:
    # A variant (giay-khen-phoi) takes the data of its kind: the longest key its name extends.
    found = [k for k in kinds.keys() if template.stem == k or template.stem.startswith(k + "-")]
    return max(found, key=len) if found else None


def timed(fn, contexts: list[dict], n: int, out_dir: Path) -> float:
    t0 = time.perf_counter()
    for i, context in zip(range(n), itertools.cycle(contexts), strict=False):
        fn(context, out_dir / f"{i % 8}.docx")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=50, metavar="N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        contexts = sample_contexts(work)
        print(f"{'mẫu':34} {'docxtpl':>9} {'prepared':>9} {'(prep)':>8} {'ratio':>7}")
        total_slow = total_fast = 0.0
        count = 0
        for template in sorted(TEMPLATES.glob("*.docx")):
            kind = kind_of(template)
            if not contexts.get(kind):
                print(f"{template.stem:34} (không có dữ liệu mẫu)")
                continue
            out_dir = work / template.stem
            out_dir.mkdir()
            slow = timed(lambda c, o, t=template: render(t, c, o), contexts[kind], args.n,
                         out_dir)
            fastrender._CACHE.clear()  # count the preparation, as a fresh worker pays it
            t0 = time.perf_counter()
            prepared = fastrender.prepare(template)
            prep = time.perf_counter() - t0
            fast = prep + timed(prepared.render, contexts[kind], args.n, out_dir)
            path = "" if isinstance(prepared, fastrender.PreparedTemplate) else " (docxtpl)"
            print(f"{template.stem + path:34} {slow / args.n * 1000:8.2f}  "
                  f"{fast / args.n * 1000:8.2f}  {prep * 1000:7.1f}  {slow / fast:6.1f}×")
            total_slow, total_fast, count = total_slow + slow, total_fast + fast, count + args.n
        if count:
            print(f"{'tất cả (' + str(count) + ' văn bản)':34} {total_slow / count * 1000:8.2f}  "
                  f"{total_fast / count * 1000:8.2f}  {'':7}  {total_slow / total_fast:6.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
