"""``mkdocs serve`` polls the watched files every 0.1 s (watching.py), and still sees every save."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from handbook_mkdocs.watching import INTERVAL_S, poll_faster


def _server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def _watched(server: LiveReloadServer) -> set[tuple[str, bool]]:
    return {(emitter.watch.path, emitter.watch.is_recursive) for emitter in server.observer.emitters}


def test_the_same_paths_are_watched_by_a_faster_observer(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    server = _server(tmp_path / "site")
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "docs"))  # watched twice: still one watch, counted twice
    server.watch(str(tmp_path / "mkdocs.yml"))
    (tmp_path / "flat").mkdir()
    server.watch(str(tmp_path / "flat"), recursive=False)  # stays not recursive
    before = _watched(server)
    assert (str(tmp_path / "flat"), False) in before
    assert server.observer.timeout == 0.5  # MkDocs's own interval, which this changes

    assert poll_faster(server) is True
    assert isinstance(server.observer, PollingObserver) and server.observer.timeout == INTERVAL_S == 0.1
    assert _watched(server) == before
    server.unwatch(str(tmp_path / "docs"))  # the counts survive: one unwatch leaves the other
    assert _watched(server) == before


def test_a_save_is_seen(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    source = tmp_path / "procedures" / "a.yaml"
    source.write_text("id: a\n", encoding="utf-8")
    server = _server(tmp_path / "site")
    poll_faster(server)
    server.watch(str(tmp_path / "procedures"))  # as MkDocs watches the watch: list, after on_serve
    server.observer.start()
    try:
        time.sleep(0.3)  # the first snapshot
        source.write_text("id: b\n", encoding="utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    finally:
        server.observer.stop()
        server.observer.join()


def test_an_unexpected_server_is_left_as_it_is_and_said_so(tmp_path: Path, caplog) -> None:
    server = _server(tmp_path)
    server.observer.start()  # already running: too late to replace
    try:
        with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.handbook"):
            assert poll_faster(server) is False
        assert server.observer.timeout == 0.5
        assert "PollingObserver" in caplog.text  # not silent: the terminal says why saves are slower
    finally:
        server.observer.stop()
        server.observer.join()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.handbook"):
        assert poll_faster(object()) is False  # type: ignore[arg-type]
    assert "PollingObserver" in caplog.text
