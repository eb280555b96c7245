"""Search as you type at scale: a keystroke asks for the first screen of ids (one query with a LIMIT, no count),
the table repaints at once, and the rest of the matches follows from a worker and is appended.

Counts, not times (times belong to the benchmarks): the statements a keystroke runs, the rows the table holds.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.network import Changes
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import Contact
from linkorganizer.ui.models.contact_table import FIRST_SCREEN

PEOPLE = 450  # more than a first screen


def fill(window) -> None:
    rows = [
        {
            "first_name": "Mara" if i % 3 else "Olaf",
            "full_name": f"{'Mara' if i % 3 else 'Olaf'} Person{i:03}",
            "sort_name": f"{'mara' if i % 3 else 'olaf'} person{i:03}",
            "company": "Acme",
        }
        for i in range(PEOPLE)
    ]
    with atomic():
        Contact.insert_many(rows).execute()
    window.bus.publish(Changes.everything())


def type_key(box, char: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        key = Qt.Key.Key_Backspace if char == "\b" else Qt.Key.Key_unknown
        QApplication.sendEvent(box, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "" if char == "\b" else char))


def statements_of(fn) -> list[str]:
    seen: list[str] = []
    connection = current_database().connection()
    connection.set_trace_callback(seen.append)
    try:
        fn()
    finally:
        connection.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_a_keystroke_asks_for_the_first_screen_only(qtbot, window):
    fill(window)
    view = window.contacts_view
    model = view.model
    window.navigation.setCurrentRow(window.views.indexOf(view))
    qtbot.waitUntil(lambda: model.is_complete and model.rowCount() == PEOPLE)
    assert window.count_label.text() == f"{PEOPLE} contacts ({PEOPLE} shown)"

    run = statements_of(lambda: type_key(view.search, "m"))
    ids_queries = [s for s in run if "FROM contact c" in s or "FROM (SELECT id, sort_name FROM contact" in s]
    assert ids_queries and all("LIMIT" in s for s in ids_queries)
    assert not any("count(" in s.lower() for s in run)  # the network's total is not counted again
    assert model.rowCount() == FIRST_SCREEN and not model.is_complete
    # Until every match is known the status bar says no number of matches (it keeps what it said).
    assert window.count_label.text() == f"{PEOPLE} contacts ({PEOPLE} shown)"

    maras = query_contact_ids(ContactQuery(text="m"))
    qtbot.waitUntil(lambda: model.is_complete)
    assert model.contact_ids() == maras and model.rowCount() == len(maras) == 300
    assert window.count_label.text() == f"{PEOPLE} contacts (300 shown)"


def test_only_the_last_keystroke_fills_the_table(qtbot, window):
    fill(window)
    view = window.contacts_view
    model = view.model
    window.navigation.setCurrentRow(window.views.indexOf(view))
    for char in "ma\b\b":  # "m", "ma", "m", "": each shows its first screen at once
        type_key(view.search, char)
        expected = query_contact_ids(ContactQuery(text=view.search.text()), limit=FIRST_SCREEN)
        assert [model.contact_id(r) for r in range(model.rowCount())] == expected
    qtbot.waitUntil(lambda: model.is_complete)
    assert model.rowCount() == PEOPLE
    assert window.count_label.text() == f"{PEOPLE} contacts ({PEOPLE} shown)"


def test_a_contact_beyond_the_first_screen_can_be_selected_at_once(qtbot, window):
    fill(window)
    view = window.contacts_view
    type_key(view.search, "p")  # "Person…": everyone
    assert not view.model.is_complete
    last = query_contact_ids(ContactQuery(text="p"))[-1]
    view.select_ids([last])  # reads the rest of the list now, without waiting for the worker
    assert view.selected_ids() == [last]
    assert view.model.rowCount() == PEOPLE


def test_select_all_selects_every_match_not_only_the_first_screen(qtbot, window):
    fill(window)
    view = window.contacts_view
    window.navigation.setCurrentRow(window.views.indexOf(view))
    type_key(view.search, "m")
    assert not view.model.is_complete
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_ids() == query_contact_ids(ContactQuery(text="m"))


def test_taking_a_letter_back_shows_its_screen_without_asking_again_until_something_changes(qtbot, window):
    fill(window)
    view = window.contacts_view
    model = view.model
    window.navigation.setCurrentRow(window.views.indexOf(view))
    type_key(view.search, "m")
    type_key(view.search, "a")
    again = statements_of(lambda: type_key(view.search, "\b"))  # back to "m": shown from the screen kept
    assert not any("contact_search" in s for s in again)
    assert [model.contact_id(r) for r in range(model.rowCount())] == query_contact_ids(ContactQuery(text="m"),
                                                                                      limit=FIRST_SCREEN)
    first = model.contact_id(0)
    Contact.update(deleted_at="2024-01-01 00:00:00").where(Contact.id == first).execute()
    window.bus.publish(Changes.everything())
    type_key(view.search, "a")
    type_key(view.search, "\b")  # "m" again, after the change: what the database says now
    shown = [model.contact_id(r) for r in range(model.rowCount())]
    assert first not in shown
    assert shown == query_contact_ids(ContactQuery(text="m"), limit=FIRST_SCREEN)
