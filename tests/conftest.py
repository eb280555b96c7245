"""Shared test set-up: offscreen Qt, settings in a temporary folder, the real window on a real database."""

from __future__ import annotations

import os

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
os.environ.pop("LINKORGANIZER_DB", None)

import faulthandler  # noqa: E402
import itertools  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


# A test that hangs (a modal dialog nobody answers, a lock never released) ends the run with the stacks of every
# thread after this long, instead of holding CI for an hour. The slowest test (the frozen build) takes ~2 min.
HANG_SECONDS = 900


@pytest.fixture(autouse=True)
def _no_test_hangs():
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app writes snapshots into the user data folder: each test gets its own, never the real one."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


_DATABASES = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the whole run, started the first time a test asks for it."""
    from tests.pg_server import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A network with the current schema, made once by the app itself: each test's network is a copy of it
    (PostgreSQL copies a template database in milliseconds; creating the schema takes a second)."""
    from linkorganizer.db.connection import open_database

    url = pg_server.new_database("lo_template")
    open_database(url, bind=False).close()
    return "lo_template"


@pytest.fixture
def pg_url(pg_server, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new, empty database on the test server (one per test)."""
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:40]
    name += f"_{next(_DATABASES)}"
    yield pg_server.new_database(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_network_url(pg_server, pg_template: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new network on the test server, with its schema (a copy of the template)."""
    name = "n_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:40]
    name += f"_{next(_DATABASES)}"
    pg_server.admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield pg_server.url(name)
    pg_server.drop_database(name)

