"""``mkdocs serve`` notices a save within a tenth of a second instead of half a second.

MkDocs watches files by polling them (a ``watchdog`` ``PollingObserver``, so that saves are seen on
every file system, network shares and containers included) every 0.5 s: a saved procedure waits
0.25 s on average, 0.5 s at worst, before its rebuild even starts — a quarter of the one-second
budget for a saved step. The handbook's watched files are few (``docs/``, ``mkdocs.yml``,
``procedures/``: about a hundred), so polling them ten times a second costs little: about 1 % of
one core while serve is idle.

MkDocs then waits until no change has come for 0.1 s (``build_delay``) before it builds. That wait
is now as long as the polling interval, so a change spread over more than 0.1 s (a ``git pull``, a
"save all") can be seen in two polls: serve builds the first half, perhaps shows the error page
for a moment, and builds again at once with the rest. Nothing is lost or left wrong; the wait is
kept as it is because a longer one would add its length to every save.

``on_serve`` runs after MkDocs has watched ``docs/`` and ``mkdocs.yml`` (and the theme with
``--watch-theme``) but before its server starts the observer and before it watches the ``watch:``
list. This replaces the observer, not yet started, with one that polls faster and watches the same
paths again through the server's own ``watch``. If a future MkDocs keeps its watches differently,
nothing is changed and MkDocs's own polling stays.
"""

from __future__ import annotations

import logging
from typing import Any

from watchdog.observers.polling import PollingObserver

INTERVAL_S = 0.1

log = logging.getLogger("mkdocs.plugins.handbook")


def poll_faster(server: Any, interval: float = INTERVAL_S) -> bool:
    """Make ``server`` (MkDocs's ``LiveReloadServer``, not yet serving) poll every ``interval``
    seconds; True when it does."""
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(observer, PollingObserver) or observer.is_alive():
        log.debug("mkdocs serve: the file watcher is not the expected one; its polling is left as it is")
        return False
    refs = getattr(server, "_watch_refs", {})
    paths = {path: (count, getattr(refs.get(path), "is_recursive", True)) for path, count in watched.items()}
    for path, (count, _) in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=interval)
    for path, (count, recursive) in paths.items():
        for _ in range(count):
            server.watch(path, recursive=recursive)
    return True
