"""The engine's work kept between builds (``handbook_mkdocs.built``), proven rather than trusted:
after every kind of change an input can make, what the cache answers is compared with the engine
run from scratch, and the cache must have noticed the change (run the engine again) or not."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import handbook_mkdocs.built as built
from handbook_mkdocs.built import Built, BuiltPage, engine, run_engine
from helpers import mini_estates, mini_project
from history_repo import TODAY, commit, git, make_repo

CACHE = ".cache/handbook"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


class Counting:
    """``run_engine`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        return run_engine(*args)


def shown(answer: built.Engine) -> tuple[Any, ...]:
    """An answer as the build uses it: the site, and each problem and note as said."""
    site, problems, notes = answer
    return site, [(p.format(), p.severity) for p in problems], notes


def test_the_plain_form_holds_every_fact_the_plugin_uses(project: Path) -> None:
    site, problems, notes = run_engine(project / "procedures", project, TODAY, None, "https://example.com/", [], None)
    assert site is not None and not problems and not notes
    again = Built.from_data(json.loads(json.dumps(site.to_data())))
    assert again == site  # every field of Built, BuiltPage and SearchWords, whatever is added to them
    assert {f.name for f in dataclasses.fields(BuiltPage)} == {"path", "markdown", "source", "listed", "boost"}
    assert any(not p.listed for p in site.pages), "the pending revisions' pages are not in the navigation"
    assert site.boost("guide.md") is not None and site.boost("no-such-page.md") is None


def test_each_input_that_changes_the_pages_is_noticed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting()
    monkeypatch.setattr(built, "run_engine", counting)
    data = project / "procedures"
    options: dict[str, Any] = {"day": TODAY, "site_url": "https://example.com/"}

    def answer(expect_run: bool) -> None:
        before = counting.calls
        got = engine(data, project, options["day"], None, options["site_url"], [], CACHE)
        assert counting.calls == before + expect_run
        fresh = run_engine(data, project, options["day"], None, options["site_url"], [], None)
        assert shown(got) == shown(fresh)  # the recalled answer is the engine's, byte for byte

    answer(True)  # nothing kept yet
    assert (project / CACHE / "site.json").is_file()
    answer(False)  # nothing changed: recalled
    sop = data / "sops" / "repair.yaml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("问清房号和电话", "问清房号和手机"), encoding="utf-8")
    answer(True)  # a data file
    answer(False)
    commit(project, "报修处理程序：检查项措辞", "2026-05-25T10:00:00+08:00")
    answer(True)  # the history: the same bytes, now committed
    git(project, "commit", "-q", "--allow-empty", "-m", "空提交", when="2026-05-26T10:00:00+08:00")
    answer(True)  # another commit checked out
    options["day"] = TODAY.replace(day=2)
    answer(True)  # another day
    options["site_url"] = "https://handbook.example.com/"
    answer(True)  # the site's address (the QR codes)
    (project / "pdf").mkdir()
    (project / "pdf" / "handbook.pdf").write_bytes(b"%PDF-1.7\n")
    answer(True)  # a PDF made by make pdf
    answer(False)


def test_a_damaged_or_foreign_file_is_said_and_not_used(project: Path) -> None:
    data = project / "procedures"
    said: list[str] = []
    first = engine(data, project, TODAY, None, None, [], CACHE, say=said.append)
    kept = project / CACHE / "site.json"
    text = kept.read_text(encoding="utf-8")
    kept.write_text(text.replace("问清房号", "问清门牌"), encoding="utf-8")  # edited: the seal no longer fits
    assert engine(data, project, TODAY, None, None, [], CACHE, say=said.append) == first
    assert said and "site.json" in said[0] and "校验值不符" in said[0]
    kept.write_text("{not json", encoding="utf-8")
    assert engine(data, project, TODAY, None, None, [], CACHE, say=said.append) == first
    assert "不是有效的 JSON" in said[-1]


def test_warnings_are_kept_and_said_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = project / "procedures"
    sop = data / "sops" / "repair.yaml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("last_reviewed: 2026-01-01", "last_reviewed: 2020-01-01"),
                   encoding="utf-8")
    first = engine(data, project, TODAY, None, None, [], CACHE)
    assert any("已过复审期" in p.message and p.severity == "warning" for p in first[1])
    counting = Counting()
    monkeypatch.setattr(built, "run_engine", counting)
    again = engine(data, project, TODAY, None, None, [], CACHE)
    assert counting.calls == 0 and shown(again) == shown(first)


def test_errors_are_not_kept_and_serve_rebuilds_only_recall(project: Path) -> None:
    data = project / "procedures"
    kept = project / CACHE / "site.json"
    engine(data, project, TODAY, None, None, [], CACHE, remember=False)
    assert not kept.exists()  # a rebuild under serve follows an edit: it recalls, never writes
    sop = data / "sops" / "repair.yaml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("owner: ", "owner: nobody-", 1), encoding="utf-8")
    site, problems, _ = engine(data, project, TODAY, None, None, [], CACHE)
    assert site is None and problems  # errors: nothing to keep
    assert not kept.exists()


def test_each_estate_keeps_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = mini_project(tmp_path)
    data = project / "procedures"
    names = {"garden": "测试花园", "river": "测试河畔"}
    mini_estates(data, names)
    counting = Counting()
    monkeypatch.setattr(built, "run_engine", counting)
    for _ in range(2):  # make build-all: each estate in turn, twice
        for estate in ("garden", "river"):
            site, _, _ = engine(data, project, TODAY, estate, None, [], CACHE)
            assert site is not None and names[estate] in site.name
    assert counting.calls == 2  # the second round recalled both
    assert len(list((project / CACHE).glob("site-*.json"))) == 2
