"""vCard export: files that vobject and our own reader both read back with the same fields; exact round trips.

Round-trip equality (the hypothesis test) is defined field by field in :func:`assert_same_contact`:
everything compares exactly, except that any line break (CR, LF, CRLF) inside a text value comes back as LF
(vCard has one escape, ``\\n``, for all of them), the profile URL compares in its normalised form (as the
importer stores it), and a display name equal to the name the app would show anyway is not a display name.
The generated text is any Unicode except surrogates and NUL, which no UTF-8 text file can carry.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkorganizer.core import contacts, normalize
from linkorganizer.core.contacts import ContactDetail
from linkorganizer.core.importing import Importer
from linkorganizer.core.records import STAGES, ContactRecord, Labeled, RowWarning, Skipped
from linkorganizer.db import close_database, open_database
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.formats import vcard
from linkorganizer.formats.vcard import VCardReader, card_text, escape_text, fold, write_vcard

VCARD = Path(__file__).resolve().parent.parent / "fixtures" / "vcard"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415478da63f8cfc0f01f0005000201f0d6aa4c0000000049454e44ae426082"
)
VERSIONS = ("3.0", "4.0")
TEXT_DETAILS = ("position", "location", "notes", "help_them", "help_me")


def nl(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_contact(
    values: dict,
    fields: dict[str, list[Labeled]] | None = None,
    tags: tuple[str, ...] = (),
    photo: bytes | None = None,
    extra: dict | None = None,
) -> int:
    cid = contacts.create_contact(values, fields or {}, tags)
    updates: dict = {}
    if photo is not None:
        updates["photo"] = photo
    if extra:
        updates["extra"] = json.dumps(extra)
    if updates:
        Contact.update(**updates).where(Contact.id == cid).execute()
    return cid


def read_back(path: Path) -> list[ContactRecord]:
    items = list(VCardReader(path).items())
    assert [i for i in items if not isinstance(i, ContactRecord)] == []  # no warning, nothing skipped
    return items


def assert_same_contact(rec: ContactRecord, want: ContactDetail) -> None:
    """Every field of the contact survived (see the module docstring for the two normalisations)."""
    v = want.values
    first_email = nl(want.emails[0].value) if want.emails else ""
    parts = (nl(v["first_name"]), nl(v["middle_name"]), nl(v["last_name"]), nl(v["company"]), first_email)
    shown = {normalize.full_name("", *parts, suffix=suffix) for suffix in ("", nl(v["name_suffix"]))}
    expected_display = "" if nl(v["display_name"]) in shown else nl(v["display_name"])
    for name in (
        "first_name", "middle_name", "last_name", "name_suffix", "company", "position", "location", "birthday", "stage"
    ):
        assert getattr(rec, name) == nl(v[name] or ""), name
    for name in ("notes", "help_them", "help_me"):
        assert getattr(rec, name) == nl(v[name] or ""), name
    assert rec.display_name == expected_display
    assert normalize.profile_url(rec.profile_url) == (v["profile_url"] or "")
    assert rec.connected_on == v["connected_on"]
    assert rec.cadence_days == v["cadence_days"]
    for attr, kind in (("emails", "email"), ("phones", "phone"), ("addresses", "address"), ("urls", "url")):
        got = [(item.value, item.label) for item in getattr(rec, attr)]
        assert got == [(nl(item.value), nl(item.label)) for item in want.fields[kind]], attr
    assert rec.tags == [nl(t) for t in want.tags]
    assert rec.groups == [nl(g) for g in want.groups]
    assert rec.photo == want.photo
    assert rec.source == "vcard"


def assert_vobject_agrees(text: str, want: ContactDetail, version: str) -> None:
    """vobject (a second, independent parser) reads the same values as we do."""
    [card] = list(vobject.readComponents(text))
    v = want.values
    first_email = want.emails[0].value if want.emails else ""
    full = normalize.full_name(
        v["display_name"], v["first_name"], v["middle_name"], v["last_name"], v["company"], first_email,
        suffix=v["name_suffix"],
    )
    assert card.fn.value == nl(full)
    n = card.n.value
    assert (n.family, n.given, n.additional) == (nl(v["last_name"]), nl(v["first_name"]), nl(v["middle_name"]))
    org = want.extra.get("org", {})
    units = [nl(u) for u in org.get("units", [])] if org.get("name") == v["company"] else []
    assert values_of(card, "org") == ([[nl(v["company"]), *units]] if v["company"] or units else [])
    assert values_of(card, "title") == ([nl(v["position"])] if v["position"] else [])
    assert values_of(card, "note") == ([nl(v["notes"])] if v["notes"] else [])
    assert values_of(card, "email") == [nl(e.value) for e in want.emails]
    assert values_of(card, "tel") == [nl(p.value) for p in want.phones]
    assert values_of(card, "categories") == ([[nl(t) for t in want.tags]] if want.tags else [])
    urls = ([v["profile_url"]] if v["profile_url"] else []) + [nl(u.value) for u in want.fields["url"]]
    if version == "3.0" or not any("," in u for u in urls):  # 4.0 leaves URIs unescaped; vobject splits them
        assert values_of(card, "url") == urls
    if version == "3.0":  # vobject drops the payload of 4.0 data: URIs (reference §6.3 item 5)
        assert values_of(card, "photo") == ([want.photo] if want.photo else [])


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF and nothing else
    assert b"\r" not in data.replace(b"\r\n", b"")
    return data[:-2].split(b"\r\n")


def assert_well_formed(data: bytes) -> None:
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line on its own: no character was cut by a fold


# ------------------------------------------------------------------------------------------------------ folding


def test_fold_ascii() -> None:
    assert fold("A" * 75) == "A" * 75
    assert fold("A" * 76) == "A" * 75 + "\r\n A"
    folded = fold("N:" + "x" * 300)
    assert all(len(part) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "N:" + "x" * 300


def test_fold_never_splits_a_character() -> None:
    line = "NOTE:" + "é" * 40 + "😀" * 30 + "中" * 30
    pieces = fold(line).split("\r\n")
    assert len(pieces) > 3
    for i, piece in enumerate(pieces):
        data = piece.encode("utf-8")
        assert len(data) <= 75
        assert (i == 0) or piece.startswith(" ")
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400))
@settings(max_examples=200, deadline=None)
def test_fold_property(text: str) -> None:
    line = "X-A:" + text.replace("\r", "").replace("\n", "")
    pieces = fold(line).split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line


def test_escape_text() -> None:
    assert escape_text('a\\b,c;d\ne\r\nf\rg"h:i\x00') == 'a\\\\b\\,c\\;d\\ne\\nf\\ng"h:i'


# ------------------------------------------------------------------------------------------ vobject reads it back

TRICKY_VALUES = {
    "first_name": 'Zoë, "Z"',
    "middle_name": "A;B",
    "last_name": "O'Brien\\Smith",
    "display_name": 'Dr. Zoë; the "Z"\nsecond line',
    "company": "Acme, Inc.",
    "position": "VP; Sales, EMEA",
    "location": "Zürich, CH",
    "notes": "Line one,\nline two; with \\ backslash\r\nand CRLF =1+2\n+44 20 " + "é" * 60 + "😀" * 20,
    "help_them": '=HYPERLINK("http://x","y")',
    "help_me": "-",
    "birthday": "--02-29",
    "connected_on": "2020-02-29",
    "cadence_days": 30,
    "stage": "keep_in_touch",
    "profile_url": "https://www.linkedin.com/in/zoe-example",
    "name_suffix": "PhD, MBA",
}
TRICKY_FIELDS = {
    "email": [Labeled("zoe@example.com", "work"), Labeled("zoe+tag@example.com", "Personal, old")],
    "phone": [Labeled("+44 20 5555 0100", "mobile"), Labeled("555;ext=1", "home fax"), Labeled("555 0102", "other")],
    "address": [Labeled("1 Main St, Apt 2\nSpringfield; East", "home")],
    "url": [Labeled("https://example.org/zoe", "Portfolio"), Labeled("https://example.org", "work")],
}
TRICKY_TAGS = ("A, B", "Mentors", "x;y")
TRICKY_EXTRA = {
    "org": {"name": "Acme, Inc.", "units": ["Sales, EMEA", "R;D"]},
    "name_prefix": "Dr.",
}


@pytest.fixture
def tricky(db) -> int:
    return make_contact(TRICKY_VALUES, TRICKY_FIELDS, TRICKY_TAGS, photo=PNG, extra=TRICKY_EXTRA)


def values_of(component, name: str) -> list:
    return [p.value for p in component.contents.get(name, [])]


@pytest.mark.parametrize("version", VERSIONS)
def test_vobject_reads_the_export(tricky: int, tmp_path: Path, version: str) -> None:
    path = tmp_path / "out.vcf"
    assert write_vcard(path, [tricky], version) == 1
    data = path.read_bytes()
    assert_well_formed(data)
    [card] = list(vobject.readComponents(data.decode("utf-8")))
    assert card.version.value == version
    assert card.fn.value == 'Dr. Zoë; the "Z"\nsecond line'
    n = card.n.value
    assert (n.family, n.given, n.additional, n.prefix, n.suffix) == ("O'Brien\\Smith", 'Zoë, "Z"', "A;B", "Dr.", "PhD, MBA")
    assert card.org.value == ["Acme, Inc.", "Sales, EMEA", "R;D"]
    assert card.title.value == "VP; Sales, EMEA"
    assert values_of(card, "email") == ["zoe@example.com", "zoe+tag@example.com"]
    assert values_of(card, "tel") == ["+44 20 5555 0100", "555;ext=1", "555 0102"]
    assert values_of(card, "url") == ["https://www.linkedin.com/in/zoe-example", "https://example.org/zoe", "https://example.org"]
    assert card.note.value == nl(TRICKY_VALUES["notes"])
    assert card.bday.value == "--0229"
    assert card.categories.value == list(TRICKY_TAGS)
    adr = card.adr.value
    assert (adr.street, adr.city) == ("1 Main St, Apt 2\nSpringfield; East", "")
    labels = {p.group: p.value for p in card.contents["x-ablabel"]}
    by_group = {p.group: p.value for name in ("email", "tel", "url") for p in card.contents[name] if p.group}
    assert {by_group[g]: labels[g] for g in by_group} == {
        "zoe+tag@example.com": "Personal, old",
        "555 0102": "_$!<Other>!$_",
        "https://www.linkedin.com/in/zoe-example": "LinkedIn",
        "https://example.org/zoe": "Portfolio",
    }
    assert card.contents["x-linkorganizer-help-them"][0].value == TRICKY_VALUES["help_them"]
    assert card.contents["x-linkorganizer-stage"][0].value == "keep_in_touch"
    if version == "3.0":
        assert card.photo.value == PNG  # vobject drops a 4.0 data: URI's payload (reference §6.3 item 5)
    card.serialize()  # loss 4 and 9: no crash on ORG with a comma, FN is present


@pytest.mark.parametrize("version", VERSIONS)
def test_our_reader_reads_the_export(tricky: int, tmp_path: Path, version: str) -> None:
    path = tmp_path / "out.vcf"
    write_vcard(path, [tricky], version)
    [rec] = read_back(path)
    want = contacts.get_contact(tricky)
    assert want is not None
    assert_same_contact(rec, want)
    assert rec.extra == TRICKY_EXTRA
    assert rec.display_name == 'Dr. Zoë; the "Z"\nsecond line'


def test_3_0_escapes_commas_in_urls_for_vobject(db, tmp_path: Path) -> None:
    cid = make_contact({"first_name": "Ann"}, {"url": [Labeled("https://example.com/a,b;c", "")]})
    path = tmp_path / "out.vcf"
    write_vcard(path, [cid], "3.0")
    assert "URL:https://example.com/a\\,b;c\r\n" in path.read_bytes().decode("utf-8")
    [card] = list(vobject.readComponents(path.read_bytes().decode("utf-8")))
    assert card.url.value == "https://example.com/a,b;c"
    write_vcard(path, [cid], "4.0")
    assert "URL:https://example.com/a,b;c\r\n" in path.read_bytes().decode("utf-8")  # RFC 6350: URIs are not escaped
    assert [u.value for u in read_back(path)[0].urls] == ["https://example.com/a,b;c"]


@pytest.mark.parametrize(
    ("values", "fields", "fn"),
    [
        ({}, {"email": [Labeled("ann@example.com", "")]}, "ann@example.com"),
        ({"company": "Example Ltd"}, {}, "Example Ltd"),
        ({"company": "Example Ltd"}, {"email": [Labeled("ann@example.com", "")]}, "ann@example.com"),
        ({}, {"phone": [Labeled("555 0100", "")]}, ""),
    ],
)
@pytest.mark.parametrize("version", VERSIONS)
def test_a_nameless_contact_gets_fn_from_email_or_company(
    db, tmp_path: Path, values: dict, fields: dict, fn: str, version: str
) -> None:
    cid = make_contact(values, fields)
    path = tmp_path / "out.vcf"
    write_vcard(path, [cid], version)
    text = path.read_bytes().decode("utf-8")
    assert "\r\nN:;;;;\r\n" in text and f"\r\nFN:{fn}\r\n" in text
    [card] = list(vobject.readComponents(text))
    assert card.fn.value == fn
    card.serialize()
    [rec] = read_back(path)
    assert rec.display_name == ""  # the fallback is not turned into a display name on the way back
    assert_same_contact(rec, contacts.get_contact(cid))


@pytest.mark.parametrize("version", VERSIONS)
def test_year_less_and_full_birthdays(db, tmp_path: Path, version: str) -> None:
    ids = [make_contact({"first_name": "A", "birthday": b}) for b in ("--03-15", "1990-12-31", "0001-01-01")]
    path = tmp_path / "out.vcf"
    write_vcard(path, ids, version)
    expected = ["--0315", "1990-12-31", "0001-01-01"] if version == "3.0" else ["--0315", "19901231", "00010101"]
    assert [c.bday.value for c in vobject.readComponents(path.read_bytes().decode("utf-8"))] == expected
    assert [r.birthday for r in read_back(path)] == ["--03-15", "1990-12-31", "0001-01-01"]


def test_photo_link_and_text_birthday_are_written_back(db, tmp_path: Path) -> None:
    cid = make_contact({"first_name": "A"}, extra={"photo_url": "https://example.com/p.jpg", "birthday_text": "circa 1800"})
    path = tmp_path / "out.vcf"
    write_vcard(path, [cid], "3.0")
    text = path.read_bytes().decode("utf-8")
    assert "PHOTO;VALUE=uri:https://example.com/p.jpg\r\n" in text and "BDAY;VALUE=text:circa 1800\r\n" in text
    items = list(VCardReader(path).items())
    [rec] = [i for i in items if isinstance(i, ContactRecord)]
    assert rec.extra == {"photo_url": "https://example.com/p.jpg", "birthday_text": "circa 1800"}
    warnings = [i.message for i in items if isinstance(i, RowWarning)]
    assert len(warnings) == 2 and "circa 1800" in warnings[0] and "photo on the web" in warnings[1]


def test_org_units_follow_only_their_company(db, tmp_path: Path) -> None:
    cid = make_contact({"first_name": "A", "company": "Globex"}, extra={"org": {"name": "Acme", "units": ["Sales"]}})
    text = card_text(contacts.get_contact(cid))
    assert "\r\nORG:Globex\r\n" in text  # the person moved on: Acme's department is not Globex's


def test_kept_lines_are_written_back_with_fresh_groups(db, tmp_path: Path) -> None:
    kept = ["X-PHONETIC-FIRST-NAME:Jon", "item1.X-ABDATE:1975-03-01", "item1.X-ABLabel:_$!<Anniversary>!$_",
            "bad line\nwith a break", 42]
    cid = make_contact(
        {"first_name": "A"}, {"email": [Labeled("a@example.com", "Custom")]}, extra={"vcard": kept}
    )
    text = card_text(contacts.get_contact(cid))
    assert "item1.EMAIL;TYPE=INTERNET:a@example.com\r\nitem1.X-ABLabel:Custom\r\n" in text
    assert "X-PHONETIC-FIRST-NAME:Jon\r\nitem2.X-ABDATE:1975-03-01\r\nitem2.X-ABLabel:_$!<Anniversary>!$_\r\n" in text
    assert "bad line" not in text and "42" not in text


def test_write_vcard_in_chunks_skips_missing_ids(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vcard, "EXPORT_CHUNK", 2)
    ids = [make_contact({"first_name": f"P{i}"}) for i in range(5)]
    path = tmp_path / "out.vcf"
    assert write_vcard(path, [*ids, 999], "3.0") == 5
    assert [r.first_name for r in read_back(path)] == [f"P{i}" for i in range(5)]
    assert write_vcard(tmp_path / "none.vcf", []) == 0
    assert (tmp_path / "none.vcf").read_bytes() == b""


def test_unknown_version_is_refused(db, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2.1"):
        write_vcard(tmp_path / "out.vcf", [], "2.1")
    assert not (tmp_path / "out.vcf").exists()


def test_goal_groups_travel_with_the_contact(db, tmp_path: Path) -> None:
    cid = make_contact({"first_name": "A"})
    group = GoalGroup.create(name="Fundraising, Q3", position=1)
    Membership.create(contact=cid, group=group)
    path = tmp_path / "out.vcf"
    write_vcard(path, [cid])
    assert "X-LINKORGANIZER-GROUPS:Fundraising\\, Q3\r\n" in path.read_bytes().decode("utf-8")
    close_database()
    open_database(tmp_path / "other.db")
    Importer().run(VCardReader(path))
    [member] = list(Membership.select())
    assert member.group.name == "Fundraising, Q3"


# ---------------------------------------------------------------------------------------- fixture round trips


def comparable(d: ContactDetail) -> dict:
    extra = dict(d.extra)
    return {
        "values": d.values,
        "fields": d.fields,
        "tags": d.tags,
        "groups": d.groups,
        "photo": d.photo,
        "full_name": d.full_name,
        "extra": {k: v for k, v in extra.items() if k != "vcard"},
        # Groups of kept lines are renumbered on export; what they hold, and together, stays.
        "kept": [re.sub(r"^item\d+\.", "item.", line) for line in extra.get("vcard", [])],
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "name",
    ["google_3_0", "apple_3_0", "outlook_2_1", "android_2_1", "rfc6350_4_0", "thunderbird_3_0", "bom", "lf_only", "malformed"],
)
def test_fixture_export_import_export_is_stable(tmp_path: Path, name: str, version: str) -> None:
    open_database(tmp_path / "a.db")
    try:
        Importer().run(VCardReader(VCARD / f"{name}.vcf"))
        ids = [c.id for c in Contact.select().order_by(Contact.id)]
        before = [comparable(d) for d in contacts.get_contacts(ids)]
        first = tmp_path / "first.vcf"
        assert write_vcard(first, ids, version) == len(ids)
        assert_well_formed(first.read_bytes())
        assert len(list(vobject.readComponents(first.read_bytes().decode("utf-8")))) == len(ids)
        close_database()
        open_database(tmp_path / "b.db")
        report = Importer().run(VCardReader(first))
        assert (report.created, report.skipped) == (len(ids), [])
        ids = [c.id for c in Contact.select().order_by(Contact.id)]
        after = [comparable(d) for d in contacts.get_contacts(ids)]
        for b, a in zip(before, after, strict=True):
            b["values"]["source"] = a["values"]["source"]  # both "vcard", but say so explicitly
            assert a == b
        second = tmp_path / "second.vcf"
        write_vcard(second, ids, version)
        assert second.read_bytes() == first.read_bytes()
    finally:
        close_database()


# ------------------------------------------------------------------------------------------- property test

TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=25)
TRICKY_TEXT = st.sampled_from(
    ["", "a,b", "a;b", "a\\b", "\\n", "\\", 'say "hi"', "two\nlines", "cr\r\nlf", "cr\ronly", "=1+2", "+1 555 0100",
     "-", "@x", "  padded  ", "é😀中", "x:y", "\\,", "=", "=0D=0A=", "BEGIN:VCARD", "END:VCARD", "item1.X-ABLabel:x",
     " ", "\t", "\u2028", "\x85", "a\x0bb", "_$!<", "ẞ"]
)
FIELD_TEXT = st.one_of(TEXT, TRICKY_TEXT)
LABEL = st.one_of(
    st.sampled_from(["", "home", "work", "mobile", "fax", "home fax", "work mobile", "pager", "Home", "pref",
                     "internet", "voice", "cell", "other", "main", "homepage", "iphone", "Custom, label; x"]),
    TEXT,
)
LABELED = st.lists(st.builds(Labeled, FIELD_TEXT, LABEL), max_size=3)
BIRTHDAY = st.one_of(
    st.just(""),
    st.dates().map(lambda d: d.isoformat()),
    st.dates(_dt.date(2000, 1, 1), _dt.date(2000, 12, 31)).map(lambda d: d.strftime("--%m-%d")),
)
TAGS = st.lists(
    FIELD_TEXT.filter(lambda t: t.strip() and t.strip().casefold() not in vcard.SYSTEM_CATEGORIES),
    max_size=4,
    unique_by=lambda t: t.strip().casefold(),
)
NAME_PART = FIELD_TEXT.map(str.strip).filter(bool)
CONTACTS = st.fixed_dictionaries(
    {
        "values": st.fixed_dictionaries(
            {
                "first_name": FIELD_TEXT,
                "middle_name": FIELD_TEXT,
                "last_name": FIELD_TEXT,
                "display_name": FIELD_TEXT,
                "company": FIELD_TEXT,
                "position": FIELD_TEXT,
                "location": FIELD_TEXT,
                "notes": FIELD_TEXT,
                "help_them": FIELD_TEXT,
                "help_me": FIELD_TEXT,
                "birthday": BIRTHDAY,
                "connected_on": st.one_of(st.none(), st.dates()),
                "cadence_days": st.one_of(st.none(), st.integers(1, 3650)),
                "stage": st.sampled_from(STAGES),
                "profile_url": st.one_of(
                    st.just(""), st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True).map(lambda s: f"https://www.linkedin.com/in/{s}")
                ),
            }
        ),
        "fields": st.fixed_dictionaries({"email": LABELED, "phone": LABELED, "address": LABELED, "url": LABELED}),
        "tags": TAGS,
        "photo": st.one_of(st.none(), st.binary(min_size=1, max_size=200)),
        "prefix": st.one_of(st.just(""), NAME_PART),
        "suffix": st.one_of(st.just(""), NAME_PART),
        "units": st.lists(NAME_PART, max_size=2),
        "version": st.sampled_from(VERSIONS),
    }
)


@given(CONTACTS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_field_survives_export_and_import_and_vobject_agrees(db, tmp_path: Path, contact: dict) -> None:
    extra: dict = {}
    if contact["prefix"]:
        extra["name_prefix"] = contact["prefix"]
    if contact["units"]:
        extra["org"] = {"name": contact["values"]["company"].strip(), "units": contact["units"]}
    values = {**contact["values"], "name_suffix": contact["suffix"]}
    cid = make_contact(values, contact["fields"], tuple(contact["tags"]), contact["photo"], extra)
    try:
        path = tmp_path / "prop.vcf"
        assert write_vcard(path, [cid], contact["version"]) == 1
        data = path.read_bytes()
        assert_well_formed(data)
        want = contacts.get_contact(cid)
        assert want is not None
        assert_vobject_agrees(data.decode("utf-8"), want, contact["version"])
        items = list(VCardReader(path).items())
        if not (want.full_name or any(want.fields.values()) or want.photo or want.values["birthday"] or want.values["profile_url"]
                or want.values["connected_on"] or any(want.values[k].strip() for k in TEXT_DETAILS)):
            assert items == [Skipped(1, "the card is empty: no name, e-mail address, phone number or other detail")]
            return
        [rec] = items  # and no warning
        assert isinstance(rec, ContactRecord)
        assert_same_contact(rec, want)
        assert rec.extra == json.loads(json.dumps(extra).replace("\\r\\n", "\\n").replace("\\r", "\\n"))
    finally:
        contacts.delete_contact_permanently(cid)
