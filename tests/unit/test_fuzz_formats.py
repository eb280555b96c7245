"""Fuzzing every importable format: a valid file of each, mutated by hypothesis (bytes flipped, cut, repeated,
a BOM, a NUL, a stray quote or delimiter, a huge number, a lone surrogate …), is either imported or refused with
the importer's own error naming the file — never another exception — and a refused file writes nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkorganizer.core.records import FormatError
from linkorganizer.db import close_database, open_database
from linkorganizer.formats import registry
from linkorganizer.paths import resources_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = {
    "linkedin connections": FIXTURES / "linkedin" / "connections_2024.csv",
    "linkedin invitations": FIXTURES / "linkedin" / "invitations_2024.csv",
    "linkedin messages": FIXTURES / "linkedin" / "messages_2024.csv",
    "google": FIXTURES / "google" / "google_three_emails_bom.csv",
    "google utf-16": FIXTURES / "google" / "google_old_utf16_comma.csv",
    "outlook": FIXTURES / "outlook" / "outlook_desktop.csv",
    "vcard 3": FIXTURES / "vcard" / "apple_3_0.vcf",
    "vcard 2.1": FIXTURES / "vcard" / "android_2_1.vcf",
    "spreadsheet": FIXTURES / "csv" / "spreadsheet_semicolon.csv",
    "archive": resources_dir() / "demo" / "demo-network.json",
}
SPECIAL = [
    b"\x00", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b'"', b",", b";", b"\t", b"\r", b"\n",
    b"\r\n", b"\\", b"=", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"99999999999999999999999", b"-1", b"null", b"[]",
    b"{}", b'"\\ud800"', b"1e999", b":", b"=\r\n", b"\x1a",
]


@st.composite
def mutations(draw, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat", "swap"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "cut":
            del data[at:]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(2, 5))
        elif kind == "swap" and data:
            other = draw(st.integers(0, len(data) - 1))
            data[at], data[other] = data[other], data[at]
    return bytes(data)


def content(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_a_mutated_file_is_imported_or_refused_plainly(seed: str) -> None:
    original = SEEDS[seed].read_bytes()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=mutations(original))
    def one(data: bytes) -> None:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
        try:
            path = folder / SEEDS[seed].name
            path.write_bytes(data)
            db_path = folder / "net.db"
            open_database(db_path)
            before = content(db_path)
            try:
                registry.import_file(path)
            except FormatError as exc:
                # A refusal found while reading names the path; one found while applying (a reference to a
                # contact the file lacks) names the file as the import report does, by its name.
                assert path.name in str(exc)
                assert content(db_path) == before
        finally:
            close_database()
            shutil.rmtree(folder, ignore_errors=True)

    one()


ARCHIVE = SEEDS["archive"]


def _set(path: tuple, value):
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_set(("contacts", 0, "id"), 10**30), "contact #1: “id” is too large a number"),
        (_set(("contacts", 0, "cadence_days"), -(10**20)), "contact #1: “cadence_days” is too large a number"),
        (_set(("groups", 0, "slots", 0, "needed"), 2**63), "“needed” is too large a number"),
        (_set(("invitations", 0, "contact"), 10**19), "invitation #1: “contact” is too large a number"),
        (_set(("groups", 0, "slots"), 5), "group #1: “slots” must be a list"),
        (_set(("groups", 0, "members"), 5), "group #1: “members” must be a list"),
        (_set(("groups", 0, "members"), [10**40]), "“contact” is too large a number"),
        (_set(("invitations", 0, "events"), 5), "invitation #1: “events” must be a list"),
        (_set(("contacts", 0, "first_name"), "\ud800"), "contact #1: “first_name” holds an invalid character"),
        (_set(("contacts", 0, "emails"), [{"value": "a\udfff@b"}]), "contact #1: “emails” holds an invalid character"),
        (_set(("contacts", 0, "extra"), {"\udc80": 1}), "contact #1: “extra” holds an invalid character"),
        (_set(("settings",), {"follow_up_days": "\ud801"}), "“settings”: “follow_up_days” holds an invalid character"),
    ],
)
def test_an_archive_value_no_database_can_hold_is_refused_by_name(tmp_path: Path, change, reason: str) -> None:
    doc = json.loads(ARCHIVE.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "network.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ensure_ascii: surrogates travel as \\ud800 escapes
    db_path = tmp_path / "net.db"
    open_database(db_path)
    try:
        before = content(db_path)
        with pytest.raises(FormatError) as refused:
            registry.import_file(path)
        assert str(refused.value).startswith(f"{path}, line ") and reason in str(refused.value)
        assert content(db_path) == before
    finally:
        close_database()
