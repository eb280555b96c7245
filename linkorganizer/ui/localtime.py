"""Stored times are naive UTC; people read and type local time. The conversions and the "now" of the views.

The core compares the UTC day of a timestamp with the ``today`` it is given, so the views pass :func:`utc_today`.
:func:`freeze` pins "now" (screenshots of the demo network, whose dates are relative to a fixed day).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

_frozen: _dt.datetime | None = None


def freeze(now: _dt.datetime | None) -> None:
    """Make :func:`utc_now` return *now* (naive UTC) until ``freeze(None)``."""
    global _frozen
    _frozen = now


def utc_now() -> _dt.datetime:
    """Now, as the database stores it: naive UTC, whole seconds."""
    if _frozen is not None:
        return _frozen
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None, microsecond=0)


def utc_today() -> _dt.date:
    return utc_now().date()


def to_qdatetime(value: _dt.datetime) -> QDateTime:
    """A stored naive-UTC time as a QDateTime in local time (what QDateTimeEdit shows)."""
    seconds = int(value.replace(tzinfo=_dt.UTC).timestamp())
    return QDateTime.fromSecsSinceEpoch(seconds)


def from_qdatetime(value: QDateTime) -> _dt.datetime:
    """What a QDateTimeEdit holds (local time) as the naive UTC the core stores."""
    return _dt.datetime.fromtimestamp(value.toSecsSinceEpoch(), _dt.UTC).replace(tzinfo=None)


def local_now_q() -> QDateTime:
    return to_qdatetime(utc_now())


def _tr(text: str) -> str:
    return QCoreApplication.translate("localtime", text)


def format_local(value: _dt.datetime | None, with_time: bool = True) -> str:
    """A stored time in the user's local time: "Wed 25 Nov 2026, 10:26" ("" for None)."""
    if value is None:
        return ""
    pattern = "ddd d MMM yyyy, HH:mm" if with_time else "ddd d MMM yyyy"
    return QLocale().toString(to_qdatetime(value), pattern)


def format_short(value: _dt.datetime | None, today: _dt.date | None = None) -> str:
    """Compact, for lists: "10:26" today, "24 Nov" this year, "24 Nov 2024" before."""
    if value is None:
        return ""
    local = to_qdatetime(value)
    today_local = to_qdatetime(utc_now()).date()
    day = local.date()
    if day == today_local:
        return QLocale().toString(local, "HH:mm")
    if day.year() == today_local.year():
        return QLocale().toString(local, "d MMM")
    return QLocale().toString(local, "d MMM yyyy")


def format_day(value: _dt.date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def relative_days(days: int) -> str:
    """*days* from today as words: "today", "yesterday", "3 days ago", "tomorrow", "in 5 days"."""
    if days == 0:
        return _tr("today")
    if days == -1:
        return _tr("yesterday")
    if days == 1:
        return _tr("tomorrow")
    if days < 0:
        return _tr("{n} days ago").format(n=-days)
    return _tr("in {n} days").format(n=days)


def overdue_text(days_overdue: int) -> str:
    """A Due list's lateness: "due today", "1 day overdue", "12 days overdue"."""
    if days_overdue <= 0:
        return _tr("due today") if days_overdue == 0 else _tr("due in {n} days").format(n=-days_overdue)
    if days_overdue == 1:
        return _tr("1 day overdue")
    return _tr("{n} days overdue").format(n=days_overdue)


def plural(n: int, one: str, many: str) -> str:
    """*one* or *many* (both translated, with ``{n}``) for the count *n*: "1 day", "3 days"."""
    return (one if n == 1 else many).replace("{n}", str(n))
