"""``linkorganizer --self-test`` from the source, as a user runs it: a subprocess, its lines and its exit status."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linkorganizer.formats import registry
from linkorganizer.paths import resources_dir

SAMPLES = resources_dir() / "samples"
PAGES = ("Contacts", "Board", "Inbox", "Introductions", "Keep in touch", "Interactions")


def self_test(*args: str | Path, program: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [*(program or [sys.executable, "-m", "linkorganizer"]), "--self-test", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def check_lines(stdout: str) -> dict[str, str]:
    """{check name: "ok" | "FAIL"} from the report, every line but the summary being one check."""
    lines = stdout.splitlines()
    checks = {}
    for line in lines[:-1]:
        match = re.fullmatch(r"(ok|FAIL)  +([^:]+): \S.*", line)
        assert match, f"not a check line: {line!r}"
        checks[match.group(2)] = match.group(1)
    return checks


def test_every_reader_writer_and_page_passes() -> None:
    result = self_test()
    assert result.returncode == 0, result.stdout
    checks = check_lines(result.stdout)
    expected = [f"reader {fmt}" for fmt in registry.READ_FORMATS] + [f"writer {fmt}" for fmt in registry.EXPORT_FORMATS]
    expected += ["resources", "database", "calendar", "duplicates", "server driver", "collation", "window"]
    assert sorted(name for name in checks if not name.startswith("page ")) == sorted(expected)
    # Every page of the window is rendered; a page added later is checked without changing this test.
    assert {f"page {title}" for title in PAGES} <= {name for name in checks if name.startswith("page ")}
    assert set(checks.values()) == {"ok"}
    assert result.stdout.splitlines()[-1] == f"self-test passed: all {len(checks)} checks"
    assert "ok    reader vcard: 3 contacts from samples/vcard.vcf" in result.stdout
    assert "ok    writer vcard4: " in result.stdout and ", read back as vcard" in result.stdout
    # The suite runs with the server extra: the driver, libpq and keyring's backends all load.
    driver = r"^ok    server driver: psycopg 3\.\S+ \(\w+\), libpq \d+\.\d+, \S+ \d"  # OpenSSL, LibreSSL
    assert re.search(driver, result.stdout, re.M)
    assert "SecretService" in result.stdout and "Windows" in result.stdout
    assert "ok    collation: German and Swedish names sort as their languages do" in result.stdout
    assert result.stderr == ""
    # Its imports and its window snapshot its temporary network into its temporary folder, not the user's data.
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "linkorganizer").exists()


def test_the_installed_command_runs_it_too() -> None:
    script = Path(sys.executable).with_name("linkorganizer")
    assert script.is_file(), "the project is installed (pip install -e .) with its linkorganizer command"
    result = self_test(program=[str(script)])
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("self-test passed")


def copy_samples(tmp_path: Path) -> Path:
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    return folder


def test_a_reader_without_a_sample_fails(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    (folder / "outlook.csv").unlink()
    result = self_test("--samples", folder)
    assert result.returncode == 1
    checks = check_lines(result.stdout)
    assert checks["reader outlook"] == "FAIL"
    assert f"FAIL  reader outlook: no sample for this reader in {folder} (expected a file named outlook.*)" in result.stdout
    assert [name for name, state in checks.items() if state == "FAIL"] == ["reader outlook"]
    total = len(checks)
    assert result.stdout.splitlines()[-1] == f"self-test FAILED: 1 of {total} checks failed"


def test_a_broken_sample_fails_with_the_reason_on_one_line(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    (folder / "json.json").write_text('{"format": "linkorganizer", "version": 1, "contacts": [{"first_name": ', "utf-8")
    (folder / "vcard.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dam\x00aged\r\nEND:VCARD\r\n")
    result = self_test("--samples", folder)
    assert result.returncode == 1
    checks = check_lines(result.stdout)
    # Only the archive sample holds an introduction call, so the calendar has nothing to write either.
    failed = sorted(name for name, state in checks.items() if state == "FAIL")
    assert failed == ["calendar", "reader json", "reader vcard"]
    assert "FAIL  calendar: no sample holds an introduction call to put in a calendar" in result.stdout
    (vcard_line,) = [line for line in result.stdout.splitlines() if line.startswith("FAIL  reader vcard:")]
    assert "vcard.vcf" in vcard_line and "NUL byte" in vcard_line
    assert result.stdout.splitlines()[-1] == f"self-test FAILED: 3 of {len(checks)} checks failed"


def test_a_sample_another_reader_claims_fails(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    shutil.copyfile(SAMPLES / "google.csv", folder / "outlook.csv")
    result = self_test("--samples", folder)
    assert result.returncode == 1
    assert "FAIL  reader outlook: samples/outlook.csv is detected as google, not outlook" in result.stdout


def test_a_missing_samples_folder_fails_every_reader(tmp_path: Path) -> None:
    result = self_test("--samples", tmp_path / "nowhere")
    assert result.returncode == 1
    checks = check_lines(result.stdout)
    assert all(checks[f"reader {fmt}"] == "FAIL" for fmt in registry.READ_FORMATS)


@pytest.mark.parametrize("args", [["--bogus"], ["--samples"]])
def test_a_usage_error_is_status_2(args: list[str]) -> None:
    result = self_test(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage: linkorganizer --self-test" in result.stderr
