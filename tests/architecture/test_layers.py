"""The tree reads in data-flow order: each package of the core imports only from packages below it.

    cli → changes → paper → site → render → charts → checks → manual → data

``paper`` (the PDFs) sits above ``render``: it assembles render's pages into books. Inside the
core no two modules import each other, directly or round a loop (a function-local import
included): a circle is a design debt even when it never fails at import time.

``handbook_mkdocs`` (the MkDocs plugin and its helpers) sits above the core. The core never
imports MkDocs, Material or jieba; those belong to the adapter, and inside it every touch of a
library's internals is in ``handbook_mkdocs/internals/`` (one module per library). The rules are read from the
source with ``ast``, so a new module is covered the day it is added.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
CORE = HOOKS / "handbook"

# Lowest first. A module may import from its own package and from any package earlier in the list.
LAYERS = ["data", "manual", "checks", "charts", "render", "site", "paper", "changes", "cli"]
FORBIDDEN_IN_CORE = ("mkdocs", "material", "jieba", "handbook_mkdocs", "mkdocs_hooks")


def _layer(module: str) -> str | None:
    """The layer of a dotted module name inside the core, or None outside it."""
    parts = module.split(".")
    if parts[0] != "handbook":
        return None
    if len(parts) == 1:
        return "cli"  # the package itself (its __init__) counts as the top
    return parts[1] if parts[1] in LAYERS else "cli"


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module a source file imports, absolute, with its line (lazy imports included).
    ``source`` stands for the file's text (a probe that is never written to disk)."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = ".".join(path.relative_to(HOOKS).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from handbook.render import markup` imports the module handbook.render.markup
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names
                      if _layer(f"{module}.{alias.name}") and (CORE / module.split(".", 1)[-1]).is_dir()]
    return found


CORE_FILES = sorted(CORE.rglob("*.py"))


def test_every_core_module_is_in_a_layer() -> None:
    loose = [p.relative_to(HOOKS).as_posix() for p in CORE_FILES
             if p.parent == CORE and p.name not in ("__init__.py", "cli.py")]
    assert loose == [], "a module of the core lies outside the stage packages"
    packages = {p.relative_to(CORE).parts[0] for p in CORE_FILES if p.parent != CORE}
    assert packages <= set(LAYERS) | {"templates"}, packages - set(LAYERS)


def _wrong_imports(path: Path, source: str | None = None) -> list[str]:
    own = _layer(".".join(path.relative_to(HOOKS).with_suffix("").parts))
    assert own is not None
    wrong = []
    for line, module in _imports(path, source):
        top = module.split(".")[0]
        if top in FORBIDDEN_IN_CORE:
            wrong.append(f"{path.name}:{line}: the core imports {module}")
            continue
        target = _layer(module)
        if target is not None and LAYERS.index(target) > LAYERS.index(own):
            wrong.append(f"{path.name}:{line}: {own} imports {module} ({target} is above it)")
    return wrong


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.relative_to(HOOKS).as_posix())
def test_imports_run_one_way(path: Path) -> None:
    assert _wrong_imports(path) == []


def _module(path: Path) -> str:
    parts = path.relative_to(HOOKS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph(files: dict[str, str | None]) -> dict[str, set[str]]:
    """Module -> the core modules it imports (``files``: module file -> its text, or None to read it)."""
    modules = {_module(HOOKS / f): HOOKS / f for f in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = {m for _, m in _imports(path, files[path.relative_to(HOOKS).as_posix()])}
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


CORE_SOURCES: dict[str, str | None] = {p.relative_to(HOOKS).as_posix(): None for p in CORE_FILES}


def test_no_import_circle_inside_the_core() -> None:
    assert _circles(_graph(CORE_SOURCES)) == []


def test_a_circle_is_found() -> None:
    """The rule is real: two modules that import each other (one lazily) are a circle."""
    probe = dict(CORE_SOURCES)
    probe["handbook/checks/_probe_a.py"] = "from handbook.checks import _probe_b\n"
    probe["handbook/checks/_probe_b.py"] = "def f() -> None:\n    from handbook.checks._probe_a import x\n"
    assert ["handbook.checks._probe_a", "handbook.checks._probe_b"] in _circles(_graph(probe))


def test_the_checker_itself_catches_a_wrong_import() -> None:
    """The rule is real: an upward import in a data module is found (the probe is never written)."""
    sample = CORE / "data" / "_probe_for_layer_test.py"
    source = "from handbook.render import markup\nimport jieba\n"
    found = _imports(sample, source)
    assert (1, "handbook.render.markup") in found and (2, "jieba") in found
    wrong = _wrong_imports(sample, source)
    assert any("imports handbook.render.markup" in w for w in wrong) and any("jieba" in w for w in wrong)


ADAPTER = HOOKS / "handbook_mkdocs"
#: Libraries whose internals the adapter touches: only ``internals/`` imports them (MkDocs' public
#: types and API may be imported anywhere in the adapter).
TOUCHED = ("material", "jieba", "watchdog")


@pytest.mark.parametrize("path", sorted(p for p in ADAPTER.rglob("*.py") if "internals" not in p.parts),
                         ids=lambda p: p.relative_to(HOOKS).as_posix())
def test_only_the_internals_touch_a_library_s_internals(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [m for _, m in _imports(path) if m.split(".")[0] in TOUCHED]
    assert imported == [], f"{path.name} imports {imported}: go through handbook_mkdocs/internals/"
    private = [f"{ast.unparse(node)} (line {node.lineno})" for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
               and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "cache"))]
    assert private == [], f"{path.name} reaches into private attributes: {private}"
