"""Synthetic handbooks in the shape of the real one, for the benchmarks.

``generate(source, out, count)`` writes a data folder with ``count`` procedures. The single files
(handbook, organization, commitments, glossary), the roles and the forms are the real ones; the
procedures are the real ones, copied over and over:

- the procedures are grouped one group per copy (``groups`` in handbook.yaml), as a large
  handbook should be;
- copy 0 is the real set, unchanged and under its real ids (so every reference from the roles,
  forms or commitments to a procedure stays valid);
- copy ``k`` of ``complaint-handling`` is ``complaint-handling-k`` (title ``…（k）``), its
  ``related`` and ``handoff`` references point at the procedures of the same copy, and it is
  varied deterministically: one or two review steps inserted (most of them decisions whose
  "return" branch loops back, so the flowcharts get more shapes, branches and back edges),
  another form filled in, the checklist regrouped and changed, key points and self-check
  questions reordered, a step's details lengthened.

Every file goes through the project's own loader (YAML 1.2 scalars) and is written back with
PyYAML, so a synthetic handbook passes ``handbook check`` with zero problems (tested in
``tests/test_bench_synth.py``). Run ``python bench/synth.py OUT COUNT`` to write one by hand.
"""

from __future__ import annotations

import copy
import random
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
try:  # the engine already on the path (installed, or a benchmark's snapshot) comes first
    from handbook.data.yamlnodes import plain
    from handbook.data.load import read_document
except ImportError:  # pragma: no cover - run from a checkout without the package installed
    sys.path.insert(0, str(ROOT / "hooks"))
    from handbook.data.yamlnodes import plain
    from handbook.data.load import read_document

SINGLE_FILES = ("handbook.yaml", "organization.yaml", "commitments.yaml", "glossary.yaml")
COPIED_FOLDERS = ("roles", "forms")
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"
LIMITS = ("30min", "2h", "1d", "same-day", "immediate", "3wd")


def read(path: Path) -> Any:
    """The data of one YAML file, read by the project's loader; bad data is a ``ValueError``."""
    doc, problems = read_document(path, str(path))
    if doc is None or problems:
        raise ValueError(f"{path}: " + "; ".join(p.message for p in problems))
    return plain(doc.data)


def dump(data: Any, path: Path, header: str = "") -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + text, encoding="utf-8", newline="\n")


def synthetic_ids(real: list[str], count: int) -> list[str]:
    """The ids of ``count`` procedures: the real ids, then ``<id>-2``, ``<id>-3`` …"""
    if count < len(real):
        raise ValueError(f"至少需要 {len(real)} 个程序（真实手册的程序数），得到 {count}")
    return [sop_id if k == 0 else f"{sop_id}-{k + 1}" for k, sop_id in _copies(real, count)]


def _copies(real: list[str], count: int) -> list[tuple[int, str]]:
    return [(i // len(real), real[i % len(real)]) for i in range(count)]


def generate(source: Path, out: Path, count: int, seed: int = 9) -> list[str]:
    """Write a handbook of ``count`` procedures to ``out`` (created); return the procedure ids."""
    handbook = read(source / "handbook.yaml")
    parts = [p for p in handbook["parts"] if p.get("kind") == "procedures"]
    real: list[str] = list(parts[0].get("procedures") or []) + [
        s for g in parts[0].get("groups") or [] for s in g["procedures"]]
    ids = synthetic_ids(real, count)
    # A handbook of many procedures groups them (handbook.yaml ``groups``), as README advises:
    # here one group per copy of the real procedures, so each group has about twenty.
    groups: dict[int, list[str]] = {}
    for (k, _), new_id in zip(_copies(real, count), ids):
        groups.setdefault(k, []).append(new_id)
    parts[0].pop("procedures", None)
    parts[0]["groups"] = [{"title": f"第{k + 1}组程序", "procedures": members} for k, members in groups.items()]
    out.mkdir(parents=True, exist_ok=False)
    dump(handbook, out / "handbook.yaml", SCHEMA_LINE.format(kind="handbook").replace("../../", "../"))
    for name in SINGLE_FILES[1:]:
        kind = name.removesuffix(".yaml")
        dump(read(source / name), out / name, SCHEMA_LINE.format(kind=kind).replace("../../", "../"))
    if (source / "estates").is_dir():  # each estate's own values (estates/<id>/), copied as they are
        shutil.copytree(source / "estates", out / "estates")
    forms: dict[str, str] = {}
    for folder in COPIED_FOLDERS:
        for path in sorted((source / folder).glob("*.yaml")):
            data = read(path)
            if folder == "forms":
                forms[path.stem] = data["title"]
            dump(data, out / folder / path.name, SCHEMA_LINE.format(kind=folder.removesuffix("s")))
    originals = {sop_id: read(source / "sops" / f"{sop_id}.yaml") for sop_id in real}
    pool = [point for sop in originals.values() for point in sop.get("key_points", [])]
    existing = set(ids)
    for (k, sop_id), new_id in zip(_copies(real, count), ids):
        sop = copy.deepcopy(originals[sop_id])
        if k > 0:
            rng = random.Random(f"{seed}/{sop_id}/{k}")

            def rename(other: str, k: int = k) -> str:
                candidate = f"{other}-{k + 1}"
                return candidate if candidate in existing else other

            vary(sop, k, rename, forms, pool, rng)
        dump(sop, out / "sops" / f"{new_id}.yaml", SCHEMA_LINE.format(kind="sop"))
    return ids


def vary(sop: dict[str, Any], k: int, rename: Any, forms: dict[str, str], pool: list[str],
         rng: random.Random) -> None:
    """Turn a copy of a real procedure into copy ``k``: same shape, different details."""
    sop["title"] = f"{sop['title']}（{k + 1}）"
    sop["related"] = [rename(other) for other in sop.get("related", [])]
    steps: list[dict[str, Any]] = sop["steps"]
    for step in steps:
        _rename_targets(step, rename)
        for branch in (step.get("decision") or {}).get("branches", []):
            _rename_targets(branch, rename)
    added_forms = _insert_steps(sop, k, forms, rng)
    if pool:
        step = rng.choice(steps)
        step["details"] = (step.get("details") or step["action"] + "。") + rng.choice(pool)
    _vary_checklist(sop, k, [forms[f] for f in added_forms])
    for key in ("key_points", "self_check", "definitions"):
        items = sop.get(key) or []
        if len(items) > 1:
            shift = k % len(items)
            sop[key] = items[shift:] + items[:shift]


def _rename_targets(target: dict[str, Any], rename: Any) -> None:
    if target.get("handoff"):
        target["handoff"] = rename(target["handoff"])


def _falls_through(step: dict[str, Any]) -> bool:
    return not any(step.get(key) for key in ("next", "end", "handoff", "decision"))


def _insert_steps(sop: dict[str, Any], k: int, forms: dict[str, str], rng: random.Random) -> list[str]:
    """Insert review steps after steps that simply go on to the following one.

    A step that falls through to its successor can be followed by a new step that also ends up
    at that successor, so the flow stays valid: a plain step falls through as well, a decision
    goes on ("符合") or back to the reviewed step ("需补正"), a loop that can always leave.
    """
    steps: list[dict[str, Any]] = sop["steps"]
    candidates = [i for i, s in enumerate(steps[:-1]) if _falls_through(s)]
    chosen = sorted(rng.sample(candidates, min(len(candidates), 1 + k % 2)), reverse=True)
    taken = {s["id"] for s in steps}
    added: list[str] = []
    for i in chosen:
        before, after = steps[i], steps[i + 1]
        new_id = f"{before['id']}-review"
        while new_id in taken:
            new_id += "-x"
        taken.add(new_id)
        form = rng.choice(sorted(forms))
        added.append(form)
        step: dict[str, Any] = {
            "id": new_id,
            "role": before["role"],
            "action": f"复核{before['action']}",
            "details": f"对照{forms[form]}逐项复核上一步的结果，缺项、错项当场补正并在表上签名。",
            "records": [form],
        }
        # The review takes the reviewed step's limit: the same text must carry the same limit
        # everywhere, and a near-identical text a different one is flagged as a note.
        if before.get("commitment"):
            step["commitment"] = before["commitment"]
        elif before.get("time_limit"):
            step["time_limit"] = before["time_limit"]
        else:
            step["time_limit"] = LIMITS[zlib.crc32(before["action"].encode()) % len(LIMITS)]
        if (k + i) % 3 != 0:
            step["decision"] = {
                "question": f"{before['action']}是否符合要求？",
                "branches": [
                    {"label": "符合", "next": after["id"]},
                    {"label": "需补正", "next": before["id"]},
                ],
            }
        steps.insert(i + 1, step)
    return added


def _vary_checklist(sop: dict[str, Any], k: int, form_titles: list[str]) -> None:
    groups: list[dict[str, Any]] = sop["checklist"]
    shift = k % len(groups)
    groups[:] = groups[shift:] + groups[:shift]
    for group in groups:
        items = group["items"]
        if len(items) > 2:
            del items[k % len(items)]
    groups[-1]["items"].extend(f"复核并填写{title}" for title in form_titles)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print("用法：python bench/synth.py 输出目录 程序数", file=sys.stderr)
        return 2
    ids = generate(ROOT / "procedures", Path(argv[0]), int(argv[1]))
    print(f"已生成 {len(ids)} 个程序：{argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
