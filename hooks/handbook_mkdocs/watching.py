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
paths again through the server's own ``watch``. The server's watches and observer are MkDocs
internals (``internals/mkdocs.py``), the observer watchdog's (``internals/watchdog.py``); if they
are not as expected, serve says so on the terminal and keeps MkDocs's own polling, and the guard
tests fail.
"""

from __future__ import annotations

import logging

from mkdocs.livereload import LiveReloadServer

from handbook_mkdocs.internals import mkdocs as internals
from handbook_mkdocs.internals import watchdog

INTERVAL_S = 0.1

log = logging.getLogger("mkdocs.plugins.handbook")


def poll_faster(server: LiveReloadServer, interval: float = INTERVAL_S) -> bool:
    """Make ``server`` (MkDocs's ``LiveReloadServer``, not yet serving) poll every ``interval``
    seconds; True when it does."""
    if not watchdog.is_idle_poller(internals.observer(server)):
        log.warning("mkdocs serve：文件监视器不是预期的 watchdog PollingObserver（MkDocs 或 watchdog 已升级？），"
                    "保存后约 0.5 秒才开始重建；请检查 hooks/handbook_mkdocs/internals/")
        return False
    paths = internals.watches(server)
    for path, (count, _) in paths.items():
        for _ in range(count):
            server.unwatch(path)
    internals.set_observer(server, watchdog.polling_observer(interval))
    for path, (count, recursive) in paths.items():
        for _ in range(count):
            server.watch(path, recursive=recursive)
    return True
