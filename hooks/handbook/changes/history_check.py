"""The checks on revisions that need the repository's history, run by ``handbook check`` and the build.

The checker proper (:mod:`handbook.checks`) reads the data folder and nothing else. Two things it
cannot see are in git:

- **the day each earlier revision took effect** (its committed text says it): a later revision
  that takes effect before the one it replaces is an error (``revision.effective-order``);
- **what a pending revision changes**: its text is compared with the text it replaces (the one in
  force, or the pending revision before it), as ``handbook diff`` compares two versions, and its
  history entry must name every change (:mod:`mentions` says how); otherwise a located warning
  lists what it leaves out (``revision.summary-incomplete``). Until the revision takes effect the
  staff follow the text in force and read the entry to know what is coming.

Without the history (a shallow clone, no git) nothing of this can be checked: a note says so and
what to run. What the comparisons find is remembered on disk by the ids of the texts compared
(blob and tree ids, or a digest of the working files), so a second check compares nothing again.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from handbook.changes.diff import compare, compare_sop
from handbook.changes.diff_sop import Readers, title
from handbook.changes.mentions import Mention, mention, pieces, unmentioned
from handbook.changes.snapshot import Snapshot, load_snapshot, snapshot_of
from handbook.checks.revisions import revision_key
from handbook.data.history import BlobCache, HistoryError
from handbook.data.load import parse_document
from handbook.data.model import Sop
from handbook.data.problems import Problem, errors
from handbook.data.read import unrecorded
from handbook.data.validate import validate
from handbook.manual.manual import Manual
from handbook.manual.timeline import HANDBOOK, Controlled, Version, documents
from handbook.site.inforce import Register, open_register

#: How many left-out changes a warning lists before saying how many more.
SHOWN = 6
_CODE = [Path(__file__).with_name(n) for n in ("mentions.py", "diff_sop.py", "diff.py", "history_check.py")]


@dataclass
class HistoryCheck:
    problems: list[Problem] = field(default_factory=list)  # located, in the data files
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why


def check_history(manual: Manual, today: date, register: Register | None = None,
                  cache_file: Path | None = None) -> HistoryCheck:
    """The history checks of ``manual`` read on ``today`` (``register``: the repository's history,
    opened here when not given; ``cache_file``: where the comparisons are remembered)."""
    register = register or open_register(manual.data_dir, None)
    result = HistoryCheck()
    docs = documents(manual, register.lookup if register.history is not None else None)
    waiting = [doc for doc in docs.values() if doc.pending(today)]
    if register.history is None:
        if waiting:
            result.notes.append("未能核对待生效修订的修订说明和生效日期：" + (register.problem or "无法读取历史版本"))
        return result
    for doc in docs.values():
        result.problems += _effective_order(manual, doc)
    cache = BlobCache(cache_file, _code_version())
    for doc in waiting:
        for version in doc.pending(today):
            earlier = doc.before(version)
            if earlier is None or earlier.missing or version.missing or version.entry is None:
                continue  # a first revision, or a text the history does not hold: nothing to compare
            try:
                found = _mentions(manual, register, doc, earlier, version, cache)
            except (HistoryError, OSError) as exc:
                result.notes.append(f"未能比较 {doc.rel} 的 {earlier.revision} 与 {version.revision}：{exc}")
                continue
            if found is None:
                continue
            left = unmentioned(found, version.summary)
            if left:
                result.problems.append(_incomplete(manual, doc, earlier, version, left))
    cache.save()
    return result


def _incomplete(manual: Manual, doc: Controlled, earlier: Version, version: Version, left: list[Mention]) -> Problem:
    shown = "；".join(m.what for m in left[:SHOWN]) + (f"；另有 {len(left) - SHOWN} 处" if len(left) > SHOWN else "")
    assert version.entry is not None
    return manual.docs[doc.rel].problem(
        ("history", version.entry, "summary"),
        f"待生效的 {version.revision}（{version.effective.isoformat()} 起执行）的修订说明没有写到 {len(left)} 处改动"
        f"（与 {earlier.revision} 相比）：{shown}",
        "生效之前员工按现行文本执行、看修订说明知道要改什么：在 summary 中写明每一处改动，"
        "写步骤编号（第 3 步）、步骤的动作，或检查单、注意事项、表格、岗位等的名称；make diff 列出全部改动",
        severity="warning", code="revision.summary-incomplete")


def _effective_order(manual: Manual, doc: Controlled) -> list[Problem]:
    """A later revision taking effect before the one it replaces (the earlier days as committed)."""
    problems = []
    ordered = sorted((v for v in doc.versions if not v.missing), key=lambda v: revision_key(v.revision))
    for earlier, later in zip(ordered, ordered[1:]):
        if later.effective >= earlier.effective or later.revision == earlier.revision:
            continue
        current = later is doc.current
        where = ("effective_date",) if current else ("history", later.entry or 0, "date")
        problems.append(manual.docs[doc.rel].problem(
            where,
            f"生效日期倒退：{later.revision} {'的生效日期' if current else '提交时写的生效日期'} "
            f"{later.effective.isoformat()} 早于它所取代的 {earlier.revision} 的 {earlier.effective.isoformat()}"
            "（取自仓库历史中带有该改次的最后一次提交）",
            "较晚的改次不能比较早的改次先生效：改正 effective_date，或改正版号", code="revision.effective-order"))
    return problems


# ---------------------------------------------------------------- comparing two revisions


def _code_version() -> str:
    sha = hashlib.sha256()
    for path in _CODE:
        sha.update(path.read_bytes())
    return "mentions/" + sha.hexdigest()[:16]


def _mentions(manual: Manual, register: Register, doc: Controlled, earlier: Version, version: Version,
              cache: BlobCache) -> list[Mention] | None:
    """The changes ``version`` makes to ``earlier`` (None: a text could not be read)."""
    if doc.key == HANDBOOK:
        old_key, new_key = _tree_key(register, doc, earlier), _tree_key(register, doc, version, manual)
    else:
        old_key, new_key = earlier.blob, version.blob or _file_key(manual.data_dir / doc.rel)
    if old_key is None or new_key is None:
        return None
    key = f"{doc.key}|{old_key}|{new_key}"
    raw = cache.get(key, lambda: _compute(manual, register, doc, earlier, version))
    if raw is None:
        return None
    return [Mention(what, frozenset(steps), tuple(words)) for what, steps, words in json.loads(raw)]


def _compute(manual: Manual, register: Register, doc: Controlled, earlier: Version, version: Version) -> str | None:
    if doc.key == HANDBOOK:
        found = _handbook_mentions(manual, register, doc, earlier, version)
    else:
        found = _sop_mentions(manual, register, doc, earlier, version)
    if found is None:
        return None
    return json.dumps([[m.what, sorted(m.steps), list(m.words)] for m in found], ensure_ascii=False)


def _file_key(path: Path) -> str | None:
    try:
        return "w" + hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read_sop(raw: bytes, name: str) -> Sop | None:
    document, problems = parse_document(raw, name)
    if document is None or errors(problems):
        return None
    value, found = validate(document, Sop)
    return value if isinstance(value, Sop) and not errors(found) else None


def _sop_mentions(manual: Manual, register: Register, doc: Controlled, earlier: Version,
                  version: Version) -> list[Mention] | None:
    assert register.history is not None and earlier.blob is not None
    sop_id = doc.key.split("/", 1)[1]
    old = _read_sop(register.history.read(earlier.blob), doc.rel)
    if version.blob is not None:
        new = _read_sop(register.history.read(version.blob), doc.rel)
    else:
        new = manual.sops.get(sop_id)
    if old is None or new is None:
        return None
    base = snapshot_of(manual, "")
    digest = compare_sop(replace(base, sops={sop_id: old}), replace(base, sops={sop_id: new}), sop_id, Readers())
    return digest.mentions


def _tree_key(register: Register, doc: Controlled, version: Version, manual: Manual | None = None) -> str | None:
    """What identifies the handbook's text of ``version``: the commit's tree of the data folder, or
    for the working revision a digest of the working files the handbook controls."""
    if version.blob is None and manual is not None:
        sha = hashlib.sha256()
        procedures = {d.rel for d in documents(manual).values() if d.key != HANDBOOK}
        for path in sorted(manual.data_dir.rglob("*")):
            rel = path.relative_to(manual.data_dir).as_posix()
            if path.is_file() and rel not in procedures and not rel.startswith("."):
                sha.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        return "w" + sha.hexdigest()
    commit = register.last_commit_carrying(doc.rel, version.revision)
    return f"c{commit}" if commit else None


def _tree_snapshot(register: Register, doc: Controlled, version: Version, folder: Path, manual: Manual) -> Snapshot:
    assert register.history is not None
    commit = register.last_commit_carrying(doc.rel, version.revision)
    if commit is None:
        raise HistoryError(f"历史中找不到 {doc.rel} {version.revision} 的提交", "检查 git log")
    for rel, blob in register.history.tree(commit).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(register.history.read(blob))
    with unrecorded():  # the history's text, identified by the commit, not read from the data folder
        return load_snapshot(folder, version.revision, estate=manual.estate_id)


def _handbook_mentions(manual: Manual, register: Register, doc: Controlled, earlier: Version,
                       version: Version) -> list[Mention] | None:
    with tempfile.TemporaryDirectory(prefix="handbook-history-") as tmp:
        old = _tree_snapshot(register, doc, earlier, Path(tmp) / "old", manual)
        new = (snapshot_of(manual, version.revision) if version.blob is None
               else _tree_snapshot(register, doc, version, Path(tmp) / "new", manual))
        if old.handbook is None or new.handbook is None:
            return None
        digest = compare(old, new)
    found = list(digest.mentions)
    for sop in digest.sops:  # the procedures the handbook lists or no longer lists
        if sop.status == "added":
            found.append(mention(f"新增{title(sop.title)}", (), pieces(sop.title)))
        elif sop.status == "removed":
            found.append(mention(f"废止{title(sop.title)}", (), ("废止", *pieces(sop.title))))
    if digest.laws:
        found.append(mention("法律法规清单有修改", (), ("法律", "法规", "清单")))
    return found
