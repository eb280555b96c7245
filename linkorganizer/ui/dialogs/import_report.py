"""What an import did: counts, job changes worth a message, rows skipped and why."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from linkorganizer.core.importing import ImportReport
from linkorganizer.ui.localtime import plural


class ImportReportDialog(QDialog):
    contact_requested = Signal(int)  # a line was opened: show that contact

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(self.tr("Import finished"))
        self.report = report
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Imported {name}").format(name=report.path))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        counts = QLabel(
            self.tr("{new} new · {updated} updated · {unchanged} unchanged · {skipped} skipped").format(
                new=report.created, updated=report.updated, unchanged=report.unchanged, skipped=report.skipped_count
            )
        )
        counts.setObjectName("reportCounts")
        box.addWidget(counts)
        jobs = report.job_changes
        if jobs:
            label = QLabel(
                plural(len(jobs), self.tr("1 job change: a good moment to say congratulations."),
                       self.tr("{n} job changes: a good moment to say congratulations."))
                + " " + self.tr("Today lists them until you do; double-click a line to open the contact.")
            )
            label.setWordWrap(True)
            box.addWidget(label)
            self.job_list = QListWidget()
            self.job_list.setObjectName("jobChanges")
            # A long "before → after" wraps rather than hiding behind a sideways scroll bar.
            self.job_list.setWordWrap(True)
            self.job_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.job_list.setResizeMode(QListWidget.ResizeMode.Adjust)
            for change in jobs:
                item = QListWidgetItem(change.describe())
                item.setData(Qt.ItemDataRole.UserRole, change.contact_id)
                item.setToolTip(self.tr("Open {name}").format(name=change.name))
                self.job_list.addItem(item)
            self.job_list.itemActivated.connect(self._open)
            box.addWidget(self.job_list)
        notes = []
        reasons: dict[str, int] = {}
        for item in report.skipped:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
        notes += [self.tr("Skipped {n}: {reason}").format(n=n, reason=reason) for reason, n in reasons.items()]
        notes += [self.tr("Line {line}: {message}").format(line=w.line, message=w.message) for w in report.warnings[:20]]
        if report.in_trash:
            notes.append(plural(
                    report.in_trash,
                    self.tr("1 matched contact is in the trash and stays there."),
                    self.tr("{n} matched contacts are in the trash and stay there."),
                ))
        if notes:
            detail = QLabel("\n".join(notes))
            detail.setWordWrap(True)
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            detail.setObjectName("reportNotes")
            box.addWidget(detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        box.addWidget(buttons)
        self.resize(520, 360 if jobs else 200)

    def _open(self, item: QListWidgetItem) -> None:
        contact_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(contact_id, int):
            self.contact_requested.emit(contact_id)
            self.accept()

    @classmethod
    def show_report(cls, parent: QWidget | None, report: ImportReport) -> "ImportReportDialog":
        dialog = cls(report, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
