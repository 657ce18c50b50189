"""The round page: the issuing body, the year, the counts, each kind made or why not yet,
the last build's summary and who did what when."""

from __future__ import annotations

from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import kinds, stats
from ..errors import KiemdiemError
from ..register import open_register
from ..roster import LEVELS
from .base import page, web

RUN_WORDS = {"build": "Sinh văn bản", "reissue": "Ban hành lại"}


def registered(config) -> tuple[Counter, list]:
    """Current documents per kind, and the last runs, without making a register."""
    if not config.so_dang_ky.exists():
        return Counter(), []
    with open_register(config.so_dang_ky) as register:
        return Counter(register.current_counts()), register.runs(15)


def readiness(roster) -> dict[str, str]:
    """kind -> why it cannot be made yet ('' when it can), from the roster alone."""
    out = {}
    for kind in kinds.KINDS:
        why = kind.needs(roster) or ""
        if not why and kind.partial:
            missing = kind.partial(roster)
            if missing:
                why = f"{len(missing)} tổ chức chưa đủ dữ liệu (ví dụ {missing[0][0]}: " \
                      f"{missing[0][1]})"
        out[kind.key] = why
    return out


BAR = 240  # px: the width of a cluster's bar on the page
LEVEL_NAMES = tuple(g.full for g in LEVELS)


def results(roster, quota: float) -> dict | None:
    """The figures of the results report by cluster, with each row's bar, once every
    organisation and member is graded (as the report waits for them); else None."""
    if kinds.get(kinds.REPORT).needs(roster):
        return None
    fig = stats.figures(roster, quota)

    def rows(levels: list[stats.LevelRow]) -> list[dict]:
        out = []
        for row in levels:
            shares = row.shares or (0, 0, 0, 0)
            x, bars = 0.0, []
            for i, tenths in enumerate(shares):
                width = BAR * tenths / 1000
                bars.append({"x": round(x, 1), "w": round(width, 1), "muc": i,
                             "ten": f"{LEVEL_NAMES[i]}: {row.counts[i]}"})
                x += width
            out.append({"ten": row.ten, "tong": row.tong, "kxl": row.khong_xep_loai,
                        "o": [{"n": n, "tl": stats.share_text(None if row.shares is None
                                                              else row.shares[i])}
                              for i, n in enumerate(row.counts)],
                        "bars": bars})
        return out

    return {"to_chuc": rows(fig.to_chuc_cum), "dang_vien": rows(fig.dang_vien_cum),
            "muc": LEVEL_NAMES, "rong": BAR}


async def round_page(request: Request) -> Response:
    state = web(request)
    config = state.config
    roster, problem = None, None
    try:
        # In a worker thread: the first read of a large workbook takes seconds, and the
        # event loop must go on answering (the build's progress, other clerks) meanwhile.
        roster = await run_in_threadpool(state.state["rosters"].get,
                                         state.state["versions"].current())
    except KiemdiemError as exc:
        problem = str(exc)
    made, runs = registered(config)
    ready = readiness(roster) if roster is not None else {}
    rows = [{"key": k.key, "title": k.title, "made": made.get(k.key, 0),
             "why": ready.get(k.key, "chưa đọc được sổ danh sách")} for k in kinds.KINDS]
    counts, figures = None, None
    if roster is not None:
        figures = results(roster, config.ty_le_htxsnv)
        counts = {"orgs": len(roster.orgs), "members": len(roster.members),
                  "meetings": len(roster.meetings),
                  "graded": sum(1 for g in roster.grades if g.xep_loai),
                  "errors": len(roster.errors), "warnings": len(roster.warnings)}
    return page(request, "dot.html", body=config.co_quan.get("ten_day_du", ""),
                year=config.nam, counts=counts, problem=problem, kinds=rows, runs=runs,
                ket_qua=figures,
                run_words=RUN_WORDS, job=state.state["builds"].job)


ROUTES = [Route("/", round_page, name="round")]
