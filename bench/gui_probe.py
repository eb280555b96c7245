"""Measure the real window from outside the app: one whole process per call, JSON on stdout.

    python bench/gui_probe.py startup NETWORK.db SETTINGS.ini
    python bench/gui_probe.py session NETWORK.db SETTINGS.ini

The window is the one the app shows: ``linkorganizer.app.create_main_window`` on a QApplication with the app's
theme, offscreen. Everything this script learns it learns the way a person would see it — from paint events
(an event filter installed here, never a hook in the app), object names, and Qt's own model signals. Only the
row counting of the scroll measurement wraps the table model's ``data()`` (and the row fetch it calls), from
here, before the window is built.

``startup`` prints the wall-clock time of the window's first paint, at the end of its first paint pass (the
runner subtracts the moment it started the process, so interpreter start and imports count, as they do for a
person), the time of its last paint
within the second after it (what the window fills in after its first paint: counts, badges, the page's
entries), then the resident memory once the window has been idle for a moment.

``session`` opens the window, then measures: keystrokes into the search box until the table's next repaint
(any debounce the app has is included), scrolling the table page by page (rows asked for and rows fetched from
the database per page), the keep-in-touch list and the Today page when the window has one (objectName
``todayView``), each from the click in the navigation to the page's first paint. The window opens on Today, so
Today has been read once it is clicked: its figure is, when the window opens on it, the time from the window's
first paint to the first paint of the page's entries (a section title, a row, or its "nothing today" text),
the click's figure kept beside it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QAbstractSlider,
    QApplication,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QWidget,
)

WINDOW_SIZE = (1280, 800)
TIMEOUT_S = 10.0
# Typed one letter at a time into the search box, then taken back one Backspace at a time: every keystroke
# changes the result, so every keystroke must end in a repaint of the table.
WORDS = ("mar", "sch", "eng", "ana")


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its highest, from /proc (Linux); empty elsewhere."""
    found: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return found


class PaintWatch(QObject):
    """Counts paint events of chosen widgets (an event filter; the app is not touched)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[int, int] = {}
        self._owners: dict[int, set[int]] = {}  # a widget -> the watched widgets it is (or is inside)

    def watch(self, widget: QWidget) -> None:
        """Count the paints of *widget* and of everything inside it (a scrolling page paints its viewport)."""
        self.counts.setdefault(id(widget), 0)
        for part in [widget, *widget.findChildren(QWidget)]:
            self._owners.setdefault(id(part), set()).add(id(widget))
            part.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            for owner in self._owners.get(id(watched), ()):
                self.counts[owner] += 1
        return False

    def count(self, widget: QWidget) -> int:
        return self.counts.get(id(widget), 0)


# What the Today page paints once it has read its entries (its head paints before).
TODAY_CONTENT = frozenset({"todaySection", "todayRow", "noMatch"})


class FirstWindowPaint(QObject):
    """The first paint of any widget of one window, on the application (before the window exists); then the
    time of every later paint of the window, and of the first paint of the Today page's entries."""

    def __init__(self) -> None:
        super().__init__()
        self.window: QWidget | None = None
        self.painted = False
        self.painted_at: float | None = None
        self.pass_end: float | None = None  # the last paint of the first paint pass
        self._pass_closed = False
        self.last_paint_at: float | None = None
        self.today_filled_at: float | None = None
        self.names: set[str] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.painted and not self._pass_closed and isinstance(watched, QWidget) and self.window is not None \
                and watched.window() is self.window:
            # The first pass paints widget after widget in one go; the first other event of the window ends it
            # (a zero timer of the app's own, queued from that paint, may run before ours: the time is taken here).
            if event.type() == QEvent.Type.Paint:
                self.pass_end = time.time()
            else:
                self._pass_closed = True
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and self.window is not None \
                and watched.window() is self.window:
            now = time.time()
            self.last_paint_at = now
            if self.today_filled_at is None and watched.objectName() in TODAY_CONTENT:
                today = self.window.findChild(QWidget, "todayView")
                if today is not None and today.isAncestorOf(watched):
                    self.today_filled_at = now
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and self.window is not None
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.painted = True
            self.painted_at = self.pass_end = time.time()
            # The rest of this backing-store pass paints in the same event: finish once it has run.
            QTimer.singleShot(0, _quit_loop)
        if self.painted and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            name = watched.objectName() or (watched.parentWidget().objectName() if watched.parentWidget() else "")
            if name:
                self.names.add(name)
        return False


_loops: list[QEventLoop] = []


def _quit_loop() -> None:
    if _loops:
        _loops[-1].quit()


def wait_until(done: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
    """Run the event loop until *done()* (checked after every event batch) or the timeout."""
    deadline = time.perf_counter() + timeout
    app = QApplication.instance()
    while not done():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if not done():
            # Timers (a debounce) need the loop to wait, not to spin: block briefly for the next event.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    return True


def settle(seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    app = QApplication.instance()
    while time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    from linkorganizer.ui.theme import apply_theme

    apply_theme(app, "light")
    return app


def build_window(db: Path, ini: Path) -> QWidget:
    from linkorganizer.app import create_main_window

    window = create_main_window(db, QSettings(str(ini), QSettings.Format.IniFormat))
    window.resize(*WINDOW_SIZE)
    return window


def startup(db: Path, ini: Path) -> dict[str, Any]:
    app = make_app()
    first = FirstWindowPaint()
    app.installEventFilter(first)
    window = build_window(db, ini)
    first.window = window
    window.show()
    loop = QEventLoop()
    _loops.append(loop)
    QTimer.singleShot(int(TIMEOUT_S * 1000) * 3, loop.quit)
    if not first.painted:
        loop.exec()
    if not first.painted:
        raise SystemExit("startup: the window never painted")
    painted_at = first.pass_end
    # Whatever the window fills in after its first paint (counts, badges) is part of what it holds open.
    settle(1.0)
    app.removeEventFilter(first)
    result = {"painted_at": painted_at, "last_paint_at": first.last_paint_at, "painted": sorted(first.names),
              **memory_mb()}
    window.close()
    return result


# ---------------------------------------------------------------------------------------------------- session


class ModelActivity(QObject):
    """Any of Qt's model signals since the last reset of the flag: the table was told its content changed."""

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.changed = False
        for name in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved", "dataChanged"):
            getattr(model, name).connect(self._on)

    def _on(self, *_args: object) -> None:
        self.changed = True


def install_row_counters() -> dict[str, Any]:
    """Wrap the contact table model's data() and the row fetch it calls, to count what scrolling asks for."""
    from linkorganizer.ui.models import contact_table

    counters: dict[str, Any] = {"calls": 0, "rows": set(), "fetched": 0, "fetch_calls": 0, "fetch_hooked": False}
    model_class = contact_table.ContactTableModel
    original_data = model_class.data

    def data(self: Any, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        counters["calls"] += 1
        counters["rows"].add(index.row())
        return original_data(self, index, role)

    model_class.data = data
    fetch = getattr(contact_table, "fetch_rows", None)
    if callable(fetch):

        def fetch_rows(ids: Any, *args: Any, **kwargs: Any) -> Any:
            ids = list(ids)
            counters["fetched"] += len(ids)
            counters["fetch_calls"] += 1
            return fetch(ids, *args, **kwargs)

        contact_table.fetch_rows = fetch_rows
        counters["fetch_hooked"] = True
    return counters


def _page(window: QWidget, name: str) -> tuple[QWidget | None, int]:
    page = window.findChild(QWidget, name)
    if page is None:
        return None, -1
    stack = page.parentWidget()
    while stack is not None and not isinstance(stack, QStackedWidget):
        page, stack = stack, stack.parentWidget()
    return (page, stack.indexOf(page)) if stack is not None else (page, -1)


def show_page(window: QWidget, name: str, watch: PaintWatch) -> float | None:
    """Click the page in the navigation; milliseconds until the page's first paint. None if there is none."""
    page, index = _page(window, name)
    nav = window.findChild(QListWidget, "navigation")
    if page is None or nav is None or index < 0:
        return None
    if page.isVisible():
        other = next(i for i in range(nav.count()) if i != index)
        nav.setCurrentRow(other)
        settle(0.2)
    watch.watch(page)
    before = watch.count(page)
    started = time.perf_counter()
    nav.setCurrentRow(index)
    if not wait_until(lambda: watch.count(page) > before):
        raise SystemExit(f"session: the page {name} never painted")
    # The rest of the paint pass (the page's children) runs in the same event.
    QApplication.instance().processEvents()
    return (time.perf_counter() - started) * 1000


def session(db: Path, ini: Path) -> dict[str, Any]:
    app = make_app()
    counters = install_row_counters()
    first = FirstWindowPaint()
    app.installEventFilter(first)
    window = build_window(db, ini)
    first.window = window
    window.show()
    watch = PaintWatch()
    result: dict[str, Any] = {}
    # The page the window opens on, read after the window's first paint: Today's cold figure.
    today = window.findChild(QWidget, "todayView")
    opens_on_today = today is not None and today.isVisible()
    if opens_on_today:
        wait_until(lambda: first.today_filled_at is not None)
        if first.today_filled_at is not None and first.pass_end is not None:
            result["today_cold_ms"] = (first.today_filled_at - first.pass_end) * 1000
    app.removeEventFilter(first)

    table = window.findChild(QAbstractItemView, "contactTable")
    box = window.findChild(QLineEdit, "searchBox")
    if table is None or box is None:
        raise SystemExit("session: the window has no contactTable or searchBox")
    viewport = table.viewport()
    watch.watch(viewport)
    # The window may open on another page (Today): the contacts page is the one that holds the table.
    contacts, _ = _page(window, "contactTable")
    if contacts is not None and not contacts.isVisible():
        show_page(window, "contactTable", watch)
    if not wait_until(lambda: watch.count(viewport) > 0):
        raise SystemExit("session: the contact table never painted")
    settle(0.5)

    # -- type to filter
    activity = ModelActivity(table.model())
    box.setFocus()
    times: list[float] = []
    timeouts = 0
    for word in WORDS:
        keys = [(Qt.Key(ord(ch.upper())), ch) for ch in word] + [(Qt.Key.Key_Backspace, "")] * len(word)
        for key, text in keys:
            activity.changed = False
            before = watch.count(viewport)
            started = time.perf_counter()
            QTest.keyClick(box, key, Qt.KeyboardModifier.NoModifier)
            ok = wait_until(lambda: activity.changed and watch.count(viewport) > before, timeout=3.0)
            times.append((time.perf_counter() - started) * 1000)
            timeouts += not ok
            settle(0.05)
    result["filter_ms"] = times
    result["filter_timeouts"] = timeouts
    result["rows_shown"] = table.model().rowCount()

    # -- scrolling, page by page
    settle(0.3)
    bar = table.verticalScrollBar()
    bar.setValue(bar.minimum())
    settle(0.3)
    visible = table.rowAt(viewport.height() - 1) - table.rowAt(0) + 1
    if table.rowAt(viewport.height() - 1) < 0:
        visible = table.model().rowCount() - max(table.rowAt(0), 0)
    columns = sum(1 for c in range(table.model().columnCount()) if not table.isColumnHidden(c))
    pages = 0
    counters["calls"], counters["rows"], counters["fetched"], counters["fetch_calls"] = 0, set(), 0, 0
    page_ms: list[float] = []
    for _ in range(60):
        if bar.value() >= bar.maximum():
            break
        before = watch.count(viewport)
        started = time.perf_counter()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        if not wait_until(lambda: watch.count(viewport) > before, timeout=3.0):
            raise SystemExit("session: scrolling did not repaint the table")
        page_ms.append((time.perf_counter() - started) * 1000)
        pages += 1
    result["scroll"] = {
        "pages": pages,
        "visible_rows": visible,
        "visible_columns": columns,
        "data_calls": counters["calls"],
        "rows_asked": len(counters["rows"]),
        "rows_fetched": counters["fetched"] if counters["fetch_hooked"] else None,
        "fetches": counters["fetch_calls"] if counters["fetch_hooked"] else None,
        "page_ms": page_ms,
    }

    # -- the keep-in-touch list and the Today page, cold (their first showing)
    result["due_ms"] = show_page(window, "dueView", watch)
    result["today_click_ms"] = show_page(window, "todayView", watch)
    result["today_ms"] = result.get("today_cold_ms", result["today_click_ms"])
    result.update(memory_mb())
    window.close()
    del app
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("startup", "session"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, db, ini = argv[0], Path(argv[1]), Path(argv[2])
    result = startup(db, ini) if mode == "startup" else session(db, ini)
    print(json.dumps(result), flush=True)
    sys.stderr.flush()
    # The measurement is done; the teardown of 100 000 rows' worth of Python objects is not part of it.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
