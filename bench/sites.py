"""The projects the benchmarks build, all in a temporary folder; the repository is only read.

- ``snapshot``: mkdocs.yml, docs/ and hooks/ copied once at the start, so that every build of a
  run uses the same code even while the repository is being edited;
- ``handbook_project``: a snapshot plus a data folder (the real procedures, or a synthetic
  handbook of N procedures from ``synth.py``);
- ``plain_project``: the yardstick: the very pages our engine generates for that data, written
  out as static Markdown and built by plain Material, with the same theme, search and Markdown
  settings and the same navigation, but no hook.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "hooks", "overrides")  # next to mkdocs.yml; overrides/ only if it exists
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


def snapshot(dest: Path) -> Path:
    """Copy what a build needs from the repository (without data) to ``dest``; return ``dest``."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=_IGNORE)
    return dest


def use_snapshot(snap: Path) -> None:
    """Import the engine from the snapshot (before anything imports it from the repository)."""
    if "handbook" in sys.modules:
        raise RuntimeError("handbook was imported before the snapshot")
    sys.path.insert(0, str(snap / "hooks"))


def handbook_project(snap: Path, dest: Path, count: int | None) -> Path:
    """A project of the snapshot with the real data (``count`` None) or ``count`` procedures."""
    shutil.copytree(snap, dest)
    if count is None:
        shutil.copytree(ROOT / "procedures", dest / "procedures", ignore=_IGNORE)
    else:
        from synth import generate

        generate(ROOT / "procedures", dest / "procedures", count)
    return dest


class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it uses (``!!python/name:`` …); tagged values become None."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def _without_keys(text: str, keys: set[str]) -> str:
    """mkdocs.yml without the top-level ``keys`` (each with its indented block)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            skipping = match.group(1) in keys
        elif line.strip() and not line[0].isspace() and not line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def plain_project(handbook: Path, dest: Path) -> int:
    """The yardstick for the project ``handbook``: its generated pages as plain Markdown files.

    Returns the number of pages. Uses the engine imported from the snapshot (``use_snapshot``).
    """
    from handbook.checks.check import check
    from handbook.site.build import build_site

    manual, problems = check(handbook / "procedures")
    if manual is None:
        raise RuntimeError("the data has errors: " + "; ".join(p.format() for p in problems))
    dest.mkdir()
    shutil.copytree(handbook / "docs", dest / "docs")
    if (handbook / "overrides").is_dir():  # the theme's custom_dir
        shutil.copytree(handbook / "overrides", dest / "overrides")
    _expand_guide(dest / "docs")
    config_text = (handbook / "mkdocs.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.load(config_text, Loader=_Lenient) or {}
    site = build_site(manual, extra_nav=list(config.get("nav") or []))
    for page in site.pages:
        path = dest / "docs" / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    nav = site.nav
    plain = _without_keys(_without_plugin(config_text), {"hooks", "watch", "nav"}).rstrip("\n") + "\n"
    plain += yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (dest / "mkdocs.yml").write_text(plain, encoding="utf-8")
    return sum(1 for _ in (dest / "docs").rglob("*.md"))


_PLUGIN = re.compile(r"^  # The handbook \(hooks.*\n|^  handbook:\n(?:    .*\n)*", re.M)


def _without_plugin(text: str) -> str:
    """mkdocs.yml without the handbook plugin (``plugins: handbook:`` and its options)."""
    return _PLUGIN.sub("", text)


def long_action(project: Path, sop_id: str, length: int | None = None) -> None:
    """Make the first step of ``sop_id`` say ``length`` characters in all (by default the most a
    text may hold, ``sizes.MAX_TEXT``; a longer one is refused as the file is read), adding a
    deterministic draw of common characters, as an action pasted from a long document would be:
    what once made jieba's cost grow with the square of a run's length."""
    import random

    from handbook.data.sizes import MAX_TEXT

    source = project / "procedures" / "sops" / f"{sop_id}.yaml"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("action: "))
    have = len(lines[at].strip()) - len("action: ")
    draw = random.Random(7)
    text = "".join(chr(0x4E00 + draw.randrange(2500)) for _ in range((length or MAX_TEXT) - have))
    lines[at] = lines[at].rstrip("\n") + text + "\n"
    source.write_text("".join(lines), encoding="utf-8")


def _expand_guide(docs: Path) -> None:
    """Write the guide's generated field tables in, as the hook does while building."""
    try:
        from handbook.render.guide import GUIDE_MARKER, field_reference
    except ImportError:  # pragma: no cover - an engine without a guide
        return
    for path in docs.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if GUIDE_MARKER in text:
            path.write_text(text.replace(GUIDE_MARKER, field_reference()), encoding="utf-8")


def first_procedure(project: Path) -> str:
    """The id of the first procedure of a project's handbook (the page the serve test edits)."""
    data = yaml.load((project / "procedures" / "handbook.yaml").read_text(encoding="utf-8"),
                     Loader=_Lenient)
    for part in data["parts"]:
        if part.get("kind") == "procedures":  # a flat list, or groups of them
            listed = part.get("procedures") or [p for g in part.get("groups") or [] for p in g.get("procedures") or []]
            return str(listed[0])
    raise RuntimeError("handbook.yaml lists no procedures")
