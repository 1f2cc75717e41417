"""The 测验 page of a role (``training/<role>/test.md``): a test drawn from the question bank,
answered by tapping, scored in the browser, printed as a result sheet, a blank paper test or its
answer key.

The questions come from :mod:`handbook.manual.questions` (the role's bank); the page carries the
whole bank as JSON in ``<script type="application/json">`` (through the ``json_data`` filter: no
data text can end the element) and ``docs/javascripts/training-test.js`` draws the test with the
number on it, shows it, scores it and prints it, with ``textContent`` only. The links to the steps
that answer the questions are ordinary Markdown links to the procedures (so MkDocs writes them
right on the served site and in the folder build), which the script finds by ``data-sop`` and
completes with the step's anchor (:func:`handbook.render.sop_page.step_anchor`). Nothing is stored
and nothing leaves the browser: the test's number and the answers live in the page's address
after ``#``.
"""

from __future__ import annotations

from typing import Any

from handbook.manual.manual import Manual
from handbook.manual.numbering import sop_code, sop_heading
from handbook.manual.questions import plain, role_bank
from handbook.manual.multichoice import TEST_SIZE, Question, fingerprint
from handbook.manual.training import training_path
from handbook.render import urls
from handbook.render.markup import Md, inline
from handbook.render.sop_page import KEY_POINTS_ANCHOR, step_anchor
from handbook.render.templating import render

#: The document code suffix of the test's printouts (result sheet, blank test, key).
SUFFIX = "-E"


def _anchor(q: Question) -> str:
    if q.section == "step" and q.step_id is not None:
        return step_anchor(q.step_id)
    if q.section == "key-points":
        return KEY_POINTS_ANCHOR
    return ""


def _where(manual: Manual, q: Question) -> str:
    """Where the question is answered, as the link to it says (and the paper prints)."""
    title = plain(manual, manual.sops[q.sop_id].title)
    if q.step_id is not None:
        number = [s.id for s in manual.sops[q.sop_id].steps].index(q.step_id) + 1
        return f"《{title}》第 {number} 步"
    if q.section == "key-points":
        return f"《{title}》注意事项"
    return f"《{title}》适用情形"


def bank_data(manual: Manual, role_id: str) -> dict[str, Any]:
    """What the script reads: the role's questions, and the procedures they come from."""
    bank = role_bank(manual, role_id)
    sops = list(dict.fromkeys(q.sop_id for q in bank))
    return {
        "size": min(TEST_SIZE, len(bank)),
        "fingerprint": fingerprint(bank),
        "procedures": {s: {"title": plain(manual, manual.sops[s].title), "code": sop_code(manual, s),
                           "revision": manual.sops[s].revision} for s in sops},
        "questions": [{"id": q.id, "kind": q.kind, "sop": q.sop_id, "anchor": _anchor(q), "where": _where(manual, q),
                       "text": q.text, "choices": list(q.choices), "answer": q.answer, "why": q.explanation}
                      for q in bank],
    }


def _sources(manual: Manual, sop_ids: list[str]) -> Md:
    """The procedures the questions come from, linked (the script takes the links from here)."""
    lines = []
    for sop_id in sop_ids:
        sop = manual.sops[sop_id]
        address = urls.href(urls.sop(sop_id))
        title = inline(sop_heading(manual, sop_id))
        link = (Md('[{}]({}){{: data-sop="{}" }}').format(title, Md(address), sop_id) if address is not None
                else title)
        lines.append(Md("- {}（{}，版号 {}）").format(link, sop_code(manual, sop_id), sop.revision))
    return Md("\n").join(lines) + Md("\n")


def scored_test(manual: Manual, role_id: str, head: dict[str, str], role: str) -> Md:
    """The test: its head and fields, the place the script fills, its buttons, and the bank."""
    data = bank_data(manual, role_id)
    path = [lesson.sop_id for lesson in training_path(manual, role_id)]
    sources = [s for s in path if s in data["procedures"]]
    hb = manual.handbook
    return render(
        "training_test.html", role_id=role_id, head=head, role=role, size=data["size"],
        count=len(data["questions"]), procedures=len(sources), sources=_sources(manual, sources),
        revision=hb.revision, effective=hb.effective_date.isoformat(), fingerprint=data["fingerprint"],
        bank=data,
    )
