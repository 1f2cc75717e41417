"""One MkDocs build, with the time split by who spends it: ``python bench/probe.py CONFIG SITE OUT``.

It does what ``mkdocs build --strict`` does (``load_config``, ``on_startup``, ``build``,
``on_shutdown``) in this process, after wrapping the functions that matter with timers. Each timer
counts its time *exclusive* of the timers nested inside it, so the categories add up:

- ``engine``: the core functions the plugin calls (every function ``handbook_mkdocs.plugin``
  imported from the ``handbook`` packages: load and check, render, navigation …), minus ``flowchart``;
- ``flowchart``: drawing the SVG flowcharts and the organization chart;
- ``engine_import``: importing the plugin and the engine (pydantic building the models), once per
  process, before MkDocs loads the configuration: outside ``build_s``, inside the process's time;
- ``hook``: the plugin's own glue (its events, minus the core and jieba);
- ``jieba``: loading jieba's dictionary and segmenting the search text;
- ``search``: Material's search plugin, minus jieba;
- ``markdown``: Python-Markdown converting the pages;
- ``theme``: rendering the theme's templates and writing each page (``_build_page``);
- ``other``: the rest of the build (config, files, navigation, copying assets).

Each category is measured twice: wall time (``parts``) and this process's CPU time
(``cpu_parts``), which other processes competing for the cores disturb much less. Interpreter
start-up and imports are not in ``build_s``; the parent measures the process as a whole. Writes
the timings as JSON to OUT. Nothing here changes how the site is built.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

_totals: dict[str, float] = defaultdict(float)  # wall time
_cpu_totals: dict[str, float] = defaultdict(float)  # CPU time of this process
_stack: list[list[float]] = []  # [wall start, cpu start, wall and cpu spent in nested timers]


def timed(category: str, func: Callable[..., Any], *, consume: bool = False) -> Callable[..., Any]:
    """``func`` with its exclusive time added to ``category`` (``consume``: list a generator)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        frame = [time.perf_counter(), time.process_time(), 0.0, 0.0]
        _stack.append(frame)
        try:
            result = func(*args, **kwargs)
            return iter(list(result)) if consume else result
        finally:
            wall = time.perf_counter() - frame[0]
            cpu = time.process_time() - frame[1]
            _stack.pop()
            _totals[category] += wall - frame[2]
            _cpu_totals[category] += cpu - frame[3]
            if _stack:
                _stack[-1][2] += wall
                _stack[-1][3] += cpu

    wrapper.__wrapped_category__ = category  # type: ignore[attr-defined]
    return wrapper


def _wrap_attr(owner: Any, name: str, category: str, **kwargs: Any) -> None:
    func = getattr(owner, name, None)
    if callable(func) and not hasattr(func, "__wrapped_category__"):
        setattr(owner, name, timed(category, func, **kwargs))


def _ours(owner: Any) -> bool:
    return owner is not None and type(owner).__module__.startswith("handbook_mkdocs")


def _wrap_hooks(config: Any) -> None:
    """Time the plugin's events, the core functions it calls, and the other plugins' events."""
    hook_modules = [sys.modules["handbook_mkdocs.plugin"]]
    for module in hook_modules:
        for name, value in list(vars(module).items()):
            if (inspect.isfunction(value) and value.__module__.startswith("handbook")
                    and not hasattr(value, "__wrapped_category__")):
                setattr(module, name, timed("engine", value))
    for module_name in ("handbook.charts.flowchart", "handbook.charts.orgchart", "handbook.charts.flowtiles"):
        module = sys.modules.get(module_name)
        for name in ("draw", "render_org_chart", "on_paper"):
            if module is not None and hasattr(module, name):
                _wrap_attr(module, name, "flowchart")
    for event, methods in config.plugins.events.items():
        wrapped = []
        for method in methods:
            owner = getattr(method, "__self__", None)
            if _ours(owner):
                category = "hook"
            elif owner is not None and "search" in type(owner).__module__:
                category = "search"
            else:
                category = "plugins"
            wrapped.append(timed(category, method))
        config.plugins.events[event] = wrapped


def _wrap_mkdocs() -> None:
    import mkdocs.commands.build as build_module
    from mkdocs.structure.pages import Page

    _wrap_attr(Page, "render", "markdown")
    _wrap_attr(build_module, "_build_page", "theme")
    try:
        import jieba
    except ImportError:
        return
    _wrap_attr(jieba.Tokenizer, "initialize", "jieba")
    _wrap_attr(jieba.Tokenizer, "add_word", "jieba")  # called by the engine's add_words
    _wrap_attr(jieba, "cut", "jieba", consume=True)


def _build_once(config_file: str, site_dir: str, command: str | None) -> dict[str, Any]:
    """Load the configuration and build, as ``mkdocs build`` (or one build of ``serve``) does.

    ``command``: what ``on_startup`` is told (``build`` or ``serve``); None for a rebuild of
    ``serve``, which MkDocs starts without ``on_startup`` (the plugins keep their state).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _totals.clear()
    _cpu_totals.clear()
    if "handbook_mkdocs.plugin" not in sys.modules:  # the plugin and the engine, once per process
        timed("engine_import", importlib.import_module)("handbook_mkdocs.plugin")
    # Not strict: the real data's warnings (BENCH notes) must not stop a timing; they cost the same.
    config = load_config(config_file=config_file, site_dir=site_dir, strict=False)
    _wrap_hooks(config)
    if command is not None:
        config.plugins.on_startup(command=command, dirty=False)
    imported = {"wall": _totals.pop("engine_import", 0.0), "cpu": _cpu_totals.pop("engine_import", 0.0)}
    begin, begin_cpu = time.perf_counter(), time.process_time()
    try:
        build(config)
    finally:
        if command == "build":
            config.plugins.on_shutdown()
    done, done_cpu = time.perf_counter(), time.process_time()
    parts, cpu_parts = dict(_totals), dict(_cpu_totals)
    parts["other"] = (done - begin) - sum(parts.values())
    cpu_parts["other"] = (done_cpu - begin_cpu) - sum(cpu_parts.values())
    return {"build_s": done - begin, "build_cpu_s": done_cpu - begin_cpu, "parts": parts,
            "cpu_parts": cpu_parts, "engine_import_s": imported["wall"],
            "engine_import_cpu_s": imported["cpu"]}


def peak_mb() -> float | None:
    """This process's peak resident memory since it started Python (Linux ``VmHWM``).

    Not ``ru_maxrss``: a child started by ``subprocess`` (vfork, then exec) inherits in it the
    peak of the parent that started it, which would make a small build look as big as the parent.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _edit(source: Path, marker: str) -> str:
    """Append ``marker`` to the title of the procedure in ``source``, as an author's save would;
    the text before the edit."""
    original = source.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = lines[at].rstrip("\n") + marker + "\n"
    source.write_text("".join(lines), encoding="utf-8")
    return original


def main(argv: list[str]) -> int:
    """``probe.py CONFIG SITE OUT [--rebuild SOP_YAML]``: with ``--rebuild``, build as ``mkdocs
    serve`` does: once, then again in the same process (modules loaded, jieba initialised, the
    hook's rebuild cache filled) after the title of the procedure in SOP_YAML was edited. The file
    is restored afterwards."""
    config_file, site_dir, out = argv[:3]
    sys.path.insert(0, str(Path(config_file).resolve().parent / "hooks"))  # the snapshot's plugin and engine
    rebuild = argv[argv.index("--rebuild") + 1] if "--rebuild" in argv else None
    started = time.perf_counter()
    _wrap_mkdocs()
    result = _build_once(config_file, site_dir, "serve" if rebuild else "build")
    result["in_process_s"] = time.perf_counter() - started
    result["engine_file"] = getattr(sys.modules.get("handbook"), "__file__", None)
    if rebuild:
        original = _edit(Path(rebuild), "测速")
        try:
            result["rebuild"] = _build_once(config_file, site_dir, None)
        finally:
            Path(rebuild).write_text(original, encoding="utf-8")
    result["peak_mb"] = peak_mb()
    Path(out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
