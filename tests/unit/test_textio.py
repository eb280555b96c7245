"""Text files as exports arrive: the one dialect sniffer, and the encoding decided from the whole file.

The files are written here in the shapes of reference/formats.md (§1.2 the Excel re-save, §5.1 the Outlook
desktop header, §5.3 the encodings), with placeholder people.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkorganizer.db.models import Contact
from linkorganizer.formats import registry
from linkorganizer.formats.outlook import DESKTOP_HEADER
from linkorganizer.formats.textio import SAMPLE_SIZE, Dialect, TextFile, sniff_dialect
from tests.unit.test_linkedin import PREAMBLE

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def people() -> dict[str, Contact]:
    return {f"{c.first_name} {c.last_name}": c for c in Contact.select()}


# ------------------------------------------------------------------------------------------------- dialect


def test_the_dialect_comes_from_the_header_line() -> None:
    assert sniff_dialect("Name;E-mail\n") == Dialect(";")
    assert sniff_dialect("Name\tE-mail\tPhone\n") == Dialect("\t")
    assert sniff_dialect('"A;B",C\n') == Dialect(",")
    # data rows full of semicolons do not mislead it
    assert sniff_dialect('Name,Notes\nAnn,"a;b;c;d;e;f"\n') == Dialect(",")
    assert sniff_dialect("sep=;\nName;E-mail\n") == Dialect(";", True)
    assert sniff_dialect('"sep=,"\nName,E-mail\n') == Dialect(",", True)
    assert sniff_dialect("Name\n") == Dialect(",")
    # LinkedIn's preamble is passed over: its sentence has commas, the header below it has semicolons
    excel_preamble = PREAMBLE.replace('"', "").replace("\n\n", "\n").replace("\n", ";;;;;;\n", 2)
    assert sniff_dialect(excel_preamble + ";".join(HEADER) + "\n") == Dialect(";")
    assert sniff_dialect(PREAMBLE + ";".join(HEADER) + "\n") == Dialect(";")
    assert sniff_dialect(PREAMBLE + ",".join(HEADER) + "\n") == Dialect(",")


def excel_connections(path: Path, *, encoding: str, dates: list[str], preamble: bool, hint: bool = False) -> Path:
    """Connections.csv as German or French Excel saves it: ';', CRLF, dates rewritten in the locale's order."""
    rows = [
        ["Jürgen", "Weiß", "https://www.linkedin.com/in/juergen-weiss", "", "Müller & Söhne", "Gérant", dates[0]],
        ["Hélène", "Lefèvre", "https://www.linkedin.com/in/helene-lefevre", "", "Société Générale, SA", "CTO", dates[1]],
        ["", "", "", "", "", "", dates[2]],  # a hidden member
    ]
    lines = []
    if hint:
        lines.append("sep=;")
    if preamble:  # Excel pads every row to the width of the sheet and quotes only a field holding ';' or '"'
        sentence = PREAMBLE.splitlines()[1].strip('"')
        lines += ["Notes:;;;;;;", f"{sentence};;;;;;", ";;;;;;"]
    lines.append(";".join(HEADER))
    lines += [";".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "dates", "preamble", "hint"),
    [
        ("cp1252", ["12.03.2024", "01.02.2023", "08.08.2012"], True, False),  # German Excel, "CSV (Trennzeichen)"
        ("utf-8-sig", ["12/03/2024", "01/02/2023", "08/08/2012"], False, False),  # French Excel, "CSV UTF-8"
        ("utf-8-sig", ["12/03/2024", "01/02/2023", "08/08/2012"], False, True),  # with Excel's sep= line
        ("cp1252", ["12-Mar-24", "1-Feb-23", "8-Aug-12"], False, False),  # an English Excel's dates
    ],
)
def test_linkedin_export_resaved_by_a_european_excel(
    db, tmp_path: Path, encoding: str, dates: list[str], preamble: bool, hint: bool
) -> None:
    path = excel_connections(tmp_path / "Connections.csv", encoding=encoding, dates=dates, preamble=preamble, hint=hint)
    assert registry.detect_format(path) == "linkedin"
    report = registry.import_file(path)
    assert (report.format_name, report.created, len(report.skipped)) == ("linkedin", 2, 1)
    found = people()
    assert found["Jürgen Weiß"].company == "Müller & Söhne"
    assert found["Hélène Lefèvre"].company == "Société Générale, SA"
    assert found["Jürgen Weiß"].connected_on == dt.date(2024, 3, 12)
    assert found["Hélène Lefèvre"].connected_on == dt.date(2023, 2, 1)
    date_warnings = [w for w in report.warnings if "Connected On" in w.message]
    assert date_warnings == []
    encoding_warnings = [w.message for w in report.warnings if "UTF-8" in w.message]
    assert encoding_warnings == (["the file is not UTF-8; it was read as Windows-1252 (Western European): check that "
                                  "the names look right"] if encoding == "cp1252" else [])


# ------------------------------------------------------------------------------------------------ encoding

CYRILLIC = [("Иван", "Петров", "ООО «Ромашка»", "Директор"), ("Мария", "Смирнова", "Сбербанк", "Аналитик")]


def outlook_export(path: Path, rows: list[tuple[str, str, str, str]], encoding: str) -> Path:
    """Outlook desktop's CSV (every header name quoted, CRLF) in the system's ANSI code page."""
    index = {name: i for i, name in enumerate(DESKTOP_HEADER)}
    lines = [",".join(f'"{name}"' for name in DESKTOP_HEADER)]
    for first, last, company, title in rows:
        cells = [""] * len(DESKTOP_HEADER)
        cells[index["First Name"]], cells[index["Last Name"]] = first, last
        cells[index["Company"]], cells[index["Job Title"]] = company, title
        cells[index["E-mail Address"]] = f"{len(lines)}@example.ru"
        lines.append(",".join(f'"{cell}"' for cell in cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_cyrillic_outlook_export_in_windows_1251(db, tmp_path: Path) -> None:
    path = outlook_export(tmp_path / "contacts.csv", CYRILLIC, "cp1251")
    assert registry.detect_format(path) == "outlook"
    report = registry.import_file(path)
    assert report.created == 2
    found = people()
    assert found["Иван Петров"].company == "ООО «Ромашка»"
    assert found["Мария Смирнова"].position == "Аналитик"
    assert [(w.line, w.message) for w in report.warnings] == [
        (2, "the file is not UTF-8; it was read as Windows-1251 (Cyrillic): check that the names look right")
    ]


def test_windows_1252_whose_first_accent_is_past_the_sample(db, tmp_path: Path) -> None:
    rows = [(f"Person{i}", "Example", f"Company {i}", "Role") for i in range(1500)]
    rows.append(("Zoë", "Dupré", "Café Société", "Gérante"))
    path = outlook_export(tmp_path / "contacts.csv", rows, "cp1252")
    assert path.read_bytes().index(b"\xeb") > SAMPLE_SIZE
    report = registry.import_file(path)
    assert report.created == 1501
    assert people()["Zoë Dupré"].company == "Café Société"
    assert [w.line for w in report.warnings] == [1502]
    assert "Windows-1252" in report.warnings[0].message


def mixed_file(path: Path) -> Path:
    """A file appended to by two programs: UTF-8 lines, then Latin-1 lines."""
    head = "First Name,Last Name,E-mail,Company\r\nAnn,Ødegård,ann@example.com,Blåbær AS\r\n".encode()
    tail = "Zoë,Dupré,zoe@example.com,Café Société\r\n".encode("latin-1")
    path.write_bytes(head + tail)
    return path


def test_latin_1_after_utf_8_is_read_line_by_line_with_a_warning(db, tmp_path: Path) -> None:
    path = mixed_file(tmp_path / "people.csv")
    text = TextFile(path)
    assert (text.encoding, text.fallback) == ("utf-8", "cp1252")
    report = registry.import_file(path, "generic-csv")
    assert report.created == 2
    found = people()
    assert found["Ann Ødegård"].company == "Blåbær AS"  # no mojibake either way
    assert found["Zoë Dupré"].company == "Café Société"
    assert [(w.line, w.message) for w in report.warnings] == [
        (
            3,
            "the file mixes encodings: from here on, 1 line is not UTF-8 (line 2 is) and was read as "
            "Windows-1252 (Western European); check that the names look right",
        )
    ]


def test_the_command_line_prints_the_encoding_warning(tmp_path: Path) -> None:
    path = outlook_export(tmp_path / "contacts.csv", CYRILLIC, "cp1251")
    home = tmp_path / "home"
    env = {
        **os.environ,
        "LINKORGANIZER_DB": str(tmp_path / "net.db"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "PYTHONIOENCODING": "utf-8",
    }
    result = subprocess.run(
        [sys.executable, "-m", "linkorganizer", "import", str(path)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "line 2: the file is not UTF-8; it was read as Windows-1251 (Cyrillic)" in result.stdout


def test_utf_8_cut_off_in_a_character_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes("Name,Company\r\nÉmile,Lef".encode() + "è".encode()[:1])
    text = TextFile(path)
    assert (text.encoding, text.fallback, text.warnings) == ("utf-8", "", ())


def test_the_encoding_pass_keeps_memory_bounded(tmp_path: Path) -> None:
    # 40 MB on one line with no line end at all: read in blocks, never as a whole.
    import tracemalloc

    path = tmp_path / "one-line.csv"
    with open(path, "wb") as fh:
        for _ in range(40):
            fh.write(b"a," * (512 * 1024))
        fh.write("é".encode("cp1252"))
    tracemalloc.start()
    text = TextFile(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert text.encoding == "cp1252"
    assert peak < 32 * 1024 * 1024  # a block, the longest line the pass keeps, and the evidence
