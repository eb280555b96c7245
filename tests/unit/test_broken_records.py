"""One broken record among good ones: the good ones are imported, the broken one is listed with its line and
reason; only a file that is binary as a whole is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from linkorganizer.core.records import FormatError
from linkorganizer.db.models import Contact
from linkorganizer.formats import registry
from linkorganizer.formats.textio import NUL_ROW

from tests.unit.conftest import FIXTURES

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{first} {last}\r\nN:{last};{first};;;\r\nEMAIL:{first}@example.org\r\nEND:VCARD\r\n"


def card(first: str, last: str) -> str:
    return CARD.format(first=first, last=last)


def names() -> list[str]:
    return sorted(c.full_name for c in Contact.select())


@pytest.mark.parametrize(
    ("middle", "line", "reason"),
    [
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Dee\r\nthis line is no property\r\nEND:VCARD\r\n",
            7,
            "the card is damaged: line 10 (“this line is no property”) is not a vCard property (NAME:value)",
        ),
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\x00 Dee\r\nEND:VCARD\r\n",
            7,
            "the card is damaged: line 9 holds binary data (a NUL byte)",
        ),
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Dee\r\n",  # cut off: the next card begins
            7,
            "the card has no END:VCARD before the next card starts (line 10)",
        ),
    ],
)
def test_a_corrupt_card_in_the_middle_of_a_vcard(db, tmp_path: Path, middle: str, line: int, reason: str) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(card("Ann", "Lee") + middle + card("Bo", "Kim"), encoding="utf-8", newline="")
    report = registry.import_file(path)
    assert report.format_name == "vcard"
    assert names() == ["Ann Lee", "Bo Kim"]
    assert [(s.line, s.reason) for s in report.skipped] == [(line, reason)]


def test_a_google_csv_row_with_a_nul_byte(db, tmp_path: Path) -> None:
    header = (FIXTURES / "google" / "bad_header_only.csv").read_text("utf-8").splitlines()[0]
    width = header.count(",") + 1

    def row(first: str, last: str) -> str:
        return ",".join([first, "", last] + [""] * (width - 3))

    path = tmp_path / "google.csv"
    path.write_text("\n".join([header, row("Ann", "Lee"), row("Cy", "De\x00e"), row("Bo", "Kim")]) + "\n", "utf-8")
    report = registry.import_file(path)
    assert report.format_name == "google"
    assert names() == ["Ann Lee", "Bo Kim"]
    assert [(s.line, s.reason) for s in report.skipped] == [(3, NUL_ROW)]


def test_a_mapped_csv_row_with_a_nul_byte(db, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Vorname,Nachname\nAnn,Lee\nC\x00y,Dee\nBo,Kim\n", encoding="utf-8")
    report = registry.import_file(path, "generic-csv", options={"mapping": {0: "first_name", 1: "last_name"}})
    assert names() == ["Ann Lee", "Bo Kim"]
    assert [(s.line, s.reason) for s in report.skipped] == [(3, NUL_ROW)]


def test_a_nul_row_inside_an_archive_member_names_the_member(db, tmp_path: Path) -> None:
    archive = FIXTURES / "linkedin_archive"
    connections = (archive / "Connections.csv").read_text("utf-8").replace("Jordan,Blake", "Jor\x00dan,Blake")
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for member in sorted(archive.iterdir()):
            zf.writestr(member.name, connections if member.name == "Connections.csv" else member.read_bytes())
    report = registry.import_file(path)
    assert report.parts["Connections.csv"].describe() == "5 new, 2 skipped"
    assert (10, f"Connections.csv: {NUL_ROW}") in [(s.line, s.reason) for s in report.skipped]


def test_control_characters_other_than_nul_are_data(db, tmp_path: Path) -> None:
    # A bell or an escape in a name is odd but text (the app's own exports carry them back): kept, not refused.
    path = tmp_path / "people.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn\x07,Lee,,,,,08 Aug 2012\n")
    report = registry.import_file(path)
    assert report.created == 1 and not report.skipped


def test_a_picture_is_refused_as_binary(db, dump) -> None:
    before = dump()
    with pytest.raises(FormatError, match="binary data"):
        registry.import_file(FIXTURES / "bad" / "picture.csv")
    assert dump() == before
