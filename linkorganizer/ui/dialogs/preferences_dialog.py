"""Edit ▸ Preferences…: the app-wide preferences (QSettings) and, on a second tab, this network's settings.

The two kinds are kept apart on purpose: the first tab belongs to the person at this computer, the second travels
with the network file (:mod:`linkorganizer.core.settings`). The dialog stores nothing itself; it returns what
changed, and the window writes the preferences and pushes the network settings as one undoable step, as the reply
templates dialog does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import settings as network
from linkorganizer.ui import preferences
from linkorganizer.ui.preferences import Preference
from linkorganizer.ui.dialogs.template_dialog import add_template_editor


@dataclass
class PreferenceChanges:
    app: dict[str, Any] = field(default_factory=dict)  # preference key -> new value
    network: dict[str, Any] = field(default_factory=dict)  # network setting key -> new value

    def __bool__(self) -> bool:
        return bool(self.app or self.network)


class _WheelGuard(QObject):
    """A spin box or list that does not have focus ignores the wheel: moving the pointer over it while scrolling
    must not change a value the user never clicked."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            return True
        return super().eventFilter(watched, event)


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self._wheel_guard = _WheelGuard(self)
        box = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self._app_tab(), self.tr("All networks"))
        self.tabs.addTab(self._network_tab(db_path), self.tr("This network"))
        box.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())

    # -- building -----------------------------------------------------------------------------------------------

    def _guard(self, widget: QWidget) -> None:
        widget.setMinimumWidth(170)  # the fields of a tab line up, whatever their suffix
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self._wheel_guard)

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("editorHint")
        label.setWordWrap(True)
        return label

    def _app_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self._hint(self.tr("These apply to every network you open on this computer.")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.theme = QComboBox()
        self.theme.setObjectName("pref_theme")
        for key, text in (("system", self.tr("As the system")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(text, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(preferences.read(self.settings, preferences.THEME))))
        self._guard(self.theme)
        form.addRow(self.tr("Colours"), self.theme)

        pref = preferences.NEW_CONTACT_CADENCE
        self.cadence = QSpinBox()
        self.cadence.setObjectName("pref_cadence")
        self.cadence.setRange(pref.minimum, pref.maximum)
        self.cadence.setSpecialValueText(self.tr("Off"))
        self.cadence.setSuffix(self.tr(" days"))
        self.cadence.setValue(preferences.read(self.settings, pref))
        self.cadence.setToolTip(
            self.tr("The keep-in-touch cadence a contact starts with when you add it by hand or accept an invitation")
        )
        self._guard(self.cadence)
        form.addRow(self.tr("Keep in touch with new contacts every"), self.cadence)

        self.excel_bom = QCheckBox(self.tr("Add a byte-order mark, so Excel shows accents correctly"))
        self.excel_bom.setObjectName("pref_excel_bom")
        self.excel_bom.setChecked(preferences.read(self.settings, preferences.EXCEL_BOM))
        form.addRow(self.tr("CSV export"), self.excel_bom)
        box.addLayout(form)
        box.addWidget(self._hint(self.tr("Each export still asks; this is what it offers first.")))
        box.addStretch(1)
        return page

    def _network_tab(self, db_path: Path) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(
            self._hint(
                self.tr("Saved in {name}: they travel with this network (and its JSON archive). "
                        "{{first_name}} and {{name}} are filled in with the person's name.").format(name=db_path.name)
            )
        )
        self.templates: dict[str, QPlainTextEdit] = {}
        for kind, label in (("ask", self.tr("“How may I help you?”")), ("decline", self.tr("Polite decline"))):
            self.templates[network.TEMPLATE_KEYS[kind]] = add_template_editor(box, self, kind, label, "pref_", 80)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.follow_up = QSpinBox()
        self.follow_up.setObjectName("pref_follow_up")
        self.follow_up.setRange(1, 365)
        self.follow_up.setSuffix(self.tr(" days"))
        self.follow_up.setValue(network.follow_up_days())
        self.follow_up.setToolTip(self.tr("An asked invitation without a reply is due for a follow-up after this long"))
        self._guard(self.follow_up)
        form.addRow(self.tr("Follow up on an unanswered invitation after"), self.follow_up)
        self.weekly_goal = QSpinBox()
        self.weekly_goal.setObjectName("pref_weekly_goal")
        self.weekly_goal.setRange(0, 100)
        self.weekly_goal.setSpecialValueText(self.tr("No goal"))
        self.weekly_goal.setSuffix(self.tr(" calls a week"))
        self.weekly_goal.setValue(network.weekly_call_goal())
        self._guard(self.weekly_goal)
        form.addRow(self.tr("Introduction calls goal"), self.weekly_goal)
        box.addLayout(form)
        box.addStretch(1)
        return page

    # -- result -------------------------------------------------------------------------------------------------

    def changes(self) -> PreferenceChanges:
        """What differs from what is in effect now (nothing stored yet)."""
        out = PreferenceChanges()
        values: dict[Preference, Any] = {
            preferences.THEME: self.theme.currentData(),
            preferences.NEW_CONTACT_CADENCE: self.cadence.value(),
            preferences.EXCEL_BOM: self.excel_bom.isChecked(),
        }
        for pref, value in values.items():
            if value != preferences.read(self.settings, pref):
                out.app[pref.key] = value
        for key, edit in self.templates.items():
            if edit.toPlainText() != network.get_setting(key):
                out.network[key] = edit.toPlainText()
        if self.follow_up.value() != network.follow_up_days():
            out.network[network.FOLLOW_UP_DAYS] = self.follow_up.value()
        if self.weekly_goal.value() != network.weekly_call_goal():
            out.network[network.WEEKLY_CALL_GOAL] = self.weekly_goal.value()
        return out

    @classmethod
    def ask(cls, parent: QWidget | None, settings: QSettings, db_path: Path) -> PreferenceChanges | None:
        """What the user changed, or None when cancelled or nothing changed."""
        dialog = cls(settings, db_path, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes() or None
