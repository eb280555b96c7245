"""Per-network settings: JSON values in the ``setting`` table, with named defaults.

These travel with the network file (and its JSON archive), unlike the window geometry the UI keeps in QSettings:
the follow-up delay and the weekly call goal are part of how this person runs *this* network.

A key that was never set reads as its default. :func:`set_setting` returns what was stored before — or
:data:`UNSET` when nothing was — so an undo is ``set_setting(key, previous)`` (setting :data:`UNSET` deletes the
row, giving the default back).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import Any, Final

from linkorganizer.core.contacts import ValidationError
from linkorganizer.db import atomic
from linkorganizer.db.models import Setting


class _Unset(enum.Enum):
    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks "no value stored" (as a previous value, and as a value to set: delete the row)."""

FOLLOW_UP_DAYS: Final = "follow_up_days"
WEEKLY_CALL_GOAL: Final = "weekly_call_goal"
TEMPLATE_ASK: Final = "template_ask"
TEMPLATE_DECLINE: Final = "template_decline"
SAVED_VIEWS: Final = "saved_views"  # the contact table's named views (core.saved_views reads them)
# How many automatic snapshots of this network are kept (linkorganizer.core.snapshots): the last ones taken
# before an import, a restore, a bulk deletion …, and the last daily ones.
SNAPSHOTS_KEEP_EVENTS: Final = "snapshots_keep_events"
SNAPSHOTS_KEEP_DAILY: Final = "snapshots_keep_daily"
TEMPLATE_FOLLOW_UP: Final = "template_follow_up"
TEMPLATE_THANKS: Final = "template_thanks"

# Reply templates by kind, in the order of the method: ask, follow up once the wait has passed, thank after
# accepting, or decline. Placeholders: {first_name} and {name}; anything else in braces is left as written.
TEMPLATE_KEYS: Final[dict[str, str]] = {
    "ask": TEMPLATE_ASK,
    "follow_up": TEMPLATE_FOLLOW_UP,
    "thanks": TEMPLATE_THANKS,
    "decline": TEMPLATE_DECLINE,
}

DEFAULTS: Final[dict[str, Any]] = {
    FOLLOW_UP_DAYS: 7,
    WEEKLY_CALL_GOAL: 3,
    SNAPSHOTS_KEEP_EVENTS: 10,
    SNAPSHOTS_KEEP_DAILY: 7,
    TEMPLATE_ASK: "Hi {first_name}, thank you for the invitation. How may I help you?",
    TEMPLATE_DECLINE: (
        "Hi {first_name}, thank you for thinking of me. I keep my network to people I have worked with or "
        "spoken to, so I will not connect for now. I wish you every success."
    ),
    SAVED_VIEWS: [],
    TEMPLATE_FOLLOW_UP: (
        "Hi {first_name}, just following up on your invitation: I would be glad to connect once I know what "
        "you are looking for. What could I help you with?"
    ),
    TEMPLATE_THANKS: (
        "Hi {first_name}, thank you for connecting, and for telling me what you are working on. "
        "I look forward to staying in touch; let me know how I can help."
    ),
}

TEMPLATE_MAX = 5000


class SettingError(ValidationError):
    """A value that this setting cannot take, with a sentence saying why."""


def _int_between(low: int, high: int, what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(f"{what} is a whole number.")
        if not low <= value <= high:
            raise SettingError(f"{what} must be between {low} and {high}.")
        return value

    return check


def _template(value: Any) -> Any:
    if not isinstance(value, str):
        raise SettingError("A reply template is text.")
    if len(value) > TEMPLATE_MAX:
        raise SettingError(f"A reply template can be at most {TEMPLATE_MAX} characters long.")
    return value


def _saved_views(value: Any) -> Any:
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("query", {}), dict)
        for item in value
    ):
        raise SettingError("Saved views are a list of named searches.")
    return value


VALIDATORS: Final[dict[str, Callable[[Any], Any]]] = {
    FOLLOW_UP_DAYS: _int_between(1, 365, "The follow-up delay (days)"),
    WEEKLY_CALL_GOAL: _int_between(0, 100, "The weekly call goal"),
    SNAPSHOTS_KEEP_EVENTS: _int_between(1, 100, "The number of snapshots kept before changes"),
    SNAPSHOTS_KEEP_DAILY: _int_between(0, 365, "The number of daily snapshots kept"),
    TEMPLATE_ASK: _template,
    TEMPLATE_DECLINE: _template,
    SAVED_VIEWS: _saved_views,
    TEMPLATE_FOLLOW_UP: _template,
    TEMPLATE_THANKS: _template,
}


def _stored(key: str) -> Any:
    """The stored value, or UNSET (also for a value that is not JSON: a hand-edited file must not crash us)."""
    raw = Setting.select(Setting.value).where(Setting.key == key).scalar()
    if raw is None:
        return UNSET
    try:
        return json.loads(raw)
    except ValueError:
        return UNSET


def get_setting(key: str, default: Any = UNSET) -> Any:
    """The value of *key*; when it is not stored (or a known key holds an unusable value), *default* if given,
    else the named default (None for an unknown key)."""
    fallback = DEFAULTS.get(key) if default is UNSET else default
    value = _stored(key)
    if value is UNSET:
        return fallback
    check = VALIDATORS.get(key)
    if check is not None:
        try:
            check(value)
        except SettingError:
            return fallback  # e.g. an archive from elsewhere with "follow_up_days": "seven"
    return value


def set_setting(key: str, value: Any) -> Any:
    """Store *value* (JSON-serialisable) under *key*; :data:`UNSET` removes the key. Returns the previously
    stored value, or :data:`UNSET` — pass it back to undo. Raises :class:`SettingError` for a bad value."""
    if not key:
        raise SettingError("A setting needs a name.")
    if value is not UNSET:
        check = VALIDATORS.get(key)
        if check is not None:
            value = check(value)
        try:
            encoded = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            raise SettingError(f"The setting {key!r} cannot hold a value of type {type(value).__name__}.") from None
    with atomic():
        previous = _stored(key)
        if value is UNSET:
            Setting.delete().where(Setting.key == key).execute()
        else:
            Setting.insert(key=key, value=encoded).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: encoded}
            ).execute()
    return previous


def reset_setting(key: str) -> Any:
    """Forget the stored value (the default applies again); returns the previous one for undo."""
    return set_setting(key, UNSET)


# ---------------------------------------------------------------------------------------------- typed access


def follow_up_days() -> int:
    """Days after asking "How may I help you?" before an unanswered invitation is due for a follow-up."""
    return int(get_setting(FOLLOW_UP_DAYS))


def weekly_call_goal() -> int:
    """How many introduction calls a week the user aims for."""
    return int(get_setting(WEEKLY_CALL_GOAL))


def reply_template(kind: str) -> str:
    """The (possibly edited) reply template of *kind* (a key of :data:`TEMPLATE_KEYS`: "ask", "follow_up",
    "thanks" or "decline"), placeholders not yet filled in."""
    key = TEMPLATE_KEYS.get(kind)
    if key is None:
        raise SettingError(f"There is no reply template called {kind!r}.")
    return str(get_setting(key))


def set_reply_template(kind: str, text: str) -> Any:
    """Store an edited template; returns the previous stored value (or UNSET) for undo."""
    key = TEMPLATE_KEYS.get(kind)
    if key is None:
        raise SettingError(f"There is no reply template called {kind!r}.")
    return set_setting(key, text)


__all__ = [
    "DEFAULTS",
    "FOLLOW_UP_DAYS",
    "SAVED_VIEWS",
    "TEMPLATE_ASK",
    "TEMPLATE_DECLINE",
    "TEMPLATE_FOLLOW_UP",
    "TEMPLATE_KEYS",
    "TEMPLATE_THANKS",
    "UNSET",
    "WEEKLY_CALL_GOAL",
    "SettingError",
    "follow_up_days",
    "get_setting",
    "reply_template",
    "reset_setting",
    "set_reply_template",
    "set_setting",
    "weekly_call_goal",
]
