"""Others' changes to a shared network, as they are committed: each reaches the views through the one change
signal, described as the window's own changes are.

The server announces every committed operation (``LISTEN``/``NOTIFY``) on a connection of the feed's own; a
:class:`QSocketNotifier` on that connection wakes the window when an announcement arrives, so nothing polls.
When that connection is lost (the server restarted, the network was cut), the feed says so and tries again every
few seconds; once it listens again, every view reads the network anew, as what was missed is not known.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from linkorganizer.core.network import ChangeFeed, Changes, Network
from linkorganizer.ui.bus import ChangeBus

log = logging.getLogger("linkorganizer.ui")
RETRY_MS = 5000


class LiveFeed(QObject):
    """Publishes on *bus* what other people commit to the window's shared network."""

    # The connection that hears others' changes was lost; the sentence says so (the window keeps working).
    lost = Signal(str)
    # It hears them again (and the views have read the network anew).
    resumed = Signal()

    def __init__(self, bus: ChangeBus, network: Network, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.network = network
        self._feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._reconnect)
        self.received = 0  # operations of others shown so far
        self._watch(feed)

    @classmethod
    def start(cls, bus: ChangeBus, network: Network, parent: QObject | None = None) -> LiveFeed | None:
        """The feed of *network*, or None for a file (nobody else changes it while the window is open)."""
        feed = network.listen()
        return cls(bus, network, feed, parent) if feed is not None else None

    def _watch(self, feed: ChangeFeed) -> None:
        self._feed = feed
        self._notifier = QSocketNotifier(feed.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.check)

    @property
    def listening(self) -> bool:
        return self._feed is not None

    def check(self, *_args: object) -> int:
        """Publish what has been announced since the last check; the number of others' operations shown."""
        if self._feed is None:
            return 0
        try:
            found = self._feed.poll()
        except Exception as exc:  # noqa: BLE001 - any failure of the listening connection ends the feed alone
            log.info("live changes stopped: %s", type(exc).__name__)
            self._close_feed()
            self._retry.start()
            self.lost.emit(
                self.tr("The connection that shows others' changes was lost; what you see may be out of date. "
                        "It is tried again every few seconds.")
            )
            return 0
        for changes in found:
            self.bus.publish(changes)
        self.received += len(found)
        return len(found)

    def _reconnect(self) -> None:
        try:
            feed = self.network.listen()
        except Exception as exc:  # noqa: BLE001 - the server still does not answer: the timer tries again
            log.debug("live changes not back yet: %s", type(exc).__name__)
            return
        if feed is None:
            return
        self._retry.stop()
        self._watch(feed)
        log.info("live changes back")
        self.bus.publish(Changes.everything())  # what was missed meanwhile is not known: read it all again
        self.resumed.emit()

    def _close_feed(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        feed, self._feed = self._feed, None
        if feed is not None:
            try:
                feed.close()
            except Exception:  # noqa: BLE001 - closing a connection that is already gone
                pass

    def stop(self) -> None:
        self._retry.stop()
        self._close_feed()
