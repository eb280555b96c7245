"""Moving a network between a file and a PostgreSQL server (either way, or file to file, server to server).

:func:`copy_network` is the one way: it opens both ends, copies every table in one transaction on the
destination, and checks the copy (rows and a checksum per table) before committing it. The destination must be
new: a file that does not exist yet, or an empty database on a server. A refused copy writes nothing: a new
destination file is removed again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from linkorganizer.db.connection import open_database
from linkorganizer.db.errors import DatabaseError
from linkorganizer.db.postgres import describe_url, is_server_url, server_problem
from linkorganizer.db.transfer import CopyRefused, TableCheck, copy_tables

__all__ = [
    "CopyRefused", "CopyResult", "Place", "TeamSetup", "copy_network", "describe_place", "is_server_url",
    "offline_copy_path", "set_up_server",
]


@dataclass(frozen=True)
class CopyResult:
    source: str
    dest: str
    tables: list[TableCheck]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def count(self, table: str) -> int:
        return next((t.rows for t in self.tables if t.table == table), 0)


def with_password(url: str, password: str | None) -> str:
    """The server *url* carrying *password* (None: none at all), the rest as it was (the port, options such as
    ``?sslmode=require``). A URL with a password is kept in memory only: the one kept or shown never has it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    user = parts.username or ""  # as it stands in the URL: already quoted
    secret = f":{quote(password, safe='')}" if password is not None else ""
    netloc = (f"{user}{secret}@" if user or secret else "") + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def split_password(url: str) -> tuple[str, str | None]:
    """*url* without its password, and the password (None when it has none)."""
    password = urlsplit(url).password
    return with_password(url, None), unquote(password) if password is not None else None


def describe_place(target: str | os.PathLike[str]) -> str:
    """A network's place for messages: the file's path, or the server URL without its password."""
    return describe_url(str(target)) if is_server_url(target) else str(target)


@dataclass(frozen=True)
class Place:
    """Where a network lives, as a window speaks of it: a file, or a database on a server.

    *target* is what opens it again: the file's absolute path, or the server URL without its password (a
    password comes from the keyring, ``~/.pgpass`` or ``PGPASSWORD``; it is never kept with a place)."""

    target: str
    shared: bool

    @classmethod
    def of(cls, target: str | os.PathLike[str]) -> Place:
        if is_server_url(target):
            return cls(split_password(str(target))[0], True)
        return cls(str(Path(target).expanduser().absolute()), False)

    @property
    def file(self) -> Path | None:
        """The network file; None on a server."""
        return None if self.shared else Path(self.target)

    @property
    def name(self) -> str:
        """A short name for titles: the file's name without its suffix, or the database's name and its server."""
        if not self.shared:
            return Path(self.target).stem
        parts = urlsplit(self.target)
        database = unquote(parts.path.lstrip("/")) or (unquote(parts.username or "") or "network")
        return f"{database} on {parts.hostname or 'localhost'}"

    @property
    def user(self) -> str:
        """The role this place signs in with on its server ('' for a file, or when the driver's default)."""
        return unquote(urlsplit(self.target).username or "") if self.shared else ""

    def folder(self) -> Path:
        """Where file dialogs for this network start: the file's folder, or the home folder for a server."""
        return Path(self.target).parent if not self.shared else Path.home()

    def same(self, other: str | os.PathLike[str] | Place) -> bool:
        """Whether *other* names this network (a file by its resolved path, a server URL without password)."""
        other = other if isinstance(other, Place) else Place.of(other)
        if self.shared or other.shared:
            return self == other
        try:
            return Path(self.target).resolve() == Path(other.target).resolve()
        except OSError:
            return self.target == other.target

    def __str__(self) -> str:
        return self.target


def offline_copy_path(place: Place, folder: Path) -> Path:
    """The file in *folder* that keeps the last copy of the server network at *place*, to read while the server
    cannot be reached (one per server, database and role: a copy holds what that role may see)."""
    parts = urlsplit(place.target)
    raw = f"{parts.username or ''}@{parts.hostname or 'localhost'}-{parts.port or 5432}-{parts.path.lstrip('/')}"
    safe = "".join(c if c.isalnum() or c in "@-_." else "_" for c in unquote(raw))
    return folder / f"{safe}.db"


def copy_network(
    source: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    progress: Callable[[str, int], None] | None = None,
) -> CopyResult:
    """Copy the network at *source* to the new network *dest* and verify the copy; raise
    :class:`DatabaseError` (a :class:`CopyRefused` for the copy itself) with a plain sentence, having written
    nothing, when it cannot be done."""
    src_name, dest_name = describe_place(source), describe_place(dest)
    if not is_server_url(source) and not Path(source).is_file():
        raise CopyRefused(f"{src_name}: there is no network file there")
    created: Path | None = None
    if not is_server_url(dest):
        dest_path = Path(dest)
        if dest_path.exists():
            raise CopyRefused(f"{dest_name} already exists; copy into a file that does not exist yet")
        if Path(os.path.abspath(dest_path)) == Path(os.path.abspath(str(source))):
            raise CopyRefused(f"{dest_name} is the network being copied")
        created = dest_path
    src_db = dest_db = None
    try:
        src_db = open_database(source, bind=False)
        dest_db = open_database(dest, bind=False)
        tables = copy_tables(src_db, dest_db, progress)
    except CopyRefused as exc:
        _discard(dest_db, created)
        dest_db = None
        raise CopyRefused(f"Cannot copy {src_name} to {dest_name}: {exc}") from None
    except DatabaseError:
        _discard(dest_db, created)
        dest_db = None
        raise
    except Exception as exc:
        _discard(dest_db, created)
        dest_db = None
        problem = server_problem(exc, str(dest if is_server_url(dest) else source))
        if problem is None:
            raise
        raise DatabaseError(problem) from exc
    finally:
        for db in (src_db, dest_db):
            if db is not None:
                db.close()
    return CopyResult(src_name, dest_name, tables)


def _discard(db, created: Path | None) -> None:
    if db is not None:
        db.close()
    if created is not None:
        for name in (created, Path(f"{created}-wal"), Path(f"{created}-shm")):
            try:
                name.unlink()
            except FileNotFoundError:
                pass


@dataclass(frozen=True)
class TeamSetup:
    network: str
    team: str
    members: list[str]
    made: list[str]


def set_up_server(url: str, members: list[str]) -> TeamSetup:
    """Make the network at *url* ready for a team: its schema (when the database is new), the team's grants,
    and *members* let in. Run as the database's owner; raises :class:`DatabaseError` in plain words."""
    from linkorganizer.db.postgres import setup_team

    if not is_server_url(url):
        raise DatabaseError(f"{url} is not the URL of a PostgreSQL database (postgresql://user@host/network)")
    db = None
    try:
        db = open_database(url, bind=False)
        team, made = setup_team(db, members)
    except DatabaseError:
        raise
    except Exception as exc:
        problem = server_problem(exc, url)
        if problem is None:
            raise
        raise DatabaseError(problem) from exc
    finally:
        if db is not None:
            db.close()
    return TeamSetup(describe_url(url), team, list(members), made)
