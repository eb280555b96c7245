"""Every file format the app reads or writes, described once.

One :class:`FormatSpec` per format; everything else is derived from :data:`FORMATS`: the import and export
choices of the command line and the menus, the file-dialog filters and suggested names, the frozen build's
hidden imports, and format detection (the best sniffer score wins). Readers, writers and sniffers are named as
``"module:attribute"`` inside :mod:`linkorganizer.formats` and loaded only when needed, so a command starts
without importing every format. This module imports nothing of the app, so the UI can read it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PACKAGE = "linkorganizer.formats"


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One format.

    ``reader``: the class that reads it (``"module:Class"``), "" for a format that is only written.
    ``writer``: the function that writes it, "" for one that is only read.
    ``sniffer``: a function of a file's :class:`~linkorganizer.formats.textio.Head` returning a score — 0 when
    the file is not this format, otherwise how much of it the format recognises (for a CSV: the number of header
    columns it knows). The best score wins; ``priority`` breaks a tie. A format without a sniffer is chosen
    only by name, or as the ``fallback`` when no sniffer claims a file.
    ``reader_options`` / ``writer_options``: the options each takes from the caller (others are not passed);
    ``writer_defaults``: options fixed by the format (vCard 4.0 is the vCard writer with ``version="4.0"``).
    ``whole_network``: the writer exports everything about the chosen contacts (goal groups and all), and is
    called as ``write(path, contact_ids, group_name)``.
    ``read_back``: the format whose reader reads this writer's files (what detection must find in them).
    ``suffixes``: file name endings, the first one suggested; ``export_suffix`` overrides the suggestion.
    ``container``: the format is a zip file or a folder of files (LinkedIn's data archive); its sniffer is given
    the path, not a Head, and only for a folder or a file with a zip signature.
    """

    name: str
    title: str
    reader: str = ""
    writer: str = ""
    sniffer: str = ""
    priority: int = 0
    fallback: bool = False
    suffixes: tuple[str, ...] = ()
    filter_name: str = ""
    reader_options: tuple[str, ...] = ()
    writer_options: tuple[str, ...] = ()
    writer_defaults: tuple[tuple[str, Any], ...] = ()
    whole_network: bool = False
    read_back: str = ""
    export_suffix: str = ""
    menu_text: str = ""  # the export menu's entry, with its mnemonic
    description: str = ""  # what the export is for (status tip)
    icon: str = ""  # the name ui/icons.py knows
    container: bool = False

    @property
    def dialog_filter(self) -> str:
        """``"vCard (*.vcf *.vcard);;All files (*)"``: the file dialog's filter for this format."""
        patterns = " ".join(f"*{suffix}" for suffix in self.suffixes)
        return f"{self.filter_name} ({patterns});;All files (*)" if patterns else "All files (*)"

    @property
    def suggested_suffix(self) -> str:
        return self.export_suffix or (self.suffixes[0] if self.suffixes else "")

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(ref for ref in (self.reader, self.writer, self.sniffer) if ref)


CSV = (".csv",)
FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        "linkedin", "LinkedIn connections", reader="linkedin:LinkedInConnections",
        sniffer="linkedin:sniff_connections", priority=50, suffixes=CSV, filter_name="CSV files",
    ),
    FormatSpec(
        "linkedin-invitations", "LinkedIn invitations", reader="linkedin:LinkedInInvitations",
        sniffer="linkedin:sniff_invitations", priority=50, suffixes=CSV, filter_name="CSV files",
    ),
    FormatSpec(
        "linkedin-messages", "LinkedIn messages", reader="linkedin:LinkedInMessages",
        sniffer="linkedin:sniff_messages", priority=50, suffixes=CSV, filter_name="CSV files",
        reader_options=("owner",),
    ),
    FormatSpec(
        "linkedin-archive", "LinkedIn data archive", reader="linkedin_archive:LinkedInArchive",
        sniffer="linkedin_archive:sniff_archive", priority=50, suffixes=(".zip",),
        filter_name="LinkedIn data archive", reader_options=("owner",), container=True,
    ),
    FormatSpec(
        # The app's own layout shares names with LinkedIn's and Google's; every one of its columns scores, so
        # it wins on its own header, and it wins a tie too.
        "csv", "LinkOrganizer CSV", reader="csv_table:OwnCsvReader", writer="csv_table:write_csv",
        sniffer="csv_table:sniff_own", priority=100, suffixes=CSV, filter_name="CSV files",
        writer_options=("excel_bom",), read_back="csv",
        menu_text="&CSV…", description="Export contacts as a spreadsheet-safe CSV file", icon="csv",
    ),
    FormatSpec(
        "google", "Google Contacts CSV", reader="google:GoogleCsvReader", writer="google:write_google_csv",
        sniffer="google:sniff_google", priority=30, suffixes=CSV, filter_name="CSV files",
        writer_options=("excel_bom",), read_back="google", export_suffix="-google.csv",
        menu_text="&Google Contacts CSV…", description="Export in the layout Google Contacts imports", icon="csv",
    ),
    FormatSpec(
        "outlook", "Outlook CSV", reader="outlook:OutlookCsvReader", writer="outlook:write_outlook_csv",
        sniffer="outlook:sniff_outlook", priority=30, suffixes=CSV, filter_name="CSV files",
        writer_options=("excel_bom",), read_back="outlook", export_suffix="-outlook.csv",
        menu_text="&Outlook CSV…", description="Export in the layout Outlook imports", icon="csv",
    ),
    FormatSpec(
        "vcard", "vCard", reader="vcard:VCardReader", writer="vcard:write_vcard", sniffer="vcard:sniff_vcard",
        priority=10, suffixes=(".vcf", ".vcard"), filter_name="vCard", writer_options=("version",),
        writer_defaults=(("version", "3.0"),), read_back="vcard",
        menu_text="&vCard 3.0…", description="Export as a .vcf file for phones and address books", icon="contact",
    ),
    FormatSpec(
        "vcard4", "vCard 4.0", writer="vcard:write_vcard", suffixes=(".vcf",), filter_name="vCard",
        writer_defaults=(("version", "4.0"),), read_back="vcard",
        menu_text="vCard &4.0…", description="Export as a vCard 4.0 .vcf file", icon="contact",
    ),
    FormatSpec(
        "generic-csv", "CSV with matched columns", reader="csv_generic:MappedCsvReader", fallback=True,
        suffixes=(".csv", ".txt", ".tsv"), filter_name="CSV files", reader_options=("mapping",),
    ),
    FormatSpec(
        "json", "LinkOrganizer archive", reader="json_archive:JsonArchive", writer="json_archive:write_archive",
        sniffer="json_archive:sniff_archive", priority=10, suffixes=(".json",),
        filter_name="LinkOrganizer archive", whole_network=True, read_back="json",
        menu_text="&JSON archive…", description="Export everything as a JSON archive", icon="json",
    ),
)  # fmt: skip

BY_NAME: dict[str, FormatSpec] = {spec.name: spec for spec in FORMATS}
IMPORT_SPECS: tuple[FormatSpec, ...] = tuple(spec for spec in FORMATS if spec.reader)
EXPORT_SPECS: tuple[FormatSpec, ...] = tuple(spec for spec in FORMATS if spec.writer)  # in menu order
READ_FORMATS: tuple[str, ...] = tuple(spec.name for spec in IMPORT_SPECS)
IMPORT_FORMATS: tuple[str, ...] = ("auto", *READ_FORMATS)
EXPORT_FORMATS: tuple[str, ...] = tuple(spec.name for spec in EXPORT_SPECS)
FORMAT_TITLES: dict[str, str] = {spec.name: spec.title for spec in FORMATS}


def spec(name: str) -> FormatSpec:
    """The format called *name*; KeyError for an unknown one."""
    return BY_NAME[name]


def import_filter() -> str:
    """The open dialog's filter for "any contact file": every suffix a reader takes."""
    suffixes = sorted({suffix for s in IMPORT_SPECS for suffix in s.suffixes})
    return f"Contact files ({' '.join(f'*{suffix}' for suffix in suffixes)});;All files (*)"


def _check() -> None:
    # A spec list that contradicts itself is a programming error, caught on import (and by the tests).
    assert len(BY_NAME) == len(FORMATS), "two formats share a name"
    assert sum(spec.fallback for spec in FORMATS) == 1, "exactly one format is the fallback"
    for s in FORMATS:
        assert s.reader or s.writer, f"{s.name} neither reads nor writes"
        assert not s.writer or BY_NAME.get(s.read_back, FormatSpec("", "")).reader, f"{s.name}: nothing reads it"
        assert s.writer or not s.writer_options, f"{s.name}: writer options without a writer"


_check()
