"""Edit ▸ Preferences…: app-wide preferences with typed defaults in one registry, this network's settings on their
own tab (stored once, through the undoable command), OK applies, Cancel changes nothing, no wheel accidents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from linkorganizer.core import invitations as invitations_core
from linkorganizer.core import settings as network
from linkorganizer.db.models import Contact
from linkorganizer.ui import preferences
from linkorganizer.ui.dialogs.export_dialog import ExportDialog
from linkorganizer.ui.dialogs.preferences_dialog import PreferencesDialog
from linkorganizer.ui.theme import is_dark
from tests.gui.driving import add_named_contact

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def on_modal(kind: type, action) -> list[object]:
    """Run *action* on the modal dialog of *kind* once it is open (the real exec() of the real dialog)."""
    seen: list[object] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        action(dialog)

    QTimer.singleShot(0, run)
    return seen


def wheel(widget, steps: int = 1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(widget, event)


# --------------------------------------------------------------------------------------------- the registry


def test_every_preference_reads_its_typed_default_when_unset_or_unusable(tmp_path):
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    assert [preferences.read(settings, p) for p in preferences.PREFERENCES] == ["system", 0, True]
    for pref in preferences.PREFERENCES:
        assert type(preferences.read(settings, pref)) is pref.type
    # A hand-edited file: a theme that does not exist, a cadence out of range, a word for a switch.
    settings.setValue("view/theme", "purple")
    settings.setValue("contacts/default_cadence_days", "99999")
    settings.setValue("export/excel_bom", "perhaps")
    assert [preferences.read(settings, p) for p in preferences.PREFERENCES] == ["system", 0, True]
    settings.setValue("contacts/default_cadence_days", "30")
    settings.setValue("export/excel_bom", "false")
    settings.sync()
    reread = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    assert preferences.read(reread, preferences.NEW_CONTACT_CADENCE) == 30
    assert preferences.read(reread, preferences.EXCEL_BOM) is False
    with pytest.raises(ValueError):
        preferences.write(settings, preferences.THEME, "purple")
    with pytest.raises(ValueError):
        preferences.write(settings, preferences.NEW_CONTACT_CADENCE, -1)


def test_the_action_is_in_the_edit_menu_with_ctrl_comma(window):
    action = window.actions.preferences
    assert action.shortcut() == QKeySequence("Ctrl+,")
    edit_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Edit")
    assert action in edit_menu.actions()


# ------------------------------------------------------------------------------------------ OK and Cancel


def test_ok_applies_both_tabs_and_the_network_part_is_one_undo_step(qtbot, window, settings):
    assert not is_dark(QApplication.instance())

    def edit(dialog: PreferencesDialog) -> None:
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.cadence.setValue(45)
        dialog.excel_bom.setChecked(False)
        dialog.templates[network.TEMPLATE_ASK].setPlainText("Hello {first_name}, how may I help you?")
        dialog.follow_up.setValue(10)
        dialog.weekly_goal.setValue(5)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    steps = window.undo_stack.count()
    seen = on_modal(PreferencesDialog, edit)
    window.actions.preferences.trigger()
    assert seen
    assert preferences.read(settings, preferences.THEME) == "dark"
    assert is_dark(QApplication.instance()) and window.actions.theme_actions["dark"].isChecked()
    assert preferences.read(settings, preferences.NEW_CONTACT_CADENCE) == 45
    assert preferences.read(settings, preferences.EXCEL_BOM) is False
    # This network's settings live in its file only, not in QSettings as well.
    assert network.reply_template("ask") == "Hello {first_name}, how may I help you?"
    assert (network.follow_up_days(), network.weekly_call_goal()) == (10, 5)
    assert not [key for key in settings.allKeys() if "template" in key or "follow" in key or "goal" in key]
    assert window.undo_stack.count() == steps + 1

    window.actions.undo.trigger()
    assert (network.follow_up_days(), network.weekly_call_goal()) == (7, 3)
    assert network.reply_template("ask") == network.DEFAULTS[network.TEMPLATE_ASK]
    assert preferences.read(settings, preferences.NEW_CONTACT_CADENCE) == 45  # app preferences are not undone

    # Opening it again shows what is in effect.
    shown = PreferencesDialog(settings, window.db_path, window)
    qtbot.addWidget(shown)
    assert shown.theme.currentData() == "dark" and shown.cadence.value() == 45 and not shown.excel_bom.isChecked()
    assert shown.follow_up.value() == 7
    window.set_theme("light")


def test_cancel_changes_nothing(qtbot, window, settings):
    before = {key: settings.value(key) for key in settings.allKeys()}

    def edit_then_cancel(dialog: PreferencesDialog) -> None:
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.cadence.setValue(90)
        dialog.follow_up.setValue(30)
        dialog.templates[network.TEMPLATE_DECLINE].setPlainText("No thanks.")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    steps = window.undo_stack.count()
    seen = on_modal(PreferencesDialog, edit_then_cancel)
    window.actions.preferences.trigger()
    assert seen
    assert {key: settings.value(key) for key in settings.allKeys()} == before
    assert preferences.read(settings, preferences.THEME) == "system"
    assert not is_dark(QApplication.instance())
    assert network.follow_up_days() == 7 and network.reply_template("decline") == network.DEFAULTS[network.TEMPLATE_DECLINE]
    assert window.undo_stack.count() == steps


def test_ok_without_changes_stores_nothing(qtbot, window, settings):
    steps = window.undo_stack.count()
    on_modal(PreferencesDialog, lambda d: d.buttons.button(QDialogButtonBox.StandardButton.Ok).click())
    window.actions.preferences.trigger()
    assert window.undo_stack.count() == steps
    assert settings.value(preferences.NEW_CONTACT_CADENCE.key) is None


def test_the_wheel_changes_no_field_without_focus(qtbot, window, settings):
    dialog = PreferencesDialog(settings, window.db_path, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitExposed(dialog)
    dialog.buttons.setFocus()
    for field in (dialog.follow_up, dialog.weekly_goal):
        before = field.value()
        wheel(field)
        assert field.value() == before
    dialog.tabs.setCurrentIndex(0)
    before_theme = dialog.theme.currentIndex()
    wheel(dialog.theme)
    wheel(dialog.cadence)
    assert dialog.theme.currentIndex() == before_theme and dialog.cadence.value() == 0
    # With focus, the wheel works as usual.
    dialog.activateWindow()
    dialog.cadence.setFocus()
    qtbot.waitUntil(dialog.cadence.hasFocus)
    wheel(dialog.cadence)
    assert dialog.cadence.value() == 1


# ------------------------------------------------------------------------------ what the preferences do


def test_view_colours_and_preferences_show_the_same_theme(qtbot, window, settings):
    window.actions.theme_actions["dark"].trigger()
    assert preferences.read(settings, preferences.THEME) == "dark"
    dialog = PreferencesDialog(settings, window.db_path, window)
    qtbot.addWidget(dialog)
    assert dialog.theme.currentData() == "dark"
    window.set_theme("light")
    assert window.actions.theme_actions["light"].isChecked()


def test_new_contacts_get_the_default_cadence(qtbot, window, settings):
    add_named_contact(window)  # named: a new contact left empty is taken back by the next one
    first = Contact.select().order_by(Contact.id.desc()).first()
    assert first.cadence_days is None  # 0 = no cadence
    preferences.write(settings, preferences.NEW_CONTACT_CADENCE, 30)
    window.new_contact()
    second = Contact.select().order_by(Contact.id.desc()).first()
    assert second.id != first.id and second.cadence_days == 30
    assert window.contacts_view.editor.cadence.value() == 30


def test_a_contact_created_by_accepting_an_invitation_gets_the_default_cadence(qtbot, window, settings):
    preferences.write(settings, preferences.NEW_CONTACT_CADENCE, 21)
    task = window.import_file(LINKEDIN / "invitations_2024.csv", preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    iid = next(row.id for row in invitations_core.list_invitations("all") if row.name == "Jordan Blake")
    assert inbox.select_invitation(iid)
    assert inbox.move_current("accepted")
    contact = Contact.get_by_id(invitations_core.get_invitation(iid).contact_id)
    assert contact.cadence_days == 21
    window.actions.undo.trigger()
    window.actions.redo.trigger()  # the contact comes back as it was created
    assert Contact.get_by_id(contact.id).cadence_days == 21


@pytest.mark.parametrize("bom", [True, False])
def test_the_export_dialog_offers_the_excel_preference(qtbot, window, settings, bom):
    preferences.write(settings, preferences.EXCEL_BOM, bom)
    seen: list[bool] = []

    def look(dialog: ExportDialog) -> None:
        seen.append(dialog.excel.isChecked())
        dialog.reject()

    on_modal(ExportDialog, look)
    window.actions.export_actions["csv"].trigger()
    assert seen == [bom]
