"""The follow-up and the thank-you are templates of their own, edited in the template editor; a follow-up is
offered only once the follow-up delay has passed. On the real window's inbox."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from linkorganizer.core import invitations as core
from linkorganizer.core import settings as settings_core
from linkorganizer.db.models import utcnow
from linkorganizer.ui.dialogs.template_dialog import TemplateDialog
from tests.gui.test_inbox_view import focus_on, no_message_boxes, open_inbox  # noqa: F401 - a fixture


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def test_a_follow_up_is_offered_only_after_the_wait_and_uses_its_own_template(qtbot, window, no_message_boxes):
    fresh = core.create_invitation("incoming", "Rin Sato", message="")
    core.transition(fresh, "asked", at=utcnow() - _dt.timedelta(days=2))
    waited = core.create_invitation("incoming", "Noor Haddad", message="")
    core.transition(waited, "asked", at=utcnow() - _dt.timedelta(days=9))
    window.show()
    inbox = open_inbox(window)

    # Asked two days ago (the delay is 7): no follow-up button, H is refused with the day it becomes possible.
    focus_on(qtbot, inbox, "Rin Sato")
    detail = inbox.detail
    assert not detail.buttons["asked"].isVisibleTo(detail)
    assert not detail.copy_ask.isVisibleTo(detail)
    steps = window.undo_stack.count()
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    assert window.undo_stack.count() == steps
    assert [t for _f, t, _a, _n in core.invitation_events(fresh)] == ["asked"]
    assert "follow up from" in detail.error.text() and "once the wait is over" in detail.error.text()

    # Nine days: the follow-up is offered; it copies the follow-up, not the first question.
    focus_on(qtbot, inbox, "Noor Haddad")
    assert detail.buttons["asked"].isVisibleTo(detail)
    assert detail.copy_ask.isVisibleTo(detail) and detail.copy_ask.text() == "Copy follow-up"
    QGuiApplication.clipboard().clear()
    detail.copy_ask.click()
    assert QGuiApplication.clipboard().text().startswith("Hi Noor, just following up")
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    assert [t for _f, t, _a, _n in core.invitation_events(waited)] == ["asked", "asked"]
    assert QGuiApplication.clipboard().text().startswith("Hi Noor, just following up")
    assert "follow-up for Noor is on the clipboard" in window.statusBar().currentMessage()
    # The clock started again: no second follow-up at once.
    inbox.select_invitation(waited)
    assert not detail.buttons["asked"].isVisibleTo(detail)


def test_accepting_puts_the_thank_you_on_the_clipboard(qtbot, window, no_message_boxes):
    iid = core.create_invitation("incoming", "Ana Lima", message="We met at the fintech summit; I'd love to connect.")
    window.show()
    inbox = open_inbox(window)
    focus_on(qtbot, inbox, "Ana Lima")
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)
    assert core.get_invitation(iid).state == "accepted"
    assert QGuiApplication.clipboard().text().startswith("Hi Ana, thank you for connecting")
    assert "A thank-you note is on the clipboard" in window.statusBar().currentMessage()
    inbox.select_invitation(iid)
    assert inbox.detail.copy_ask.text() == "Copy thank-you" and inbox.detail.copy_ask.isVisibleTo(inbox.detail)


def test_the_template_editor_edits_every_template_as_one_step(qtbot, window, monkeypatch):
    dialog = TemplateDialog(window)
    qtbot.addWidget(dialog)
    kinds = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert kinds == ["“How may I help you?”", "Follow-up", "Thank you after accepting", "Polite decline"]
    dialog.show_template("thanks")
    assert dialog.pages.currentIndex() == 2
    dialog.edits[settings_core.TEMPLATE_THANKS].setPlainText("Thanks {first_name}! Glad we are connected.")
    assert dialog.previews[settings_core.TEMPLATE_THANKS].text() == "For Ann Lee: Thanks Ann! Glad we are connected."
    changes = dialog.changes()
    assert changes == {settings_core.TEMPLATE_THANKS: "Thanks {first_name}! Glad we are connected."}
    monkeypatch.setattr(TemplateDialog, "ask", classmethod(lambda cls, parent: changes))
    inbox = open_inbox(window)
    assert inbox.edit_templates()
    assert settings_core.reply_template("thanks") == "Thanks {first_name}! Glad we are connected."
    window.actions.undo.trigger()
    assert settings_core.reply_template("thanks") == settings_core.DEFAULTS[settings_core.TEMPLATE_THANKS]
