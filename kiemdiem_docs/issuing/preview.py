"""What a re-issue changes in a document: its data now against the data the register
kept for the revision it supersedes, leaf by leaf (old → new), exact by construction."""

from __future__ import annotations

from typing import Any


def _leaves(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _leaves(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value, 1):
            _leaves(v, f"{path}[{i}]", out)
    else:
        out[path] = "" if value is None else str(value)


def diff(old: dict, new: dict) -> tuple[tuple[str, str, str], ...]:
    """Every leaf that differs between two contexts, in the new one's order (a leaf only
    in the old one last): (field path, old value, new value)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    _leaves(old, "", before)
    _leaves(new, "", after)
    changed = [(k, before.get(k, ""), v) for k, v in after.items() if before.get(k) != v]
    changed += [(k, v, "") for k, v in before.items() if k not in after]
    return tuple(changed)
