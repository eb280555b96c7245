"""A desktop notification when something on the Today page falls due while the app runs.

Only where the desktop has a system tray (QSystemTrayIcon.isSystemTrayAvailable): elsewhere, and offscreen in
tests, nothing is created and no timer runs. A timer looks at most every few minutes; what was due when the app
started, or was already announced, is not announced again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from linkorganizer.core import today as today_core
from linkorganizer.ui import icons
from linkorganizer.ui.localtime import plural, utc_today

CHECK_EVERY_MS = 5 * 60 * 1000


def newly_due(seen: set[tuple[str, int]], entries: Iterable[today_core.TodayEntry]) -> list[today_core.TodayEntry]:
    """The entries not announced yet; *seen* takes them in."""
    fresh = [e for e in entries if e.key not in seen]
    seen.update(e.key for e in fresh)
    return fresh


class TodayNotifier(QObject):
    def __init__(self, icon: QIcon, on_click: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        self._seen: set[tuple[str, int]] = set()
        self._timer: QTimer | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        # A tray entry without an icon is refused with a warning: fall back to Today's own.
        self.tray = QSystemTrayIcon(icon if not icon.isNull() else icons.icon("today"), self)
        self.tray.setToolTip(self.tr("LinkOrganizer"))
        self.tray.messageClicked.connect(on_click)
        self.tray.activated.connect(lambda _reason: on_click())
        self.tray.show()
        newly_due(self._seen, today_core.gather(utc_today()))  # what is due at start is on the page already
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        if self.tray is None:
            return
        try:
            fresh = newly_due(self._seen, today_core.gather(utc_today()))
        except Exception:  # noqa: BLE001 - a notification is never worth an error dialog; the next check retries
            return
        if not fresh:
            return
        first = fresh[0]
        title = plural(len(fresh), self.tr("{n} new thing for today"), self.tr("{n} new things for today"))
        text = first.text if first.kind == "reminder" else first.name
        if len(fresh) > 1:
            text += " " + plural(len(fresh) - 1, self.tr("and {n} more"), self.tr("and {n} more"))
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.tray is not None:
            self.tray.hide()


__all__ = ["TodayNotifier", "newly_due"]
