"""The Today page in the real window: job changes that stay after a re-import, every entry with its steps in place
(and undo), reminders from the contact, and what a call or a reply taught reaching the contact."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from linkorganizer.core import contacts, interactions, introductions, invitations
from linkorganizer.core import job_changes as job_changes_core
from linkorganizer.core import reminders as reminders_core
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.network import Changes
from linkorganizer.db import close_database, open_database
from linkorganizer.db.models import Contact, JobChange
from linkorganizer.ui.dialogs.interaction_dialog import InteractionDialog, InteractionInput
from linkorganizer.ui.dialogs.record_call_dialog import CallOutcome, RecordCallDialog
from linkorganizer.ui.dialogs.reminder_dialog import ReminderDialog, ReminderInput
from linkorganizer.ui.localtime import utc_now, utc_today
from linkorganizer.ui.models.contact_table import COLUMN_INDEX
from linkorganizer.ui.today_notifier import newly_due


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def import_now(qtbot, window, path: Path):
    task = window.import_file(path, preview=False)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000) as blocker:
        pass
    return blocker.args[0]


def show_today(window):
    window.navigation.setCurrentRow(window.views.indexOf(window.today_view))
    return window.today_view


def kinds(view) -> list[tuple[str, str]]:
    return [(e.kind, e.name) for e in view.entries()]


def test_today_is_the_first_page_and_a_network_with_people_opens_on_it(qtbot, make_window, tmp_path):
    open_database(tmp_path / "net.db")
    contacts.create_contact({"first_name": "Ada", "last_name": "Quill", "birthday": utc_today().isoformat()})
    close_database()
    window = make_window()
    assert window.navigation.item(0).text().startswith("Today")
    assert window.views.widget(0).objectName() == "todayView"
    assert window.views.currentWidget() is window.today_view
    assert kinds(window.today_view) == [("birthday", "Ada Quill")]
    assert window.navigation.item(0).text() == "Today  1"
    # No tray offscreen: the notifier creates nothing and runs no timer.
    assert window.today_notifier.tray is None


def test_an_empty_network_still_opens_on_the_import(window):
    assert window.views.currentWidget() is window.contacts_view
    assert window.contacts_view.pages.currentWidget() is window.contacts_view.empty


def test_today_lists_the_job_changes_of_a_re_import(qtbot, window, monkeypatch):
    import_now(qtbot, window, LINKEDIN / "connections_2024.csv")
    report = import_now(qtbot, window, LINKEDIN / "connections_2025_job_changes.csv")
    names = sorted(c.name for c in report.job_changes)
    assert names == ["Ada Quill", "Chiara Moretti", "Émile Lefèvre"]

    # The report's lines open the contact.
    dialog = window.report_dialog
    assert dialog.job_list.count() == 3
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "3 job changes: a good moment to say congratulations. Today lists them until you do; double-click a " \
           "line to open the contact." in texts
    ada = Contact.get(Contact.first_name == "Ada").id
    row = next(i for i in range(3) if dialog.job_list.item(i).text().startswith("Ada Quill"))
    dialog.job_list.itemActivated.emit(dialog.job_list.item(row))
    assert window.views.currentWidget() is window.contacts_view
    assert window.contacts_view.selected_ids() == [ada]

    # The mark stays on the contact: the editor, the column, the filter.
    history = window.contacts_view.editor.history
    assert history.job_change.isVisibleTo(history)
    assert "Head of Product at Northwind Analytics → Head of Product at Contoso Payments" in history.job_change.text()
    model = window.contacts_view.model
    column = COLUMN_INDEX["job_changed"]
    assert model.index(model.row_of(ada), column).data() == utc_today().isoformat()
    changed = query_contact_ids(ContactQuery(job_changed=True))
    assert sorted(Contact.get_by_id(i).first_name for i in changed) == ["Ada", "Chiara", "Émile"]

    today = show_today(window)
    assert sorted(name for kind, name in kinds(today) if kind == "job_change") == names
    entry = next(e for e in today.entries() if e.kind == "job_change" and e.name == "Ada Quill")
    assert today.row_for("job_change", entry.ref).detail.text().startswith(
        "Head of Product at Northwind Analytics → Head of Product at Contoso Payments")

    # Dismiss: off Today (one undoable step), still on the contact.
    today.row_for("job_change", entry.ref).buttons["dismiss"].click()
    assert "Ada Quill" not in [n for k, n in kinds(today) if k == "job_change"]
    assert job_changes_core.of_contact(ada)[0].dismissed_at is not None
    assert "Edit ▸ Undo" in window.statusBar().currentMessage()
    window.actions.undo.trigger()
    assert "Ada Quill" in [n for k, n in kinds(today) if k == "job_change"]

    # Congratulate: the message is logged and the entry goes, in one step.
    chiara = next(e for e in today.entries() if e.kind == "job_change" and e.name == "Chiara Moretti")
    today.row_for("job_change", chiara.ref).buttons["congratulate"].click()
    assert [i.kind for i in interactions.list_interactions(chiara.contact_id)] == ["message"]
    assert "Chiara Moretti" not in [n for k, n in kinds(today) if k == "job_change"]
    window.actions.undo.trigger()
    assert interactions.list_interactions(chiara.contact_id) == []

    # Undoing the import takes its marks with it.
    window.actions.undo.trigger()
    assert JobChange.select().count() == 0
    assert [k for k, _ in kinds(today)] == []


def test_each_entry_is_actionable_in_place_with_undo(qtbot, window, monkeypatch):
    today_date = utc_today()
    due = contacts.create_contact({"first_name": "Dana", "last_name": "Due", "cadence_days": 30})
    interactions.log_interaction(due, "message", utc_now() - _dt.timedelta(days=45))
    caller = contacts.create_contact({"first_name": "Cal", "last_name": "Today"})
    late = contacts.create_contact({"first_name": "Lou", "last_name": "Late"})
    call_today = introductions.schedule_call(caller, utc_now().replace(hour=23, minute=0, second=0))
    call_past = introductions.schedule_call(late, utc_now() - _dt.timedelta(days=2))
    inv = invitations.create_invitation("incoming", "Finn Follow", sent_at=utc_now() - _dt.timedelta(days=40))
    invitations.transition(inv, "asked", at=utc_now() - _dt.timedelta(days=30))
    window.bus.publish(Changes.everything())
    today = show_today(window)
    assert kinds(today) == [
        ("call", "Cal Today"), ("unrecorded_call", "Lou Late"), ("follow_up", "Finn Follow"),
        ("keep_in_touch", "Dana Due"),
    ]
    assert today.summary.text().startswith("4 things to see to.")

    # Put off until tomorrow: gone today, back with undo.
    assert today.snooze(today.entries()[3], 1)
    assert ("keep_in_touch", "Dana Due") not in kinds(today)
    window.actions.undo.trigger()
    assert ("keep_in_touch", "Dana Due") in kinds(today)

    # Log from Today: the clock starts again, the entry goes.
    monkeypatch.setattr(InteractionDialog, "ask", classmethod(
        lambda cls, parent, contact_id=None, person=None, **_options: InteractionInput(contact_id, "call", utc_now(), "")))
    today.row_for("keep_in_touch", due).buttons["log"].click()
    assert ("keep_in_touch", "Dana Due") not in kinds(today)

    # Follow up in place.
    today.row_for("follow_up", inv).buttons["follow_up"].click()
    assert ("follow_up", "Finn Follow") not in kinds(today)
    assert len(invitations.get_invitation(inv).reply) == 0

    # Record the past call from Today: what it taught reaches the contact and search.
    monkeypatch.setattr(RecordCallDialog, "ask", classmethod(lambda cls, parent, row: CallOutcome(
        notes="Good talk", their_needs="an intro to a payments lawyer", my_offer="", outcome="keep_in_touch",
        held_at=row.scheduled_at)))
    today.row_for("unrecorded_call", call_past).buttons["record"].click()
    assert ("unrecorded_call", "Lou Late") not in kinds(today)
    held_on = (utc_now() - _dt.timedelta(days=2)).date().isoformat()
    help_them = contacts.get_contact(late).values["help_them"]
    assert help_them == f"{held_on}, call, what they need: an intro to a payments lawyer"
    assert query_contact_ids(ContactQuery(text="lawyer")) == [late]
    window.actions.undo.trigger()
    assert contacts.get_contact(late).values["help_them"] == ""
    assert ("unrecorded_call", "Lou Late") in kinds(today)
    assert call_today in [e.ref for e in today.entries() if e.kind == "call"]
    assert today_date == utc_today()


def test_reminders_from_the_contact_reach_today_and_are_done_with_undo(qtbot, window, monkeypatch):
    lea = contacts.create_contact({"first_name": "Léa", "last_name": "Martin"})
    window.bus.publish(Changes.everything())
    window.contacts_view.select_ids([lea])
    history = window.contacts_view.editor.history
    due_on = utc_today()
    monkeypatch.setattr(ReminderDialog, "ask", classmethod(
        lambda cls, parent, contact_id=None, person=None: ReminderInput("Send Léa the intro", due_on, contact_id)))
    history.remind_button.click()
    assert history.reminders.isVisibleTo(history)
    assert history.reminders.text().endswith("Send Léa the intro")
    # A later one waits for its day.
    monkeypatch.setattr(ReminderDialog, "ask", classmethod(lambda cls, parent, contact_id=None, person=None:
                                                           ReminderInput("Ask about the move", due_on
                                                                         + _dt.timedelta(days=5), contact_id)))
    history.remind_button.click()
    today = show_today(window)
    assert [(e.kind, e.text) for e in today.entries()] == [("reminder", "Send Léa the intro")]
    entry = today.entries()[0]
    assert today.row_for("reminder", entry.ref).detail.text() == "Léa Martin · today"
    today.row_for("reminder", entry.ref).buttons["done"].click()
    assert today.entries() == []
    assert "Nothing asks for you today" in today.content.findChild(QLabel, "noMatch").text()
    window.actions.undo.trigger()
    assert [e.text for e in today.entries()] == ["Send Léa the intro"]

    # A reminder of one's own, from Today.
    monkeypatch.setattr(ReminderDialog, "ask", classmethod(
        lambda cls, parent, contact_id=None, person=None: ReminderInput("Update my CV", due_on, None)))
    today.new_reminder_button.click()
    assert [e.text for e in today.entries()] == ["Send Léa the intro", "Update my CV"]
    assert [r.text for r in reminders_core.of_contact(lea)] == ["Send Léa the intro", "Ask about the move"]

    # And from the contact table's context menu, about the one contact selected.
    show_contacts = window.views.indexOf(window.contacts_view)
    window.navigation.setCurrentRow(show_contacts)
    window.contacts_view.select_ids([lea])
    asked: list = []
    monkeypatch.setattr(ReminderDialog, "ask", classmethod(lambda cls, parent, contact_id=None, person=None: (
        asked.append((contact_id, person)) or ReminderInput("Thank Léa", due_on, contact_id))))
    assert window.remind_action in window.contacts_view.table.actions()
    window.remind_action.trigger()
    assert asked == [(lea, "Léa Martin")]
    assert "Thank Léa" in [r.text for r in reminders_core.of_contact(lea)]


def test_an_invitations_reply_reaches_how_i_can_help_them(qtbot, window):
    task = window.import_file(LINKEDIN / "invitations_2024.csv", preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    iid = next(row.id for row in invitations.list_invitations("all") if row.name == "Casey Nguyen")
    inbox.select_invitation(iid)
    inbox.list.setFocus()
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    inbox.select_invitation(iid)
    inbox.detail.reply.setPlainText("Looking for a mentor in data engineering.")
    inbox.detail.buttons["replied"].click()
    inbox.list.setFocus()
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)
    contact_id = invitations.get_invitation(iid).contact_id
    assert contact_id is not None
    help_them = contacts.get_contact(contact_id).values["help_them"]
    assert help_them == f"{utc_today().isoformat()}, their reply: Looking for a mentor in data engineering."
    assert contact_id in query_contact_ids(ContactQuery(text="mentor engineering"))


def test_a_notification_announces_only_what_is_new():
    from linkorganizer.core.today import TodayEntry

    seen: set[tuple[str, int]] = set()
    first = [TodayEntry("reminder", 1, None, "", utc_today())]
    assert newly_due(seen, first) == first
    assert newly_due(seen, first) == []
    later = first + [TodayEntry("keep_in_touch", 7, 7, "Ada", utc_today())]
    assert [e.key for e in newly_due(seen, later)] == [("keep_in_touch", 7)]
