"""Credentials after a name become the name suffix, and dates in the future are flagged before an import."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from linkorganizer.core import invitations
from linkorganizer.db.models import Contact
from tests.gui.test_import_flow import confirm, preview


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


PREAMBLE = "Notes:\n\"LinkedIn's note\"\n\n"


def test_credentials_go_to_the_suffix_and_a_future_date_is_flagged_in_the_preview(qtbot, window, tmp_path: Path):
    later = (_dt.date.today() + _dt.timedelta(days=400)).strftime("%d %b %Y")
    path = tmp_path / "Connections.csv"
    path.write_text(
        PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kwame,\"Boateng, PhD, MBA\",https://www.linkedin.com/in/kboateng,,Akoma,CFO,08 Aug 2019\n"
        "\"Ana Lima, CFA\",,https://www.linkedin.com/in/analima,,Verde,Analyst,12 Mar 2021\n"
        f"Lee,Ann,https://www.linkedin.com/in/annlee,,Contoso,Engineer,{later}\n",
        encoding="utf-8",
    )
    dialog = preview(qtbot, window, path)
    note = dialog.future_note
    assert note.isVisible()
    assert note.text().startswith("⚠ 1 contact has a connection date in the future (line 7).")
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["New (3)", "Skipped and notes (1)"]
    # The name with its credentials, and beside it what tells namesakes apart.
    assert "Kwame Boateng, PhD, MBA · CFO at Akoma" in [dialog.tabs.widget(0).topLevelItem(i).text(0) for i in range(3)]
    confirm(qtbot, window, dialog)
    kwame = Contact.get(Contact.first_name == "Kwame")
    assert (kwame.last_name, kwame.name_suffix) == ("Boateng", "PhD, MBA")
    ana = Contact.get(Contact.first_name == "Ana")
    assert (ana.last_name, ana.name_suffix, ana.full_name) == ("Lima", "CFA", "Ana Lima, CFA")
    ann = Contact.get(Contact.last_name == "Ann")
    assert ann.name_suffix == ""
    # The table shows the name with its credentials, and search finds them.
    view = window.contacts_view
    view.search.setText("CFA")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.contact_id(0) == ana.id


def test_an_accepted_invitation_keeps_credentials_out_of_the_last_name(window):
    values = invitations._split_name("Ana Lima, CFA")
    assert values == {"first_name": "Ana", "last_name": "Lima", "name_suffix": "CFA"}
    assert invitations._split_name("Lee, Ann") == {"first_name": "Lee,", "last_name": "Ann"}


def test_counts_read_as_english_one_and_many(qtbot, window, tmp_path: Path):
    from linkorganizer.core import contacts
    from linkorganizer.core.network import Changes
    from linkorganizer.ui.dialogs.export_dialog import ExportDialog

    ids = [contacts.create_contact({"display_name": name}) for name in ("Ada Quill", "Bob Stone", "Cy Young")]
    window.bus.publish(Changes.everything())
    window.show()
    view = window.contacts_view
    view.select_ids(ids[:1])
    window.actions.delete.trigger()
    assert window.statusBar().currentMessage() == "Moved 1 contact to the trash. Edit ▸ Undo brings it back."
    view.select_ids(ids[1:])
    window.actions.delete.trigger()
    assert window.statusBar().currentMessage() == "Moved 2 contacts to the trash. Edit ▸ Undo brings them back."
    one = ExportDialog("csv", 1, 1, 1, [], [], window)
    qtbot.addWidget(one)
    assert one.buttons["all"].text() == "The only contact"
    assert one.buttons["selected"].text() == "The selected contact"
    many = ExportDialog("csv", 7, 2, 5, [], [], window)
    qtbot.addWidget(many)
    assert [many.buttons[k].text() for k in ("all", "shown", "selected")] == [
        "All 7 contacts", "The 5 contacts the search shows", "The 2 selected contacts"
    ]
