"""The main window's actions, in one place: text, icon, shortcut, status tip."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from linkorganizer.formats.specs import EXPORT_SPECS
from linkorganizer.ui import icons
from linkorganizer.ui.theme import THEMES

EXPORT_SHORTCUTS = {"json": "Ctrl+E"}  # a key binding is the window's business, not the format's

Key = QKeySequence.StandardKey


class Actions:
    def __init__(self, parent: QWidget, undo_stack: QUndoStack) -> None:
        self._icon_names: list[tuple[QAction, str]] = []

        def make(
            text: str, icon: str | None = None, shortcut: QKeySequence | Key | str | None = None, tip: str = ""
        ) -> QAction:
            action = QAction(parent.tr(text), parent)
            if icon:
                action.setIcon(icons.icon(icon))
                self._icon_names.append((action, icon))
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if tip:
                action.setStatusTip(parent.tr(tip))
                action.setToolTip(parent.tr(tip))
            return action

        # File
        self.new_database = make("&New network…", "new_database", None, "Start a new, empty network database")
        self.open_database = make("&Open network…", "open_database", Key.Open, "Open another network database")
        self.import_linkedin = make(
            "&LinkedIn connections…", "linkedin", "Ctrl+I", "Import the Connections.csv from LinkedIn's data export"
        )
        self.import_linkedin.setIconText(parent.tr("Import LinkedIn"))
        self.import_linkedin_archive = make(
            "LinkedIn &data archive…",
            "linkedin",
            None,
            "Import LinkedIn's whole data archive (.zip): connections, notes, invitations, messages, endorsements, recommendations",
        )
        self.import_archive = make(
            "LinkOrganizer &archive (JSON)…", "json", None, "Import a network exported as JSON"
        )
        self.import_other = make(
            "&Contacts from another app…",
            "import",
            "Ctrl+Shift+I",
            "Import Google or Outlook CSV, a vCard file, LinkedIn invitations or messages, or any CSV",
        )
        self.import_history = make("Import &history…", None, None, "See past imports and undo one of them")
        # One entry per export format of the registry, in its order.
        self.export_actions = {
            spec.name: make(
                spec.menu_text or f"{spec.title}…", spec.icon or None, EXPORT_SHORTCUTS.get(spec.name), spec.description
            )
            for spec in EXPORT_SPECS
        }
        self.open_shared = make(
            "Open s&hared network…", "open_shared", None,
            "Open a network on a PostgreSQL server, shared with your team or your other computers",
        )
        self.share_network = make(
            "S&hare this network…", "share_network", None,
            "Copy this network to a PostgreSQL server, to share it with your team or your other computers",
        )
        self.backup = make(
            "&Back up now…", "backup", None, "Copy this network, consistently, to a file of your choice"
        )
        self.restore_snapshot = make(
            "Restore &snapshot…", "snapshot", None, "Go back to a copy kept before an import, a deletion, or from an earlier day"
        )
        self.clear_recent = make("&Clear list", None, None, "Forget the recently opened networks (the files stay)")
        self.quit = make("&Quit", "quit", Key.Quit, "Quit LinkOrganizer")

        # Edit
        self.undo = undo_stack.createUndoAction(parent, parent.tr("&Undo"))
        self.undo.setIcon(icons.icon("undo"))
        self._icon_names.append((self.undo, "undo"))
        self.undo.setShortcut(QKeySequence(Key.Undo))
        self.redo = undo_stack.createRedoAction(parent, parent.tr("&Redo"))
        self.redo.setIcon(icons.icon("redo"))
        self._icon_names.append((self.redo, "redo"))
        self.redo.setShortcut(QKeySequence(Key.Redo))
        self.new_contact = make("&New contact", "new_contact", Key.New, "Add a contact by hand")
        self.delete = make("&Move to trash", "delete", Key.Delete, "Move the selected contacts to the trash")
        self.restore = make("&Restore from trash", "restore", "Ctrl+Shift+R", "Take the selected contacts out of the trash")
        self.delete_forever = make(
            "&Delete forever…", "delete_forever", "Shift+Del", "Delete the selected contacts in the trash for good"
        )
        self.delete_forever.setIconText(parent.tr("Delete forever…"))
        self.empty_trash = make("&Empty trash…", "empty_trash", None, "Delete every contact in the trash for good")
        self.forget_contact = make(
            "&Forget this person…", "delete_forever", None,
            "Remove this contact and everything that mentions them, for good and from the undo history too",
        )
        self.leave_trash = make("&Back to contacts", "contacts", None, "Leave the trash and show the contacts again")
        self.restore.setIconText(parent.tr("Restore"))
        self.set_stage = make("Set &stage…", "stage", None, "Give the selected contacts one relationship stage")
        self.set_cadence = make(
            "Set &keep-in-touch…", "cadence", None, "Give the selected contacts one keep-in-touch cadence"
        )
        self.add_tag = make("&Add tag…", "tag", "Ctrl+T", "Tag the selected contacts")
        self.remove_tag = make("Remo&ve tag…", "untag", "Ctrl+Shift+T", "Remove a tag from the selected contacts")
        self.manage_tags = make("&Manage tags…", "tags", None, "See every tag with its count; rename, merge or delete tags")
        self.find = make("&Find", "find", Key.Find, "Search contacts")
        self.save_view = make(
            "Save &view…", "save_view", "Ctrl+Shift+S", "Keep the search and filters shown as a view in the navigation"
        )
        self.find_duplicates = make(
            "Find &duplicates…", None, None, "List contacts that look like one person, say why, and merge them"
        )
        self.preferences = make(
            "&Preferences…", "preferences", "Ctrl+,", "Colours, how new contacts start, CSV export, and this network's settings"
        )
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)

        # Goal groups (the board)
        self.new_group = make(
            "New &goal group…", "puzzle", None, "Name a goal, then place the people who help you reach it"
        )
        self.add_to_group = make("Add to &group…", "add", "Ctrl+G", "Place the selected people in a goal group")
        self.move_to_group = make(
            "Mo&ve to group…", "open_link", "Ctrl+Shift+G", "Move the selected pieces from their goal group to another"
        )
        self.remove_from_group = make(
            "Remove from gro&up", "remove", None, "Take the selected pieces out of their goal group (Delete on a piece)"
        )

        # The Three I's: invitations, introductions, interactions
        self.new_invitation = make(
            "New &invitation…", "invitation_new", "Ctrl+Shift+N", "Enter an invitation by hand, received or sent"
        )
        self.schedule_call = make(
            "&Schedule call…", "schedule", "Ctrl+K", "Plan an introduction call with the selected contact"
        )
        self.log_interaction = make(
            "&Log interaction…", "log_interaction", "Ctrl+L",
            "Log a call, meeting, help or referral with the selected contact (resets the keep-in-touch clock)",
        )
        self.reply_templates = make(
            "Reply &templates…", "templates", None, "Edit “How may I help you?”, the polite decline and the follow-up delay"
        )

        # View
        self.show_trash = make("Show &trash", "trash", None, "Show the contacts in the trash instead")
        self.show_trash.setCheckable(True)
        self.theme_group = QActionGroup(parent)
        self.theme_actions: dict[str, QAction] = {}
        for theme in THEMES:
            action = make({"system": "&System colours", "light": "&Light", "dark": "&Dark"}[theme])
            action.setCheckable(True)
            action.setData(theme)
            self.theme_group.addAction(action)
            self.theme_actions[theme] = action

        # Help
        self.open_demo = make(
            "Open the &demo network", "demo", None, "Explore a sample network kept in its own file; yours is not touched"
        )
        self.shortcuts = make(
            "&Keyboard shortcuts", "keyboard", "Ctrl+/", "Every keyboard shortcut of the app, by menu"
        )
        self.about = make("&About LinkOrganizer", "about", None, "Version and the idea behind the app")

    def refresh_icons(self) -> None:
        """Draw the icons again in the current palette's text colour."""
        for action, name in self._icon_names:
            action.setIcon(icons.icon(name))
