"""The password of a network on a server, kept in the system's keyring (Secret Service, macOS Keychain, Windows
Credential Locker) when the person asks for it; never in the app's settings or beside a place.

Without a keyring (or when it refuses), nothing is stored: libpq then reads ``~/.pgpass`` or ``PGPASSWORD``
itself, as for the command line.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from linkorganizer.core.sharing import Place, with_password

log = logging.getLogger("linkorganizer")
SERVICE = "LinkOrganizer"


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # installed without the server extra
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a keyring that cannot even say what it is
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    """Whether this computer has a keyring that can keep a password."""
    return _keyring() is not None


def saved_password(place: Place) -> str | None:
    keyring = _keyring()
    if keyring is None or not place.shared:
        return None
    try:
        return keyring.get_password(SERVICE, place.target)
    except Exception as exc:  # noqa: BLE001 - a locked or refusing keyring: libpq's own sources remain
        log.info("keyring not read: %s", type(exc).__name__)
        return None


def save_password(place: Place, password: str) -> bool:
    """Keep *password* for *place* in the keyring; False when there is none or it refused."""
    keyring = _keyring()
    if keyring is None or not place.shared:
        return False
    try:
        keyring.set_password(SERVICE, place.target, password)
    except Exception as exc:  # noqa: BLE001
        log.info("keyring not written: %s", type(exc).__name__)
        return False
    return True


def forget_password(place: Place) -> None:
    keyring = _keyring()
    if keyring is None or not place.shared:
        return
    try:
        keyring.delete_password(SERVICE, place.target)
    except Exception:  # noqa: BLE001 - nothing was kept
        pass


def url_to_open(url: str) -> str:
    """The URL to connect with: as given when it carries a password, else with the keyring's, if any."""
    if urlsplit(url).password is not None:
        return url
    password = saved_password(Place.of(url))
    return with_password(url, password) if password else url
