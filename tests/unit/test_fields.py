"""The contact's field spec (core.fields): it agrees with the store, every format holds what the spec says it
holds (export, then import into a new network, and the value is back), and the name suffix goes everywhere."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from peewee import SqliteDatabase

from linkorganizer.core import contacts, fields, groups, normalize
from linkorganizer.core.contacts import ContactDetail, ContactQuery, query_contact_ids
from linkorganizer.core.importing import Importer
from linkorganizer.core.records import ContactRecord, Labeled
from linkorganizer.db import close_database, open_database
from linkorganizer.db.models import Contact
from linkorganizer.formats import registry
from linkorganizer.formats.csv_generic import MappedCsvReader, guess_field
from linkorganizer.formats.linkedin import LinkedInConnections

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "fields.md"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

# A value of each kind, different from every default, so a value that comes back was carried by the file.
SAMPLES: dict[str, Any] = {
    "first_name": "Kwame",
    "middle_name": "Kofi",
    "last_name": "Boateng",
    "name_suffix": "PhD, MBA",
    "display_name": "Dr Kwame Boateng",
    "company": "Helio Labs",
    "position": "Director, Data Science",
    "location": "Accra",
    "profile_url": "https://www.linkedin.com/in/kwame-boateng",
    "birthday": "1985-04-15",
    "connected_on": dt.date(2019, 2, 14),
    "notes": "Met at PyCon.\nLikes chess.",
    "help_them": "Intro to a fintech investor",
    "help_me": "Advice on data teams",
    "cadence_days": 45,
    "stage": "keep_in_touch",
    "source": "manual",
}
DETAILS = {
    "email": [Labeled("kwame@example.com", "work")],
    "phone": [Labeled("+233 20 555 0100", "mobile")],
    "address": [Labeled("1 Ring Road\nAccra", "work")],
    "url": [Labeled("https://example.org/kwame", "work")],
}
# What a format does to a value on the way, by design (the reason is in the format's module).
NOT_COMPARED: dict[str, set[str]] = {
    # Outlook has one "Web Page": the profile URL takes it, a further web address has no slot.
    "outlook": {"urls"},
}


def _export_formats() -> list[tuple[str, str]]:
    """(format in the spec, export format): vCard in both versions."""
    return [("json", "json"), ("csv", "csv"), ("vcard", "vcard"), ("vcard", "vcard4"), ("google", "google"),
            ("outlook", "outlook"), ("generic-csv", "csv")]  # fmt: skip


def _make_contact() -> int:
    cid = contacts.create_contact(SAMPLES, DETAILS, ["fintech"])
    group = groups.create_group("Product role")
    groups.place([cid], group)
    Contact.update(photo=PNG, extra=json.dumps({"nickname": "KB"})).where(Contact.id == cid).execute()
    return cid


def _value(detail: ContactDetail, spec: fields.FieldSpec) -> Any:
    if spec.kind == "labeled":
        return [item.value for item in detail.fields[fields.DETAIL_KINDS[spec.name]]]
    if spec.kind == "names":
        return getattr(detail, spec.name)
    if spec.kind == "mapping":
        return detail.extra
    if spec.kind == "blob":
        return detail.photo
    if spec.kind == "moment":
        value = getattr(detail, spec.name)
        return value.replace(microsecond=0) if value else None
    return detail.values[spec.name]


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[tuple[Path, ContactDetail]]:
    open_database(tmp_path / "source.db")
    try:
        detail = contacts.get_contact(_make_contact())
        assert detail is not None
        yield tmp_path, detail
    finally:
        close_database()


def test_the_spec_agrees_with_the_store_and_the_record() -> None:
    columns = set(Contact._meta.columns) - {"id", "full_name", "sort_name"}
    stored = {spec.name for spec in fields.FIELDS if spec.kind not in ("labeled", "names")}
    assert stored == columns
    record = set(ContactRecord.__slots__) - {"ref", "line"}  # type: ignore[attr-defined]
    assert {spec.name for spec in fields.FIELDS} == record
    assert len(fields.BY_NAME) == len(fields.FIELDS)


def test_docs_fields_md_is_generated_from_the_spec() -> None:
    assert DOCS.read_text(encoding="utf-8") == fields.fields_markdown(), "run: python -m linkorganizer.core.fields > docs/fields.md"


@pytest.mark.parametrize(("holder", "fmt"), _export_formats(), ids=[f"{h}:{f}" for h, f in _export_formats()])
def test_every_field_a_format_holds_survives_export_and_import(
    exported: tuple[Path, ContactDetail], holder: str, fmt: str
) -> None:
    folder, want = exported
    path = folder / f"out.{fmt}"
    assert registry.export_file(path, fmt) == 1
    close_database()
    open_database(folder / f"back-{fmt}.db")
    if holder == "generic-csv":
        report = Importer().run(MappedCsvReader(path))  # the own CSV's header, read by guessing every column
    else:
        report = registry.import_file(path, fmt if fmt != "vcard4" else "vcard")
    assert report.created == 1
    [got] = contacts.get_contacts([Contact.get().id])
    held = [spec for spec in fields.FIELDS if holder in fields.holders(spec)]
    assert held, holder
    compared = 0
    for spec in held:
        if spec.name in NOT_COMPARED.get(holder, set()) or (spec.name == "source" and holder != "json"):
            continue  # the own CSV writes it, and the importer names the file's format as the source
        assert _value(got, spec) == _value(want, spec), f"{spec.name} through {fmt}"
        compared += 1
    assert compared >= 10
    if holder in fields.holders(fields.BY_NAME["display_name"]):
        assert got.full_name == want.full_name == "Dr Kwame Boateng"
    else:
        assert got.full_name == "Kwame Kofi Boateng, PhD, MBA"  # composed from the parts, suffix included


# ------------------------------------------------------------------------------------------------ the suffix


def test_the_suffix_is_part_of_the_composed_name(db: SqliteDatabase) -> None:
    assert normalize.compose_name("Kwame", "", "Boateng", "PhD") == "Kwame Boateng, PhD"
    assert normalize.compose_name("", "", "", "PhD") == ""  # a suffix alone names nobody
    cid = contacts.create_contact({"first_name": "Kwame", "last_name": "Boateng", "name_suffix": " PhD "})
    kwame = contacts.get_contact(cid)
    assert kwame is not None
    assert (kwame.values["name_suffix"], kwame.full_name) == ("PhD", "Kwame Boateng, PhD")
    assert contacts.update_contact(cid, {"name_suffix": "PhD, MBA"}) == {"name_suffix": "PhD"}
    assert contacts.fetch_rows([cid])[cid].name == "Kwame Boateng, PhD, MBA"
    assert contacts.fetch_rows([cid])[cid].name_suffix == "PhD, MBA"
    # Searched: by the composed name, and by the suffix itself when a display name hides it.
    contacts.update_contact(cid, {"display_name": "KB"})
    assert query_contact_ids(ContactQuery(text="MBA")) == [cid]
    assert query_contact_ids(ContactQuery(sort="name_suffix")) == [cid]


@pytest.mark.parametrize("fmt", ["json", "csv", "google", "outlook", "vcard", "vcard4"])
def test_the_suffix_through_each_format(tmp_path: Path, fmt: str) -> None:
    open_database(tmp_path / "a.db")
    try:
        contacts.create_contact({"first_name": "Kwame", "last_name": "Boateng", "name_suffix": "PhD, MBA"})
        path = tmp_path / f"out.{fmt}"
        registry.export_file(path, fmt)
    finally:
        close_database()
    text = path.read_bytes().decode("utf-8")
    if fmt in ("vcard", "vcard4"):
        assert "N:Boateng;Kwame;;;PhD\\, MBA\r\n" in text  # N's 5th component: honorific suffixes
        assert "FN:Kwame Boateng\\, PhD\\, MBA\r\n" in text
    elif fmt == "json":
        [contact] = json.loads(text)["contacts"]
        assert list(contact)[3:6] == ["last_name", "name_suffix", "display_name"]  # with the name parts
        assert contact["name_suffix"] == "PhD, MBA"
    else:
        header, row = list(csv.reader(text.lstrip("\ufeff").splitlines()))[:2]
        column = {"csv": "Name Suffix", "google": "Name Suffix", "outlook": "Suffix"}[fmt]
        assert row[header.index(column)] == "PhD, MBA"
    open_database(tmp_path / "b.db")
    try:
        registry.import_file(path, "vcard" if fmt == "vcard4" else fmt)
        [back] = contacts.get_contacts([Contact.get().id])
        assert (back.values["last_name"], back.values["name_suffix"]) == ("Boateng", "PhD, MBA")
        assert back.full_name == "Kwame Boateng, PhD, MBA"
        assert back.extra == {}
    finally:
        close_database()


@pytest.mark.parametrize("column", ["Suffix", "Name suffix", "Namenszusatz", "Suffixe", "Name Suffix"])
def test_a_generic_csv_suffix_column_is_guessed(db: SqliteDatabase, tmp_path: Path, column: str) -> None:
    assert guess_field(column) == "name_suffix"
    path = tmp_path / "people.csv"
    path.write_text(f"First name,Last name,{column}\nKwame,Boateng,PhD\n", encoding="utf-8")
    Importer().run(MappedCsvReader(path))
    kwame = contacts.get_contact(Contact.get().id)
    assert kwame is not None
    assert (kwame.values["name_suffix"], kwame.full_name) == ("PhD", "Kwame Boateng, PhD")


def test_a_generic_csv_full_name_gives_its_suffix_its_field(db: SqliteDatabase, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text('Name,E-mail\n"Bruno Keller, PhD",bruno@example.com\n', encoding="utf-8")
    Importer().run(MappedCsvReader(path))
    bruno = contacts.get_contact(Contact.get().id)
    assert bruno is not None
    assert (bruno.values["first_name"], bruno.values["last_name"], bruno.values["name_suffix"]) == (
        "Bruno", "Keller", "PhD"
    )


@pytest.mark.parametrize(
    ("last", "want"),
    [
        ("Boateng, PhD, MBA", ("Boateng", "PhD, MBA")),
        ("Keller, PhD", ("Keller", "PhD")),
        ("Osei ,  CFA ", ("Osei", "CFA")),
        ("Park 🚀", ("Park 🚀", "")),
        ("Smith,", ("Smith,", "")),
    ],
)
def test_split_name_suffix(last: str, want: tuple[str, str]) -> None:
    assert normalize.split_name_suffix(last) == want


def test_linkedin_credentials_after_a_comma_become_the_suffix(db: SqliteDatabase, tmp_path: Path) -> None:
    # The 2024+ shape: a notes preamble, then the header; LinkedIn quotes a last name with a comma in it.
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Kwame,"Boateng, PhD, MBA",https://www.linkedin.com/in/kwame-boateng,,Helio Labs,CTO,14 Feb 2019\n'
        "Ama,Mensah,https://www.linkedin.com/in/ama-mensah,,Helio Labs,CEO,15 Feb 2019\n",
        encoding="utf-8",
    )
    [kwame, ama] = [r for r in LinkedInConnections(path).items() if isinstance(r, ContactRecord)]
    assert (kwame.last_name, kwame.name_suffix) == ("Boateng", "PhD, MBA")
    assert (ama.last_name, ama.name_suffix) == ("Mensah", "")
    registry.import_file(path, "linkedin")
    assert sorted(c.full_name for c in Contact.select()) == ["Ama Mensah", "Kwame Boateng, PhD, MBA"]


def test_a_reimport_moves_a_suffix_out_of_the_last_name(db: SqliteDatabase, tmp_path: Path) -> None:
    """A contact imported before the field existed has "Boateng, PhD" as its last name; LinkedIn's next file
    (matched by the profile URL) puts the suffix in its field, and the name shown stays the same."""
    cid = contacts.create_contact(
        {"first_name": "Kwame", "last_name": "Boateng, PhD", "profile_url": "https://www.linkedin.com/in/kb"}
    )
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Kwame,"Boateng, PhD",https://www.linkedin.com/in/kb,,,,14 Feb 2019\n',
        encoding="utf-8",
    )
    registry.import_file(path, "linkedin")
    kwame = contacts.get_contact(cid)
    assert kwame is not None
    assert (kwame.values["last_name"], kwame.values["name_suffix"], kwame.full_name) == (
        "Boateng", "PhD", "Kwame Boateng, PhD"
    )
