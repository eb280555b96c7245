"""Outlook CSV: the desktop export (English, German or French headers), Outlook.com's, and Google's "Outlook CSV";
and the export in Outlook desktop's layout.

Facts the reader relies on (reference/formats.md §4.3, §5): the desktop export quotes every header name, ends
lines with CRLF and is written in the Windows ANSI code page (cp1252 here, which :class:`TextFile` falls back to);
Outlook 2003 and earlier say ``Business Country`` where later versions say ``Business Country/Region``;
``Categories`` are separated by ``;``; an empty date is written ``0/0/00``; header names are translated in a
German or French Outlook (and dates then come day first). Outlook.com and Google's "Outlook CSV" use a subset
of the same names (Google adds a formatted ``Home Address`` and writes its system groups into ``Categories``).

Every localised name is first translated to the English one, so one table describes what each column means.
Phones keep their kind as a label (``Business Phone`` → ``work``, ``Mobile Phone`` → ``mobile`` …); the
Business/Home/Other address parts become one address text each; columns with no field of their own are kept
in ``extra`` (the export writes them back).

The export writes Outlook desktop's full header, every field quoted, CRLF. Outlook has fixed slots (three
e-mails, one web page, three addresses, one phone column per kind): details that find no free slot are not
written, and year-less birthdays are written with the year 1604, which this reader reads as "no year".
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.fields import FIELDS as CONTACT_FIELDS
from linkorganizer.core.records import ContactRecord, Labeled, RowWarning
from linkorganizer.formats.csv_generic import (
    NO_YEAR,
    CsvContactReader,
    compose_address,
    extra_key,
    header_key,
    header_keys,
    is_linkedin_profile,
)
from linkorganizer.formats.spreadsheet import neutralise
from linkorganizer.formats.textio import Head, atomic_write

FORMAT_NAME = "outlook"
EXPORT_CHUNK = 1000

# Outlook desktop's export header, in its order (reference/formats.md §5.1). The export writes exactly this.
DESKTOP_HEADER = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
    "Business Street", "Business Street 2", "Business Street 3", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home Street 2", "Home Street 3", "Home City",
    "Home State", "Home Postal Code", "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3",
    "Other City", "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone", "Business Fax",
    "Business Phone", "Business Phone 2", "Callback", "Car Phone", "Company Main Phone", "Home Fax", "Home Phone",
    "Home Phone 2", "ISDN", "Mobile Phone", "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone",
    "TTY/TDD Phone", "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address", "E-mail Type",
    "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Address",
    "E-mail 3 Type", "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby", "Home Address PO Box",
    "Initials", "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage", "Notes",
    "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority", "Private", "Profession",
    "Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3", "User 4", "Web Page",
)  # fmt: skip

# Phone columns → label, in the order a contact's phones are listed.
PHONES: dict[str, str] = {
    "mobile phone": "mobile",
    "mobile phone 2": "mobile",
    "business phone": "work",
    "business phone 2": "work",
    "home phone": "home",
    "home phone 2": "home",
    "primary phone": "main",
    "company main phone": "company",
    "other phone": "other",
    "assistant's phone": "assistant",
    "callback": "callback",
    "car phone": "car",
    "radio phone": "radio",
    "isdn": "isdn",
    "tty/tdd phone": "tty",
    "telex": "telex",
    "pager": "pager",
    "business fax": "work fax",
    "home fax": "home fax",
    "other fax": "other fax",
}
PLACES = {"business": "work", "home": "home", "other": "other"}
ADDRESS_PARTS = {
    "street": "street",
    "street 2": "street2",
    "street 3": "street3",
    "city": "city",
    "state": "region",
    "postal code": "postal_code",
    "country/region": "country",
    "country": "country",
    "address po box": "po_box",
    "address": "formatted",  # Google's "Outlook CSV": the whole address, multi-line
}
EMAILS = ("e-mail address", "e-mail 2 address", "e-mail 3 address")
IGNORED = frozenset(
    {
        "e-mail type", "e-mail display name", "e-mail 2 type", "e-mail 2 display name", "e-mail 3 type",
        "e-mail 3 display name",
    }
)  # fmt: skip
# Values Outlook writes for "nothing set"; not worth keeping.
DEFAULTS: dict[str, frozenset[str]] = {
    "gender": frozenset({"unspecified", "nicht angegeben", "unbestimmt", "non spécifié", "non spécifiée"}),
    "priority": frozenset({"normal", "normale"}),
    "sensitivity": frozenset({"normal", "normale"}),
    "private": frozenset({"false", "aus", "falsch", "faux", "non"}),
}
# The contact's own fields, from core.fields, then the columns this format reads as tags, web addresses, dates
# or keeps in ``extra``.
FIELDS: dict[str, str] = {
    **{header_key(column): spec.name for spec in CONTACT_FIELDS if spec.scalar for column in spec.outlook},
    "categories": "tags",
    "web page": "url",
    "personal web page": "url:personal",
    "title": "extra:name_prefix",
    "department": "extra:department",
    "anniversary": "date:anniversary",
}

# Localised header names → the English ones. German Outlook:
GERMAN: dict[str, str] = {
    "anrede": "title", "vorname": "first name", "weitere vornamen": "middle name", "nachname": "last name",
    "suffix": "suffix", "firma": "company", "abteilung": "department", "position": "job title",
    "straße geschäftlich": "business street", "straße geschäftlich 2": "business street 2",
    "straße geschäftlich 3": "business street 3", "ort geschäftlich": "business city",
    "region geschäftlich": "business state", "bundesland/kanton geschäftlich": "business state",
    "postleitzahl geschäftlich": "business postal code", "land/region geschäftlich": "business country/region",
    "land geschäftlich": "business country", "straße privat": "home street", "straße privat 2": "home street 2",
    "straße privat 3": "home street 3", "ort privat": "home city", "bundesland/kanton privat": "home state",
    "region privat": "home state", "postleitzahl privat": "home postal code",
    "land/region privat": "home country/region", "land privat": "home country", "weitere straße": "other street",
    "weitere straße 2": "other street 2", "weitere straße 3": "other street 3", "weiterer ort": "other city",
    "weiteres/r bundesland/kanton": "other state", "weitere region": "other state",
    "weitere postleitzahl": "other postal code", "weiteres/e land/region": "other country/region",
    "weiteres land": "other country", "telefon assistent": "assistant's phone", "fax geschäftlich": "business fax",
    "telefon geschäftlich": "business phone", "telefon geschäftlich 2": "business phone 2",
    "rückmeldung": "callback", "autotelefon": "car phone", "telefon firma": "company main phone",
    "fax privat": "home fax", "telefon privat": "home phone", "telefon privat 2": "home phone 2",
    "mobiltelefon": "mobile phone", "mobiltelefon 2": "mobile phone 2", "weiteres fax": "other fax",
    "weiteres telefon": "other phone", "haupttelefon": "primary phone", "funktelefon": "radio phone",
    "telefon für hörbehinderte": "tty/tdd phone", "e-mail-adresse": "e-mail address", "e-mail-typ": "e-mail type",
    "e-mail: angezeigter name": "e-mail display name", "e-mail 2: adresse": "e-mail 2 address",
    "e-mail 2: typ": "e-mail 2 type", "e-mail 2: angezeigter name": "e-mail 2 display name",
    "e-mail 3: adresse": "e-mail 3 address", "e-mail 3: typ": "e-mail 3 type",
    "e-mail 3: angezeigter name": "e-mail 3 display name", "geburtstag": "birthday", "jahrestag": "anniversary",
    "kategorien": "categories", "notizen": "notes", "webseite": "web page", "ort": "location",
    "initialen": "initials", "geschlecht": "gender", "priorität": "priority", "vertraulichkeit": "sensitivity",
    "privat": "private", "postfach geschäftlich": "business address po box", "postfach privat": "home address po box",
    "weiteres postfach": "other address po box", "stichwörter": "keywords", "partner": "spouse", "kinder": "children",
    "sprache": "language", "beruf": "profession", "büro": "office location", "konto": "account",
    "benutzer 1": "user 1", "benutzer 2": "user 2", "benutzer 3": "user 3", "benutzer 4": "user 4",
    "name assistent": "assistant's name", "name des/der vorgesetzten": "manager's name",
    "empfohlen von": "referred by", "abrechnungsinformation": "billing information", "reisekilometer": "mileage",
    "verzeichnisserver": "directory server", "organisations-nr.": "organizational id number",
    "regierungs-nr.": "government id number", "internet-frei/gebucht": "internet free busy",
}  # fmt: skip
# French Outlook ("Titre" is both the courtesy title and, the second time, the job title):
FRENCH: dict[str, str] = {
    "titre": "title", "prénom": "first name", "deuxième prénom": "middle name", "nom": "last name",
    "nom de famille": "last name", "suffixe": "suffix", "société": "company", "service": "department",
    "fonction": "job title", "téléphone de l'assistant(e)": "assistant's phone", "télécopie (bureau)": "business fax",
    "téléphone (bureau)": "business phone", "téléphone 2 (bureau)": "business phone 2", "rappel": "callback",
    "téléphone (voiture)": "car phone", "téléphone société": "company main phone", "télécopie (domicile)": "home fax",
    "téléphone (domicile)": "home phone", "téléphone 2 (domicile)": "home phone 2", "rnis": "isdn",
    "tél. mobile": "mobile phone", "téléphone mobile": "mobile phone", "télécopie (autre)": "other fax",
    "téléphone (autre)": "other phone", "récepteur de radiomessagerie": "pager",
    "téléphone principal": "primary phone", "radiotéléphone": "radio phone", "téléphone tdd/tty": "tty/tdd phone",
    "télex": "telex", "adresse de messagerie": "e-mail address", "adresse de courrier": "e-mail address",
    "type de messagerie": "e-mail type", "type de courrier": "e-mail type",
    "nom complet de l'adresse de messagerie": "e-mail display name",
    "nom complet de l'adresse de courrier": "e-mail display name",
    "adresse de messagerie 2": "e-mail 2 address", "adresse de courrier 2": "e-mail 2 address",
    "type de messagerie 2": "e-mail 2 type", "type de courrier 2": "e-mail 2 type",
    "nom complet de l'adresse de messagerie 2": "e-mail 2 display name",
    "nom complet de l'adresse de courrier 2": "e-mail 2 display name",
    "adresse de messagerie 3": "e-mail 3 address", "adresse de courrier 3": "e-mail 3 address",
    "type de messagerie 3": "e-mail 3 type", "type de courrier 3": "e-mail 3 type",
    "nom complet de l'adresse de messagerie 3": "e-mail 3 display name",
    "nom complet de l'adresse de courrier 3": "e-mail 3 display name",
    "anniversaire": "birthday", "anniversaire de mariage ou fête": "anniversary", "catégories": "categories",
    "page web": "web page", "emplacement": "location", "initiales": "initials", "sexe": "gender",
    "priorité": "priority", "privé": "private", "critère de diffusion": "sensitivity", "mots clés": "keywords",
    "conjoint(e)": "spouse", "enfants": "children", "langue": "language", "bureau": "office location",
    "compte": "account", "utilisateur 1": "user 1", "utilisateur 2": "user 2", "utilisateur 3": "user 3",
    "utilisateur 4": "user 4", "responsable": "manager's name", "nom de l'assistant(e)": "assistant's name",
    "b.p. professionnelle": "business address po box", "boîte postale du domicile": "home address po box",
    "autre boîte postale": "other address po box",
}  # fmt: skip
_FRENCH_PLACES = {"bureau": "business", "domicile": "home", "autre": "other"}
_FRENCH_PARTS = {
    "rue": "street", "rue 2": "street 2", "rue 3": "street 3", "ville": "city", "dép/région": "state",
    "département": "state", "région": "state", "code postal": "postal code", "pays/région": "country/region",
    "pays": "country",
}  # fmt: skip
for _part, _english in _FRENCH_PARTS.items():
    for _place, _english_place in _FRENCH_PLACES.items():
        FRENCH[f"{_part} ({_place})"] = f"{_english_place} {_english}"
        if _part.endswith((" 2", " 3")):
            FRENCH[f"{_part[:-2]} ({_place}) {_part[-1]}"] = f"{_english_place} {_english}"

# Lookups happen on header keys (case-folded: "Straße" is "strasse"), so the tables are keyed the same way.
GERMAN = {header_key(k): v for k, v in GERMAN.items()}
FRENCH = {header_key(k): v for k, v in FRENCH.items()}

# Names only Outlook-style files have (used to tell them from any other CSV with "First Name" and "E-mail").
MARKERS = frozenset(
    {
        "e-mail address", "e-mail 2 address", "business phone", "mobile phone", "home phone", "business street",
        "home street", "job title", "categories", "web page", "business city", "home city", "company main phone",
        "business fax", "other phone", "primary phone", "business country/region", "business country",
        "home country/region", "other street",
    }
)  # fmt: skip
SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred"})


def english_key(key: str, language: str = "en") -> str:
    """A header key in English Outlook's words (German and French names translated)."""
    if language == "de":
        return GERMAN.get(key, key)
    if language == "fr":
        return FRENCH.get(key, key)
    return key


def header_language(keys: Sequence[str]) -> str:
    """``de`` or ``fr`` when the header is a German or French Outlook's, else ``en``."""
    german = sum(1 for k in keys if k in GERMAN and k not in ("suffix", "isdn", "pager", "telex", "hobby"))
    french = sum(1 for k in keys if k in FRENCH and k not in ("notes",))
    if max(german, french) < 2:
        return "en"
    return "de" if german >= french else "fr"


def looks_like_outlook(header_cells: list[str]) -> bool:
    """Whether a first row is an Outlook CSV header (desktop in English, German or French; Outlook.com; Google's)."""
    keys = header_keys(header_cells)
    language = header_language(keys)
    english = {english_key(k, language) for k in keys}
    if "first name" not in english and "last name" not in english:
        return False
    return len(english & MARKERS) >= 3


def _split_categories(cell: str) -> list[str]:
    tags = []
    for part in cell.split(";"):
        part = part.strip()
        if part and not part.startswith("*") and part.casefold() not in SYSTEM_CATEGORIES:
            tags.append(part)
    return tags


class OutlookCsvReader(CsvContactReader):
    """Streams the contacts of an Outlook CSV (any of the variants above) as records, skipped rows and warnings."""

    format_name = FORMAT_NAME

    def _read_header(self, line: int, header: list[str]) -> Iterator[Any]:
        if not looks_like_outlook(header):
            raise self.error(
                line,
                "is not an Outlook export: the header lacks Outlook's column names "
                "(“First Name”, “E-mail Address”, “Business Phone”, “Job Title” …)",
            )
        keys = [header_key(cell) for cell in header]
        self.language = header_language(keys)
        self._header = header
        self._fields: list[tuple[int, str]] = []
        self._emails: list[int] = []
        self._phones: list[tuple[int, str]] = []
        self._addresses: dict[str, dict[str, int]] = {}
        self._extra: list[tuple[int, str, str]] = []  # (index, extra key, english name)
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if not key:
                continue
            english = english_key(key, self.language)
            if english in seen and english == "title":
                english = "job title"  # French Outlook: "Titre" twice
            if english in seen:
                yield RowWarning(line, f"column “{header[index]}” appears twice; the second one is ignored")
                continue
            seen.add(english)
            place, _, rest = english.partition(" ")
            if english in IGNORED:
                continue
            if english in FIELDS:
                self._fields.append((index, FIELDS[english]))
            elif english in EMAILS:
                self._emails.append(index)
            elif english in PHONES:
                self._phones.append((index, english))
            elif place in PLACES and rest in ADDRESS_PARTS:
                self._addresses.setdefault(PLACES[place], {})[ADDRESS_PARTS[rest]] = index
            else:
                self._extra.append((index, extra_key(english), english))
        order = list(PHONES)
        self._phones.sort(key=lambda item: order.index(item[1]))

    def _record(self, line: int, cells: list[str]) -> ContactRecord:
        rec = ContactRecord(source=self.format_name, line=line)
        day_first = self.language != "en"
        for index, target in self._fields:
            cell = cells[index]
            if target == "notes":
                rec.notes = cell
                continue
            if not cell.strip():
                continue
            if target == "tags":
                rec.tags.extend(_split_categories(cell))
            elif target == "birthday":
                rec.birthday = self.birthday_of(line, cell, self._header[index], day_first)
            elif target.startswith("url"):
                label = target.partition(":")[2]
                rec.urls.extend(Labeled(u, label) for u in cell.split() if u)
            elif target.startswith("date:"):
                value = self.birthday_of(line, cell, self._header[index], day_first)
                if value:
                    rec.extra[target[5:]] = value
            elif target.startswith("extra:"):
                rec.extra[target[6:]] = cell.strip()
            else:
                setattr(rec, target, cell.strip())
        for index in self._emails:
            if cells[index].strip():
                rec.emails.append(Labeled(cells[index].strip(), ""))
        for index, column in self._phones:
            if cells[index].strip():
                rec.phones.append(Labeled(cells[index].strip(), PHONES[column]))
        for label in ("work", "home", "other"):
            parts = self._addresses.get(label)
            if not parts:
                continue
            values = {name: cells[index] for name, index in parts.items()}
            streets = (values.get(k, "").strip() for k in ("street", "street2", "street3"))
            text = values.get("formatted", "").strip() or compose_address(
                street="\n".join(s for s in streets if s),
                po_box=values.get("po_box", ""),
                city=values.get("city", ""),
                region=values.get("region", ""),
                postal_code=values.get("postal_code", ""),
                country=values.get("country", ""),
            )
            if text:
                rec.addresses.append(Labeled(text, label))
        for index, key, english in self._extra:
            value = cells[index].strip()
            if value and value.casefold() not in DEFAULTS.get(english, ()):
                rec.extra.setdefault(key, value)
        for i, url in enumerate(rec.urls):
            if is_linkedin_profile(url.value):
                rec.profile_url = rec.urls.pop(i).value
                break
        return rec


# ----------------------------------------------------------------------------------------------- export

# Where each phone label goes, in order of preference; unlabelled and unknown labels take the first free
# general-purpose column.
PHONE_SLOTS: dict[str, tuple[str, ...]] = {
    "mobile": ("Mobile Phone",),
    "cell": ("Mobile Phone",),
    "work": ("Business Phone", "Business Phone 2"),
    "home": ("Home Phone", "Home Phone 2"),
    "main": ("Primary Phone",),
    "company": ("Company Main Phone",),
    "other": ("Other Phone",),
    "assistant": ("Assistant's Phone",),
    "callback": ("Callback",),
    "car": ("Car Phone",),
    "radio": ("Radio Phone",),
    "isdn": ("ISDN",),
    "tty": ("TTY/TDD Phone",),
    "telex": ("Telex",),
    "pager": ("Pager",),
    "work fax": ("Business Fax",),
    "fax": ("Business Fax", "Home Fax", "Other Fax"),
    "home fax": ("Home Fax",),
    "other fax": ("Other Fax",),
}
PHONE_FALLBACK = (
    "Primary Phone", "Other Phone", "Mobile Phone", "Business Phone", "Home Phone", "Business Phone 2",
    "Home Phone 2", "Company Main Phone", "Car Phone", "Callback", "Radio Phone",
)  # fmt: skip
ADDRESS_SLOTS = {"work": "Business", "home": "Home", "other": "Other"}
ADDRESS_FALLBACK = ("Other", "Home", "Business")
# Columns written from a contact's ``extra`` under a key other than the column's own.
EXTRA_COLUMNS = {"Title": "name_prefix", "Suffix": "name_suffix", "Department": "department"}


def outlook_date(value: str) -> str:
    """``1985-04-15`` → ``4/15/1985``; ``--04-15`` → ``4/15/1604`` (Outlook cannot leave out the year)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return f"{int(m.group(2))}/{int(m.group(3))}/{int(m.group(1))}"
    if m := re.fullmatch(r"--(\d{2})-(\d{2})", value):
        return f"{int(m.group(1))}/{int(m.group(2))}/{NO_YEAR}"
    return value


def outlook_row(detail: ContactDetail) -> list[str]:
    values = detail.values
    row: dict[str, str] = {}
    for column, key in EXTRA_COLUMNS.items():
        if isinstance(detail.extra.get(key), str):
            row[column] = detail.extra[key]  # a suffix imported before it had a field of its own stays in extra
    for spec in CONTACT_FIELDS:
        if spec.scalar and spec.outlook and (values[spec.name] or spec.outlook[0] not in row):
            value = values[spec.name] or ""
            row[spec.outlook[0]] = outlook_date(value) if spec.kind == "birthday" else value
    row["Categories"] = ";".join(detail.tags)
    if isinstance(detail.extra.get("anniversary"), str):
        row["Anniversary"] = outlook_date(detail.extra["anniversary"])
    for n, email in enumerate(detail.fields["email"][:3]):
        prefix = "E-mail" if n == 0 else f"E-mail {n + 1}"
        row[f"{prefix} Address"] = email.value
        row[f"{prefix} Type"] = "SMTP"
        row[f"{prefix} Display Name"] = f"{detail.full_name} ({email.value})" if detail.full_name else email.value
    for phone in detail.fields["phone"]:
        wanted = PHONE_SLOTS.get(phone.label.casefold(), ())
        slot = next((c for c in (*wanted, *PHONE_FALLBACK) if not row.get(c)), None)
        if slot is not None:
            row[slot] = phone.value
    for address in detail.fields["address"]:
        place_wanted = ADDRESS_SLOTS.get(address.label.casefold())
        slots = ((place_wanted,) if place_wanted else ()) + ADDRESS_FALLBACK
        place = next((p for p in slots if not row.get(f"{p} Street")), None)
        if place is not None:
            row[f"{place} Street"] = address.value
    web = values["profile_url"] or (detail.fields["url"][0].value if detail.fields["url"] else "")
    row["Web Page"] = web
    cells = []
    for column in DESKTOP_HEADER:
        if column in row:
            cells.append(row[column] or "")
        else:
            value = detail.extra.get(extra_key(column))
            cells.append(value if isinstance(value, str) and column not in EXTRA_COLUMNS else "")
    return cells


def write_outlook_csv(
    path: str | os.PathLike[str],
    contact_ids: Sequence[int],
    excel_bom: bool = False,
    spreadsheet_safe: bool = True,
) -> int:
    """Write the contacts in Outlook desktop's CSV layout (every field quoted, CRLF); return the count.

    *spreadsheet_safe* (the default) puts an apostrophe before cells a spreadsheet would run as formulas
    (OWASP); our own reader removes it, Outlook's importer may not.
    """
    ids = list(contact_ids)
    guard = neutralise if spreadsheet_safe else (lambda cell: cell)
    with atomic_write(path, encoding="utf-8-sig" if excel_bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        writer.writerow(DESKTOP_HEADER)
        for start in range(0, len(ids), EXPORT_CHUNK):
            for detail in get_contacts(ids[start : start + EXPORT_CHUNK]):
                writer.writerow([guard(cell) for cell in outlook_row(detail)])
    return len(ids)


__all__ = [
    "DESKTOP_HEADER",
    "OutlookCsvReader",
    "looks_like_outlook",
    "sniff_outlook",
    "outlook_date",
    "write_outlook_csv",
]


# Format detection: a score for how much of the header this format knows (0: not this format).
def sniff_outlook(head: Head) -> int:
    """The number of header columns Outlook writes (in its language); 0 when it is not an Outlook export."""
    header = head.header
    if not looks_like_outlook(header):
        return 0
    keys = header_keys(header)
    language = header_language(keys)
    known = {header_key(name) for name in DESKTOP_HEADER} | MARKERS
    return sum(1 for key in keys if english_key(key, language) in known)
