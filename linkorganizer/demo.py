"""The demo network: the bundled sample archive, imported into its own file in the user data folder.

The demo never shares a file with the user's own network: it lives in ``demo.db`` beside the default network and
is rebuilt from ``resources/demo/demo-network.json`` whenever that file is missing. No Qt here.
"""

from __future__ import annotations

import os
from pathlib import Path

from linkorganizer.core.records import FormatError
from linkorganizer.db import DatabaseError, open_database
from linkorganizer.db.models import MODELS, Contact
from linkorganizer.formats import registry
from linkorganizer.paths import resources_dir, user_data_dir

DEMO_FILE_NAME = "demo.db"


def demo_archive_path() -> Path:
    return resources_dir() / "demo" / "demo-network.json"


def demo_database_path(data_dir: Path | None = None) -> Path:
    return (data_dir if data_dir is not None else user_data_dir()) / DEMO_FILE_NAME


def is_demo_database(path: str | os.PathLike[str]) -> bool:
    """True for the demo file in the user data folder (a user's own file called demo.db elsewhere is not it)."""
    try:
        return Path(path).resolve() == demo_database_path().resolve()
    except OSError:
        return False


def ensure_demo_database(data_dir: Path | None = None) -> Path:
    """The demo network file, built from the bundled archive first when it does not exist yet.

    Built under a temporary name and renamed once complete, so an interrupted build never leaves a half demo.
    Closes the database it built (the caller opens the demo as any network). Raises :class:`DatabaseError` with a
    sentence naming the file and the reason.
    """
    target = demo_database_path(data_dir)
    if target.exists():
        return target
    archive = demo_archive_path()
    if not archive.exists():
        raise DatabaseError(f"The demo network cannot be built: {archive} is missing from this installation.")
    partial = target.with_name(target.name + ".part")
    for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
        leftover.unlink(missing_ok=True)
    # Building binds the models to the new file; a network already open (a running window's) gets them back.
    previous = Contact._meta.database
    built = None
    try:
        built = open_database(partial)
        registry.import_file(archive, "json")
        built.close()
        partial.replace(target)
    except (OSError, FormatError, DatabaseError) as exc:
        if built is not None:
            built.close()
        partial.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseError(f"The demo network {target} cannot be built: {reason.rstrip('.')}.") from exc
    finally:
        if previous is not None and previous is not built:
            previous.bind(MODELS, bind_refs=False, bind_backrefs=False)
    return target


__all__ = ["DEMO_FILE_NAME", "demo_archive_path", "demo_database_path", "ensure_demo_database", "is_demo_database"]
