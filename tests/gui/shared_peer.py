"""Another person's LinkOrganizer window on a shared network, in a process of its own (as on their computer).

Run by tests with the network's URL and a settings file; it builds the real window, says ``ready``, then does what each line of
its input asks through the window's own commands, and answers ``done`` (or ``error: …``):

    place CONTACT_ID GROUP_ID      put a contact on a goal of the board (what a drop does)
    remove CONTACT_ID GROUP_ID     take a contact off a goal (what Delete on its piece does)
    history CONTACT_ID             what the contact's history shows (answered as ``history: note | note …``)
    edit CONTACT_ID FIELD VALUE…   type VALUE into the contact editor's FIELD and press Return
    quit
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(url: str, settings_file: str) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from linkorganizer.app import create_main_window
    from linkorganizer.ui.commands.groups import PlaceContactsCommand, RemoveFromGroupCommand

    app = QApplication([])
    settings = QSettings(settings_file, QSettings.Format.IniFormat)
    window = create_main_window(url, settings)
    window.resize(1280, 780)
    window.show()
    while not window.loaded:
        app.processEvents()
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        try:
            if words[0] == "place":
                contact, group = int(words[1]), int(words[2])
                window.undo_stack.push(PlaceContactsCommand(window.bus, [contact], group, group_name="goal"))
            elif words[0] == "history":
                window.contacts_view.select_ids([int(words[1])])
                app.processEvents()
                from linkorganizer.ui.views.contact_history import HistoryEntryWidget

                history = window.contacts_view.editor.history
                notes = [w.entry.text for w in history.findChildren(HistoryEntryWidget, "historyEntry")]
                print("history: " + " | ".join(notes), flush=True)
                continue
            elif words[0] == "edit":
                from PySide6.QtCore import Qt
                from PySide6.QtTest import QTest

                window.contacts_view.select_ids([int(words[1])])
                app.processEvents()
                line = window.contacts_view.editor.lines[words[2]]
                line.setFocus()
                line.selectAll()
                QTest.keyClicks(line, " ".join(words[3:]))
                QTest.keyClick(line, Qt.Key.Key_Return)
            elif words[0] == "remove":
                contact, group = int(words[1]), int(words[2])
                window.undo_stack.push(RemoveFromGroupCommand(window.bus, [contact], group, "goal"))
            else:
                raise ValueError(f"unknown request {words[0]!r}")
        except Exception as exc:  # noqa: BLE001 - said to the test, which fails on it
            print(f"error: {exc}", flush=True)
            continue
        app.processEvents()
        print("done", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
