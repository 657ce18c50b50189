"""Check a .docx template the way docxtpl will read it.

Word splits what a user types into runs, so a tag like ``{{ org.ten }}`` may be
cut by formatting tags; docxtpl's ``patch_xml`` joins the pieces back before
jinja sees the text. The checks run on that patched XML, one part (body,
each header and footer) at a time, so a problem is reported where it is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from ..ooxml import DELIMITERS, package_problem, paragraph_lines
from .engine import make_env
from .sandbox import METHODS

_XML_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"}
_AROUND = 40
CALLABLE = frozenset().union(*METHODS.values())  # the methods a template may call


class KindVars(Protocol):
    key: str
    required: frozenset[str]

    @property
    def provides(self) -> frozenset[str]: ...


def _plain(xml: str) -> str:
    return " ".join(_XML_TAG.sub("", xml).split())


def _near(text: str, at: int) -> str:
    lo, hi = max(0, at - _AROUND), min(len(text), at + _AROUND)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _parts(tpl: DocxTemplate) -> Iterator[tuple[str, str]]:
    """(Vietnamese name, patched XML with one paragraph a line) of each part."""
    names = {tpl.HEADER_URI: "đầu trang", tpl.FOOTER_URI: "chân trang"}
    yield "thân văn bản", tpl.patch_xml(tpl.get_xml())
    for uri, name in names.items():
        for n, (_, part) in enumerate(tpl.get_headers_footers(uri), 1):
            yield f"{name} {n}", tpl.patch_xml(tpl.get_part_xml(part))


def _unclosed(lines: list[str]) -> str | None:
    """The paragraph of the innermost block tag that is never closed."""
    stack: list[tuple[str, str]] = []
    for line in lines:
        text = _plain(line)
        for m in _BLOCK.finditer(text):
            if m[1] in _OPENERS:
                stack.append((m[1], _near(text, m.start())))
            elif m[1].startswith("end") and stack:
                stack.pop()
    return f"«{{% {stack[-1][0]} … %}}» trong «{stack[-1][1]}»" if stack else None


def _syntax_problem(where: str, exc: jinja2.TemplateSyntaxError, lines: list[str]) -> str:
    if "end of template" in exc.message:
        opened = _unclosed(lines)
        what = f"thẻ {opened} không được đóng" if opened else "một thẻ khối không được đóng"
        return (f"{where}: {what} (thiếu «{{% end… %}}» tương ứng; jinja: {exc.message})")
    k = (exc.lineno or 1) - 1
    around = " ".join(_plain(x) for x in lines[max(0, k - 1): k + 1]).strip()
    return (f"{where}: thẻ mẫu bị hỏng gần «{_near(around, len(around))}» (có thể Word đã "
            f"tách hay xóa mất một phần thẻ; jinja: {exc.message})")


def _permissive(env: jinja2.Environment, ast: nodes.Template) -> jinja2.Environment:
    """An overlay that knows every filter and test ``ast`` names, so that the
    variables can still be listed after unknown filters were reported."""
    out = env.overlay()
    out.filters = {**env.filters, **{n.name: _same for n in ast.find_all(nodes.Filter)}}
    out.tests = {**env.tests, **{n.name: _same for n in ast.find_all(nodes.Test)}}
    return out


def _same(value, *args, **kwargs):
    return value


def template_problems(path: Path, env: jinja2.Environment | None = None
                      ) -> tuple[set[str], list[str]]:
    """The top-level variables a template uses, and what is broken in it (Vietnamese).

    ``env`` gives the known filters; by default the one documents are rendered with.
    """
    variables, problems, _ = _scan(path, env or make_env())
    return variables, problems


def _scan(path: Path, env: jinja2.Environment) -> tuple[set[str], list[str], bool]:
    """As :func:`template_problems`, and whether a part could not be parsed at all
    (its variables are then unknown)."""
    problem = package_problem(path)
    if problem:
        return set(), [f"{Path(path).name}: {problem}"], True
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        return set(), [f"{Path(path).name}: không mở được như mẫu Word .docx ({exc})"], True
    variables: set[str] = set()
    problems: list[str] = []
    broken = False
    for where, xml in _parts(tpl):
        src = paragraph_lines(xml)
        lines = src.split("\n")
        try:
            ast = env.parse(src)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_problem(where, exc, lines))
            broken = True
            continue
        for node in ast.find_all(nodes.Filter):
            if node.name not in env.filters:
                problems.append(f"{where}: bộ lọc «{node.name}» không có (dòng "
                                f"«{_near(_plain(lines[node.lineno - 1]), 0)}»)")
        for node in ast.find_all(nodes.Test):
            if node.name not in env.tests:
                problems.append(f"{where}: phép thử «is {node.name}» không có")
        for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
            name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value",
                                                                              None)
            if isinstance(name, str) and name.startswith("_"):
                problems.append(f"{where}: mẫu đọc «{name}», phần bên trong của dữ liệu, không "
                                f"được phép (dòng «{_near(_plain(lines[node.lineno - 1]), 0)}»)")
        for node in ast.find_all(nodes.Call):
            if isinstance(node.node, nodes.Getattr) and node.node.attr not in CALLABLE:
                problems.append(f"{where}: mẫu gọi «{node.node.attr}(…)», không được phép "
                                f"(dòng «{_near(_plain(lines[node.lineno - 1]), 0)}»)")
        for node in ast.find_all(nodes.TemplateData):
            text = _plain(node.data)
            for m in DELIMITERS.finditer(text):
                problems.append(f"{where}: dấu «{m.group()}» lẻ, không thành thẻ mẫu, gần "
                                f"«{_near(text, m.start())}»")
        variables |= meta.find_undeclared_variables(_permissive(env, ast).parse(src))
    return variables, problems, broken


def fit(path: Path, kind: KindVars, env: jinja2.Environment | None = None) -> list[str]:
    """Every reason the template at ``path`` does not fit ``kind`` (Vietnamese)."""
    used, problems, broken = _scan(path, env or make_env())
    if not broken:  # a part jinja cannot read hides the variables it uses
        for name in sorted(kind.required - used):
            problems.append(f"mẫu không dùng biến «{name}» mà loại {kind.key} cần")
    for name in sorted(used - kind.provides):
        problems.append(f"mẫu dùng biến «{name}» mà loại {kind.key} không có")
    return problems
