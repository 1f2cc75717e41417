"""What a long checklist costs on paper: WeasyPrint (``make pdf``'s binder) and Chromium (the browser's
print of the checklist page), for lists of 30, 60 and 90 ordinary items of 30 characters and for
one item of 1,000 characters.

    python bench/long_checklists.py [--sizes 30,60,90] [--timeout 300] [--no-chromium]

The real data is copied into a temporary folder and the checklist of one procedure per case is
replaced (procedures ``special-service``, ``complaint-handling``, ``one-stop-service`` and
``repair-request`` carry the cases). WeasyPrint lays out a binder holding only that sheet, in a
process of its own, stopped after ``--timeout`` seconds (the old layout of 90 items took more
than ten minutes); Chromium prints the page of a one-off ``mkdocs build`` of that data. Each row
says seconds and pages. No timing is asserted anywhere: this is a report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from handbook.data.load import read_document  # noqa: E402
from handbook.data.yamlnodes import plain  # noqa: E402

CARRIERS = ("special-service", "complaint-handling", "one-stop-service", "repair-request")
WORDS = "核对业主身份证件与房号是否一致并在登记表上写明办理时间和经办人姓名及联系电话再请业主签字确认后交回前台存档备查"


def item_text(n: int, length: int) -> str:
    """An ordinary item of ``length`` characters, different for each ``n``."""
    text = f"第{n}项"
    while len(text) < length:
        text += WORDS
    return text[:length]


def cases(sizes: list[int]) -> list[tuple[str, str, list[list[str]]]]:
    """(label, procedure, groups of item texts) for each case."""
    out = []
    for size, sop in zip(sizes, CARRIERS):
        per = (size + 2) // 3
        groups = [[item_text(n, 30) for n in range(g * per + 1, min(size, (g + 1) * per) + 1)] for g in range(3)]
        out.append((f"{size} items of 30 characters", sop, [g for g in groups if g]))
    out.append(("1 item of 1,000 characters", CARRIERS[len(out)], [[item_text(1, 1000)]]))
    return out


def write_data(folder: Path, chosen: list[tuple[str, str, list[list[str]]]]) -> None:
    shutil.copytree(ROOT / "procedures", folder)
    for _, sop_id, groups in chosen:
        path = folder / "sops" / f"{sop_id}.yaml"
        doc, problems = read_document(path, str(path))
        assert doc is not None and not problems
        data = plain(doc.data)
        data["checklist"] = [{"title": f"第{i}组", "items": items} for i, items in enumerate(groups, 1)]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


WEASY = """
import sys, time, json
from datetime import date
from pathlib import Path
sys.path.insert(0, {hooks!r})
from handbook.checks.check import check
from handbook.paper import document
from handbook.paper.pdf import write_book
from handbook.site.registry import page_specs
from handbook.render.spec import SiteOptions
manual, problems = check(Path({data!r}), today=date(2026, 12, 7))
printed = date(2026, 12, 7)
book = document._new_book(manual, "前台检查单夹", printed, binder=True)
specs = [s for s in page_specs(manual, SiteOptions()) if s.path == "checklists/{sop}.md"]
document._add_pages(book, specs, document._links(specs), shift=-1)
styles = [Path({root!r}) / "docs/stylesheets" / n for n in ("handbook.css", "print.css", "versions.css")]
started = time.perf_counter()
written = write_book(manual, book, Path({out!r}), printed, styles)
print(json.dumps({{"seconds": time.perf_counter() - started, "pages": written.pages}}))
"""


def weasyprint_case(data: Path, sop_id: str, out: Path, timeout: float) -> dict[str, object]:
    code = WEASY.format(hooks=str(ROOT / "hooks"), data=str(data), sop=sop_id, root=str(ROOT), out=str(out))
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "pages": None, "note": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"seconds": None, "pages": None, "note": done.stderr.strip().splitlines()[-1]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["text_ok"] = None
    return result


def chromium_cases(data: Path, chosen: list[tuple[str, str, list[list[str]]]], work: Path) -> dict[str, dict[str, object]]:
    from browser import ARGS, CHROMIUM, serve_folder
    from playwright.sync_api import sync_playwright

    project = work / "project"
    project.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.move(str(data), project / "procedures")
    site = work / "site"
    # not --strict: a copy without the repository's history warns that it cannot show the text in
    # force (the pages printed here are the same either way)
    env = dict(os.environ, HANDBOOK_CACHE="0", NO_MKDOCS_2_WARNING="1")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                           capture_output=True, text=True, env=env, cwd=project)
    if built.returncode != 0:
        raise SystemExit(built.stderr[-3000:])
    out: dict[str, dict[str, object]] = {}
    with serve_folder(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        for label, sop_id, _ in chosen:
            page.goto(f"{url}/checklists/{sop_id}/", wait_until="load")
            started = time.perf_counter()
            pdf = page.pdf(format="A4", print_background=True)
            seconds = time.perf_counter() - started
            path = work / f"{sop_id}.pdf"
            path.write_bytes(pdf)
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
            pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
            out[label] = {"seconds": seconds, "pages": pages}
        browser.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,60,90")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    chosen = cases([int(s) for s in args.sizes.split(",")])
    with tempfile.TemporaryDirectory(prefix="bench-checklists-") as tmp:
        work = Path(tmp)
        data = work / "procedures"
        write_data(data, chosen)
        rows = []
        for label, sop_id, _ in chosen:
            print(f"WeasyPrint: {label} …", file=sys.stderr, flush=True)
            rows.append((label, weasyprint_case(data, sop_id, work / f"weasy-{sop_id}.pdf", args.timeout)))
            print(f"    {rows[-1][1]}", file=sys.stderr, flush=True)
        chromium = {} if args.no_chromium else chromium_cases(data, chosen, work)
    print("| checklist | WeasyPrint (binder of that sheet) | Chromium (page.pdf of its page) |")
    print("|---|---|---|")
    for label, weasy in rows:
        w = (f"{weasy['seconds']:.1f} s, {weasy['pages']} pages" if weasy.get("seconds") is not None
             else str(weasy.get("note")))
        c = chromium.get(label)
        cw = f"{c['seconds']:.1f} s, {c['pages']} pages" if c else "-"
        print(f"| {label} | {w} | {cw} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
