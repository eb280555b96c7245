"""vCard import: every real-world shape of reference/formats.md §6 and §9 item 7, through the real importer.

The fixtures in tests/fixtures/vcard/ are written for this project in the shapes the reference describes
(placeholder people, example.com, 555 numbers). The second half holds one regression test per vobject loss of
reference §6.3, showing that our reader keeps what vobject 0.9.9 loses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail
from linkorganizer.core.importing import ImportReport, Importer
from linkorganizer.core.records import ContactRecord, FormatError, Labeled, RowWarning, Skipped
from linkorganizer.db.models import Contact, ImportBatch
from linkorganizer.formats.textio import TextFile
from linkorganizer.formats.vcard import VCardReader, looks_like_vcard

VCARD = Path(__file__).resolve().parent.parent / "fixtures" / "vcard"
JPEG_START, JPEG_END = b"\xff\xd8\xff", b"\xff\xd9"
PNG_START = b"\x89PNG\r\n\x1a\n"


def run_import(path: Path) -> ImportReport:
    return Importer().run(VCardReader(path))


def detail(**where: str) -> ContactDetail:
    query = Contact.select()
    for name, value in where.items():
        query = query.where(getattr(Contact, name) == value)
    rows = list(query)
    assert len(rows) == 1, f"{len(rows)} contacts match {where}"
    found = contacts.get_contact(rows[0].id)
    assert found is not None
    return found


def pairs(items: list[Labeled]) -> list[tuple[str, str]]:
    return [(item.value, item.label) for item in items]


def read(tmp_path: Path, text: str | bytes, name: str = "cards.vcf") -> list[Any]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return list(VCardReader(path).items())


def card(tmp_path: Path, *lines: str, version: str = "3.0") -> ContactRecord:
    """The one contact of a single card made of *lines* (CRLF)."""
    text = "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])
    records = [item for item in read(tmp_path, text) if isinstance(item, ContactRecord)]
    assert len(records) == 1
    return records[0]


# ------------------------------------------------------------------------------------------- content sniffing


@pytest.mark.parametrize(
    "head",
    ["BEGIN:VCARD\r\nVERSION:3.0", "\ufeffBEGIN:VCARD\n", "\r\n\r\n  \nbegin:vcard\n", "Begin:VCard", "BEGIN:VCARD "],
)
def test_looks_like_vcard(head: str) -> None:
    assert looks_like_vcard(head)


@pytest.mark.parametrize("head", ["", "\n\n", "First Name,Last Name\nBEGIN:VCARD", '{"format": "x"}', "BEGIN:VCALENDAR"])
def test_does_not_look_like_vcard(head: str) -> None:
    assert not looks_like_vcard(head)


@pytest.mark.parametrize("name", sorted(p.name for p in VCARD.glob("*.vcf") if p.stem not in ("not_a_vcard", "no_cards")))
def test_every_fixture_is_sniffed_as_vcard(name: str) -> None:
    assert looks_like_vcard(TextFile(VCARD / name).head_text())


# ------------------------------------------------------------------------------------------------- fixtures


def test_google_3_0(db) -> None:
    report = run_import(VCARD / "google_3_0.vcf")
    assert (report.created, report.updated, report.skipped) == (2, 0, [])
    assert report.format_name == "vcard" and report.path == "google_3_0.vcf"
    john = detail(last_name="Doe")
    v = john.values
    assert (v["first_name"], v["middle_name"], v["last_name"]) == ("John", "Richter, James", "Doe")
    # FN has an unescaped comma (reference §6.1): kept whole, and it differs from the composed name.
    assert v["display_name"] == "Mr. John Richter, James Doe Sr." == john.full_name
    assert (v["company"], v["position"]) == ("Example Corp", "Money Counter")
    assert v["profile_url"] == "https://www.linkedin.com/in/john-doe-example"  # item1.URL + X-ABLabel:LinkedIn, \:
    assert pairs(john.emails) == [("john.doe@example.com", "home"), ("jdoe@work.example.com", "work")]
    assert pairs(john.phones) == [("555-555-0101", "mobile"), ("555-555-0102", "work"), ("555-555-0103", "GRAND_CENTRAL")]
    # Folded line whose continuation starts with two spaces: one is the fold, one is content.
    assert pairs(john.fields["address"]) == [
        ("Moon Drive\n555 Example Road\nNice Area, Albany, New York 12345\nUnited States of America", "home")
    ]
    assert pairs(john.fields["url"]) == [("http://www.example.com", "work"), ("https://blog.example.com/john", "BLOG")]
    assert v["birthday"] == "--03-22"  # --MMDD stays year-less
    assert v["notes"] == 'Met at the "Example" conference; likes chess.\nSecond line.'
    assert john.tags == ["Job Search", "Mentors"]  # myContacts and starred are Google's system groups
    assert john.photo is None
    assert john.extra["photo_url"] == "https://lh3.googleusercontent.com/contacts/EXAMPLE-photo-id"
    assert (john.extra["name_prefix"], v["name_suffix"]) == ("Mr.", "Sr.")  # the suffix has a field of its own
    kept = john.extra["vcard"]
    assert "X-PHONETIC-FIRST-NAME:Jon" in kept
    assert "item2.X-ABDATE:1975-03-01" in kept and "item2.X-ABLabel:_$!<Anniversary>!$_" in kept
    assert v["source"] == "vcard"
    ann = detail(first_name="Ann")
    assert ann.values["birthday"] == "1980-03-22"  # basic form YYYYMMDD
    assert ann.values["profile_url"] == "https://www.linkedin.com/in/ann-example"  # any linkedin.com/in/ URL
    assert ann.fields["url"] == []
    assert ann.values["display_name"] == ""  # FN equals the composed name
    assert ann.values["notes"].endswith("so that the line goes on here after exactly one space.")
    assert ann.tags == []
    assert [w.line for w in report.warnings if "photo on the web" in w.message] == [26]
    assert "1 card links to a photo on the web" in report.warnings[0].message


def test_apple_3_0(db) -> None:
    report = run_import(VCARD / "apple_3_0.vcf")
    assert (report.created, report.skipped, report.warnings) == (3, [], [])
    jane = detail(first_name="Jane")
    v = jane.values
    assert (v["company"], v["position"]) == ("Example Inc.", "Controller")
    assert jane.extra["org"] == {"name": "Example Inc.", "units": ["Accounting"]}
    assert pairs(jane.emails) == [("jane@example.com", ""), ("jane.work@example.com", "work")]
    assert pairs(jane.phones) == [("(555) 555-0123", "mobile"), ("(555) 555-0124", "home fax"), ("(555) 555-0125", "other")]
    assert pairs(jane.fields["address"]) == [("1 Example Alley 5,\nNew York, NY 10001\nUSA", "home")]
    assert pairs(jane.fields["url"]) == [("https://www.example.org", "homepage")]
    assert v["profile_url"] == "https://www.linkedin.com/in/jane-appleseed-example"  # X-SOCIALPROFILE;type=linkedin
    assert v["birthday"] == "--03-15"  # X-APPLE-OMIT-YEAR=1604
    # PHOTO;BASE64: with two-space indented base64 lines using LF in a CRLF file.
    assert jane.photo is not None and jane.photo.startswith(JPEG_START) and jane.photo.endswith(JPEG_END)
    assert len(jane.photo) == 632
    assert jane.extra["vcard"] == ["X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson"]  # X-ABADR dropped
    bob = detail(first_name="Bob")
    assert bob.values["birthday"] == "2012-06-06"  # BDAY;value=date:
    assert bob.photo == jane.photo  # iPhone PHOTO;ENCODING=b;TYPE=JPEG, folded
    assert detail(first_name="Carol").values["birthday"] == "--12-31"  # quoted "1604", basic form


def test_outlook_2_1(db) -> None:
    report = run_import(VCARD / "outlook_2_1.vcf")
    assert (report.created, report.skipped, report.warnings) == (2, [], [])  # the large X-MS-OL-DESIGN: no warning
    john = detail(last_name="Doe")
    v = john.values
    # N;LANGUAGE=en-us with a raw comma inside a compound field (2.1 commas are text).
    assert (v["first_name"], v["middle_name"], v["last_name"]) == ("John", "Richter,James", "Doe")
    assert v["display_name"] == "Mr. John Richter,James Doe Sr."
    assert v["company"] == "TheCompany, Inc."
    assert john.extra["org"] == {"name": "TheCompany, Inc.", "units": ["TheDepartment"]}
    assert v["position"] == "VP, Engineering"
    # QP soft breaks on unindented lines, no CHARSET: =E9 is Windows-1252.
    assert v["notes"] == "This is the NOTE field, with commas\nSecond line of the note; it says Café.\nThird line"
    assert pairs(john.phones) == [
        ("(111) 555-1111", "work"),
        ("(111) 555-2222", "home"),
        ("(111) 555-4444", "mobile"),
        ("(111) 555-3333", "work fax"),
    ]
    assert pairs(john.fields["address"]) == [("TheOffice\n222 Broadway\nNew York, NY 99999\nUSA", "work")]
    assert john.extra["vcard_adr"]["TheOffice\n222 Broadway\nNew York, NY 99999\nUSA"] == [
        "", "TheOffice", "222 Broadway", "New York", "NY", "99999", "USA"
    ]
    assert pairs(john.fields["url"]) == [("http://www.example.com/", "work")]
    assert pairs(john.emails) == [("john.doe@example.com", "")]
    assert v["birthday"] == "1922-03-10"
    assert john.photo is not None and john.photo.startswith(JPEG_START) and len(john.photo) == 632  # + blank line
    kept = john.extra["vcard"]
    assert "X-MS-ANNIVERSARY:20120801" in kept and "X-MS-IMADDRESS:john.doe@im.example.com" in kept
    assert "LABEL;TYPE=work,pref:222 Broadway\\nNew York\\, NY 99999\\nUSA" in kept
    assert not any(line.startswith("X-MS-OL-DESIGN") for line in kept)  # 6 KB of layout XML, dropped knowingly
    assert not any(line.startswith(("REV", "VERSION")) for line in kept)
    jane = detail(first_name="Jane")
    # CHARSET=Windows-1252 QP, and a dangling soft break right before the next property.
    assert jane.values["notes"] == "Prefers “tea”, not coffee\n"
    assert pairs(jane.phones) == [("(111) 555-5555", "work")]
    assert jane.extra["vcard"][0].startswith("X-MS-OL-DESIGN:<card ")  # a small one is kept


def test_android_2_1(db) -> None:
    report = run_import(VCARD / "android_2_1.vcf")
    assert report.created == 5
    assert [(s.line, s.reason) for s in report.skipped] == [
        (29, "the card is empty: no name, e-mail address, phone number or other detail")
    ]
    jose = detail(first_name="José")
    assert jose.values["last_name"] == "Ñúñez" and jose.values["display_name"] == ""
    assert pairs(jose.phones) == [("555-555-0111", "mobile"), ("555-555-0112", "work")]
    assert pairs(jose.emails) == [("jose@example.com", "work")]
    only_email = detail(full_name="only.email@example.com")  # no N, no FN: still a contact
    assert only_email.tags == []  # "My Contacts" is Android's system group
    yamada = detail(last_name="山田")
    assert yamada.values["first_name"] == "太郎" and yamada.values["display_name"] == "山田太郎"
    assert yamada.values["notes"] == "あいうえおかきく"  # a soft break inside a three-byte character
    gregoire = detail(first_name="Grégoire")
    assert gregoire.values["last_name"] == "Müller-Lüdenscheidt-Oberwiesenfeld"
    assert gregoire.values["display_name"] == ""  # FN, also soft-broken, equals the composed name
    phone_only = detail(full_name="")
    assert pairs(phone_only.phones) == [("555-555-0115", "mobile")]


def test_rfc6350_4_0(db) -> None:
    report = run_import(VCARD / "rfc6350_4_0.vcf")
    assert (report.created, report.skipped, report.warnings) == (1, [], [])
    simone = detail(first_name="Simone")
    v = simone.values
    assert (v["last_name"], v["display_name"], v["company"]) == ("Example", "", "Example Labs")
    assert v["name_suffix"] == "ing. jr, M.Sc."  # a comma list in N
    assert simone.full_name == "Simone Example, ing. jr, M.Sc."  # FN without the suffix is no display name
    assert v["birthday"] == "--02-03"
    # TYPE="work,voice" is a list; the tel: URI keeps its extension; PREF=1 puts the home e-mail first.
    assert pairs(simone.phones) == [("+1-555-555-0100 ext. 102", "work"), ("+1-555-555-0199", "work mobile")]
    assert pairs(simone.emails) == [("simone@example.com", "home"), ("simone.work@example.com", "work")]
    assert pairs(simone.fields["address"]) == [("Suite D2-630\n2875 Example Blvd\nQuebec, QC G1V 2M2\nCanada", "work")]
    assert pairs(simone.fields["url"]) == [("http://home.example.org", "home")]
    assert simone.photo is not None and simone.photo.startswith(PNG_START) and len(simone.photo) == 69
    kept = simone.extra["vcard"]
    assert "KEY;TYPE=work;VALUE=uri:http://www.example.com/simone.asc" in kept  # unfolded
    assert "GEO;TYPE=work:geo:46.772673,-71.282945" in kept and "ANNIVERSARY:20090808T1430-0500" in kept


def test_thunderbird_3_0_in_windows_1252(db) -> None:
    assert TextFile(VCARD / "thunderbird_3_0.vcf").encoding == "cp1252"
    report = run_import(VCARD / "thunderbird_3_0.vcf")
    assert (report.created, report.skipped, report.warnings) == (1, [], [])
    jose = detail(last_name="Müller")
    v = jose.values
    assert (v["first_name"], v["display_name"], v["company"], v["position"]) == ("José", "", "Bäckerei Example", "Bäcker")
    assert "org" not in jose.extra  # "ORG:Bäckerei Example;" has an empty unit only
    assert v["notes"] == "Grüße aus München\nzweite Zeile"  # QP + CHARSET in a 3.0 file
    assert pairs(jose.fields["address"]) == [("Hauptstraße 1\nMünchen, 80331\nGermany", "work")]
    assert pairs(jose.phones) == [("+49 555 0100", "work")]
    assert jose.extra["vcard"] == ["X-MOZILLA-HTML:FALSE", "UID:3c0d5a18-example"]


def test_bom(db) -> None:
    assert (VCARD / "bom.vcf").read_bytes().startswith(b"\xef\xbb\xbf")
    report = run_import(VCARD / "bom.vcf")
    assert report.created == 1
    asa = detail(first_name="Åsa")
    assert asa.values["last_name"] == "Ström" and pairs(asa.emails) == [("asa@example.com", "")]


def test_lf_only(db) -> None:
    assert b"\r" not in (VCARD / "lf_only.vcf").read_bytes()
    report = run_import(VCARD / "lf_only.vcf")
    assert report.created == 2
    assert detail(first_name="Sam").values["notes"] == "folded with LF only"
    assert pairs(detail(first_name="Kim").emails) == [("kim@example.com", "")]


def test_malformed_cards_skip_only_themselves(db) -> None:
    report = run_import(VCARD / "malformed.vcf")
    assert report.created == 3
    assert sorted(c.first_name + " " + c.last_name for c in Contact.select()) == ["Good One", "Good Three", "Good Two"]
    assert [(s.line, s.reason) for s in report.skipped] == [
        (6, "the card has no END:VCARD before the next card starts (line 9)"),
        (14, "the card is damaged: line 17 (“this line has no colon”) is not a vCard property (NAME:value)"),
        (25, "the card has no END:VCARD: the file ends first (is it cut off?)"),
    ]
    assert [(w.line, w.message) for w in report.warnings] == [(23, "the photo is not valid base64 data; left out")]
    assert detail(first_name="Good", last_name="Three").photo is None
    lines = "\n".join(report.summary_lines())
    assert "3 new" in lines and "3 skipped" in lines and "line 14" in lines


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("not_a_vcard.vcf", 1, "is not a vCard file: it starts with “First Name,Last Name,Email”, not BEGIN:VCARD"),
        ("no_cards.vcf", None, "the file is empty"),
    ],
)
def test_a_file_without_cards_is_refused_and_nothing_is_written(db, name: str, line: int | None, reason: str) -> None:
    with pytest.raises(FormatError) as caught:
        run_import(VCARD / name)
    assert (caught.value.line, caught.value.reason) == (line, reason)
    assert Contact.select().count() == 0 and ImportBatch.select().count() == 0


def test_a_file_of_whitespace_has_no_card(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        read(tmp_path, "\r\n\u00a0\r\n\t\r\n")  # not "empty" to TextFile (a no-break space), yet no card
    assert (caught.value.line, caught.value.reason) == (None, "is not a vCard file: there is no BEGIN:VCARD in it")


def test_a_card_only_file_without_begin_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        read(tmp_path, "\r\n\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n")
    assert caught.value.line == 3 and "not BEGIN:VCARD" in caught.value.reason


def test_reimport_matches_instead_of_duplicating(db) -> None:
    run_import(VCARD / "google_3_0.vcf")
    again = run_import(VCARD / "google_3_0.vcf")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    reader = VCardReader(VCARD / "outlook_2_1.vcf")
    assert reader.fraction() == 0.0
    list(reader.items())
    assert reader.fraction() == 1.0
    assert (reader.format_name, reader.display_name) == ("vcard", "outlook_2_1.vcf")


def test_text_between_cards_is_a_warning(tmp_path: Path) -> None:
    items = read(tmp_path, "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nstray words\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n")
    assert [type(i).__name__ for i in items] == ["ContactRecord", "RowWarning", "ContactRecord"]
    assert items[1] == RowWarning(4, "text between two cards ignored: “stray words”")


# ---------------------------------------------------------------------------------------------- field details


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["BDAY:1996-04-15"], "1996-04-15"),
        (["BDAY:19960415"], "1996-04-15"),
        (["BDAY:--0415"], "--04-15"),
        (["BDAY:--04-15"], "--04-15"),
        (["BDAY:19531015T231000Z"], "1953-10-15"),
        (["BDAY:1953-10-15T23:10:00Z"], "1953-10-15"),
        (["BDAY;value=date:2012-06-06"], "2012-06-06"),
        (["BDAY;VALUE=DATE:20120606"], "2012-06-06"),
        (["BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15"], "--03-15"),
        (['BDAY;X-APPLE-OMIT-YEAR="1604":1604-03-15'], "--03-15"),
        (["BDAY;X-APPLE-OMIT-YEAR=1604:16041231"], "--12-31"),
        (["BDAY:1604-03-15"], "1604-03-15"),  # without Apple's parameter 1604 is a year like any other
        (["BDAY:0000-04-15"], "--04-15"),
        (["BDAY:--0229"], "--02-29"),
    ],
)
def test_birthday_forms(tmp_path: Path, lines: list[str], expected: str) -> None:
    assert card(tmp_path, "FN:Ann", *lines).birthday == expected


@pytest.mark.parametrize(
    ("line", "text"),
    [("BDAY;VALUE=text:circa 1800", "circa 1800"), ("BDAY:next tuesday", "next tuesday"), ("BDAY:1996-02-30", "1996-02-30")],
)
def test_a_birthday_that_is_not_a_date_is_kept_as_text_with_a_warning(tmp_path: Path, line: str, text: str) -> None:
    items = read(tmp_path, f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\n{line}\r\nEND:VCARD\r\n")
    rec = next(i for i in items if isinstance(i, ContactRecord))
    assert rec.birthday == "" and rec.extra["birthday_text"] == text
    warnings = [i for i in items if isinstance(i, RowWarning)]
    assert len(warnings) == 1 and warnings[0].line == 4 and f"“{text}”" in warnings[0].message


def test_n_comma_lists_and_fn_rules(tmp_path: Path) -> None:
    rec = card(tmp_path, "N:Doe;Jane,Ann;Mary;Dr.,Prof.;", "FN:Jane Ann Mary Doe")
    assert (rec.first_name, rec.middle_name, rec.last_name) == ("Jane Ann", "Mary", "Doe")
    assert rec.extra["name_prefix"] == "Dr., Prof."
    assert rec.display_name == ""  # equal to the composed name


def test_fn_equal_to_the_email_is_not_a_display_name(tmp_path: Path) -> None:
    rec = card(tmp_path, "N:;;;;", "FN:ann@example.com", "EMAIL:ann@example.com")
    assert rec.display_name == "" and rec.emails == [Labeled("ann@example.com", "")]


def test_escapes_including_google_extras(tmp_path: Path) -> None:
    rec = card(tmp_path, "FN:a\\,b\\;c\\\\d\\ne\\Nf\\:g\\\"h\\x", "NOTE:one\\ntwo\\\\nthree")
    assert rec.display_name == 'a,b;c\\d\ne\nf:g"h\\x'  # an unknown escape keeps its backslash
    assert rec.notes == "one\ntwo\\nthree"


def test_repeated_and_bare_type_parameters(tmp_path: Path) -> None:
    rec = card(
        tmp_path,
        "FN:Ann",
        "TEL;type=HOME;type=FAX:1",
        "TEL;TYPE=WORK,VOICE:2",
        "TEL;WORK;PAGER:3",
        'TEL;TYPE="home,cell":4',
        "EMAIL;INTERNET;HOME:a@example.com",
        "EMAIL;TYPE=x-custom:b@example.com",
        version="2.1",
    )
    assert pairs(rec.phones) == [("1", "home fax"), ("2", "work"), ("3", "work pager"), ("4", "home mobile")]
    assert pairs(rec.emails) == [("a@example.com", "home"), ("b@example.com", "x-custom")]


def test_preferred_values_come_first(tmp_path: Path) -> None:
    rec = card(tmp_path, "FN:Ann", "EMAIL:a@example.com", "EMAIL;TYPE=pref:b@example.com", "TEL;PREF=2:1", "TEL;PREF=1:2")
    assert [e.value for e in rec.emails] == ["b@example.com", "a@example.com"]
    assert [p.value for p in rec.phones] == ["2", "1"]


def test_linkedin_urls(tmp_path: Path) -> None:
    rec = card(
        tmp_path,
        "FN:Ann",
        "URL:https://www.linkedin.com/company/example",  # a company page is not a profile
        "item1.URL:https://example.com/me",
        "item1.X-ABLabel:Portfolio",
        "URL:https://de.linkedin.com/in/ann-example",  # not labelled, but a profile
    )
    assert rec.profile_url == "https://de.linkedin.com/in/ann-example"
    assert pairs(rec.urls) == [("https://www.linkedin.com/company/example", ""), ("https://example.com/me", "Portfolio")]
    labelled = card(tmp_path, "FN:Ann", "URL:https://www.linkedin.com/in/other", "URL;TYPE=linkedin:https://www.linkedin.com/in/ann")
    assert labelled.profile_url == "https://www.linkedin.com/in/ann"  # the labelled one wins
    assert pairs(labelled.urls) == [("https://www.linkedin.com/in/other", "")]
    social = card(tmp_path, "FN:Ann", "X-SOCIALPROFILE;type=linkedin;x-user=ann-example:x-apple:ann-example")
    assert social.profile_url == "https://www.linkedin.com/in/ann-example"


def test_label_from_apple_system_names(tmp_path: Path) -> None:
    rec = card(
        tmp_path,
        "FN:Ann",
        "item1.TEL:1",
        "item1.X-ABLabel:_$!<Mobile>!$_",
        "item2.TEL:2",
        "item2.X-ABLabel:_$!<WorkFAX>!$_",
        "item3.EMAIL;type=INTERNET:a@example.com",
        "item3.X-ABLabel:Old school\\, really",
    )
    assert pairs(rec.phones) == [("1", "mobile"), ("2", "work fax")]
    assert pairs(rec.emails) == [("a@example.com", "Old school, really")]
    assert "vcard" not in rec.extra  # the labels were used, not kept


def test_label_only_address_and_tel_uri_without_value_param(tmp_path: Path) -> None:
    rec = card(tmp_path, "FN:Ann", "LABEL;TYPE=HOME:1 Main St.\\nSpringfield", "TEL:tel:+1-555-555-0100")
    assert pairs(rec.addresses) == [("1 Main St.\nSpringfield", "home")]
    assert rec.phones == [Labeled("tel:+1-555-555-0100", "")]  # only VALUE=uri makes it a URI


def test_photo_variants(tmp_path: Path) -> None:
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQkzsBAAFiAQURG6MhAAAAAElFTkSuQmCC"
    assert card(tmp_path, "FN:A", f"PHOTO;ENCODING=b;TYPE=PNG:{png}").photo[:8] == PNG_START
    assert card(tmp_path, "FN:A", f"PHOTO;ENCODING=BASE64;TYPE=PNG:{png.rstrip('=')}").photo[:8] == PNG_START
    assert card(tmp_path, "FN:A", f"PHOTO;TYPE=PNG:{png}").photo[:8] == PNG_START  # no ENCODING at all
    assert card(tmp_path, "FN:A", "PHOTO:data:text/plain,hi%20there").photo == b"hi there"
    url = card(tmp_path, "FN:A", "PHOTO;VALUE=uri:https://example.com/a.jpg")
    assert url.photo is None and url.extra["photo_url"] == "https://example.com/a.jpg"
    empty = card(tmp_path, "FN:A", "PHOTO;ENCODING=b:")
    assert empty.photo is None and "photo_url" not in empty.extra


def test_app_fields_and_their_bad_values(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nX-LINKORGANIZER-STAGE:best friends\r\n"
        "X-LINKORGANIZER-CADENCE-DAYS:often\r\nX-LINKORGANIZER-CONNECTED-ON:yesterday\r\n"
        "X-LINKORGANIZER-FUTURE:x\r\nX-LINKORGANIZER-GROUPS:A\\, B,C\r\nEND:VCARD\r\n",
    )
    rec = next(i for i in items if isinstance(i, ContactRecord))
    assert (rec.stage, rec.cadence_days, rec.connected_on, rec.groups) == ("", None, None, ["A, B", "C"])
    assert [i.line for i in items if isinstance(i, RowWarning)] == [4, 5, 6, 7]


def test_large_unknown_properties_are_dropped_with_a_warning(tmp_path: Path) -> None:
    blob = "A" * 8000
    items = read(tmp_path, f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nLOGO;ENCODING=b:{blob}\r\nX-SMALL:y\r\nEND:VCARD\r\n")
    rec = next(i for i in items if isinstance(i, ContactRecord))
    assert rec.extra["vcard"] == ["X-SMALL:y"]
    assert [i for i in items if isinstance(i, RowWarning)] == [RowWarning(4, "LOGO (7 KB) is too large to keep; left out")]


def test_utf8_line_in_a_windows_1252_file(tmp_path: Path) -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=UTF-8:Jos\xc3\xa9\r\nNOTE:Caf\xe9\r\nEND:VCARD\r\n"
    rec = next(i for i in read(tmp_path, data) if isinstance(i, ContactRecord))
    assert (rec.display_name, rec.notes) == ("José", "Café")


def test_cr_only_and_tab_folds(tmp_path: Path) -> None:
    items = read(tmp_path, "BEGIN:VCARD\rVERSION:3.0\rFN:Ann\r\tLee\rEND:VCARD\r")
    assert [i.display_name for i in items] == ["AnnLee"]


def test_quoted_printable_soft_break_with_an_indented_continuation(tmp_path: Path) -> None:
    rec = card(tmp_path, "NOTE;ENCODING=QUOTED-PRINTABLE:abc=", " def=", "ghi", "FN:Ann", version="2.1")
    assert rec.notes == "abcdefghi"


def test_empty_lines_inside_a_card_are_ignored(tmp_path: Path) -> None:
    rec = card(tmp_path, "", "FN:Ann", "", "EMAIL:a@example.com", "")
    assert rec.display_name == "Ann" and len(rec.emails) == 1


# ------------------------------------------------------------------ vobject 0.9.9 losses (reference §6.3, 1–9)


def test_loss_1_quoted_printable_soft_break(tmp_path: Path) -> None:
    """vobject without allowQP raises ParseError on a 2.1 QP value with a soft break."""
    rec = card(
        tmp_path,
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=BA=C3=B1ez;Jos=",
        "=C3=A9;;;",
        version="2.1",
    )
    assert (rec.last_name, rec.first_name) == ("Ñúñez", "José")


def test_loss_2_utf8_bom(tmp_path: Path) -> None:
    """vobject raises ParseError at line 1 when a BOM precedes BEGIN:VCARD."""
    items = read(tmp_path, b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n")
    assert [i.display_name for i in items] == ["Ann Lee"]


def test_loss_3_unescaped_commas_are_text(tmp_path: Path) -> None:
    """vobject keeps only the part before the first unescaped comma of a text value."""
    rec = card(tmp_path, "FN:Doe, John", "NOTE:foo, bar; baz", "TITLE:VP, Eng", "X-CUSTOM:a, b")
    assert (rec.display_name, rec.notes, rec.position) == ("Doe, John", "foo, bar; baz", "VP, Eng")
    assert rec.extra["vcard"] == ["X-CUSTOM:a, b"]
    outlook = card(
        tmp_path,
        "FN:Ann",
        "LABEL;WORK;ENCODING=QUOTED-PRINTABLE:222 Broadway=0D=0A=",
        "New York, NY 99999",
        version="2.1",
    )
    assert pairs(outlook.addresses) == [("222 Broadway\nNew York, NY 99999", "work")]
    # Kept for export with the comma escaped, so a 3.0 reader does not split it.
    assert outlook.extra["vcard"] == ["LABEL;TYPE=work:222 Broadway\\nNew York\\, NY 99999"]


def test_loss_4_org_with_a_comma_and_units(tmp_path: Path) -> None:
    """vobject parses ORG:Acme, Inc.;Sales as [['Acme', ' Inc.'], 'Sales'] and then cannot serialize it."""
    rec = card(tmp_path, "FN:Ann", "ORG:Acme, Inc.;Sales", "ADR;TYPE=WORK:;;1 Main St, Suite 2;Springfield, East;;;")
    assert rec.company == "Acme, Inc."
    assert rec.extra["org"] == {"name": "Acme, Inc.", "units": ["Sales"]}
    assert pairs(rec.addresses) == [("1 Main St, Suite 2\nSpringfield, East", "work")]


def test_loss_5_data_uri_photo_and_tel_uri(tmp_path: Path) -> None:
    """vobject drops the payload of a data: URI and escapes the ;ext= of a tel: URI."""
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQkzsBAAFiAQURG6MhAAAAAElFTkSuQmCC"
    rec = card(
        tmp_path,
        "FN:Ann",
        f"PHOTO:data:image/png;base64,{png}",
        "TEL;VALUE=uri:tel:+1-555-555-0100;ext=102",
        version="4.0",
    )
    assert rec.photo is not None and rec.photo.startswith(PNG_START) and len(rec.photo) == 69
    assert rec.phones == [Labeled("+1-555-555-0100 ext. 102", "")]


def test_loss_6_quoted_type_list_and_bare_params(tmp_path: Path) -> None:
    """vobject leaves TYPE="work,voice" as one string and puts bare 2.1 params in singletonparams."""
    four = card(tmp_path, "FN:Ann", 'TEL;TYPE="work,voice";PREF=1:+1 555 555 0100', version="4.0")
    assert four.phones == [Labeled("+1 555 555 0100", "work")]
    two = card(tmp_path, "FN:Ann", "EMAIL;INTERNET;PREF;WORK:a@example.com", version="2.1")
    assert two.emails == [Labeled("a@example.com", "work")]


def test_loss_7_apple_photo_groups_and_raw_birthdays(tmp_path: Path) -> None:
    """vobject decodes PHOTO;BASE64 and keeps groups, but leaves BDAY as raw text for us to interpret."""
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQkzsBAAFiAQURG6MhAAAAAElFTkSuQmCC"
    rec = card(
        tmp_path,
        "FN:Ann",
        "PHOTO;BASE64:",
        f"  {png[:40]}",
        f"  {png[40:]}",
        "item1.URL:https://www.linkedin.com/in/ann-example",
        "item1.X-ABLabel:LinkedIn",
        "BDAY:--0203",
    )
    assert rec.photo is not None and rec.photo.startswith(PNG_START)
    assert rec.profile_url == "https://www.linkedin.com/in/ann-example" and rec.urls == []
    assert rec.birthday == "--02-03"


def test_loss_8_one_malformed_line_skips_only_its_card(tmp_path: Path) -> None:
    """vobject's readComponents stops at the first bad line; every card after it is lost."""
    items = read(
        tmp_path,
        "BEGIN:VCARD\r\nFN:One\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Two\r\nnot a property\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Three\r\nEND:VCARD\r\n",
    )
    assert [i.display_name if isinstance(i, ContactRecord) else i for i in items] == [
        "One",
        Skipped(4, "the card is damaged: line 6 (“not a property”) is not a vCard property (NAME:value)"),
        "Three",
    ]


def test_loss_9_a_card_without_fn_still_imports(tmp_path: Path) -> None:
    """vobject refuses to serialize a card without FN; we import it (and the writer always writes FN)."""
    rec = card(tmp_path, "EMAIL:ann@example.com", "ORG:Example")
    assert (rec.display_name, rec.company, rec.emails) == ("", "Example", [Labeled("ann@example.com", "")])


def test_a_url_that_is_not_a_url_never_crashes(tmp_path: Path) -> None:
    rec = card(
        tmp_path,
        "FN:Ann",
        "URL:[",
        "item1.URL:https://x:port/in/a",
        "item1.X-ABLabel:LinkedIn",
        "URL:http://[::1/in/x",
    )
    assert rec.profile_url == ""  # neither can be normalised, so neither is the profile
    assert [u.value for u in rec.urls] == ["[", "https://x:port/in/a", "http://[::1/in/x"]


def test_utf16_with_bom(tmp_path: Path) -> None:
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Zoë;Ann;;;\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n".encode("utf-16")
    [rec] = read(tmp_path, data)
    assert (rec.first_name, rec.last_name) == ("Ann", "Zoë")
