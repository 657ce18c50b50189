"""How the documents name clusters and people, as Party documents write them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .. import vn
from ..roster import Staff
from ..vn import cluster, cluster_key

NO_BREAK = "\u00a0"
_LIST = re.compile(r"\s*[,;]\s*|\s+(?:và|va)\s+", re.IGNORECASE)
_PEOPLE = re.compile(r"\s*[,;]\s*|\s+và\s+")  # «Va» may be a name, «và» never is


def clusters(text: str) -> set[str]:
    """The keys of every cluster a staff member's cell names («1, 3», «Cụm 1 và Cụm 3»),
    and of the whole cell (a cluster's own name may hold a comma)."""
    parts = [text, *_LIST.split(text)]
    return {cluster_key(part) for part in parts if cluster(part)}


def in_charge(staff: Iterable[Staff], cum: str) -> list[Staff]:
    """Every Standing Committee member in charge of cluster ``cum``, in the sheet's order."""
    key = cluster_key(cum)
    if not key:
        return []
    return [s for s in staff if key in clusters(s.cum_phu_trach)]


def unbroken(name: str) -> str:
    """A person's name whose words never part at a line's end."""
    return NO_BREAK.join(name.split())


def and_list(items: Sequence[str]) -> str:
    """«A», «A và B», «A, B và C»."""
    return " và ".join(x for x in (", ".join(items[:-1]), items[-1] if items else "") if x)


def comrades(people: Sequence[tuple[str, str]], *, keep_names: bool = False) -> str:
    """«đồng chí A, Bí thư Đảng ủy Khối và đồng chí B, Ủy viên Ban Thường vụ …».

    ``people``: (name, title or ""). A title may hold commas of its own («Ủy viên Ban
    Thường vụ, Trưởng Ban Tổ chức …»), so three or more titled people are parted by
    semicolons; untitled ones read «các đồng chí A, B và C». ``keep_names``: each name
    on one line.
    """
    named = [(unbroken(n) if keep_names else n, t) for n, t in people]
    if not named:
        return ""
    if not any(t for _, t in named):
        names = [n for n, _ in named]
        return f"{'đồng chí' if len(names) == 1 else 'các đồng chí'} {and_list(names)}"
    each = [f"đồng chí {n}, {t}" if t else f"đồng chí {n}" for n, t in named]
    if len(each) == 1:
        return each[0]
    return f"{'; '.join(each[:-1])} và {each[-1]}"


def people_in(text: str, staff: Iterable[Staff]) -> list[tuple[str, str]] | None:
    """The people a free-text cell names («A, B»), each with the title sheet CanBo gives;
    None when the cell is not a list of names (it holds a title, a note …)."""
    titles = {vn.match_key(s.ho_ten): s.chuc_vu for s in staff}
    parts = [p for p in _PEOPLE.split(text) if p]
    if not parts or not all(_looks_like_name(p) for p in parts):
        return None
    return [(p, titles.get(vn.match_key(p), "")) for p in parts]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() for w in words)


def along(text: str, staff: Iterable[Staff]) -> str:
    """Who goes along with the delegate, as a sentence names them («đồng chí A, Chuyên
    viên Ban Tổ chức …»), each name kept on one line; a cell that is not a list of
    names is printed as written (the loader has made every cell one line)."""
    people = people_in(text, staff)
    if people:
        return comrades(people, keep_names=True)
    first = _PEOPLE.split(text)[0] if text else ""
    return f"đồng chí {text}" if _looks_like_name(first) else text
