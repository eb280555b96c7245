"""App-wide preferences kept in QSettings: every key with its type, default, label and range, in one place.

These belong to the person at this computer (the colours, how new contacts start, how CSV files are written), unlike
the network settings in :mod:`linkorganizer.core.settings`, which travel with the network file. Reading goes through
:func:`read`, so a missing, hand-edited or out-of-range value gives the default instead of an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings

from linkorganizer.ui.theme import THEMES


def _tr(text: str) -> str:
    return QCoreApplication.translate("preferences", text)


@dataclass(frozen=True)
class Preference:
    key: str
    type: type
    default: Any
    label: str
    minimum: int = 0
    maximum: int = 0
    choices: tuple[str, ...] = field(default=())


THEME = Preference("view/theme", str, "system", "Colours", choices=THEMES)
NEW_CONTACT_CADENCE = Preference(
    "contacts/default_cadence_days", int, 0, "Keep in touch with new contacts every", minimum=0, maximum=3650
)
EXCEL_BOM = Preference("export/excel_bom", bool, True, "For Excel: add a byte-order mark to CSV files")

PREFERENCES: tuple[Preference, ...] = (THEME, NEW_CONTACT_CADENCE, EXCEL_BOM)
BY_KEY: dict[str, Preference] = {pref.key: pref for pref in PREFERENCES}

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _coerce(pref: Preference, raw: object) -> Any:
    """*raw* as the preference's type, or the default when it cannot be (INI files hold every value as text)."""
    if pref.type is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        return True if text in _TRUE else False if text in _FALSE else pref.default
    if pref.type is int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            return pref.default
        return value if pref.minimum <= value <= pref.maximum else pref.default
    value = str(raw)
    return value if not pref.choices or value in pref.choices else pref.default


def read(settings: QSettings, pref: Preference) -> Any:
    raw = settings.value(pref.key)
    return pref.default if raw is None else _coerce(pref, raw)


def write(settings: QSettings, pref: Preference, value: Any) -> None:
    checked = _coerce(pref, value)
    if checked != value or type(checked) is not pref.type:
        raise ValueError(f"{pref.key} cannot be {value!r}")
    settings.setValue(pref.key, checked)


def label(pref: Preference) -> str:
    return _tr(pref.label)


__all__ = ["BY_KEY", "EXCEL_BOM", "NEW_CONTACT_CADENCE", "PREFERENCES", "THEME", "Preference", "label", "read", "write"]
