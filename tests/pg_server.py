"""A real PostgreSQL server for the tests: a cluster of its own in a temporary folder, on a free loopback port.

The binaries are the system's (Debian's ``postgresql`` package, installed by ``.ci/run`` when missing). The
server refuses to run as root, so as root the cluster belongs to the ``postgres`` account and is started as it.
The superuser is ``lo_admin`` (trust on loopback: the tests are the only client); the tests' people get roles of
their own, as a team would.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ADMIN = "lo_admin"


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else the newest of Debian's versioned folders."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError(
                "The tests need PostgreSQL's server programs (initdb, pg_ctl): install Debian's postgresql "
                "package (.ci/run does)."
            )
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="lo-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._user: str | None = None
        if os.geteuid() == 0:
            self._user = "postgres"
            entry = pwd.getpwnam(self._user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def _run(self, *argv: str) -> None:
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> "PostgresServer":
        self._run("initdb", "-D", str(self.data), "-U", ADMIN, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        return self

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run *sql* as the superuser (CREATE DATABASE cannot run in a transaction: autocommit)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(sql)

    def role_url(self, database: str, role: str, rights: str = "ALL") -> str:
        """The URL of *database* as *role* (made when missing, able to log in), which gets *rights* on its tables
        (and, with ALL, its sequences): another person's connection, without the team's set-up."""
        self.admin(f"DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        self.admin(f"GRANT {rights} ON ALL TABLES IN SCHEMA public TO {role}", database)
        if rights == "ALL":
            self.admin(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}", database)
        return self.url(database, user=role)

    def new_database(self, name: str) -> str:
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a test's database (a client the test left connected is cut off): the cluster stays small."""
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        for _ in range(20):
            try:
                shutil.rmtree(self.folder)
                return
            except OSError:
                time.sleep(0.1)
