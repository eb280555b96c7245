"""``linkorganizer import`` of LinkedIn's data archive as a user runs it: a zip or a folder, found by content."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from test_cli import FIXTURES, Cli

ARCHIVE = FIXTURES / "linkedin_archive"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def make_archive(tmp_path: Path) -> Path:
    path = tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in sorted(ARCHIVE.iterdir()):
            zf.write(member, member.name)
    return path


def counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("contact", "invitation", "interaction"))  # type: ignore[return-value]
    finally:
        con.close()


def test_the_zip_is_detected_imported_once_and_reported_per_member(cli: Cli, tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    out = cli.ok("import", archive).stdout
    assert f"Imported {archive.name} (linkedin-archive):" in out
    assert "  Connections.csv (connections): 6 new, 1 skipped" in out
    assert "  Endorsement_Given_Info.csv (endorsements you gave): 2 interactions" in out
    assert "  Skills.csv: not used: your own LinkedIn data, not about your contacts" in out
    assert counts(cli.db) == (6, 2, 8)
    again = cli.ok("import", archive).stdout
    assert "  0 new, 0 updated, 8 unchanged, 3 skipped" in again
    assert counts(cli.db) == (6, 2, 8)


def test_the_unpacked_folder_and_a_dry_run(cli: Cli) -> None:
    out = cli.ok("import", "--dry-run", ARCHIVE).stdout
    assert "Would import linkedin_archive (linkedin-archive):" in out and "Dry run: nothing was written." in out
    out = cli.ok("import", "--format", "linkedin-archive", ARCHIVE).stdout
    assert "  6 new, 2 updated, 0 unchanged, 3 skipped" in out


def test_a_zip_bomb_is_refused_in_plain_words(cli: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(ARCHIVE / "Connections.csv", "Connections.csv")
        zf.writestr("Ad_Targeting.csv", b"\0" * (40 * 1024 * 1024))
    result = cli("import", bomb)
    assert result.returncode != 0
    assert "zip bomb" in result.stderr and "Nothing was imported." in result.stderr
    assert not cli.db.exists() or counts(cli.db) == (0, 0, 0)
