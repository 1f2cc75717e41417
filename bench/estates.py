"""``make bench-estates``: what ``make build-all`` costs against one ``make build`` per estate.

In a temporary copy of the project: the two real estates, then the real ones plus synthetic
estates (copies of 海客瀛洲 with their own names, codes, hotlines and document numbers) up to
``BENCH_ESTATES`` (default 10). For each set: the wall time of ``build-all`` (one Python process,
MkDocs' build API once per estate) and of K separate ``mkdocs build --strict`` processes, one per
estate, as ``make build ESTATE=<id>`` would run them. One run each (the machine's speed varies by
±20 % from minute to minute: compare figures of one run). No timing is asserted: this is a report.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _project(into: Path, synthetic: int) -> list[str]:
    for name in ("mkdocs.yml", "docs", "hooks"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, into / name)
    shutil.copytree(ROOT / "procedures", into / "procedures")
    ids = ["lnxc", "hkyz"]
    template = (ROOT / "procedures" / "estates" / "hkyz" / "estate.yaml").read_text(encoding="utf-8")
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for n in range(1, synthetic + 1):
        estate_id = f"synth{n:02d}"
        folder = into / "procedures" / "estates" / estate_id
        shutil.copytree(ROOT / "procedures" / "estates" / "hkyz", folder)
        text = re.sub(r"^#(?! yaml-language-server).*\n", "", template, flags=re.M)
        text = text.replace("海客瀛洲", f"示例{n:02d}号苑").replace("HKYZ", f"SY{letters[n // 26]}{letters[n % 26]}")
        text = text.replace("023-6100 0000", f"023-6200 {n:04d}")
        (folder / "estate.yaml").write_text(text, encoding="utf-8")
        ids.append(estate_id)
    hb = into / "procedures" / "handbook.yaml"
    hb.write_text(re.sub(r"^estates: \[.*\]$", f"estates: [{', '.join(ids)}]", hb.read_text(encoding="utf-8"),
                         flags=re.M), encoding="utf-8")
    return ids


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> int:
    synthetic = int(os.environ.get("BENCH_ESTATES", "10"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("ESTATE", None)
    rows = []
    for count in (0, synthetic):
        with tempfile.TemporaryDirectory(prefix="bench-estates-") as tmp:
            project = Path(tmp)
            ids = _project(project, count)
            if count == 0:
                ids = ids[:2]
                shutil.rmtree(project / "procedures" / "estates" / "synth01", ignore_errors=True)
            together = _run([sys.executable, "-m", "handbook_mkdocs.estates", "--out", "site-estates"], project, env)
            single = 0.0
            for estate_id in ids:
                single += _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", f"site-{estate_id}"],
                               project, dict(env, ESTATE=estate_id))
            rows.append((len(ids), together, single))
    print("| estates | make build-all (one process) | K × make build | build-all per estate | saving |")
    print("|---|---|---|---|---|")
    for k, together, single in rows:
        print(f"| {k} | {together:.1f} s | {single:.1f} s | {together / k:.1f} s | {1 - together / single:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
