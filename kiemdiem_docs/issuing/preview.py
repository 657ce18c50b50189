"""What a re-issue changes in a document: its data now against the data the register
kept for the revision it supersedes, exact by construction.

Lists are compared as sequences (a row added or taken away is one change, not a shift
of every row after it), their rows matched whatever their running number says.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

# Fields that count rows: a row that moved keeps its content, whatever its number says.
_COUNTERS = frozenset({"stt"})


def diff(old: Any, new: Any) -> tuple[tuple[str, str, str], ...]:
    """Every difference between two contexts: (field path, old value, new value); a row
    added or taken away shows as the row's text on one side only."""
    out: list[tuple[str, str, str]] = []
    _diff(old, new, "", out)
    return tuple(out)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return " · ".join(_text(v) for k, v in value.items() if k not in _COUNTERS and v)
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def _key(value: Any) -> str:
    """A row as compared in a list: its content without its running number."""
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in _COUNTERS}
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _diff(old: Any, new: Any, path: str, out: list) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for k, v in new.items():
            if k in old:
                _diff(old[k], v, _join(path, k), out)
            else:
                out.append((_join(path, k), "", _text(v)))
        out.extend((_join(path, k), _text(v), "") for k, v in old.items() if k not in new)
    elif isinstance(old, list) and isinstance(new, list):
        matcher = difflib.SequenceMatcher(None, [_key(x) for x in old], [_key(x) for x in new],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:  # rows changed in place
                for k in range(i2 - i1):
                    _diff(old[i1 + k], new[j1 + k], f"{path}[{j1 + k + 1}]", out)
                continue
            out.extend((f"{path}[{i + 1}]", _text(old[i]), "") for i in range(i1, i2))
            out.extend((f"{path}[{j + 1}]", "", _text(new[j])) for j in range(j1, j2))
    elif old != new:
        out.append((path, _text(old), _text(new)))
