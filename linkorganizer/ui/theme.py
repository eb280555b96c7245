"""Light and dark palettes on the Fusion style, and the few style rules the app's own widgets need."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from linkorganizer.ui import icons

THEMES = ("system", "light", "dark")
ACCENT = "#2F6FB2"


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        colours = {
            QPalette.ColorRole.Window: "#1F2124",
            QPalette.ColorRole.WindowText: "#E8EAED",
            QPalette.ColorRole.Base: "#17181A",
            QPalette.ColorRole.AlternateBase: "#222428",
            QPalette.ColorRole.ToolTipBase: "#2B2D31",
            QPalette.ColorRole.ToolTipText: "#E8EAED",
            QPalette.ColorRole.PlaceholderText: "#8A8F98",
            QPalette.ColorRole.Text: "#E8EAED",
            QPalette.ColorRole.Button: "#2A2C30",
            QPalette.ColorRole.ButtonText: "#E8EAED",
            QPalette.ColorRole.BrightText: "#FF6B6B",
            QPalette.ColorRole.Highlight: "#3D7CC9",
            QPalette.ColorRole.HighlightedText: "#FFFFFF",
            QPalette.ColorRole.Link: "#7AB0F0",
            QPalette.ColorRole.Mid: "#3A3D42",
            QPalette.ColorRole.Midlight: "#34373C",
            QPalette.ColorRole.Dark: "#121314",
            QPalette.ColorRole.Shadow: "#000000",
            QPalette.ColorRole.Light: "#3A3D42",
        }
        disabled = "#6B7079"
    else:
        colours = {
            QPalette.ColorRole.Window: "#F4F5F7",
            QPalette.ColorRole.WindowText: "#1F2328",
            QPalette.ColorRole.Base: "#FFFFFF",
            QPalette.ColorRole.AlternateBase: "#F7F8FA",
            QPalette.ColorRole.ToolTipBase: "#FFFFFF",
            QPalette.ColorRole.ToolTipText: "#1F2328",
            QPalette.ColorRole.PlaceholderText: "#8A9099",
            QPalette.ColorRole.Text: "#1F2328",
            QPalette.ColorRole.Button: "#FBFBFC",
            QPalette.ColorRole.ButtonText: "#1F2328",
            QPalette.ColorRole.BrightText: "#C53030",
            QPalette.ColorRole.Highlight: ACCENT,
            QPalette.ColorRole.HighlightedText: "#FFFFFF",
            QPalette.ColorRole.Link: ACCENT,
            QPalette.ColorRole.Mid: "#C9CDD3",
            QPalette.ColorRole.Midlight: "#E3E6EA",
            QPalette.ColorRole.Dark: "#A0A6AE",
            QPalette.ColorRole.Shadow: "#6B7079",
            QPalette.ColorRole.Light: "#FFFFFF",
        }
        disabled = "#A0A6AE"
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


STYLE = """
#navigation { border: none; background: palette(window); padding-top: 8px; outline: 0; }
#navigation::item { padding: 8px 12px; margin: 1px 8px; border-radius: 6px; }
#navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }
#editorTitle { font-size: 17px; font-weight: 600; }
#editorSubtitle, #emptyText, #emptyHint, #editorHint, #scopeLabel, #noMatch, #reportNotes { color: palette(placeholder-text); }
#editorSection { font-weight: 600; margin-top: 8px; }
#editorError { color: #C53030; }
#serverProblem { color: #D64545; font-weight: 600; }
#passwordHint { color: palette(placeholder-text); }
#emptyTitle { font-size: 22px; font-weight: 600; margin-top: 8px; }
#emptyText { font-size: 14px; margin-bottom: 12px; }
#emptyHint { margin-top: 18px; }
#noMatch { padding: 24px; font-size: 14px; }
#dialogTitle { font-size: 15px; font-weight: 600; }
#conflictValue { border: 1px solid palette(mid); border-radius: 5px; background: palette(base); }
#reportCounts { font-size: 14px; }
QPushButton#primaryButton { background: %(accent)s; color: white; border: 1px solid %(accent)s;
    border-radius: 5px; padding: 7px 16px; font-weight: 600; }
QPushButton#primaryButton:hover { background: #2A62A0; }
QPushButton#secondaryButton { border: 1px solid palette(mid); border-radius: 5px; padding: 7px 16px; background: palette(button); }
QPushButton#secondaryButton:hover { border-color: %(accent)s; }
#searchBox { padding: 5px 6px; border-radius: 6px; }
QTableView#contactTable { border: none; }
QHeaderView::section { padding: 5px 6px; }
QStatusBar QLabel { padding: 0 8px; }
/* the contact table's filters, saved views and the trash */
#filterChip { background: rgba(47, 111, 178, 0.12); border: 1px solid rgba(47, 111, 178, 0.40); border-radius: 12px; }
#filterChip QLabel { padding: 0 0 0 8px; }
QToolButton#chipRemove { border: none; border-radius: 9px; padding: 0; min-width: 18px; min-height: 18px; }
QToolButton#chipRemove:hover { background: rgba(47, 111, 178, 0.25); }
QToolButton#addFilter, QToolButton#saveView, QToolButton#clearFilters { border: 1px solid transparent;
    border-radius: 12px; padding: 3px 10px; }
QToolButton#addFilter:hover, QToolButton#saveView:hover, QToolButton#clearFilters:hover { border-color: palette(mid); }
QToolButton#addFilter::menu-indicator { image: none; }
#savedViewsTitle { color: palette(placeholder-text); font-weight: 600; padding: 10px 20px 2px 20px; }
QListWidget#savedViews { border: none; background: palette(window); outline: 0; }
QListWidget#savedViews::item { padding: 6px 12px 6px 24px; margin: 1px 8px; border-radius: 6px; }
QListWidget#savedViews::item:selected { background: palette(highlight); color: palette(highlighted-text); }
#trashBanner { background: rgba(197, 48, 48, 0.10); border: 1px solid rgba(197, 48, 48, 0.45); border-radius: 6px; }
#trashBannerTitle { font-weight: 600; }
#contactEditor QLineEdit[readOnly="true"], #contactEditor QPlainTextEdit[readOnly="true"] { background: palette(window); }
/* the board: cards and chips paint themselves; these are their labels, buttons and the box */
#boardCanvas { background: palette(window); }
#boardTitle { font-size: 17px; font-weight: 600; }
#boardSummary, #boxCount, #boxHint, #cardPurpose { color: palette(placeholder-text); }
#cardName { font-size: 14px; font-weight: 600; }
QToolButton#cardMenuButton, QToolButton#collapseButton { border: none; border-radius: 4px; padding: 1px 4px;
    min-width: 18px; min-height: 18px; font-weight: 600; }
QToolButton#cardMenuButton:hover, QToolButton#collapseButton:hover { background: palette(midlight); }
QPushButton#moreButton { border: none; color: palette(link); text-align: left; padding: 2px 4px; }
QPushButton#moreButton:hover { text-decoration: underline; }
#boxPanel { background: palette(window); border-left: 1px solid palette(midlight); }
#boxTitle { font-size: 15px; font-weight: 600; }
#boxSearch { padding: 5px 6px; border-radius: 6px; }
QListView#unplacedTray { border: 2px solid palette(midlight); border-radius: 8px; background: palette(base); padding: 2px; }
QListView#unplacedTray[dropState="accept"] { border: 2px solid palette(highlight); }
QListView#unplacedTray[dropState="refuse"] { border: 2px dashed #C53030; }
QListWidget#groupList::item { padding: 5px 4px; }
QToolButton#showEveryone { border: 1px solid palette(mid); border-radius: 11px; padding: 3px 12px; background: palette(base); }
QToolButton#showEveryone:hover { border-color: %(accent)s; }
QToolButton#showEveryone:checked { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); }
/* the Three I's: inbox, introductions, keep in touch, interactions */
QToolButton#filterButton { border: 1px solid transparent; border-radius: 12px; padding: 3px 10px; }
QToolButton#filterButton:hover { border-color: palette(mid); }
QToolButton#filterButton:checked { background: palette(highlight); color: palette(highlighted-text); }
QListView#invitationList, QTableView#upcomingCalls, QTableView#heldCalls, QTableView#dueList,
QTableView#interactionLog { border: none; }
#invitationDetail, #introductionDetail { background: palette(base); }
#suggestion { background: rgba(47, 111, 178, 0.10); border: 1px solid rgba(47, 111, 178, 0.30); border-radius: 6px; }
#infoBar { background: rgba(47, 133, 90, 0.12); border: 1px solid rgba(47, 133, 90, 0.45); border-radius: 6px; }
#namesakePanel { background: rgba(183, 121, 31, 0.10); border: 1px solid rgba(183, 121, 31, 0.45); border-radius: 6px; }
QPushButton[suggested="true"] { background: %(accent)s; color: white; border: 1px solid %(accent)s;
    border-radius: 4px; padding: 4px 12px; font-weight: 600; }
QPushButton[suggested="true"]:hover { background: #2A62A0; }
#goalCard { background: palette(base); border: 1px solid palette(midlight); border-radius: 8px; }
#goalHeadline, #pageTitle { font-size: 18px; font-weight: 600; }
QProgressBar#goalProgress { border: none; border-radius: 4px; background: palette(midlight); }
QProgressBar#goalProgress::chunk { border-radius: 4px; background: %(accent)s; }
QProgressBar#goalProgress[reached="true"]::chunk { background: #2F855A; }
#historyWhen, #historyText, #historyKey, #historyBy { color: palette(placeholder-text); }
#historyBy { font-size: 11px; font-style: italic; }
#historyTitle { font-weight: 600; }
/* Today */
#todaySection { font-size: 13px; font-weight: 600; margin-top: 12px; margin-bottom: 2px; }
#todayRow { border-bottom: 1px solid palette(midlight); }
#insightsCard { border: 1px solid palette(midlight); border-radius: 8px; background: palette(base); }
#insightsTitle { font-size: 14px; font-weight: 600; }
#insightsExplanation, #insightsLegend { color: palette(placeholder-text); }
#todayTitle { font-weight: 600; }
#todayDetail, #todayMore { color: palette(placeholder-text); }
/* the first-run welcome */
#welcomeTitle { font-size: 22px; font-weight: 600; }
#welcomeSubtitle { font-size: 13px; }
#welcomeSubtitle, #welcomeFooter, #welcomeChoiceText { color: palette(placeholder-text); }
#welcomeSection { font-size: 13px; font-weight: 600; margin-top: 10px; }
#welcomeChoiceTitle { font-size: 13px; font-weight: 600; }
QPushButton#welcomeChoice { text-align: left; border: 1px solid palette(mid); border-radius: 8px;
    background: palette(base); padding: 0; }
QPushButton#welcomeChoice:hover { border-color: %(accent)s; }
QPushButton#welcomeChoice:focus { border: 2px solid %(accent)s; }
QPushButton#welcomeChoice:pressed { background: palette(midlight); }
"""


def is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """Fusion everywhere (the same look on every OS); colours light, dark, or as the system says."""
    app.setStyle(QStyleFactory.create("Fusion"))
    if theme == "system":
        scheme = app.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark
    else:
        dark = theme == "dark"
    app.setPalette(_palette(dark))
    app.setStyleSheet(STYLE % {"accent": ACCENT})
    icons.clear_cache()
    icons.redraw_palette_icons()
