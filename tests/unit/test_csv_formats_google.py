"""Google Contacts CSV into a real database: the current format (any number of groups), the old UTF-16 format,
bad files, and the export back to Google's format."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.importing import Importer
from linkorganizer.core.records import FormatError, Labeled
from linkorganizer.db.models import Contact
from linkorganizer.formats.csv_generic import NO_IDENTITY
from linkorganizer.formats.csv_table import write_csv
from linkorganizer.formats.google import (
    PREFIX,
    GoogleCsvReader,
    looks_like_google,
    write_google_csv,
)
from linkorganizer.formats.outlook import DESKTOP_HEADER

GOOGLE = Path(__file__).resolve().parent.parent / "fixtures" / "google"


def people() -> dict[str, ContactDetail]:
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    return {d.full_name: d for d in get_contacts(ids)}


def pairs(items: list[Labeled]) -> list[tuple[str, str]]:
    return [(i.value, i.label) for i in items]


def first_row(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=delimiter))


# --------------------------------------------------------------------------------------------- current format


def test_current_format_with_one_group_of_each(db) -> None:
    path = GOOGLE / "google_one_email.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw  # UTF-8, no BOM, LF

    report = Importer().run(GoogleCsvReader(path))

    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert [(s.line, s.reason) for s in report.skipped] == [(10, NO_IDENTITY)]
    assert report.warnings == []
    found = people()
    assert sorted(found) == ["Ada M. Quill", "Contoso Ltd", "solo@example.net", "Émile Lefèvre"]

    ada = found["Ada M. Quill"]
    assert (ada.values["first_name"], ada.values["middle_name"], ada.values["last_name"]) == ("Ada", "M.", "Quill")
    assert (ada.values["company"], ada.values["position"]) == ("Northwind Analytics", "Head of Product")
    assert ada.values["source"] == "google"
    assert ada.values["birthday"] == "1985-04-15"
    assert ada.values["notes"] == 'Met at the 2019 meetup.\nLikes chess, go and "hard" puzzles.'
    # " ::: " in one cell is two e-mails with the group's label
    assert pairs(ada.emails) == [("ada@example.com", "work"), ("ada.quill@example.org", "work")]
    assert pairs(ada.phones) == [("+1 555 0100", "mobile")]
    # the multi-line Formatted address wins over the parts
    assert pairs(ada.fields["address"]) == [("12 Elm Street\nApt 4\nSpringfield, IL 62701\nUS", "home")]
    # the LinkedIn URL among the websites is the profile, not a web address
    assert ada.values["profile_url"] == "https://www.linkedin.com/in/ada-quill"
    assert ada.fields["url"] == []
    assert ada.tags == ["Job Search"]  # "* myContacts" and "* starred" are Google's, not the user's
    assert ada.extra == {
        "department": "Research",
        "name_prefix": "Dr.",
        "nickname": "Ace",
        "phonetic_first_name": "Ay-da",
        "events": [{"label": "Anniversary", "value": "2010-06-01"}],
        "custom_fields": [{"label": "Met via", "value": "Bruno"}],
    }

    emile = found["Émile Lefèvre"]
    assert emile.values["birthday"] == "--03-22"  # year-less stays year-less
    # labels joined like the values pair up one by one
    assert pairs(emile.phones) == [("+33 1 55 55 01 02", "work"), ("+33 6 55 55 01 03", "mobile")]
    # no Formatted text: the address is composed from its parts
    assert pairs(emile.fields["address"]) == [("3 rue de la Paix\n75002 Paris\nFrance", "work")]
    assert pairs(emile.fields["url"]) == [("https://example.com/emile", "blog")]
    assert sorted(emile.tags) == ["Friends", "Job Search"]

    assert pairs(found["solo@example.net"].emails) == [("solo@example.net", "other")]
    assert pairs(found["Contoso Ltd"].phones) == [("555 0199", "main")]


def test_current_format_with_three_email_groups_and_a_bom(db) -> None:
    path = GOOGLE / "google_three_emails_bom.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfFirst Name,")

    report = Importer().run(GoogleCsvReader(path))

    assert (report.created, len(report.skipped)) == (3, 0)
    assert [(w.line, w.message) for w in report.warnings] == [
        (6, "“Birthday” value “sometime in May” is not a date; left empty")
    ]
    found = people()
    bruno = found["Bruno Keller, PhD"]  # "Name Suffix" is a field of its own, part of the name shown
    assert pairs(bruno.emails) == [
        ("bruno@example.com", "work"),
        ("bruno.keller@example.org", "home"),
        ("bk@example.net", "other"),
    ]
    assert pairs(bruno.phones) == [("+41 79 555 01 00", "mobile"), ("+41 44 555 01 01", "work")]
    assert bruno.values["company"] == 'Acme "Rocket" Works'
    assert bruno.values["position"] == "Director, Data Science"
    assert bruno.values["profile_url"] == "https://www.linkedin.com/in/bruno-keller"  # normalised
    assert pairs(bruno.fields["url"]) == [("https://example.com/bruno", "work")]
    assert (bruno.values["last_name"], bruno.values["name_suffix"]) == ("Keller", "PhD")
    assert bruno.extra == {}
    chiara = found["Chiara Moretti"]
    assert pairs(chiara.fields["address"]) == [("Via Roma 1\n00100 Roma\nItaly", "home")]
    assert chiara.tags == ["Conference 2024"]
    assert chiara.extra == {"custom_fields": [{"label": "Hobby", "value": "Rowing"}]}
    dev = found["Dev Patel"]
    assert dev.values["birthday"] == ""
    assert dev.values["profile_url"] == "https://www.linkedin.com/in/dev-patel"  # found by its address, any label
    assert [e.value for e in dev.emails] == ["dev@example.com", "dev.patel@example.org"]


def test_reimport_finds_the_same_people(db) -> None:
    Importer().run(GoogleCsvReader(GOOGLE / "google_three_emails_bom.csv"))
    again = Importer().run(GoogleCsvReader(GOOGLE / "google_three_emails_bom.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_reimport_finds_a_company_known_only_by_its_phone(db) -> None:
    Importer().run(GoogleCsvReader(GOOGLE / "google_one_email.csv"))
    again = Importer().run(GoogleCsvReader(GOOGLE / "google_one_email.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


# ------------------------------------------------------------------------------------------------- old format


@pytest.mark.parametrize(
    ("name", "delimiter"), [("google_old_utf16_tab.csv", "\t"), ("google_old_utf16_comma.csv", ",")]
)
def test_old_format_in_utf16(db, name: str, delimiter: str) -> None:
    path = GOOGLE / name
    raw = path.read_bytes()
    assert raw.startswith(b"\xff\xfeN\x00a\x00m\x00e\x00")  # UTF-16 LE with a BOM, as Google wrote it
    assert looks_like_google(first_row(path, "utf-16", delimiter))

    report = Importer().run(GoogleCsvReader(path))

    found = people()
    irina = found["Ирина Петрова"]
    assert (irina.values["first_name"], irina.values["last_name"]) == ("Ирина", "Петрова")
    assert irina.values["display_name"] == ""  # "Name" only repeats the parts
    assert pairs(irina.emails) == [("irina@example.com", "work"), ("irina.p@example.org", "home")]
    assert pairs(irina.phones) == [("+7 555 010 00 00", "mobile")]
    assert pairs(irina.fields["address"]) == [("ул. Примерная, 1\nМосква 101000\nРоссия", "work")]
    assert (irina.values["company"], irina.values["position"]) == ("Example Labs", "Engineer")
    assert irina.tags == ["Коллеги"]
    assert irina.values["notes"] == "Встреча в Москве\nвторая строка"
    assert irina.extra == {"department": "R&D", "gender": "female"}
    nikos = found["Νίκος Παπαδόπουλος"]
    # "* Home" marks the main address: it comes first whatever its column
    assert pairs(nikos.emails) == [("nikos@example.gr", "home"), ("nikos.other@example.gr", "other")]
    assert nikos.values["profile_url"] == "https://www.linkedin.com/in/nikos-p"
    assert nikos.values["birthday"] == "1979-02-28"
    assert nikos.tags == ["Φίλοι"]
    if delimiter == "\t":
        assert report.created == 3
        maria = found["Maria"]
        assert maria.values["display_name"] == "Maria" and pairs(maria.phones) == [("555 0142", "home")]
    else:
        assert report.created == 2


# -------------------------------------------------------------------------------------------------- detection


def test_header_sniffer() -> None:
    assert looks_like_google(first_row(GOOGLE / "google_one_email.csv"))
    assert looks_like_google(first_row(GOOGLE / "google_three_emails_bom.csv"))
    # The sniffer copes with what a naive line split leaves: the BOM, quotes, odd case.
    assert looks_like_google(['\ufeff"first name"', '"LABELS"', '"E-mail 1 - Value"'])
    assert not looks_like_google(list(DESKTOP_HEADER))
    linkedin = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    assert not looks_like_google(linkedin)
    assert not looks_like_google(["Name", "E-mail", "Phone"])


def test_own_layout_is_not_google(db, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ann"}, fields={"email": [Labeled("ann@example.com")]})
    write_csv(tmp_path / "own.csv", [c for (c,) in Contact.select(Contact.id).tuples()])
    assert not looks_like_google(first_row(tmp_path / "own.csv"))


# ------------------------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("bad_header_only.csv", 1, "has a header but no contacts below it"),
        ("bad_wrong_field_count.csv", 6, "fields where the header has"),
        ("bad_unterminated_quote.csv", 2, "never ends"),
    ],
)
def test_bad_files_change_nothing(db, dump: Callable[[], list[str]], name: str, line: int, words: str) -> None:
    contacts.create_contact({"first_name": "Existing"})
    before = dump()
    path = GOOGLE / name
    with pytest.raises(FormatError) as info:
        Importer().run(GoogleCsvReader(path))
    assert info.value.line == line
    assert words in info.value.reason
    assert str(path) in str(info.value) and f"line {line}" in str(info.value)
    assert dump() == before


def test_a_file_that_is_not_google_is_refused(db, dump, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,E-mail\nAnn,ann@example.com\n", encoding="utf-8")
    before = dump()
    with pytest.raises(FormatError) as info:
        Importer().run(GoogleCsvReader(path))
    assert info.value.line == 1 and "not a Google Contacts export" in info.value.reason
    assert dump() == before


# ------------------------------------------------------------------------------------------------------ export


def test_export_header_is_sized_to_the_data(db, tmp_path: Path) -> None:
    ann = contacts.create_contact(
        {"first_name": "Ann", "company": "Acme", "position": "CTO", "notes": "two\nlines"},
        fields={
            "email": [Labeled("a@example.com", "work"), Labeled("b@example.com", "home"), Labeled("c@example.com")],
            "phone": [Labeled("555 0100", "mobile")],
        },
        tags=["Job Search"],
    )
    bob = contacts.create_contact(
        {"first_name": "Bob"}, fields={"address": [Labeled("1 Main St\nSpringfield", "home")]}
    )
    path = tmp_path / "google.csv"
    assert write_google_csv(path, [ann, bob]) == 2
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n") and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header = rows[0]
    assert header[: len(PREFIX)] == list(PREFIX)
    assert [h for h in header if h.startswith("E-mail")] == [
        f"E-mail {n} - {part}" for n in (1, 2, 3) for part in ("Label", "Value")
    ]
    assert "Phone 2 - Value" not in header and "Phone 1 - Value" in header
    assert "Address 1 - Formatted" in header and "Address 2 - Formatted" not in header
    assert "Website 1 - Value" not in header and "Event 1 - Value" not in header
    row = dict(zip(header, rows[1], strict=True))
    assert (row["First Name"], row["Organization Name"], row["Organization Title"]) == ("Ann", "Acme", "CTO")
    assert (row["E-mail 1 - Label"], row["E-mail 1 - Value"]) == ("Work", "a@example.com")
    assert (row["E-mail 3 - Label"], row["E-mail 3 - Value"]) == ("", "c@example.com")
    assert row["Labels"] == "Job Search"
    assert row["Notes"] == "two\nlines"
    # what Google has no column for travels in custom fields
    assert (row["Custom Field 1 - Label"], row["Custom Field 1 - Value"]) == ("LinkOrganizer Stage", "Connected")
    assert write_google_csv(tmp_path / "bom.csv", [ann, bob], excel_bom=True) == 2
    assert (tmp_path / "bom.csv").read_bytes() == b"\xef\xbb\xbf" + raw


def test_google_to_app_to_google_keeps_everything(db, fresh_db, tmp_path: Path) -> None:
    """What came from Google (extras included) goes back to Google and into another network unchanged."""
    Importer().run(GoogleCsvReader(GOOGLE / "google_one_email.csv"))
    Importer().run(GoogleCsvReader(GOOGLE / "google_three_emails_bom.csv"))
    first = people()
    ids = sorted(d.id for d in first.values())
    write_google_csv(tmp_path / "out.csv", ids)

    fresh_db("second.db")
    report = Importer().run(GoogleCsvReader(tmp_path / "out.csv"))

    assert (report.created, report.skipped, report.warnings) == (7, [], [])
    second = people()
    assert sorted(second) == sorted(first)
    for name, before in first.items():
        after = second[name]
        assert after.values == before.values, name
        assert after.fields == before.fields, name
        assert sorted(after.tags) == sorted(before.tags), name
        assert after.extra == before.extra, name
