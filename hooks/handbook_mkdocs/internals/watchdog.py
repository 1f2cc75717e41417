"""watchdog's internals the adapter uses: MkDocs' live-reload server polls with watchdog's
``PollingObserver(timeout=…)``; a watch's ``ObservedWatch.is_recursive`` says how to watch its
path again. ``tests/mkdocs/test_internals.py`` checks both against the installed watchdog."""

from __future__ import annotations

from typing import Any

from watchdog.observers.polling import PollingObserver


def polling_observer(interval: float) -> PollingObserver:
    return PollingObserver(timeout=interval)


def is_idle_poller(observer: Any) -> bool:
    """Whether ``observer`` is a polling observer that has not started yet."""
    return isinstance(observer, PollingObserver) and not observer.is_alive()
