"""Before anything is written: what an import will do, and a button to do it.

The preview is the importer's own dry run (same code, rolled back), so what it shows is what will happen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.importing import FutureDateWarning, ImportReport
from linkorganizer.formats.textio import EncodingWarning
from linkorganizer.ui.people import person_text, roles_of, with_role

SHOWN = 500


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= 60 else text[:57] + "…"


class ImportPreviewDialog(QDialog):
    def _counted(self, n: int, one: str, many: str) -> str:
        return self.tr(one) if n == 1 else self.tr(many).format(n=n, lines="{lines}")

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(self.tr("Import {name}?").format(name=report.path))
        self.report = report
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Importing {name} will:").format(name=report.path))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        counts = QLabel(
            self.tr("add <b>{new}</b> new · update <b>{updated}</b> · leave <b>{unchanged}</b> unchanged · skip <b>{skipped}</b>").format(
                new=report.created, updated=report.updated, unchanged=report.unchanged, skipped=report.skipped_count
            )
        )
        counts.setObjectName("reportCounts")
        counts.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(counts)
        extras = []
        if report.invitations_created:
            extras.append(self._counted(report.invitations_created, "1 invitation", "{n} invitations"))
        if report.interactions_created:
            extras.append(self._counted(report.interactions_created, "1 interaction", "{n} interactions"))
        if report.groups_created:
            extras.append(self._counted(report.groups_created, "1 goal group", "{n} goal groups"))
        if report.introductions_created:
            extras.append(self._counted(report.introductions_created, "1 introduction", "{n} introductions"))
        if extras:
            box.addWidget(QLabel(self.tr("It also adds {things}.").format(things=", ".join(extras))))
        future = [w for w in report.warnings if isinstance(w, FutureDateWarning)]
        if future:
            lines = ", ".join(str(w.line) for w in future[:8]) + (" …" if len(future) > 8 else "")
            self.future_note = QLabel(
                self._counted(
                    len(future),
                    "⚠ 1 contact has a connection date in the future (line {lines}). Check the file: it is "
                    "imported as written.",
                    "⚠ {n} contacts have connection dates in the future (lines {lines}). Check the file: they are "
                    "imported as written.",
                ).replace("{lines}", lines)
            )
            self.future_note.setObjectName("futureDates")
            self.future_note.setWordWrap(True)
            box.addWidget(self.future_note)
        # How the file's text was read concerns every name in it: said up front, not only among the notes.
        for warning in (w for w in report.warnings if isinstance(w, EncodingWarning)):
            note = QLabel(self.tr("Line {line}: {message}.").format(line=warning.line, message=warning.message))
            note.setObjectName("encodingNote")
            note.setWordWrap(True)
            box.addWidget(note)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("previewTabs")
        if report.parts:
            # A file of several files (LinkedIn's data archive): what each of them adds, in the order imported.
            parts = QTreeWidget()
            parts.setObjectName("previewParts")
            parts.setHeaderLabels([self.tr("File"), self.tr("Holds"), self.tr("Adds")])
            parts.setRootIsDecorated(False)
            for name, part in report.parts.items():
                item = QTreeWidgetItem([name, part.what, part.describe()])
                item.setToolTip(0, name)
                if part.what == "not used":
                    muted = parts.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                    for column in range(3):
                        item.setForeground(column, muted)
                parts.addTopLevelItem(item)
            parts.resizeColumnToContents(0)
            parts.setColumnWidth(0, min(parts.columnWidth(0) + 12, 260))
            parts.setColumnWidth(1, 230)
            self.tabs.addTab(parts, self.tr("By file ({n})").format(n=len(report.parts)))
        if report.new_names:
            new = QTreeWidget()
            new.setObjectName("previewNew")
            new.setHeaderLabels([self.tr("Name")])
            new.setRootIsDecorated(False)
            roles = report.new_roles + [("", "")] * (len(report.new_names) - len(report.new_roles))
            for name, (position, company) in list(zip(report.new_names, roles))[:SHOWN]:
                new.addTopLevelItem(QTreeWidgetItem([person_text(name, position, company)]))
            if report.created > len(report.new_names[:SHOWN]):
                new.addTopLevelItem(QTreeWidgetItem([self.tr("… and {n} more").format(n=report.created - SHOWN)]))
            self.tabs.addTab(new, self.tr("New ({n})").format(n=report.created))
        if report.changes:
            changed = QTreeWidget()
            changed.setObjectName("previewUpdated")
            changed.setHeaderLabels([self.tr("Contact / field"), self.tr("Now"), self.tr("After the import")])
            known = roles_of(change.contact_id for change in report.changes[:SHOWN])
            for change in report.changes[:SHOWN]:
                name = with_role(change.name, known.get(change.contact_id, ""))
                parent = QTreeWidgetItem([name + ("  ★ " + self.tr("job change") if change.is_job_change else "")])
                for field, (old, new_value) in change.changes.items():
                    parent.addChild(QTreeWidgetItem([field.replace("_", " "), _short(old), _short(new_value)]))
                changed.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)  # the name and its star are never clipped
            changed.expandAll()
            changed.setColumnWidth(0, 180)
            changed.setColumnWidth(1, 220)
            self.tabs.addTab(changed, self.tr("Updated ({n})").format(n=report.updated))
        if report.skipped or report.warnings:
            skipped = QTreeWidget()
            skipped.setObjectName("previewSkipped")
            skipped.setHeaderLabels([self.tr("Line"), self.tr("Reason")])
            skipped.setRootIsDecorated(False)
            # Line 0: about a whole file, not one of its lines.
            for item in report.skipped[:SHOWN]:
                skipped.addTopLevelItem(QTreeWidgetItem([str(item.line or ""), self.tr("Skipped: ") + item.reason]))
            for warning in report.warnings[:SHOWN]:
                skipped.addTopLevelItem(QTreeWidgetItem([str(warning.line or ""), warning.message]))
            skipped.setColumnWidth(0, 60)
            count = report.skipped_count + report.warning_count
            self.tabs.addTab(skipped, self.tr("Skipped and notes ({n})").format(n=count))
        if self.tabs.count():
            box.addWidget(self.tabs, 1)
        else:
            box.addWidget(QLabel(self.tr("Nothing new: every contact in the file is already here, unchanged.")))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import"))
        self.import_button.setObjectName("confirmImport")
        self.import_button.setEnabled(report.created + report.updated + report.invitations_created
                                      + report.interactions_created + report.groups_created
                                      + report.introductions_created > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(680, 480 if self.tabs.count() else 180)
