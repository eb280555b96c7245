"""LinkOrganizer: a desktop organizer for a deliberate, quality professional network."""

import sys

__version__ = "0.1.0"
APP_NAME = "LinkOrganizer"

# Peewee probes for every PostgreSQL driver when it is imported (``import psycopg`` and ``psycopg2``), and so
# does playhouse.migrate (through its CockroachDB and PostgreSQL extensions): ~0.13 s on every command where the
# driver is installed, though only a network on a server needs it. So both are imported here, before any module
# of the app can, with those names refused for the length of those imports: peewee then knows no driver, and
# linkorganizer.db.postgres hands the driver to its PostgreSQL adapter when a server's network is opened. A
# driver imported before (a test's own connection) is simply there.
_SERVER_DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg2cffi"})


class _NoServerDriver:
    """A meta-path finder that refuses the server drivers' names (peewee takes that as "not installed")."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in _SERVER_DRIVERS:
            raise ModuleNotFoundError(f"No module named {name!r} while peewee is imported", name=name)
        return None


if "playhouse.migrate" not in sys.modules:
    sys.meta_path.insert(0, _NoServerDriver)  # type: ignore[arg-type]
    try:
        import peewee  # noqa: F401
        import playhouse.migrate  # noqa: F401
    finally:
        sys.meta_path.remove(_NoServerDriver)  # type: ignore[arg-type]
