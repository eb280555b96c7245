"""Edit ▸ Forget this person… on the real window: asked once, then the person is gone from the network file, its
undo history and the window; Cancel changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from linkorganizer.core import contacts, interactions
from linkorganizer.core.records import Labeled
from linkorganizer.db.models import Contact


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def answer(monkeypatch, button, asked: list[str]) -> None:
    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


def seeded(window) -> int:
    ada = contacts.create_contact(
        {"first_name": "Ada", "last_name": "Quillfeather", "notes": "zebra-secret-42"},
        fields={"email": [Labeled("ada.secret@example.org", "work")]},
    )
    contacts.create_contact({"first_name": "Bo", "last_name": "Lind"})
    interactions.log_interaction(ada, "call", __import__("datetime").datetime(2026, 11, 20, 10))
    window.contacts_view.model.reload()
    window.contacts_view.select_ids([ada])
    return ada


def test_forgetting_asks_once_then_removes_every_trace(window, monkeypatch) -> None:
    ada = seeded(window)
    window.contacts_view.editor.setFocus()
    asked: list[str] = []
    answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    assert window.actions.forget_contact.isEnabled()
    window.actions.forget_contact.trigger()
    assert len(asked) == 1 and asked[0].startswith("Forget Ada Quillfeather for good?")
    assert "This cannot be undone." in asked[0]
    assert Contact.get_or_none(Contact.id == ada) is None
    assert [c.first_name for c in Contact.select()] == ["Bo"]
    assert window.undo_stack.count() == 0  # nothing left to undo that could refer to her
    for secret in (b"Quillfeather", b"zebra-secret-42", b"ada.secret@example.org"):
        assert secret not in file_bytes(window.db_path)
    assert "Ada" not in [window.contacts_view.model.index(r, 0).data() for r in range(window.contacts_view.model.rowCount())]
    assert window.statusBar().currentMessage().startswith("Ada Quillfeather is forgotten:")


def test_cancel_changes_nothing(window, monkeypatch) -> None:
    ada = seeded(window)
    asked: list[str] = []
    answer(monkeypatch, QMessageBox.StandardButton.Cancel, asked)
    window.actions.forget_contact.trigger()
    assert len(asked) == 1 and Contact.get_or_none(Contact.id == ada) is not None
