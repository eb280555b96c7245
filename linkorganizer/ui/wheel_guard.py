"""No edits by the mouse wheel: a combo box, spin box or date edit takes the wheel only once it has the focus.

Scrolling a panel passes fields under the pointer; a wheel turn over one of them would otherwise pick a new stage
or count up a cadence and save it without a click. Installed once on the application (the composition root), so
every view and dialog built later is covered by construction: such a field gets the focus by click or Tab only
(not by the wheel), and an unfocused field hands the wheel to the panel it sits in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)  # QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit


def _panel_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area the field sits in (the one the wheel was meant for)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """The application-wide event filter (see the module docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            if isinstance(watched, _GUARDED) and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel never gives these the focus
            return False
        if kind != QEvent.Type.Wheel or not isinstance(watched, _GUARDED) or watched.hasFocus():
            return False
        panel = _panel_of(watched)
        if panel is not None:
            QCoreApplication.sendEvent(panel.viewport(), event)
        return True  # the field itself never sees it


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on *app* once (later calls return the one installed)."""
    existing = app.findChild(WheelGuard, "wheelGuard")
    if isinstance(existing, WheelGuard):
        return existing
    guard = WheelGuard(app)
    guard.setObjectName("wheelGuard")
    app.installEventFilter(guard)
    return guard


__all__ = ["WheelGuard", "install_wheel_guard"]
