"""The Insights page on the real window: its numbers are core's measures, a click on a bar shows exactly those
people in the contact table, and the page exports as a real PNG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from linkorganizer.core import contacts, groups, insights, interactions, invitations
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.network import Changes
from linkorganizer.db.models import GroupSlot
from linkorganizer.ui.localtime import utc_today
from linkorganizer.ui.views.insights_view import InsightsView


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def moment(days_ago: int) -> dt.datetime:
    day = utc_today() - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, 10, 0)


@pytest.fixture
def network(window) -> dict[str, int]:
    """Ada active and in Fintech's recruiter place, Bo and Cy clutter, Di in Fintech without a role, Ed long ago."""
    people = {
        "ada": contacts.create_contact({"first_name": "Ada", "notes": "met at a meetup", "connected_on": dt.date(2024, 1, 5)}),
        "bo": contacts.create_contact({"first_name": "Bo", "connected_on": dt.date(2024, 1, 20)}),
        "cy": contacts.create_contact({"first_name": "Cy", "connected_on": dt.date(2025, 3, 1)}),
        "di": contacts.create_contact({"first_name": "Di", "cadence_days": 7}),
        "ed": contacts.create_contact({"first_name": "Ed", "cadence_days": 30}),
    }
    interactions.log_interaction(people["ada"], "help_given", moment(3))
    interactions.log_interaction(people["di"], "help_received", moment(1))
    interactions.log_interaction(people["ed"], "call", moment(400))
    goal = groups.create_group("Fintech", slots=[("Recruiter", 2), ("Hiring manager", 1)])
    recruiter = GroupSlot.get((GroupSlot.group == goal) & (GroupSlot.role == "Recruiter")).id
    groups.place([people["ada"]], goal, recruiter)
    groups.place([people["di"]], goal)
    groups.create_group("Speaking", slots=[("Organiser", 1)])
    invitations.create_invitation("incoming", "Gil Rao", message="Hi")
    people["fintech"] = goal
    window.bus.publish(Changes.everything())
    window.show()
    return people


def show_insights(window) -> InsightsView:
    window.navigation.setCurrentRow(window.views.indexOf(window.insights_view))
    for _ in range(3):
        QApplication.processEvents()
    return window.insights_view


def table_ids(window) -> set[int]:
    return set(window.contacts_view.model.contact_ids())


def test_the_page_shows_core_measures_with_their_explanations(window, network) -> None:
    view = show_insights(window)
    assert window.findChild(InsightsView, "insightsView") is view
    assert window.navigation.item(window.views.indexOf(view)).text() == "Insights"
    expected = insights.compute(utc_today())
    assert (expected.active, expected.clutter, expected.contacts) == (2, 2, 5)

    def text(key: str) -> str:
        label = view.findChild(QLabel, f"insights_{key}")
        assert label is not None and label.isVisible(), key
        return label.text()

    assert text("active") == "Active: 2   Clutter: 2   Neither: 1   of 5"
    assert text("keep_in_touch") == (
        f"On time: {expected.on_time}   Due today: {expected.due_today}   Overdue: {expected.overdue}"
    )
    assert (expected.on_time, expected.overdue) == (1, 1)
    assert text("reciprocity") == "Given: 1   Received: 1"
    assert text("coverage") == "1 of 4 places filled in 2 goals"
    assert text("invitations").startswith("Received: 1   Accepted: 0   Asked: 0   Declined: 0   Open: 1")
    assert text("invitations").endswith("Unclear: 1 (100%)")
    assert text("growth") == "2 months   Active: 1   Clutter: 2"
    assert "Weekly goal" in text("calls")
    sentences = {label.text() for label in view.findChildren(QLabel, "insightsExplanation")}
    for key, sentence in insights.EXPLANATIONS.items():
        assert any(sentence in shown for shown in sentences), key
    # Each goal is a bar of its own in coverage and in reciprocity (after "All").
    assert [bar.label for bar in view.coverage_chart.bars] == ["Fintech", "Speaking"]
    assert [bar.text for bar in view.reciprocity_chart.bars] == ["1 / 1", "1 / 1", "0 / 0"]
    assert len(view.calls_chart.bars) == 8


def test_clicking_a_goals_coverage_bar_shows_its_members(qtbot, window, network) -> None:
    view = show_insights(window)
    rect = view.coverage_chart.segment_rect(0, 0)  # Fintech's filled places
    assert not rect.isEmpty()
    qtbot.mouseClick(view.coverage_chart, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.views.currentWidget() is window.contacts_view
    assert table_ids(window) == {network["ada"], network["di"]}
    assert window.contacts_view.filter_bar.filters() == {"group_id": network["fintech"]}


def test_clicking_the_clutter_segment_shows_exactly_the_clutter(qtbot, window, network) -> None:
    view = show_insights(window)
    rect = view.network_chart.segment_rect(0, 1)
    qtbot.mouseClick(view.network_chart, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.views.currentWidget() is window.contacts_view
    assert table_ids(window) == {network["bo"], network["cy"]}
    assert window.contacts_view.filter_bar.filters() == {"clutter": True}
    # The active half, through the same filter the chart counted with.
    show_insights(window)
    rect = view.network_chart.segment_rect(0, 0)
    qtbot.mouseClick(view.network_chart, Qt.MouseButton.LeftButton, pos=rect.center())
    assert table_ids(window) == {network["ada"], network["di"]}
    assert set(query_contact_ids(ContactQuery(active=True))) == {network["ada"], network["di"]}


def test_clicking_a_growth_segment_shows_that_months_clutter(qtbot, window, network) -> None:
    view = show_insights(window)
    assert [bar.label for bar in view.growth_chart.bars] == ["Jan 24", "Mar 25"]
    rect = view.growth_chart.segment_rect(0, 1)  # January 2024, clutter: Bo (Ada has notes and is active)
    qtbot.mouseClick(view.growth_chart, Qt.MouseButton.LeftButton, pos=rect.center())
    assert table_ids(window) == {network["bo"]}


def test_the_page_redraws_when_shown_after_a_change(window, network) -> None:
    view = show_insights(window)
    window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
    interactions.log_interaction(network["bo"], "help_given", moment(2))
    window.bus.publish(Changes(interactions={network["bo"]}))
    view = show_insights(window)
    assert view.findChild(QLabel, "insights_active").text() == "Active: 3   Clutter: 1   Neither: 1   of 5"


def test_export_writes_a_real_png(monkeypatch, tmp_path: Path, window, network) -> None:
    view = show_insights(window)
    target = tmp_path / "insights.png"
    monkeypatch.setattr(InsightsView, "ask_png_path", classmethod(lambda cls, parent: target))
    view.export_button.click()
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5000
    assert "insights.png" in window.statusBar().currentMessage()


def test_export_to_a_missing_folder_says_so(monkeypatch, tmp_path: Path, window, network) -> None:
    view = show_insights(window)
    target = tmp_path / "missing" / "insights.png"
    monkeypatch.setattr(InsightsView, "ask_png_path", classmethod(lambda cls, parent: target))
    assert view.export_png() is None
    assert not target.exists()
    assert str(target) in window.statusBar().currentMessage()
