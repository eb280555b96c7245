"""Others' changes to a shared network, as they are committed: each reaches the views through the one change
signal, described as the window's own changes are.

The server announces every committed operation (``LISTEN``/``NOTIFY``) on a connection of the feed's own; a
:class:`QSocketNotifier` on that connection wakes the window when an announcement arrives, so nothing polls.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from linkorganizer.core.network import ChangeFeed, Network
from linkorganizer.ui.bus import ChangeBus

log = logging.getLogger("linkorganizer.ui")


class LiveFeed(QObject):
    """Publishes on *bus* what other people commit to the window's shared network."""

    # The connection that hears others' changes was lost; the sentence says so (the window keeps working).
    lost = Signal(str)

    def __init__(self, bus: ChangeBus, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._feed: ChangeFeed | None = feed
        self._notifier = QSocketNotifier(feed.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.check)
        self.received = 0  # operations of others shown so far

    @classmethod
    def start(cls, bus: ChangeBus, network: Network, parent: QObject | None = None) -> LiveFeed | None:
        """The feed of *network*, or None for a file (nobody else changes it while the window is open)."""
        feed = network.listen()
        return cls(bus, feed, parent) if feed is not None else None

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
            self.stop()
            self.lost.emit(
                self.tr("The connection that shows others' changes was lost; what you see may be out of date. "
                        "Open the network again to see them.")
            )
            return 0
        for changes in found:
            self.bus.publish(changes)
        self.received += len(found)
        return len(found)

    def stop(self) -> None:
        self._notifier.setEnabled(False)
        feed, self._feed = self._feed, None
        if feed is not None:
            try:
                feed.close()
            except Exception:  # noqa: BLE001 - closing a connection that is already gone
                pass
