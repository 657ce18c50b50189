"""The jinja environment every template is rendered in: a sandbox that runs no code.

Templates come from the workspace (edited in Word) and, with the web page, from uploads.
jinja's :class:`ImmutableSandboxedEnvironment` refuses private and internal attributes
(``__class__``, ``__globals__``, ``mro`` …) and calls that change data; on top of it
templates get no globals (no ``cycler``, ``joiner``, ``namespace``, ``range``,
``lipsum``, ``dict``): they see the document's data and the package's filters only, and
no operator builds a value larger than a document could hold.
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


class StrictSandbox(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaping, strict about unknown variables, with bounded operators."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, **options)
        self.globals.clear()

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("phép lũy thừa (**) không dùng được trong mẫu")
        if op == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 1
            if max(_size(left), _size(right)) * max(count, 1) > MAX_VALUE:
                raise SecurityError("phép nhân tạo ra giá trị quá lớn")
            return operator.mul(left, right)
        if _size(left) + _size(right) > MAX_VALUE:
            raise SecurityError("phép cộng tạo ra giá trị quá lớn")
        return operator.add(left, right)
