"""The jinja environment every template is rendered in: a sandbox that runs no code.

Templates come from the workspace (edited in Word) and, with the web page, from uploads.
jinja's :class:`ImmutableSandboxedEnvironment` refuses private and internal attributes
(``__class__``, ``__globals__``, ``mro`` …) and calls that change data; on top of it
templates get no globals (no ``cycler``, ``joiner``, ``namespace``, ``range``,
``lipsum``, ``dict``), only the filters and methods listed here (none that pads, repeats
or formats to a width the template chooses), and no operator builds a value larger than
a document could hold. Time and memory are bounded where a workspace's template renders:
in a worker process (``pool``).
"""

from __future__ import annotations

import operator
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

# The longest text or list one expression may build (a whole document's text is less).
MAX_VALUE = 1_000_000


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | bytes) else 0


# jinja's own filters a template may use: none that sizes its output from an argument
# («center», «indent», «wordwrap», «format», «replace»), none that turns escaping off («safe»).
FILTERS = frozenset({
    "abs", "capitalize", "default", "d", "dictsort", "escape", "e", "first", "float",
    "int", "join", "last", "length", "count", "list", "lower", "max", "min", "reverse",
    "round", "sort", "string", "striptags", "sum", "title", "trim", "unique", "upper",
    "wordcount", "batch", "slice", "map", "select", "reject", "selectattr", "rejectattr",
})
# The methods a template may call on the data (a value's text, a record's fields).
METHODS = {
    str: frozenset({"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip",
                    "startswith", "endswith", "split", "isdigit", "count", "find"}),
    dict: frozenset({"items", "keys", "values", "get"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
}


class StrictSandbox(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaping, strict about unknown variables, with bounded operators."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, **options)
        self.globals.clear()
        self.filters = {k: v for k, v in self.filters.items() if k in FILTERS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        for kind, allowed in METHODS.items():
            if isinstance(obj, kind) and callable(value):
                return attr in allowed
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> Any:
        # jinja serves str.format and format_map itself, widths and all: refused here.
        if getattr(value, "__name__", None) in ("format", "format_map") and \
                isinstance(getattr(value, "__self__", None), str):
            raise SecurityError("định dạng chuỗi bằng format() không dùng được trong mẫu")
        return None

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("phép lũy thừa (**) không dùng được trong mẫu")
        if op == "%":
            if isinstance(left, str):
                raise SecurityError("định dạng chuỗi bằng % không dùng được trong mẫu")
            return operator.mod(left, right)
        if op == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 1
            if max(_size(left), _size(right)) * max(count, 1) > MAX_VALUE:
                raise SecurityError("phép nhân tạo ra giá trị quá lớn")
            return operator.mul(left, right)
        if _size(left) + _size(right) > MAX_VALUE:
            raise SecurityError("phép cộng tạo ra giá trị quá lớn")
        return operator.add(left, right)
