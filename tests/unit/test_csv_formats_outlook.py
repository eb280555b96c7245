"""Outlook CSV into a real database: desktop (English, 2003, German, French), Outlook.com, Google's "Outlook CSV",
bad files, and the export in Outlook desktop's layout."""

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
from linkorganizer.formats.csv_generic import NO_IDENTITY, extra_key, parse_local_date
from linkorganizer.formats.google import looks_like_google
from linkorganizer.formats.outlook import (
    DESKTOP_HEADER,
    OutlookCsvReader,
    looks_like_outlook,
    outlook_date,
    write_outlook_csv,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OUTLOOK = FIXTURES / "outlook"


def people() -> dict[str, ContactDetail]:
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    return {d.full_name: d for d in get_contacts(ids)}


def pairs(items: list[Labeled]) -> list[tuple[str, str]]:
    return [(i.value, i.label) for i in items]


def first_row(path: Path, encoding: str) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))


def test_desktop_export_in_cp1252(db) -> None:
    path = OUTLOOK / "outlook_desktop.csv"
    raw = path.read_bytes()
    assert raw.startswith(b'"Title","First Name","Middle Name","Last Name"')
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF everywhere
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Windows-1252: ü, ß, é are single bytes

    report = Importer().run(OutlookCsvReader(path))

    assert (report.created, report.warnings) == (2, [])
    assert [(s.line, s.reason) for s in report.skipped] == [(5, NO_IDENTITY)]  # only Outlook's defaults
    found = people()
    jurgen = found["Jürgen Weiß"]
    assert (jurgen.values["company"], jurgen.values["position"]) == ("Müller & Söhne GmbH", "Sales Director")
    assert jurgen.values["source"] == "outlook"
    assert pairs(jurgen.emails) == [("juergen@example.com", "")]
    assert pairs(jurgen.phones) == [
        ("+49 170 5550 101", "mobile"),
        ("+49 89 5550 100", "work"),
        ("+49 89 5550 199", "work fax"),
    ]
    assert pairs(jurgen.fields["address"]) == [("Hauptstraße 5\n80331 München\nGermany", "work")]
    assert jurgen.values["birthday"] == "1975-04-15"  # M/D/YYYY
    assert sorted(jurgen.tags, key=str.casefold) == ["colleague", "Friend"]  # "Friend; colleague"
    assert jurgen.values["notes"] == "Première rencontre à Köln.\r\nSecond line"
    assert jurgen.values["profile_url"] == "https://www.linkedin.com/in/juergen-weiss"
    assert jurgen.fields["url"] == []
    # Outlook's "nothing set" values (Unspecified, Normal, False, 0/0/00) are not kept
    assert jurgen.extra == {"name_prefix": "Mr.", "department": "Vertrieb", "spouse": "Anna"}

    zoe = found["Zoé Dubois"]
    assert zoe.values["birthday"] == ""  # 0/0/00
    assert pairs(zoe.emails) == [("zoe@example.fr", "")]
    assert pairs(zoe.phones) == [("+33 4 55 55 01 00", "home")]
    assert pairs(zoe.fields["address"]) == [("12 rue de l'Église\n69002 Lyon\nFrance", "home")]
    assert pairs(zoe.fields["url"]) == [("https://example.fr/zoe", "")]
    assert zoe.values["profile_url"] == ""
    assert zoe.extra == {"name_prefix": "Ms.", "gender": "Female"}


def test_outlook_2003_country_columns(db) -> None:
    path = OUTLOOK / "outlook_2003.csv"
    assert b'"Business Country"' in path.read_bytes() and b"Country/Region" not in path.read_bytes()
    Importer().run(OutlookCsvReader(path))
    (soren,) = people().values()
    assert (soren.values["first_name"], soren.values["last_name"]) == ("Søren", "Ærø")
    assert pairs(soren.fields["address"]) == [("Eksempelvej 7\n1050 Kobenhavn\nDenmark", "work")]
    assert soren.values["birthday"] == "1969-12-31"
    assert soren.tags == ["Board"]


def test_german_outlook(db) -> None:
    report = Importer().run(OutlookCsvReader(OUTLOOK / "outlook_german.csv"))
    assert (report.created, report.skipped, report.warnings) == (2, [], [])
    found = people()
    kaethe = found["Käthe Großmann"]
    assert (kaethe.values["company"], kaethe.values["position"]) == ("Beispiel Bäckerei GmbH", "Leiterin Einkauf")
    assert kaethe.values["birthday"] == "1985-04-15"  # DD.MM.YYYY
    assert pairs(kaethe.emails) == [("kaethe@example.de", "")]
    assert pairs(kaethe.phones) == [("+49 151 5550 101", "mobile"), ("+49 211 5550 100", "work")]
    assert pairs(kaethe.fields["address"]) == [("Bahnhofstraße 12\n40210 Düsseldorf\nDeutschland", "work")]
    assert sorted(kaethe.tags) == ["Kunden", "Messe 2024"]
    assert kaethe.values["notes"] == "Trifft sich gern zum Frühstück.\r\nMag Brezeln."
    assert kaethe.values["location"] == "Düsseldorf"
    assert kaethe.values["profile_url"] == "https://www.linkedin.com/in/kaethe-grossmann"
    assert kaethe.extra == {"name_prefix": "Frau", "department": "Einkauf", "gender": "Weiblich"}
    lukas = found["Lukas Öztürk"]
    assert lukas.values["birthday"] == "1992-02-29"
    assert pairs(lukas.fields["address"]) == [("Gärtnerweg 3\n10115 Berlin", "home")]
    assert pairs(lukas.emails) == [("lukas@example.de", "")]


def test_french_outlook(db) -> None:
    Importer().run(OutlookCsvReader(OUTLOOK / "outlook_french.csv"))
    (elodie,) = people().values()
    assert elodie.full_name == "Élodie Mercier"
    # "Titre" twice: the courtesy title first, the job title second
    assert elodie.extra == {"name_prefix": "M.", "department": "Achats"}
    assert (elodie.values["company"], elodie.values["position"]) == ("Société Exemple", "Acheteuse")
    assert elodie.values["birthday"] == "1985-04-15"  # French dates are day first
    assert pairs(elodie.phones) == [("+33 6 55 55 01 01", "mobile"), ("+33 2 55 55 01 00", "work")]
    assert pairs(elodie.fields["address"]) == [("5 avenue Foch\n44000 Nantes\nFrance", "work")]
    assert sorted(elodie.tags) == ["Fournisseurs", "Salon"]


def test_outlook_com_export(db) -> None:
    path = OUTLOOK / "outlook_com.csv"
    assert path.read_bytes().startswith(b"First Name,Middle Name,Last Name,Title,")
    report = Importer().run(OutlookCsvReader(path))
    assert report.created == 2
    found = people()
    hana = found["Hana Sato"]
    assert pairs(hana.emails) == [("hana@example.jp", ""), ("hana.sato@example.com", "")]
    assert pairs(hana.phones) == [("+81 90 5555 0100", "mobile")]
    assert hana.values["profile_url"] == "https://www.linkedin.com/in/hana-sato"
    assert pairs(hana.fields["url"]) == [("https://example.jp/hana", "personal")]
    assert hana.values["birthday"] == "1991-07-07"
    assert hana.extra == {"nickname": "Hana-chan", "imaddress": "hana@im.example.jp"}
    fabrikam = found["Fabrikam Inc."]
    assert pairs(fabrikam.phones) == [("555 0150", "work")] and fabrikam.values["notes"] == "Front desk"


def test_google_outlook_csv(db) -> None:
    Importer().run(OutlookCsvReader(OUTLOOK / "google_outlook.csv"))
    (omar,) = people().values()
    assert omar.tags == ["Job Search"]  # myContacts and starred were Google's
    # the formatted, multi-line "Home Address" wins over the parts
    assert pairs(omar.fields["address"]) == [("44 Oak Avenue\nPortland, OR 97201\nUS", "home")]
    assert omar.values["birthday"] == "1988-09-09"
    assert omar.values["profile_url"] == "https://www.linkedin.com/in/omar-haddad"
    assert (omar.values["company"], omar.values["position"]) == ("Example Robotics", "Engineer")


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("outlook_desktop.csv", "cp1252"),
        ("outlook_2003.csv", "cp1252"),
        ("outlook_german.csv", "cp1252"),
        ("outlook_french.csv", "cp1252"),
        ("outlook_com.csv", "utf-8"),
        ("google_outlook.csv", "utf-8"),
    ],
)
def test_header_sniffer(name: str, encoding: str) -> None:
    header = first_row(OUTLOOK / name, encoding)
    assert looks_like_outlook(header)
    assert not looks_like_google(header)


def test_header_sniffer_refuses_other_files() -> None:
    linkedin = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    assert not looks_like_outlook(linkedin)
    assert not looks_like_outlook(first_row(FIXTURES / "google" / "google_one_email.csv", "utf-8"))
    assert not looks_like_outlook(["Name", "E-mail", "Phone", "Company"])
    # a naively split, still quoted line works too
    assert looks_like_outlook(",".join(f'"{h}"' for h in DESKTOP_HEADER).split(","))


def test_wrong_field_count_changes_nothing(db, dump: Callable[[], list[str]]) -> None:
    contacts.create_contact({"first_name": "Existing"})
    before = dump()
    path = OUTLOOK / "bad_wrong_field_count.csv"
    with pytest.raises(FormatError) as info:
        Importer().run(OutlookCsvReader(path))
    # Jürgen's row takes lines 2-3 (a two-line note); the damaged row is line 4.
    assert info.value.line == 4 and "fields where the header has" in info.value.reason
    assert info.value.path == str(path)
    assert dump() == before


def test_not_outlook_is_refused(db, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("First Name,Last Name\nAnn,Lee\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        Importer().run(OutlookCsvReader(path))
    assert info.value.line == 1 and "not an Outlook export" in info.value.reason


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("4/15/1975", False, "1975-04-15"),
        ("15/4/1975", False, "1975-04-15"),  # cannot be month first
        ("4/5/1975", True, "1975-05-04"),
        ("15.04.1985", False, "1985-04-15"),
        ("0/0/00", False, ""),
        ("", False, ""),
        ("3/22/1604", False, "--03-22"),  # our export's "no year"
        ("1985-04-15", False, "1985-04-15"),
        ("--03-22", False, "--03-22"),
        ("2/30/1990", False, None),
        ("soon", False, None),
    ],
)
def test_dates(text: str, day_first: bool, expected: str | None) -> None:
    assert parse_local_date(text, day_first) == expected


# ------------------------------------------------------------------------------------------------------ export


def test_export_layout(db, tmp_path: Path) -> None:
    ann = contacts.create_contact(
        {
            "first_name": "Ann",
            "last_name": "Lee",
            "company": "Acme",
            "position": "CTO",
            "birthday": "--03-22",
            "profile_url": "https://www.linkedin.com/in/ann-lee",
            "location": "Paris",
            "notes": "two\r\nlines",
        },
        fields={
            "email": [Labeled("ann@example.com", "work")],
            "phone": [Labeled("555 0100", "work"), Labeled("555 0101", "work"), Labeled("555 0102", "mobile")],
            "address": [Labeled("1 Main St\nSpringfield", "home")],
            "url": [Labeled("https://example.com/ann", "blog")],
        },
        tags=["Friend", "Job Search"],
    )
    path = tmp_path / "outlook.csv"
    assert write_outlook_csv(path, [ann]) == 1
    raw = path.read_bytes()
    header_line, _ = raw.split(b"\r\n", 1)
    assert header_line.decode() == ",".join(f'"{h}"' for h in DESKTOP_HEADER)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert raw.count(b'","') == 2 * (len(DESKTOP_HEADER) - 1)  # every field quoted, empty ones too
    assert (row["First Name"], row["Last Name"], row["Company"], row["Job Title"]) == ("Ann", "Lee", "Acme", "CTO")
    assert (row["Business Phone"], row["Business Phone 2"], row["Mobile Phone"]) == ("555 0100", "555 0101", "555 0102")
    assert row["Home Street"] == "1 Main St\nSpringfield"
    assert row["Birthday"] == "3/22/1604"
    assert row["Categories"] == "Friend;Job Search"
    assert row["Web Page"] == "https://www.linkedin.com/in/ann-lee"
    assert (row["E-mail Address"], row["E-mail Type"]) == ("ann@example.com", "SMTP")
    assert row["Notes"] == "two\r\nlines"
    assert row["Location"] == "Paris"
    write_outlook_csv(tmp_path / "excel.csv", [ann], excel_bom=True)
    assert (tmp_path / "excel.csv").read_bytes() == b"\xef\xbb\xbf" + raw


def test_outlook_to_app_to_outlook_keeps_what_outlook_has(db, fresh_db, tmp_path: Path) -> None:
    """Everything Outlook has a column for comes back; phones may change order (Outlook's columns decide)."""
    for name in ("outlook_desktop.csv", "outlook_german.csv", "outlook_com.csv"):
        Importer().run(OutlookCsvReader(OUTLOOK / name))
    first = people()
    write_outlook_csv(tmp_path / "out.csv", sorted(d.id for d in first.values()))
    fresh_db("second.db")
    report = Importer().run(OutlookCsvReader(tmp_path / "out.csv"))
    assert (report.skipped, report.warnings) == ([], [])
    second = people()
    assert sorted(second) == sorted(first)
    for name, before in first.items():
        after = second[name]
        assert after.values == before.values, name
        assert after.fields["email"] == before.fields["email"], name
        assert sorted(pairs(after.phones)) == sorted(pairs(before.phones)), name
        assert after.fields["address"] == before.fields["address"], name
        # One "Web Page" column: the profile if there is one, else the first web address.
        assert after.fields["url"] == ([] if before.values["profile_url"] else before.fields["url"][:1]), name
        assert sorted(after.tags) == sorted(before.tags), name
        # extras travel when the desktop layout has a column for them (Outlook.com's Nickname has none)
        kept = {extra_key(c) for c in DESKTOP_HEADER} | {"name_prefix", "name_suffix", "department"}
        assert after.extra == {k: v for k, v in before.extra.items() if k in kept}, name


def test_outlook_date() -> None:
    assert outlook_date("1985-04-05") == "4/5/1985"
    assert outlook_date("--12-01") == "12/1/1604"
    assert outlook_date("") == ""
