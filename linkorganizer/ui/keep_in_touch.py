"""The words for where a keep-in-touch clock stands (core.interactions.KeepInTouch): one set of sentences for the
Keep in touch page, the contact's page and Today, so they never disagree."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from linkorganizer.core.interactions import KeepInTouch
from linkorganizer.ui.localtime import format_day, overdue_text, plural, relative_days


def _tr(text: str) -> str:
    return QCoreApplication.translate("keep_in_touch", text)


def every_text(cadence_days: int) -> str:
    return plural(cadence_days, _tr("every day"), _tr("every {n} days"))


def due_text(status: KeepInTouch) -> str:
    """How late: “due now: nothing logged yet”, “12 days overdue”, “due today”."""
    if status.days_overdue is None:
        return ""
    if status.nothing_logged:
        # Counting from a connection made years ago gives a number that says nothing.
        return _tr("due now: nothing logged yet")
    return overdue_text(status.days_overdue)


def since_text(status: KeepInTouch) -> str:
    """What the clock counts from: “20 Dec 2023”, “connected 20 Dec 2023”, “added 3 Jan 2024”."""
    if status.last_touch is None:
        return ""
    if status.last_touch_source == "connected":
        return _tr("connected {day}").format(day=format_day(status.last_touch))
    if status.last_touch_source == "added":
        return _tr("added {day}").format(day=format_day(status.last_touch))
    return format_day(status.last_touch)


def next_due_text(status: KeepInTouch) -> str:
    """The contact page's line: when they are next due, in the same words as the Keep in touch page."""
    if status.cadence_days is None or status.next_due is None or status.days_overdue is None:
        return _tr("no cadence — set “Keep in touch” above to be reminded")
    every = every_text(status.cadence_days)
    if status.nothing_logged:
        return _tr("now: nothing logged yet, counted from {since} ({every})").format(
            since=since_text(status), every=every
        )
    if status.days_overdue > 0:
        return _tr("{due}, last in touch {since} ({every})").format(
            due=overdue_text(status.days_overdue), since=since_text(status), every=every
        )
    if status.days_overdue == 0:
        return _tr("today ({every})").format(every=every)
    return f"{format_day(status.next_due)}, {relative_days(-status.days_overdue)} ({every})"


__all__ = ["due_text", "every_text", "next_due_text", "since_text"]
