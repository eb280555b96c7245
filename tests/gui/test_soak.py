"""A soak: the real window on a network of thousands, driven through every page for thousands of events.

The suite once passed while the app it tested died a minute into use (a binding that drained None's reference
count); only driving the window for long, as a person does, shows that. The same session under a real X
server with real input events is tests/e2e/test_soak_x11.py.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from linkorganizer.core import groups
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.formats import registry
from tests.gui.driving import Driver, import_demo, reference_counts

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = 3000
GOALS = 12
EVENTS = 4000


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def big_window(tmp_path, make_window):
    """The demo network plus a generated LinkedIn export of 3 000 people, 12 more goals holding 40 each."""
    import_demo(tmp_path / "net.db")
    generate = _generator()
    csv = generate.write_connections(tmp_path / "Connections.csv", generate.generate_people(CONTACTS))
    registry.import_file(csv, "linkedin")
    ids = query_contact_ids(ContactQuery())
    for goal in range(GOALS):
        group = groups.create_group(f"Goal {goal:02}", "", slots=[("Recruiter", 3), ("Mentor", 1)] if goal % 2 else [])
        groups.place(ids[goal * 40 : (goal + 1) * 40], group)
    window = make_window("net.db")
    window.resize(1280, 780)
    window.show()
    return window


@pytest.mark.slow
def test_thousands_of_events_over_every_page_leave_the_app_alive_and_its_counts_steady(qtbot, big_window):
    driver = Driver(qtbot, big_window, seed=3)
    driver.every_page_painted()
    assert len(query_contact_ids(ContactQuery())) > CONTACTS
    gc.collect()
    before = reference_counts()
    drops = 0
    while driver.events < EVENTS:
        driver.random_step()
        drops += driver.drag_to_a_goal() if driver.events % 25 == 0 else 0
    driver.every_page_painted()
    gc.collect()
    after = reference_counts()
    assert driver.events >= EVENTS
    assert drops > 0, "no drag reached a goal card"
    drift = [b - a for a, b in zip(before, after)]
    assert min(drift) >= -40, f"None/True/False reference counts fell by {drift} over {driver.events} events"
    # Still a working window: a search finds someone and the board draws its goals.
    driver.type_search("a")
    qtbot.waitUntil(lambda: 0 < big_window.contacts_view.model.rowCount() < big_window.contacts_view.model.total)
    assert len(big_window.board_view.cards()) >= GOALS
    assert QApplication.activeModalWidget() is None
