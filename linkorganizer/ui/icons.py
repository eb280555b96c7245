"""Every icon of the app, by what it means. The only module that imports qtawesome."""

from __future__ import annotations

from functools import cache

from qtawesome.iconic_font import IconicFont
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QListWidget, QTabBar, QWidget

from linkorganizer.desktop import ICON_SIZES, icon_relpath
from linkorganizer.paths import ICON_FONT_PREFIX, icon_font_files, resources_dir

NAMES: dict[str, str] = {
    "contacts": "mdi6.account-multiple-outline",
    "contact": "mdi6.account-outline",
    "new_contact": "mdi6.account-plus-outline",
    "import": "mdi6.tray-arrow-down",
    "export": "mdi6.tray-arrow-up",
    "linkedin": "mdi6.linkedin",
    "json": "mdi6.code-json",
    "csv": "mdi6.file-delimited-outline",
    "new_database": "mdi6.database-plus-outline",
    "open_database": "mdi6.folder-open-outline",
    "open_shared": "mdi6.server-network",
    "share_network": "mdi6.share-variant-outline",
    "snapshot": "mdi6.backup-restore",
    "quit": "mdi6.exit-to-app",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "delete": "mdi6.trash-can-outline",
    "restore": "mdi6.delete-restore",
    "trash": "mdi6.delete-outline",
    "find": "mdi6.magnify",
    "filter": "mdi6.filter-variant",
    "saved_view": "mdi6.filter-outline",
    "save_view": "mdi6.content-save-outline",
    "close": "mdi6.close",
    "delete_forever": "mdi6.delete-forever-outline",
    "empty_trash": "mdi6.delete-sweep-outline",
    "stage": "mdi6.stairs",
    "cadence": "mdi6.calendar-refresh-outline",
    "tags": "mdi6.tag-multiple-outline",
    "keyboard": "mdi6.keyboard-outline",
    "backup": "mdi6.database-export-outline",
    "tag": "mdi6.tag-outline",
    "untag": "mdi6.tag-off-outline",
    "about": "mdi6.information-outline",
    "open_link": "mdi6.open-in-new",
    "add": "mdi6.plus",
    "remove": "mdi6.minus",
    "theme": "mdi6.theme-light-dark",
    "columns": "mdi6.table-column",
    "puzzle": "mdi6.puzzle-outline",
    "preferences": "mdi6.cog-outline",
    "recent": "mdi6.history",
    "demo": "mdi6.flask-outline",
    "start_empty": "mdi6.sprout-outline",
    "email": "mdi6.email-outline",
    "phone": "mdi6.phone-outline",
    "warning": "mdi6.alert-outline",
    # the Three I's: invitations, introductions, interactions
    "inbox": "mdi6.inbox-arrow-down-outline",
    "invitation_new": "mdi6.email-plus-outline",
    "invitation": "mdi6.email-outline",
    "incoming": "mdi6.arrow-down-left",
    "outgoing": "mdi6.arrow-up-right",
    "accept": "mdi6.check",
    "decline": "mdi6.close",
    "ask": "mdi6.chat-question-outline",
    "reply": "mdi6.message-reply-text-outline",
    "ignore": "mdi6.eye-off-outline",
    "withdraw": "mdi6.arrow-u-left-top",
    "follow_up": "mdi6.email-fast-outline",
    "copy": "mdi6.content-copy",
    "templates": "mdi6.text-box-edit-outline",
    "edit": "mdi6.pencil-outline",
    "state_change": "mdi6.swap-horizontal",
    "introductions": "mdi6.handshake-outline",
    "schedule": "mdi6.calendar-plus",
    "scheduled": "mdi6.calendar-clock",
    "calendar_export": "mdi6.calendar-export",
    "cancel_call": "mdi6.calendar-remove",
    "record_call": "mdi6.clipboard-text-outline",
    "goal": "mdi6.target",
    "due": "mdi6.bell-ring-outline",
    "today": "mdi6.calendar-today",
    "reminder": "mdi6.alarm",
    "snooze": "mdi6.alarm-snooze",
    "birthday": "mdi6.cake-variant-outline",
    "job_change": "mdi6.briefcase-outline",
    "done": "mdi6.check-circle-outline",
    "interactions": "mdi6.timeline-text-outline",
    "insights": "mdi6.chart-box-outline",
    "export_image": "mdi6.image-move",
    "log_interaction": "mdi6.message-plus-outline",
    "kind_meeting": "mdi6.account-group-outline",
    "kind_help_given": "mdi6.hand-heart-outline",
    "kind_help_received": "mdi6.gift-outline",
    "kind_referral": "mdi6.account-arrow-right-outline",
    "kind_recommendation": "mdi6.star-outline",
    "kind_endorsement": "mdi6.thumb-up-outline",
    "kind_note": "mdi6.note-text-outline",
    "add_note": "mdi6.note-plus-outline",
    "private": "mdi6.lock-outline",
    # relationship stages
    "stage_prospect": "mdi6.account-search-outline",
    "stage_invited": "mdi6.email-fast-outline",
    "stage_introduced": "mdi6.handshake-outline",
    "stage_connected": "mdi6.link-variant",
    "stage_keep_in_touch": "mdi6.calendar-heart",
    "stage_not_a_fit": "mdi6.close-circle-outline",
}

STAGE_COLOURS: dict[str, str] = {
    "prospect": "#8E8E93",
    "invited": "#B7791F",
    "introduced": "#2B6CB0",
    "connected": "#2F855A",
    "keep_in_touch": "#6B46C1",
    "not_a_fit": "#C53030",
}


def _text_colour() -> QColor:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.WindowText)


@cache
def _font() -> IconicFont:
    """Only the icon set the app draws with (qtawesome's own singleton would load all eleven of its fonts)."""
    ttf, charmap = icon_font_files()
    return IconicFont((ICON_FONT_PREFIX, ttf.name, charmap.name, str(ttf.parent)))


@cache
def _icon(name: str, colour: str) -> QIcon:
    return _font().icon(NAMES[name], color=colour, color_disabled="#9aa0a6")


# Icons drawn in the palette's text colour, by QIcon.cacheKey (which every copy a widget holds shares): what
# :func:`redraw_palette_icons` draws again after the palette changed. Never cleared: widgets keep old icons.
_FOLLOWING: dict[int, str] = {}


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon for *name*, drawn in the palette's text colour unless a colour is given. An icon in the text
    colour follows the palette: a theme switch draws it again wherever it is shown."""
    drawn = _icon(name, colour or _text_colour().name())
    if colour is None:
        _FOLLOWING[drawn.cacheKey()] = name
    return drawn


def _again(old: QIcon) -> QIcon | None:
    name = _FOLLOWING.get(old.cacheKey()) if not old.isNull() else None
    return icon(name) if name is not None else None


def redraw_palette_icons() -> int:
    """Draw every icon that follows the palette again in the current text colour — on buttons, actions (menus,
    tool bars, line edits), combo box items, list items and tabs of every widget — and return how many.

    One walk after a theme switch, so no widget has to remember which of its icons to redraw.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return 0
    count = 0
    actions: dict[int, object] = {}
    for widget in app.allWidgets():
        if isinstance(widget, QAbstractButton) and (new := _again(widget.icon())) is not None:
            widget.setIcon(new)
            count += 1
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                if (new := _again(widget.itemIcon(index))) is not None:
                    widget.setItemIcon(index, new)
                    count += 1
        elif isinstance(widget, QListWidget):
            for row in range(widget.count()):
                item = widget.item(row)
                if (new := _again(item.icon())) is not None:
                    item.setIcon(new)
                    count += 1
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if (new := _again(widget.tabIcon(index))) is not None:
                    widget.setTabIcon(index, new)
                    count += 1
        for action in QWidget.actions(widget):  # unbound: a window may name its own registry "actions"
            actions[id(action)] = action
    for action in actions.values():
        if (new := _again(action.icon())) is not None:  # type: ignore[attr-defined]
            action.setIcon(new)  # type: ignore[attr-defined]
            count += 1
    return count


def stage_icon(stage: str) -> QIcon:
    return icon(f"stage_{stage}", STAGE_COLOURS.get(stage, "#8E8E93"))


_DRAWN: dict[int, QIcon] = {}


def drawn(source: QIcon) -> QIcon:
    """*source* drawn once into pixmaps: for lists that paint the same icon on every row of every repaint (a
    font glyph is drawn in Python each time). Follows a theme switch: a redrawn icon is another source."""
    key = source.cacheKey()
    found = _DRAWN.get(key)
    if found is None:
        found = QIcon()
        for size in (16, 20, 24, 32, 48):
            found.addPixmap(source.pixmap(QSize(size, size)))
        _DRAWN[key] = found
    return found


def clear_cache() -> None:
    """Forget drawn icons (after the palette changed)."""
    _icon.cache_clear()


def app_icon() -> QIcon:
    """LinkOrganizer's own icon (window, task bar, About): the PNG drawn for each size, so 16 px stays crisp.

    One icon engine holds them all; Qt scales from the nearest larger size for the rest. Only if the PNGs are
    missing from an installation does the SVG stand in for every size.
    """
    folder = resources_dir()
    result = QIcon()
    for size in ICON_SIZES:
        path = folder / icon_relpath(size)
        if path.is_file():
            result.addFile(str(path), QSize(size, size))
    if result.isNull():
        for path in (folder / icon_relpath(None), folder / "linkorganizer.svg"):
            if path.is_file():
                return QIcon(str(path))
    return result
