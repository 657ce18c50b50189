"""The layout is the architecture: a test walks every import of the package.

Layers, lowest first: the core modules; the steps (roster, render, register, pdf,
check), which do not import each other; the kinds and the statistics (stats, which the
kinds, the issuing and the web page use; both may read the roster); the
issuing of a build; the application (api, workspace, book, cli, the web page).
A module imports only its own layer and those below it; nothing imports the
application or the tools (tplbuild, sample), which may use the core and the steps.
Across packages a module imports only what a package's ``__init__`` exports, and no
import (inside a function or under TYPE_CHECKING too) closes a cycle.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "kiemdiem_docs"
ROOT = "kiemdiem_docs"
CORE = {"errors", "config", "vn", "vn_legacy", "atomic", "lock", "ooxml", "wrap", "packs",
        "redline"}
STEPS = {"roster", "render", "register", "pdf", "check"}
# "": the package itself
APPLICATION = {"", "__main__", "api", "workspace", "book", "cli", "cli_vi", "web"}
TOOLS = {"tplbuild", "sample"}
RANK = {**dict.fromkeys(CORE, 0), **dict.fromkeys(STEPS, 1), "kinds": 2, "stats": 2, "issuing": 3,
        **dict.fromkeys(APPLICATION, 4), **dict.fromkeys(TOOLS, 1)}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the module imported (a submodule when a name is one)
    names: tuple[str, ...]  # the names taken from it (empty: the module itself)
    line: int


def module_names(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of the package at ``package``."""
    out = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(package: Path) -> list[Import]:
    """Every import of the package's own modules, wherever it stands in a module."""
    modules = module_names(package)
    found = []
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found += [Import(name, a.name, (), node.lineno) for a in node.names
                          if a.name.split(".")[0] == ROOT]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base[:len(base) - node.level + (1 if is_package else 0)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] != ROOT:
                    continue
                attrs = []
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:  # ``from pkg import submodule``
                        found.append(Import(name, sub, (), node.lineno))
                    else:
                        attrs.append(alias.name)
                if attrs:
                    found.append(Import(name, target, tuple(attrs), node.lineno))
    return found


def unit(module: str) -> str:
    """The top-level unit a module belongs to: a core module, a package, or ""."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def exported(package: Path, module: str) -> set[str]:
    """The ``__all__`` of a subpackage's ``__init__``."""
    path = module_names(package)[module]
    names: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__"
                                                for t in node.targets):
            names = set(ast.literal_eval(node.value))
        elif isinstance(node, ast.AugAssign) and getattr(node.target, "id", "") == "__all__":
            names |= set(ast.literal_eval(node.value))
    return names


def violations(package: Path) -> list[str]:
    """Every import that breaks the layer rule, and every cycle, as readable lines."""
    modules = module_names(package)
    subpackages = {unit(m) for m, p in modules.items() if p.name == "__init__.py" and unit(m)}
    out = []
    for imp in imports(package):
        src, dst = unit(imp.source), unit(imp.target)
        at = f"{imp.source}:{imp.line} imports {imp.target}"
        if src == dst:
            continue
        if dst in TOOLS:
            out.append(f"{at}: nothing imports the tools (tplbuild, sample)")
        elif dst in APPLICATION and src not in APPLICATION:
            out.append(f"{at}: only the application imports the application")
        elif RANK[dst] > RANK[src]:
            out.append(f"{at}: a layer imports only the layers below it")
        elif src in STEPS and dst in STEPS:
            out.append(f"{at}: the steps do not import each other")
        if dst in subpackages:
            top = f"{ROOT}.{dst}"
            if imp.target != top:
                out.append(f"{at}: across packages, import from {top}, not its modules")
            else:
                hidden = sorted(set(imp.names) - exported(package, top))
                if hidden:
                    out.append(f"{at}: {', '.join(hidden)} not in {top}.__all__")
    for sub in sorted(subpackages):
        top = f"{ROOT}.{sub}"
        # A name exported like one of the package's modules hides that module.
        for name in sorted(exported(package, top) & {m.rsplit(".", 1)[1] for m in modules
                                                      if m.startswith(top + ".")}):
            out.append(f"{top} exports {name}, which is also the name of its module")
    return out + [f"import cycle: {' -> '.join(c)}" for c in cycles(package)]


def cycles(package: Path) -> list[list[str]]:
    """The import cycles among the package's modules (one per strongly connected set)."""
    graph: dict[str, set[str]] = {m: set() for m in module_names(package)}
    for imp in imports(package):
        if imp.target in graph and imp.target != imp.source:
            graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_unit_has_a_layer():
    assert {unit(m) for m in module_names(PACKAGE)} == set(RANK)


def test_the_package_keeps_the_layer_rule():
    assert violations(PACKAGE) == []


def test_only_the_command_line_imports_the_web_page():
    # The web adapts the library as the CLI does: nothing else may lean on it.
    users = {unit(i.source) for i in imports(PACKAGE) if unit(i.target) == "web"}
    assert users <= {"web", "cli"}


def test_imports_inside_functions_and_type_checking_are_seen():
    found = {(i.source, i.target) for i in imports(PACKAGE)}
    # cli imports the api inside its commands, roster its writer inside __getattr__.
    assert ("kiemdiem_docs.cli", "kiemdiem_docs.api") in found
    assert ("kiemdiem_docs.roster", "kiemdiem_docs.roster.write") in found


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / ROOT
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__", "*.docx"))
    return target


def _add(path: Path, line: str, *, in_function: bool = False) -> None:
    text = path.read_text("utf-8")
    if in_function:
        line = "\n\ndef _added() -> None:\n    " + line + "\n"
    path.write_text(text + "\n" + line + "\n", encoding="utf-8")


@pytest.mark.parametrize("module, line, message", [
    ("roster/read.py", "from ..issuing import Issuing", "layers below"),
    ("render/engine.py", "from ..roster import Roster", "do not import each other"),
    ("issuing/planning.py", "from ..roster.models import Org", "not its modules"),
    ("issuing/planning.py", "from ..roster import _merge", "not in kiemdiem_docs.roster.__all__"),
    ("api.py", "from .sample import make_rows", "tools"),
    ("kinds/letters.py", "from ..api import build", "only the application"),
    ("vn.py", "from .config import Config", "import cycle"),
])
@pytest.mark.parametrize("in_function", [False, True])
def test_a_broken_rule_is_reported(copy, module, line, message, in_function):
    assert violations(copy) == []
    _add(copy / module, line, in_function=in_function)
    found = violations(copy)
    assert any(message in f for f in found), found


def test_an_export_that_hides_a_module_is_reported(copy):
    _add(copy / "roster" / "__init__.py", "__all__ += ['validation']")
    assert violations(copy) == ["kiemdiem_docs.roster exports validation, which is also the "
                                "name of its module"]
