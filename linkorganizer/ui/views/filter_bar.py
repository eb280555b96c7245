"""The contact table's filter bar: a Filter menu built from core's CONTACT_FILTERS, the active filters as
removable chips, Save view… and Clear.

The bar holds the filter values; the Contacts page turns them into the table's query (all filtering runs in
SQL, see :func:`linkorganizer.core.contacts.query_contact_ids`). A new kind of filter in core appears here
without a line of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from linkorganizer.ui.flow_layout import FlowLayout
from linkorganizer.core.contacts import CONTACT_FILTERS, FILTERS_BY_KEY, FilterKind
from linkorganizer.ui import icons
from linkorganizer.ui.dialogs.filter_dialogs import DateRangeDialog, TextFilterDialog

CHIP_TEXT_MAX = 260


def tr(text: str) -> str:
    return QCoreApplication.translate("filters", text)


def option_label(kind: FilterKind, value: Any) -> str | None:
    """The label of *value* among the options of a choice filter (None when it is no longer one of them)."""
    if kind.options is None:
        return None
    for option, label in kind.options():
        if option == value:
            return tr(label)
    return None


def chip_text(kind: FilterKind, value: Any) -> str:
    """What a chip says: “Stage: Introduced”, “Company contains acme”, “Connected since 2024-03-01”, “Has notes”."""
    title = tr(kind.title)
    if kind.editor == "flag":
        return title
    if kind.editor == "text":
        return tr("{title} contains “{value}”").format(title=title, value=value)
    if kind.editor == "date_range":
        start, end = (_day(v) for v in value)
        if start and end:
            return tr("{title}: {start} – {end}").format(title=title, start=start, end=end)
        if start:
            return tr("{title}: since {start}").format(title=title, start=start)
        return tr("{title}: until {end}").format(title=title, end=end)
    label = option_label(kind, value)
    return tr("{title}: {value}").format(title=title, value=label if label is not None else tr("(no longer there)"))


def _day(iso: str) -> str:
    """A YYYY-MM-DD day as people read it here (“1 Mar 2024” or the locale's short form)."""
    day = QDate.fromString(iso, "yyyy-MM-dd") if iso else QDate()
    return QLocale().toString(day, "d MMM yyyy") if day.isValid() else iso


class FilterChip(QFrame):
    """One active filter; a click on its text changes the value, its ✕ removes it."""

    removed = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, key: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.key = key
        self.setProperty("filterKey", key)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 2, 3, 2)
        box.setSpacing(2)
        self.label = QLabel()
        self.label.setToolTip(text)
        self.label.setText(self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CHIP_TEXT_MAX))
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.mousePressEvent = lambda _event: self.edit_requested.emit(self.key)  # type: ignore[method-assign]
        box.addWidget(self.label)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("chipRemove")
        self.remove_button.setIcon(icons.icon("close"))
        self.remove_button.setIconSize(QSize(12, 12))
        self.remove_button.setToolTip(tr("Remove this filter"))
        self.remove_button.setAccessibleName(tr("Remove the filter {text}").format(text=text))
        self.remove_button.clicked.connect(lambda: self.removed.emit(self.key))
        box.addWidget(self.remove_button)

    def text(self) -> str:
        return self.label.toolTip()


class FilterBar(QWidget):
    """The Filter button, the chips, Save view… and Clear. ``filters_changed`` says the values changed."""

    filters_changed = Signal()
    save_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._values: dict[str, Any] = {}
        self._chips: list[FilterChip] = []
        self.flow = FlowLayout(self)
        self.flow.setContentsMargins(12, 0, 12, 6)

        self.add_button = QToolButton()
        self.add_button.setObjectName("addFilter")
        self.add_button.setText(tr("Filter"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolTip(tr("Show only the contacts that match: stage, tag, goal group, dates…"))
        self.menu = QMenu(self.add_button)
        self.menu.setObjectName("filterMenu")
        self.menu.aboutToShow.connect(self._fill_menu)
        self.add_button.setMenu(self.menu)
        self.flow.addWidget(self.add_button)

        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText(tr("Clear"))
        self.clear_button.setToolTip(tr("Show every contact again (the search and every filter go)"))
        self.clear_button.clicked.connect(self.clear_requested.emit)
        self.flow.addWidget(self.clear_button)
        self.save_button = QToolButton()
        self.save_button.setObjectName("saveView")
        self.save_button.setText(tr("Save view…"))
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.save_button.setToolTip(tr("Keep this search and these filters as a view in the navigation"))
        self.save_button.clicked.connect(self.save_requested.emit)
        self.flow.addWidget(self.save_button)
        self.refresh_icons()
        self.set_searching(False)

    # -- values -------------------------------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        """The active filters by ContactQuery field, in CONTACT_FILTERS order."""
        return {kind.key: self._values[kind.key] for kind in CONTACT_FILTERS if kind.key in self._values}

    def set_filters(self, values: dict[str, Any], notify: bool = True) -> None:
        self._values = {k: v for k, v in values.items() if k in FILTERS_BY_KEY and v not in (None, False, "")}
        self._rebuild()
        if notify:
            self.filters_changed.emit()

    def set_filter(self, key: str, value: Any) -> None:
        """Filter by *key* (None or False removes it)."""
        values = dict(self._values)
        if value in (None, False, ""):
            values.pop(key, None)
        else:
            values[key] = value
        self.set_filters(values)

    def remove_filter(self, key: str) -> None:
        self.set_filter(key, None)

    def chips(self) -> list[FilterChip]:
        return list(self._chips)

    def set_searching(self, searching: bool) -> None:
        """Whether there is search text: Save view… and Clear are offered when anything narrows the table."""
        narrowed = searching or bool(self._values)
        self.clear_button.setVisible(narrowed)
        self.save_button.setVisible(narrowed)
        self._searching = searching

    def refresh_icons(self) -> None:
        self.add_button.setIcon(icons.icon("filter"))
        self.save_button.setIcon(icons.icon("save_view"))
        for chip in self._chips:
            chip.remove_button.setIcon(icons.icon("close"))

    def _rebuild(self) -> None:
        for chip in self._chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for index, (key, value) in enumerate(self.filters().items(), start=1):
            chip = FilterChip(key, chip_text(FILTERS_BY_KEY[key], value), self)
            chip.removed.connect(self.remove_filter)
            chip.edit_requested.connect(self.edit_filter)
            self.flow.insertWidget(index, chip)
            chip.show()
            self._chips.append(chip)
        self.set_searching(getattr(self, "_searching", False))
        self.updateGeometry()

    # -- asking for values ----------------------------------------------------------------------------------------

    def _fill_menu(self) -> None:
        self.menu.clear()
        for kind in CONTACT_FILTERS:
            current = self._values.get(kind.key)
            if kind.editor == "choice":
                sub = self.menu.addMenu(tr(kind.title))
                options = kind.options() if kind.options else []
                for value, label in options:
                    action = sub.addAction(tr(label))
                    action.setCheckable(True)
                    action.setChecked(value == current)
                    action.triggered.connect(
                        lambda checked, key=kind.key, value=value: self.set_filter(key, value if checked else None)
                    )
                if not options:
                    sub.addAction(tr("(none in this network)")).setEnabled(False)
            elif kind.editor == "flag":
                action = self.menu.addAction(tr(kind.title))
                action.setCheckable(True)
                action.setChecked(bool(current))
                action.triggered.connect(lambda checked, key=kind.key: self.set_filter(key, checked))
            else:
                action = self.menu.addAction(tr(kind.title) + "…")
                action.triggered.connect(lambda _checked=False, key=kind.key: self.edit_filter(key))

    def edit_filter(self, key: str) -> None:
        """Ask for a new value of *key* (a chip clicked, or a text or date filter chosen in the menu)."""
        kind = FILTERS_BY_KEY[key]
        current = self._values.get(key)
        if kind.editor == "text":
            value = TextFilterDialog.ask(
                self, tr(kind.title), tr("Show the contacts whose {what} contains:").format(what=tr(kind.title).lower()),
                current or "",
            )
            if value is not None:
                self.set_filter(key, value)
        elif kind.editor == "date_range":
            value = DateRangeDialog.ask(self, tr(kind.title), current)
            if value is not None:
                self.set_filter(key, value)
        elif kind.editor == "choice":
            menu = QMenu(self)
            for option, label in kind.options() if kind.options else []:
                action: QAction = menu.addAction(tr(label))
                action.setCheckable(True)
                action.setChecked(option == current)
                action.triggered.connect(lambda _c=False, option=option: self.set_filter(key, option))
            chip = next((c for c in self._chips if c.key == key), None)
            anchor = chip if chip is not None else self.add_button
            menu.popup(anchor.mapToGlobal(QPoint(0, anchor.height())))
