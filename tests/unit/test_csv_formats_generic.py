"""Any other CSV: the alias table, header signatures, ``--map``, the mapped reader, previews and bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.importing import Importer
from linkorganizer.core.records import FormatError, Labeled
from linkorganizer.db.models import Contact
from linkorganizer.formats.csv_generic import (
    CONTACT_FIELDS,
    NO_IDENTITY,
    MappedCsvReader,
    guess_mapping,
    header_signature,
    label_for_column,
    parse_map_option,
    preview_rows,
    split_full_name,
)

CSV = Path(__file__).resolve().parent.parent / "fixtures" / "csv"


def people() -> dict[str, ContactDetail]:
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    return {d.full_name: d for d in get_contacts(ids)}


def pairs(items: list[Labeled]) -> list[tuple[str, str]]:
    return [(i.value, i.label) for i in items]


# ---------------------------------------------------------------------------------------------- the alias table


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Name", "full_name"),
        ("Full name", "full_name"),
        ("First Name", "first_name"),
        ("\ufeff\"first_name\"", "first_name"),
        ("Given name", "first_name"),
        ("Vorname", "first_name"),
        ("Prénom", "first_name"),
        ("Surname", "last_name"),
        ("Nachname", "last_name"),
        ("Nom", "last_name"),
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("Mail", "email"),
        ("E-Mail-Adresse", "email"),
        ("E-Mail 2: Adresse", "email"),
        ("Courriel", "email"),
        ("Work Email", "email"),
        ("Phone number", "phone"),
        ("Mobile", "phone"),
        ("Handy", "phone"),
        ("Telefon geschäftlich", "phone"),
        ("Téléphone", "phone"),
        ("Organisation", "company"),
        ("Organization", "company"),
        ("Firma", "company"),
        ("Société", "company"),
        ("Title", "position"),
        ("Job Title", "position"),
        ("LinkedIn", "profile_url"),
        ("LinkedIn URL", "profile_url"),
        ("Website", "url"),
        ("Webseite", "url"),
        ("Birthday", "birthday"),
        ("Geburtstag", "birthday"),
        ("Date of birth", "birthday"),
        ("Notes", "notes"),
        ("Notizen", "notes"),
        ("Comments", "notes"),
        ("Tags", "tags"),
        ("Categories", "tags"),
        ("Kategorien", "tags"),
        ("Address", "address"),
        ("Connected On", "connected_on"),
        ("How I can help", "help_them"),
        ("How they can help", "help_me"),
        ("City", "location"),
        ("Internal ID", "ignore"),
        ("E-mail 1 - Label", "ignore"),
        ("", "ignore"),
    ],
)
def test_guess_one_column(column: str, field: str) -> None:
    assert guess_mapping([column]) == ({} if field == "ignore" else {0: field})


def test_guess_mapping_keeps_a_single_field_once_and_lists_many_times() -> None:
    header = ["Name", "Company", "Organisation", "E-mail", "Work Email", "Phone", "Mobile", "Notes", "Comments", "?"]
    assert guess_mapping(header) == {
        0: "full_name",
        1: "company",
        3: "email",
        4: "email",
        5: "phone",
        6: "phone",
        7: "notes",
        8: "notes",
    }


@pytest.mark.parametrize(
    ("column", "field", "label"),
    [
        ("Work Email", "email", "work"),
        ("Telefon geschäftlich", "phone", "work"),
        ("Mobile", "phone", "mobile"),
        ("Home phone", "phone", "home"),
        ("Fax (privat)", "phone", "home fax"),
        ("E-mail", "email", ""),
        ("Company", "company", ""),
    ],
)
def test_labels_from_column_names(column: str, field: str, label: str) -> None:
    assert label_for_column(column, field) == label


def test_header_signature() -> None:
    base = header_signature(["Name", "E-mail", "Phone"])
    assert base == header_signature(["\ufeff\"name\"", " E-MAIL ", "phone"])
    assert base != header_signature(["E-mail", "Name", "Phone"])
    assert base != header_signature(["Name", "E-mail"])
    assert len(base) == 20 and base == header_signature(("Name", "E-mail", "Phone"))


def test_parse_map_option() -> None:
    header = ["Who", "Where", "Mail 1", "Kundennummer"]
    assert parse_map_option("Who=full_name, where = company ,3=email,Kundennummer=ignore", header) == {
        0: "full_name",
        1: "company",
        2: "email",
        3: "ignore",
    }
    assert parse_map_option("", header) == {}


def test_parse_map_option_errors_list_what_exists() -> None:
    header = ["Who", "Where"]
    with pytest.raises(ValueError) as info:
        parse_map_option("Who=nickname", header)
    assert "“nickname” is not a contact field" in str(info.value)
    assert all(field in str(info.value) for field in CONTACT_FIELDS)
    with pytest.raises(ValueError) as info:
        parse_map_option("Whom=first_name", header)
    assert "no column “Whom”" in str(info.value) and "columns found: “Who”, “Where”" in str(info.value)
    with pytest.raises(ValueError, match="Column=field"):
        parse_map_option("Who", header)
    with pytest.raises(ValueError, match="no column “9”"):
        parse_map_option("9=email", header)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Ann Marie Smith", "Ann Marie", "Smith"),
        ("Lefèvre, Émile", "Émile", "Lefèvre"),
        ("Keller, PhD", "Keller, PhD", ""),
        ("Bruno Keller, PhD", "Bruno", "Keller, PhD"),
        ("Bruno Keller, Ph.D.", "Bruno", "Keller, Ph.D."),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
        ("Cher", "Cher", ""),
        ("  Ann   Lee ", "Ann", "Lee"),
        ("", "", ""),
    ],
)
def test_split_full_name(text: str, first: str, last: str) -> None:
    assert split_full_name(text) == (first, last)


# ------------------------------------------------------------------------------------------------ the reader


def test_semicolon_spreadsheet_with_odd_headers(db) -> None:
    path = CSV / "spreadsheet_semicolon.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfName;E-Mail;")
    report = Importer().run(MappedCsvReader(path))
    assert report.format_name == "generic-csv"
    assert (report.created, report.warnings) == (3, [])
    assert [(s.line, s.reason) for s in report.skipped] == [(5, NO_IDENTITY)]
    found = people()
    emile = found["Émile Lefèvre"]  # "Lefèvre, Émile" split at the comma
    assert (emile.values["first_name"], emile.values["last_name"]) == ("Émile", "Lefèvre")
    assert pairs(emile.emails) == [("emile@example.fr", ""), ("e.lefevre@example.org", "")]
    assert pairs(emile.phones) == [("+33 6 55 55 01 03", "")]
    assert (emile.values["company"], emile.values["position"]) == ("Société Exemple", "CEO")
    assert emile.values["profile_url"] == "https://www.linkedin.com/in/emile-lefevre"
    assert pairs(emile.fields["url"]) == [("https://example.fr", "")]
    assert emile.values["birthday"] == "1985-04-15"
    assert emile.values["notes"] == "Budget; 2025"
    assert sorted(emile.tags) == ["Friends", "Job Search"]
    assert emile.values["source"] == "generic-csv"
    ann = found["Ann Marie Smith"]
    assert pairs(ann.emails) == [("ann@example.com", "")]  # "Ann Smith <ann@example.com>"
    assert ann.values["birthday"] == "1990-01-02"
    ludwig = found["Ludwig van Beethoven"]
    assert ludwig.values["last_name"] == "van Beethoven" and ludwig.values["birthday"] == "--12-17"


def test_german_spreadsheet_in_cp1252(db) -> None:
    Importer().run(MappedCsvReader(CSV / "spreadsheet_german_cp1252.csv"))
    (jurgen,) = people().values()
    assert jurgen.full_name == "Jürgen Weiß"
    assert jurgen.values["company"] == "Müller & Söhne"
    assert pairs(jurgen.phones) == [("+49 170 5550 101", "mobile"), ("+49 89 5550 100", "work")]
    assert jurgen.values["notes"] == "Zweite Zeile\nfolgt"


def test_explicit_mapping(db, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Who,Where,Contact\nAnn Lee,Acme,ann@example.com\n", encoding="utf-8")
    header, _ = preview_rows(path)
    mapping = {**guess_mapping(header), **parse_map_option("Who=full_name,Where=company,Contact=email", header)}
    Importer().run(MappedCsvReader(path, mapping))
    (ann,) = people().values()
    assert (ann.values["first_name"], ann.values["last_name"], ann.values["company"]) == ("Ann", "Lee", "Acme")
    assert pairs(ann.emails) == [("ann@example.com", "")]


def test_map_option_for_the_cli(db, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Who,Where,E-mail,Notes\nAnn Lee,Acme,ann@example.com,secret\n", encoding="utf-8")
    reader = MappedCsvReader.from_map_option(path, "Who=full_name,Where=company,Notes=ignore")
    assert reader.mapping == {0: "full_name", 1: "company", 2: "email", 3: "ignore"}
    Importer().run(reader)
    (ann,) = people().values()
    assert (ann.full_name, ann.values["company"], ann.values["notes"]) == ("Ann Lee", "Acme", "")
    with pytest.raises(ValueError, match="columns found: “Who”, “Where”, “E-mail”, “Notes”"):
        MappedCsvReader.from_map_option(path, "Whom=email")


def test_mapping_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("A\n1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a contact field"):
        MappedCsvReader(path, {0: "nickname"})


def test_preview_rows(tmp_path: Path) -> None:
    header, rows = preview_rows(CSV / "spreadsheet_semicolon.csv", n=2)
    assert header[:3] == ["Name", "E-Mail", "Phone number"]
    assert [r[0] for r in rows] == ["Lefèvre, Émile", "Ann Marie Smith"]
    assert all(len(r) == len(header) for r in rows)
    path = tmp_path / "guarded.csv"
    path.write_text("Name,Phone\nAnn,'+1 555 0100\n\nBob,\n", encoding="utf-8")
    assert preview_rows(path) == (["Name", "Phone"], [["Ann", "+1 555 0100"], ["Bob", ""]])


def test_unmappable_file_names_its_columns(db, dump: Callable[[], list[str]]) -> None:
    contacts.create_contact({"first_name": "Existing"})
    before = dump()
    path = CSV / "bad_unmappable.csv"
    with pytest.raises(FormatError) as info:
        Importer().run(MappedCsvReader(path))
    assert info.value.line == 1
    assert "no column could be matched to a contact field; columns found: Col A, Foo, Bar" in info.value.reason
    assert "--map" in info.value.reason and str(path) in str(info.value)
    assert dump() == before


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("bad_header_only.csv", 1, "has a header but no contacts below it"),
        ("bad_wrong_field_count.csv", 3, "has 3 fields where the header has 2"),
    ],
)
def test_bad_files_change_nothing(db, dump: Callable[[], list[str]], name: str, line: int, words: str) -> None:
    contacts.create_contact({"first_name": "Existing"})
    before = dump()
    with pytest.raises(FormatError) as info:
        Importer().run(MappedCsvReader(CSV / name))
    assert (info.value.line, words in info.value.reason) == (line, True)
    assert dump() == before


def test_blank_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(",,\n , \n", encoding="utf-8")
    with pytest.raises(FormatError, match="no header row"):
        list(MappedCsvReader(path).items())


def test_excel_sep_hint_and_short_rows(db, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"sep=;\r\nName;Mail;Phone\r\nAnn Lee;ann@example.com\r\n")
    report = Importer().run(MappedCsvReader(path))
    assert report.created == 1
    (ann,) = people().values()
    assert pairs(ann.emails) == [("ann@example.com", "")] and ann.phones == []
