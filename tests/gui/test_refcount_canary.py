"""A canary for the Qt binding: calling Qt must not drain the reference counts of None, True and False.

PySide6 6.12.0 on Python 3.11 dropped one reference to None on every call of a Qt method that returns nothing
and one to True/False on every signal emission; Python aborts once a count reaches zero ("none_dealloc"), a
minute into using the app. Python 3.12 made these objects immortal, so there the counts never move at all.
Each check runs many calls of one kind and fails at once, long before the interpreter would abort.

Only a *fall* is fatal. A count that rises is harmless: 6.11 takes a reference to None it never gives back when
Qt calls a Python override (a paintEvent, a delegate's paint), and None is never freed anyway.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests.gui.driving import Driver, import_demo, reference_counts

CALLS = 300
# The app may let go of a few references it held (a cache entry replaced); a broken binding loses one per call.
SLACK = 40


class _Emitter(QObject):
    flag = Signal(bool)
    nothing = Signal()


_drained: list[str] = []  # once the binding is caught, later checks stop calling it: each call brings the abort nearer


def assert_steady(action, calls: int = CALLS) -> None:
    assert not _drained, f"already caught dropping references: {_drained[0]}"
    action()  # first calls may build caches that keep references; count from the second on
    gc.collect()
    before = reference_counts()
    for _ in range(calls):
        action()
    gc.collect()
    after = reference_counts()
    drift = [b - a for a, b in zip(before, after)]
    if min(drift) < -SLACK:
        _drained.append(f"None/True/False changed by {drift} over {calls} calls")
    assert min(drift) >= -SLACK, (
        f"reference counts of None/True/False changed by {drift} over {calls} calls: the Qt binding drops "
        "references it does not own and will abort the app (see the PySide6 bound in pyproject.toml)"
    )


@pytest.fixture
def demo_window(tmp_path, make_window):
    import_demo(tmp_path / "net.db")
    window = make_window("net.db")
    window.resize(1280, 780)
    window.show()
    return window


def test_void_qt_calls_keep_reference_counts(qapp):
    widget, line = QWidget(), QLineEdit()
    assert_steady(widget.update)
    assert_steady(lambda: line.setText("ada"))
    assert_steady(QCoreApplication.processEvents)
    widget.deleteLater()
    line.deleteLater()


def test_signal_emissions_keep_reference_counts(qapp):
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(lambda value: received.append(value) or received.clear())
    assert_steady(lambda: emitter.flag.emit(True))
    assert_steady(lambda: emitter.flag.emit(False))
    assert_steady(emitter.nothing.emit)


def test_repainting_every_page_of_the_real_window_keeps_reference_counts(qtbot, demo_window):
    driver = Driver(qtbot, demo_window)
    for index, page in enumerate(driver.pages):
        driver.show_page(index)
        assert_steady(page.repaint, calls=100)
    assert driver.events >= len(driver.pages)


def test_typing_and_scrolling_keep_reference_counts(qtbot, demo_window):
    driver = Driver(qtbot, demo_window)
    assert_steady(lambda: driver.type_search("ad"), calls=100)
    assert_steady(lambda: driver.scroll_board(2), calls=100)
    assert QApplication.activeModalWidget() is None
