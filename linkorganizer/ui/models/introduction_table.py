"""Introduction calls as a table: the upcoming ones (soonest first), the past ones still to record (their time
has passed; they are not "upcoming" any more), or the held ones (most recent first)."""

from __future__ import annotations

import datetime as _dt
from enum import IntEnum
from typing import Any, Final, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from linkorganizer.core import introductions as core
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui import icons
from linkorganizer.ui.localtime import format_local, relative_days, to_qdatetime, utc_now
from linkorganizer.ui.people import roles_of, with_role

Index = QModelIndex | QPersistentModelIndex
Which = Literal["upcoming", "to_record", "held"]

UPCOMING_COLUMNS: Final = ("when", "contact", "duration", "agenda")
HELD_COLUMNS: Final = ("held", "contact", "outcome", "notes")
TITLES: Final = {
    "when": "When",
    "held": "Held",
    "contact": "With",
    "duration": "Length",
    "agenda": "Agenda",
    "outcome": "Outcome",
    "notes": "Notes",
}
AWAITING_COLOUR = "#B7791F"


class IntroductionRole(IntEnum):
    IntroductionId = Qt.ItemDataRole.UserRole + 1
    Row = Qt.ItemDataRole.UserRole + 2
    Sort = Qt.ItemDataRole.UserRole + 3


def _one_line(text: str) -> str:
    return " ".join(text.split())


class IntroductionTableModel(QAbstractTableModel):
    def __init__(self, which: Which, parent: Any = None) -> None:
        super().__init__(parent)
        self.which: Which = which
        self.columns = HELD_COLUMNS if which == "held" else UPCOMING_COLUMNS
        self._rows: list[core.IntroductionRow] = []
        self._row_of: dict[int, int] = {}
        self._roles: dict[int, str] = {}
        self._now = utc_now()

    def reload(self, now: _dt.datetime | None = None) -> None:
        self._now = now or utc_now()
        if self.which == "held":
            rows = core.list_introductions("held", now=self._now)
        else:
            # Not held yet: a call whose time has passed awaits its record, one still ahead is upcoming.
            past = self.which == "to_record"
            rows = [r for r in core.list_introductions("upcoming", now=self._now) if r.awaiting_record == past]
        roles = roles_of(row.contact_id for row in rows)
        self.beginResetModel()
        self._rows = rows
        self._roles = roles
        self._row_of = {row.id: i for i, row in enumerate(rows)}
        self.endResetModel()

    def introduction(self, row: int) -> core.IntroductionRow:
        return self._rows[row]

    def introduction_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def row_of(self, introduction_id: int) -> int | None:
        return self._row_of.get(introduction_id)

    # -- Qt ------------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.tr(TITLES[self.columns[section]])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == IntroductionRole.IntroductionId:
            return row.id
        if role == IntroductionRole.Row:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in ("agenda", "notes"):
                return getattr(row, column) or None
            if column == "when" and row.awaiting_record:
                return self.tr("Its time has passed: record what the call brought")
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == "contact":
                return icons.stage_icon(row.contact_stage)
            if column == "when" and row.awaiting_record:
                return icons.icon("record_call", AWAITING_COLOUR)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == "when" and row.awaiting_record:
            return QColor(AWAITING_COLOUR)
        if role == Qt.ItemDataRole.FontRole and column == "contact":
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def _display(self, row: core.IntroductionRow, column: str) -> str:
        if column == "when":
            if row.scheduled_at is None:
                return self.tr("no date yet")
            days = to_qdatetime(self._now).date().daysTo(to_qdatetime(row.scheduled_at).date())
            return f"{format_local(row.scheduled_at)}  ·  {relative_days(days)}"
        if column == "held":
            return format_local(row.held_at)
        if column == "contact":
            return with_role(row.contact_name, self._roles.get(row.contact_id, ""))
        if column == "duration":
            return self.tr("{n} min").format(n=row.duration_minutes)
        if column == "agenda":
            return _one_line(row.agenda)
        if column == "outcome":
            if row.outcome:
                return self.tr(core.OUTCOME_LABELS.get(row.outcome, row.outcome))
            return self.tr("Undecided") + f" ({self.tr(STAGE_LABELS.get(row.contact_stage, row.contact_stage))})"
        if column == "notes":
            return _one_line(row.notes)
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
