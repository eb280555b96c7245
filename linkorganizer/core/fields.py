"""The contact's fields, declared once.

Every place that used to spell out the contact's fields by hand — the table's columns, the importer's compared
fields, the JSON archive's layout, the app's own CSV layout, the generic CSV mapping and its header guesses, the
Google and Outlook columns, the vCard properties, the editor, the undo titles — reads them from :data:`FIELDS`.
Adding a field means adding one :class:`FieldSpec` here, a column to ``db.models.Contact`` and ``ContactRecord``
(kept static for type checking; a test checks they agree with this list) and a schema migration.

What a format does with a value beyond "read this cell / write this cell" stays in the format's module, keyed by the
field's :attr:`FieldSpec.kind`: a date is parsed the same way in every CSV, a number of days is checked the same
way, a free text is kept verbatim. Plain Python, no Qt: ``core`` and ``formats`` read it as well as ``ui``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

# text: one trimmed line; verbatim: free text kept as written (line breaks, spaces); url: the profile URL;
# birthday: YYYY-MM-DD or --MM-DD; date: a calendar date; days: a whole number of days (1–3650); stage: one of
# records.STAGES. The rest are not scalar columns: labeled (e-mails …), names (tags, groups), mapping (extra),
# blob (photo), moment (timestamps).
Kind = Literal["text", "verbatim", "url", "birthday", "date", "days", "stage", "labeled", "names", "mapping",
               "blob", "moment"]  # fmt: skip
Editor = Literal["line", "text", "stage", "cadence", "tags", "details", "source"]
ImportRule = Literal["overwrite", "append"]


@dataclass(frozen=True, slots=True)
class VCardSlot:
    """Where a field travels in a vCard: a component of a structured standard property (``N``'s 5th component is
    index 4), or an ``X-LINKORGANIZER-<key>`` extension (``component`` None). Standard single properties that need
    their own code (``ORG``, ``TITLE``, ``BDAY``, ``NOTE`` …) are declared by name for the table in docs/fields.md."""

    property: str
    component: int | None = None


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of the contact table."""

    title: str
    visible: bool = True
    width: int = 160
    order: int = 0  # left to right; the table has columns of its own (name, last interaction) between the fields
    key: str = ""  # the ContactRow attribute and core sort key when it is not the field's name ("email")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str  # attribute of ContactRecord, key in ContactDetail.values, column of db.models.Contact
    kind: Kind
    label: str  # as the editor and the mapping dialog show it ("Name suffix")
    title: str = ""  # lower case, in an undo title: "Change name suffix"
    json: bool = True  # in the JSON archive under its name
    csv: str | None = None  # the app's own CSV header ("Name Suffix")
    csv_order: int = 0  # position in the own CSV layout (the detail column groups are fields too)
    vcard: VCardSlot | None = None
    vcard_name: str = ""  # documentation only: the standard property a format module handles itself
    google: tuple[str, ...] = ()  # Google CSV single columns; the first is written (when Google's layout has it)
    google_custom: str = ""  # a Google custom field label, where Google has no column
    outlook: tuple[str, ...] = ()  # Outlook CSV single columns (English; outlook.py translates German/French)
    # Documentation only (docs/fields.md): how a format holds a field that has no single column there.
    elsewhere: tuple[tuple[str, str], ...] = ()
    linkedin: str = ""  # documentation only: LinkedIn's Connections.csv column (linkedin.py reads its own layout)
    mapping_label: str = ""  # a choice in the generic CSV mapping ("" = not offered)
    synonyms: tuple[str, ...] = ()  # header names that suggest this field in a generic CSV
    editor: Editor | None = None
    placeholder: str = ""
    column: ColumnSpec | None = None
    searchable: bool = False
    name_part: bool = False  # takes part in the composed display name (a change recomposes it)
    on_import: ImportRule | None = None  # what a matched contact does with the file's value
    scalar: bool = True  # a column of its own in the contact table (not a list or a blob)
    identifies: bool = False  # a value here alone names someone (a file's row without any is skipped)

    @property
    def undo_title(self) -> str:
        return self.title or self.label.lower()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "first_name", "text", "First name", identifies=True, csv="First Name", csv_order=10, vcard=VCardSlot("N", 1),
        google=("First Name", "Given Name"), outlook=("First Name",), linkedin="First Name",
        mapping_label="First name", editor="line", searchable=True, name_part=True, on_import="overwrite",
        synonyms=("first name", "firstname", "first", "given name", "givenname", "forename", "vorname", "prénom",
                  "prenom", "first name(s)"),
    ),
    FieldSpec(
        "middle_name", "text", "Middle name", identifies=True, csv="Middle Name", csv_order=20, vcard=VCardSlot("N", 2),
        google=("Middle Name", "Additional Name"), outlook=("Middle Name",), mapping_label="Middle name",
        editor="line", searchable=True, name_part=True, on_import="overwrite",
        synonyms=("middle name", "middlename", "middle", "additional name", "second name", "weitere vornamen",
                  "zweiter vorname", "deuxième prénom", "deuxieme prenom", "autre prénom"),
    ),
    FieldSpec(
        "last_name", "text", "Last name", identifies=True, csv="Last Name", csv_order=30, vcard=VCardSlot("N", 0),
        google=("Last Name", "Family Name"), outlook=("Last Name",), linkedin="Last Name (before a comma)",
        mapping_label="Last name", editor="line", searchable=True, name_part=True, on_import="overwrite",
        synonyms=("last name", "lastname", "last", "surname", "family name", "familyname", "nachname",
                  "familienname", "nom", "nom de famille"),
    ),
    FieldSpec(
        "name_suffix", "text", "Name suffix", csv="Name Suffix", csv_order=35, vcard=VCardSlot("N", 4),
        google=("Name Suffix",), outlook=("Suffix",), linkedin="Last Name (after a comma)",
        mapping_label="Name suffix (PhD, MBA …)", editor="line", placeholder="e.g. PhD, MBA",
        column=ColumnSpec("Suffix", False, 100, order=15), searchable=True, name_part=True,
        on_import="overwrite",
        synonyms=("suffix", "name suffix", "namenssuffix", "namenszusatz", "suffixe", "suffixe du nom",
                  "credentials", "titles after name"),
    ),
    FieldSpec(
        "display_name", "text", "Display name", identifies=True, csv="Display Name", csv_order=40, vcard_name="FN",
        google_custom="LinkOrganizer Display Name", mapping_label="Display name", editor="line",
        placeholder="as composed from the name", searchable=True, name_part=True, on_import="overwrite",
        synonyms=("display name", "displayname", "anzeigename", "nom d'affichage", "file as", "speichern unter"),
    ),
    FieldSpec(
        "company", "text", "Company", identifies=True, csv="Company", csv_order=50, vcard_name="ORG",
        google=("Organization Name",), outlook=("Company",), linkedin="Company", mapping_label="Company",
        editor="line", column=ColumnSpec("Company", True, 180, order=20), searchable=True, name_part=True,
        on_import="overwrite",
        synonyms=("company", "company name", "organisation", "organization", "organisation name",
                  "organization name", "org", "employer", "firm", "business", "account", "account name", "firma",
                  "unternehmen", "arbeitgeber", "société", "societe", "entreprise", "organisme", "current company"),
    ),
    FieldSpec(
        "position", "text", "Position", csv="Position", csv_order=60, vcard_name="TITLE",
        google=("Organization Title",), outlook=("Job Title",), linkedin="Position", mapping_label="Position",
        editor="line", column=ColumnSpec("Position", True, 220, order=30), searchable=True, on_import="overwrite",
        synonyms=("position", "title", "job title", "jobtitle", "job", "role", "occupation", "organization title",
                  "current position", "headline", "funktion", "beruf", "stellung", "berufsbezeichnung",
                  "fonction", "titre", "poste", "profession"),
    ),
    FieldSpec(
        "location", "text", "Location", csv="Location", csv_order=70, vcard=VCardSlot("X-LINKORGANIZER-LOCATION"),
        google=("Location",), google_custom="LinkOrganizer Location", outlook=("Location",),
        mapping_label="Location", editor="line", column=ColumnSpec("Location", False, 140, order=70),
        searchable=True, on_import="overwrite",
        synonyms=("location", "city", "town", "region", "ort", "stadt", "wohnort", "standort", "ville", "lieu",
                  "localisation"),
    ),
    FieldSpec(
        "profile_url", "url", "Profile URL", title="profile URL", csv="Profile URL", csv_order=80,
        vcard_name="URL (X-ABLabel LinkedIn)", linkedin="URL",
        elsewhere=(("google", "Website N (label LinkedIn)"), ("outlook", "Web Page")),
        mapping_label="Profile URL (LinkedIn)", editor="line", placeholder="https://www.linkedin.com/in/…",
        on_import="overwrite",
        synonyms=("linkedin", "linkedin url", "linkedin profile", "linkedin profile url", "profile", "profile url",
                  "profile link", "linkedin-profil", "profil linkedin", "profil", "public profile url"),
    ),
    FieldSpec(
        "emails", "labeled", "E-mails", identifies=True, title="e-mails", csv="E-mail", csv_order=90,
        vcard_name="EMAIL", linkedin="Email Address", mapping_label="E-mail", editor="details",
        column=ColumnSpec("E-mail", True, 210, 50, "email"), searchable=True, scalar=False,
        elsewhere=(("google", "E-mail N - Value"), ("outlook", "E-mail Address, E-mail 2/3 Address")),
        synonyms=("email", "e-mail", "mail", "email address", "e-mail address", "emailaddress", "e mail",
                  "email addresses", "primary email", "work email", "personal email", "home email", "business email",
                  "e-mail-adresse", "emailadresse", "courriel", "adresse e-mail", "adresse email",
                  "adresse de messagerie", "mél", "e-mail 1 - value", "email 1"),
    ),
    FieldSpec(
        "phones", "labeled", "Phones", identifies=True, csv="Phone", csv_order=100, vcard_name="TEL",
        mapping_label="Phone", editor="details", column=ColumnSpec("Phone", False, 140, 80, "phone"),
        searchable=True, scalar=False,
        elsewhere=(("google", "Phone N - Value"), ("outlook", "Mobile/Business/Home … Phone")),
        synonyms=("phone", "phone number", "telephone", "telephone number", "tel", "tel.", "mobile", "mobile phone",
                  "mobile number", "cell", "cell phone", "cellphone", "work phone", "business phone", "home phone",
                  "primary phone", "phone 1 - value", "telefon", "telefonnummer", "handy", "mobil", "mobiltelefon",
                  "telefon geschäftlich", "telefon privat", "téléphone", "telephone mobile", "téléphone mobile",
                  "portable", "tél", "tél.", "tél. mobile", "numéro de téléphone", "whatsapp"),
    ),
    FieldSpec(
        "addresses", "labeled", "Addresses", csv="Address", csv_order=110, vcard_name="ADR",
        mapping_label="Address", editor="details", searchable=True, scalar=False,
        elsewhere=(("google", "Address N - …"), ("outlook", "Business/Home/Other Address")),
        synonyms=("address", "street address", "postal address", "mailing address", "home address", "work address",
                  "business address", "full address", "adresse", "anschrift", "postanschrift", "adresse postale"),
    ),
    FieldSpec(
        "urls", "labeled", "Web", title="web addresses", csv="Website", csv_order=120, vcard_name="URL",
        mapping_label="Web address", editor="details", searchable=True, scalar=False,
        elsewhere=(("google", "Website N - Value"), ("outlook", "Web Page (when there is no profile URL)")),
        synonyms=("website", "web site", "url", "web", "homepage", "home page", "web page", "webpage", "site",
                  "blog", "webseite", "internetseite", "site web", "page web", "site internet"),
    ),
    FieldSpec(
        "birthday", "birthday", "Birthday", csv="Birthday", csv_order=130, vcard_name="BDAY",
        google=("Birthday",), outlook=("Birthday",), mapping_label="Birthday", editor="line",
        placeholder="YYYY-MM-DD, or --MM-DD", on_import="overwrite",
        synonyms=("birthday", "birth date", "birthdate", "date of birth", "dob", "born", "geburtstag",
                  "geburtsdatum", "anniversaire", "date de naissance"),
    ),
    FieldSpec(
        "connected_on", "date", "Connected on", title="connected-on date", csv="Connected On", csv_order=140,
        vcard=VCardSlot("X-LINKORGANIZER-CONNECTED-ON"), google_custom="LinkOrganizer Connected On",
        linkedin="Connected On", mapping_label="Connected on", editor="line", placeholder="YYYY-MM-DD",
        column=ColumnSpec("Connected on", True, 110, order=60), on_import="overwrite",
        synonyms=("connected on", "connected", "connection date", "date connected", "verbunden seit",
                  "connecté le"),
    ),
    FieldSpec(
        "notes", "verbatim", "Notes", csv="Notes", csv_order=200, vcard_name="NOTE", google=("Notes",),
        outlook=("Notes",), mapping_label="Notes", editor="text", searchable=True, on_import="append",
        synonyms=("notes", "note", "comments", "comment", "remarks", "description", "memo", "about", "notizen",
                  "notiz", "bemerkung", "bemerkungen", "kommentar", "anmerkungen", "remarques", "commentaire",
                  "commentaires"),
    ),
    FieldSpec(
        "help_them", "verbatim", "How I can help them", title="how I can help", csv="How I Can Help",
        csv_order=210, vcard=VCardSlot("X-LINKORGANIZER-HELP-THEM"), google_custom="LinkOrganizer How I Can Help",
        mapping_label="How I can help them", editor="text", searchable=True, on_import="append",
        synonyms=("how i can help", "how i can help them", "help them", "i can help with"),
    ),
    FieldSpec(
        "help_me", "verbatim", "How they can help me", title="how they can help", csv="How They Can Help",
        csv_order=220, vcard=VCardSlot("X-LINKORGANIZER-HELP-ME"), google_custom="LinkOrganizer How They Can Help",
        mapping_label="How they can help me", editor="text", searchable=True, on_import="append",
        synonyms=("how they can help", "how they can help me", "help me", "they can help with"),
    ),
    FieldSpec(
        "cadence_days", "days", "Keep in touch", title="keep-in-touch cadence", csv="Keep In Touch Days",
        csv_order=230, vcard=VCardSlot("X-LINKORGANIZER-CADENCE-DAYS"),
        google_custom="LinkOrganizer Keep In Touch Days", editor="cadence", on_import="overwrite",
    ),
    FieldSpec(
        "stage", "stage", "Stage", csv="Stage", csv_order=150, vcard=VCardSlot("X-LINKORGANIZER-STAGE"),
        google_custom="LinkOrganizer Stage", editor="stage", column=ColumnSpec("Stage", True, 120, order=40),
    ),
    FieldSpec(
        "source", "text", "Source", csv="Source", csv_order=160, editor="source",
        column=ColumnSpec("Source", False, 90, order=110),
    ),
    FieldSpec(
        "tags", "names", "Tags", csv="Tags", csv_order=170, vcard_name="CATEGORIES", google=("Labels",),
        outlook=("Categories",), mapping_label="Tags", editor="tags", searchable=True, scalar=False,
        column=ColumnSpec("Tags", True, 160, 90),
        synonyms=("tags", "tag", "labels", "label", "categories", "category", "groups", "group",
                  "group membership", "kategorien", "kategorie", "schlagwörter", "catégories", "categories",
                  "étiquettes", "keywords", "lists"),
    ),
    FieldSpec(
        "groups", "names", "Goal groups", csv="Goal Groups", csv_order=180,
        vcard=VCardSlot("X-LINKORGANIZER-GROUPS"), google_custom="LinkOrganizer Goal Groups", scalar=False,
        column=ColumnSpec("Goal groups", False, 180, 100),
    ),
    FieldSpec("extra", "mapping", "Extra data", scalar=False),
    FieldSpec("photo", "blob", "Photo", vcard_name="PHOTO", scalar=False),
    FieldSpec("created_at", "moment", "Added", scalar=False, column=ColumnSpec("Added", False, 140, 120)),
    FieldSpec("updated_at", "moment", "Changed", scalar=False, column=ColumnSpec("Changed", False, 140, 130)),
    FieldSpec("deleted_at", "moment", "In the trash since", scalar=False),
)

BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}

# The contact's own scalar columns, in the order of FIELDS.
SCALAR_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.scalar)
TEXT_FIELDS: frozenset[str] = frozenset(
    f.name for f in FIELDS if f.scalar and f.kind in ("text", "verbatim", "birthday", "stage")
)
VERBATIM_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind == "verbatim")
NAME_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.name_part)
OVERWRITE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.on_import == "overwrite")
APPEND_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.on_import == "append")
SEARCHABLE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.searchable)

# The multi-valued details: ContactRecord attribute → the kind stored in contact_field.
DETAIL_KINDS: dict[str, str] = {"emails": "email", "phones": "phone", "addresses": "address", "urls": "url"}
DETAIL_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in FIELDS if f.kind == "labeled")


def own_csv_fields() -> tuple[FieldSpec, ...]:
    """The own CSV layout, left to right (a labeled field stands for its numbered column groups)."""
    return tuple(sorted((f for f in FIELDS if f.csv), key=lambda f: f.csv_order))


def vcard_extensions() -> tuple[FieldSpec, ...]:
    """Fields carried as X-LINKORGANIZER-* properties, in the order the writer puts them."""
    return tuple(f for f in FIELDS if f.vcard is not None and f.vcard.component is None)


def vcard_n_components() -> dict[int, str]:
    """``N`` component index → field (0 family, 1 given, 2 additional, 4 honorific suffixes)."""
    return {f.vcard.component: f.name for f in FIELDS if f.vcard is not None and f.vcard.component is not None}


def table_columns() -> tuple[ColumnSpec, ...]:
    """The contact table's columns that show a field, each with its key filled in, left to right."""
    columns = [replace(f.column, key=f.column.key or f.name) for f in FIELDS if f.column is not None]
    return tuple(sorted(columns, key=lambda c: c.order))


def mapping_key(spec: FieldSpec) -> str:
    """The name a generic CSV mapping (and the CLI's ``--map``) uses for a field: ``email`` for the e-mails."""
    return DETAIL_KINDS.get(spec.name, spec.name)


def mapping_fields() -> tuple[FieldSpec, ...]:
    """The fields a column of any CSV can be mapped to, in the order the mapping dialog offers them."""
    return tuple(f for f in FIELDS if f.mapping_label)


IDENTITY_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.identifies and f.scalar)


# -------------------------------------------------------------------------------------------- which format holds what

FORMATS: tuple[tuple[str, str], ...] = (
    ("json", "JSON archive"),
    ("csv", "Own CSV"),
    ("vcard", "vCard 3.0 / 4.0"),
    ("google", "Google CSV"),
    ("outlook", "Outlook CSV"),
    ("generic-csv", "Any CSV (mapping)"),
    ("linkedin", "LinkedIn (read only)"),
)


def holders(spec: FieldSpec) -> dict[str, str]:
    """Format → where it holds the field (a column, a property …), for the formats that hold it at all."""
    where = dict(spec.elsewhere)
    out: dict[str, str] = {}
    if spec.json:
        out["json"] = f'"{spec.name}"'
    if spec.csv:
        out["csv"] = f"{spec.csv} N - Label/Value" if spec.kind == "labeled" else spec.csv
    if spec.vcard is not None:
        slot = spec.vcard
        out["vcard"] = f"{slot.property}[{slot.component}]" if slot.component is not None else slot.property
    elif spec.vcard_name:
        out["vcard"] = spec.vcard_name
    if spec.google or spec.google_custom or "google" in where:
        custom = f"Custom Field “{spec.google_custom}”" if spec.google_custom else ""
        out["google"] = custom or (spec.google[0] if spec.google else where["google"])
    if spec.outlook or "outlook" in where:
        out["outlook"] = spec.outlook[0] if spec.outlook else where["outlook"]
    if spec.mapping_label:
        out["generic-csv"] = f"`{mapping_key(spec)}`"
    if spec.linkedin:
        out["linkedin"] = spec.linkedin
    return out


def fields_markdown() -> str:
    """docs/fields.md: the table of which format holds which field (a test keeps the file current)."""
    lines = [
        "# The contact's fields and the formats that hold them",
        "",
        "Generated from `linkorganizer/core/fields.py` (`python -m linkorganizer.core.fields > docs/fields.md`);",
        "`tests/unit/test_fields.py` checks that this file is current and that every field marked here survives an",
        "export and an import through that format. An empty cell: the format has no place for the field.",
        "",
        "| field | kind | " + " | ".join(title for _, title in FORMATS) + " | table column | editor |",
        "| --- | --- | " + " | ".join("---" for _ in FORMATS) + " | --- | --- |",
    ]
    for spec in FIELDS:
        where = holders(spec)
        cells = [where.get(key, "").replace("|", "\\|") for key, _ in FORMATS]
        column = ""
        if spec.column is not None:
            column = f"{spec.column.title} ({'shown' if spec.column.visible else 'hidden'}, {spec.column.width} px)"
        lines.append(
            f"| `{spec.name}` | {spec.kind} | " + " | ".join(cells) + f" | {column} | {spec.editor or ''} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(fields_markdown(), end="")
