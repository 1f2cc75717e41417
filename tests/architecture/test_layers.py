"""The tree reads in data-flow order: each package of the core imports only from packages below it.

    cli → changes → paper → site → render → charts → checks → manual → data

``paper`` (the PDFs) sits above ``render``: it assembles render's pages into books.

``handbook_mkdocs`` (the adapter's helpers) and ``mkdocs_hooks.py`` sit above the core. The core
never imports MkDocs, Material or jieba; those belong to the adapter. The rules are read from the
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


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a source file imports, absolute, with its line (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
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
    packages = {p.parent.name for p in CORE_FILES if p.parent != CORE}
    assert packages <= set(LAYERS) | {"templates"}, packages - set(LAYERS)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.relative_to(HOOKS).as_posix())
def test_imports_run_one_way(path: Path) -> None:
    own = _layer(".".join(path.relative_to(HOOKS).with_suffix("").parts))
    assert own is not None
    wrong = []
    for line, module in _imports(path):
        top = module.split(".")[0]
        if top in FORBIDDEN_IN_CORE:
            wrong.append(f"{path.name}:{line}: the core imports {module}")
            continue
        target = _layer(module)
        if target is not None and LAYERS.index(target) > LAYERS.index(own):
            wrong.append(f"{path.name}:{line}: {own} imports {module} ({target} is above it)")
    assert wrong == []


def test_the_checker_itself_catches_a_wrong_import(tmp_path: Path) -> None:
    """The rule is real: an upward import written into a data module is found."""
    sample = CORE / "data" / "_probe_for_layer_test.py"
    assert not sample.exists()
    try:
        sample.write_text("from handbook.render import markup\nimport jieba\n", encoding="utf-8")
        found = _imports(sample)
        assert (1, "handbook.render.markup") in found and (2, "jieba") in found
        with pytest.raises(AssertionError):
            test_imports_run_one_way(sample)
    finally:
        sample.unlink()
