"""Dark theme on the real window: every icon drawn in the text colour follows a theme switch; the 8-week chart
labels its weeks and says each week's count at its bar; a call whose time has passed is not "upcoming"."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QToolButton, QToolTip

from linkorganizer.core import contacts
from linkorganizer.core import introductions as intro_core
from linkorganizer.core.network import Changes


def ink(icon: QIcon) -> int:
    """The lightness of an icon's most opaque pixels (0 black … 255 white)."""
    image = icon.pixmap(16, 16).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    solid = [c for c in pixels if c.alpha() > 200]
    assert solid, "the icon draws nothing"
    return sum(c.lightness() for c in solid) // len(solid)


def test_a_theme_switch_redraws_every_palette_icon(qtbot, window, qapp):
    cid = contacts.create_contact({"display_name": "Ada Quill", "profile_url": "https://www.linkedin.com/in/ada"})
    window.bus.publish(Changes.everything())
    window.show()
    window.actions.theme_actions["light"].trigger()
    qtbot.wait(20)
    window.contacts_view.select_ids([cid])
    editor = window.contacts_view.editor
    inbox = window.inbox_view
    inbox.info_bar.show_message("Done.", [])
    adds = [b for b in editor.findChildren(QToolButton) if b.accessibleName() in ("Add", "Remove")]
    assert adds
    watched = {
        "the banner's ✕": inbox.info_bar.close_button,
        "open profile": editor.open_profile,
        "+ and −": adds[0],
        "the board's new goal button": window.board_view.new_button,
        "the search field's magnifier": window.board_view.search_icon,
    }
    for name, widget in watched.items():
        assert ink(widget.icon()) < 110, f"{name} is not dark on the light palette"
    window.actions.theme_actions["dark"].trigger()
    qtbot.waitUntil(lambda: qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128)
    for name, widget in watched.items():
        assert ink(widget.icon()) > 150, f"{name} stayed dark on the dark palette"
    assert ink(window.actions.undo.icon()) > 150  # the menus' and tool bar's actions too
    window.actions.theme_actions["light"].trigger()
    qtbot.wait(20)
    assert ink(inbox.info_bar.close_button.icon()) < 110


def test_the_week_chart_labels_its_weeks_and_keeps_its_tooltip_short(qtbot, window, monkeypatch):
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(window.introductions_view))
    bars = window.introductions_view.goal_card.bars
    qtbot.waitUntil(lambda: len(bars.counts) == 8)
    assert bars.week_label(7) == "this week"
    assert bars.week_label(0) and bars.week_label(0) != bars.week_label(1)
    assert bars.bar_tooltip(7) == "This week: 0 calls held"
    shown: list[tuple[str, QPoint]] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append((text, pos)))
    area = bars.rect()
    first = QPoint(area.left() + 8, area.center().y())
    QApplication.sendEvent(bars, QHelpEvent(QEvent.Type.ToolTip, first, bars.mapToGlobal(first)))
    assert shown and shown[0][0].startswith("Week of ") and shown[0][0].endswith("0 calls held")
    # Said at the bar, inside the chart: not one long line of eight weeks that runs off the screen.
    assert bars.rect().contains(bars.mapFromGlobal(shown[0][1]))
    assert bars.toolTip() == ""


def test_a_past_call_not_recorded_is_not_upcoming(qtbot, window):
    cid = contacts.create_contact({"display_name": "Chiara Moretti"})
    past = intro_core.schedule_call(cid, _dt.datetime.now(_dt.UTC) - _dt.timedelta(days=1), 30, "Who are you?")
    ahead = intro_core.schedule_call(cid, _dt.datetime.now(_dt.UTC) + _dt.timedelta(days=2), 30, "Follow-up")
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(window.introductions_view))
    view = window.introductions_view
    qtbot.waitUntil(lambda: view.upcoming.rowCount() == 1)
    assert view.upcoming.introduction_ids() == [ahead]
    assert view.to_record.introduction_ids() == [past]
    assert view.upcoming_label.text() == "Upcoming (1)"
    assert view.to_record_label.text() == "To record (1): their time has passed"
    assert view.select_introduction(past) and view.selected_introduction_id() == past
    assert view.record_button.isEnabled()
