"""Storage: Peewee models, opening a database file, schema migrations. No Qt here."""

from linkorganizer.db.connection import (
    DatabaseError,
    SCHEMA_VERSION,
    atomic,
    close_database,
    current_database,
    default_database_path,
    open_database,
    resolve_database_path,
)

__all__ = [
    "DatabaseError",
    "SCHEMA_VERSION",
    "atomic",
    "close_database",
    "current_database",
    "default_database_path",
    "open_database",
    "resolve_database_path",
]
