"""core.settings: per-network JSON settings with named defaults, validation and an exact undo."""

from __future__ import annotations

import pytest

from linkorganizer.core import settings
from linkorganizer.core.settings import UNSET, SettingError, get_setting, reset_setting, set_setting
from linkorganizer.db import current_database
from linkorganizer.db.models import Setting


def test_defaults_when_nothing_is_stored(db) -> None:
    assert get_setting(settings.FOLLOW_UP_DAYS) == 7
    assert get_setting(settings.WEEKLY_CALL_GOAL) == 3
    assert settings.follow_up_days() == 7
    assert settings.weekly_call_goal() == 3
    assert "How may I help you?" in settings.reply_template("ask")
    assert "{first_name}" in settings.reply_template("decline")
    assert Setting.select().count() == 0  # reading never writes


def test_set_returns_previous_and_undo_restores_exactly(db, dump) -> None:
    empty = dump()
    assert set_setting(settings.FOLLOW_UP_DAYS, 10) is UNSET
    assert settings.follow_up_days() == 10
    after_first = dump()
    assert set_setting(settings.FOLLOW_UP_DAYS, 14) == 10
    assert set_setting(settings.FOLLOW_UP_DAYS, 10) == 14  # undo of the second
    assert dump() == after_first
    assert set_setting(settings.FOLLOW_UP_DAYS, UNSET) == 10  # undo of the first
    assert dump() == empty
    assert settings.follow_up_days() == 7


def test_values_are_stored_as_json(db) -> None:
    set_setting("view.columns", ["name", "company"])
    set_setting(settings.TEMPLATE_ASK, "Hallo {first_name} — wie kann ich helfen?")
    raw = dict(current_database().execute_sql("SELECT key, value FROM setting").fetchall())
    assert raw["view.columns"] == '["name", "company"]'
    assert raw[settings.TEMPLATE_ASK] == '"Hallo {first_name} — wie kann ich helfen?"'
    assert get_setting("view.columns") == ["name", "company"]


def test_unknown_keys_read_as_none_or_the_given_default(db) -> None:
    assert get_setting("nothing.here") is None
    assert get_setting("nothing.here", 5) == 5
    assert get_setting(settings.FOLLOW_UP_DAYS, 99) == 99  # an explicit default wins over the named one


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (settings.FOLLOW_UP_DAYS, 0),
        (settings.FOLLOW_UP_DAYS, 366),
        (settings.FOLLOW_UP_DAYS, "7"),
        (settings.FOLLOW_UP_DAYS, 7.5),
        (settings.FOLLOW_UP_DAYS, True),
        (settings.WEEKLY_CALL_GOAL, -1),
        (settings.WEEKLY_CALL_GOAL, 101),
        (settings.TEMPLATE_ASK, 42),
        (settings.TEMPLATE_DECLINE, "x" * (settings.TEMPLATE_MAX + 1)),
        ("anything", object()),
        ("", 1),
    ],
)
def test_bad_values_are_refused_with_a_sentence(db, key, value) -> None:
    with pytest.raises(SettingError) as caught:
        set_setting(key, value)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).endswith(".")
    assert Setting.select().count() == 0


def test_a_zero_goal_is_allowed(db) -> None:
    set_setting(settings.WEEKLY_CALL_GOAL, 0)
    assert settings.weekly_call_goal() == 0


def test_unusable_stored_values_fall_back_to_the_default(db) -> None:
    # An archive from elsewhere, or a hand-edited file: never a crash.
    Setting.insert(key=settings.FOLLOW_UP_DAYS, value='"seven"').execute()
    Setting.insert(key=settings.WEEKLY_CALL_GOAL, value="not json").execute()
    assert settings.follow_up_days() == 7
    assert settings.weekly_call_goal() == 3


def test_reset_forgets_the_value(db) -> None:
    set_setting(settings.WEEKLY_CALL_GOAL, 5)
    assert reset_setting(settings.WEEKLY_CALL_GOAL) == 5
    assert settings.weekly_call_goal() == 3
    assert reset_setting(settings.WEEKLY_CALL_GOAL) is UNSET


def test_reply_templates_by_kind(db) -> None:
    assert settings.set_reply_template("decline", "No thanks, {first_name}.") is UNSET
    assert settings.reply_template("decline") == "No thanks, {first_name}."
    with pytest.raises(SettingError):
        settings.reply_template("shout")
    with pytest.raises(SettingError):
        settings.set_reply_template("shout", "HEY")
