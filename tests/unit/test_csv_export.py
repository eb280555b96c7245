"""CSV export: RFC 4180, spreadsheet-safe (OWASP CSV injection), and exactly reversible by our own reader."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from linkorganizer.core import contacts
from linkorganizer.core.records import Labeled
from linkorganizer.db.models import GoalGroup, Membership
from linkorganizer.formats import csv_table, registry
from linkorganizer.formats.spreadsheet import TRIGGERS, neutralise, neutralise_row, restore

# The cells formats.md §7 says are worth testing, and what a spreadsheet must receive instead.
DANGEROUS = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+1 555 0100", "'+1 555 0100"),
    ("-", "'-"),
    ("-42", "'-42"),
    ("@mention", "'@mention"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    ("\n=1+2", "'\n=1+2"),
    ('=1+2";=1+2', '\'=1+2";=1+2'),
    ("=1+2'\" ;,=1+2", "'=1+2'\" ;,=1+2"),
    ("'=1+2", "''=1+2"),  # already an apostrophe: one more, so restore() gives this value back
    ("''+1", "'''+1"),
]
HARMLESS = ["", "Ann", "a=b", " =1+2", "'hello", "'", "Keller, PhD", "1+2", "O'Brien", "42", "é="]


@pytest.mark.parametrize(("cell", "expected"), DANGEROUS)
def test_formula_cells_get_an_apostrophe(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected
    assert restore(expected) == cell


@pytest.mark.parametrize("cell", HARMLESS)
def test_harmless_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell
    assert restore(cell) == cell


@given(st.text().filter(lambda t: "\x00" not in t))  # a NUL is left out (no text file holds one)
@example("'")
@example("'=")
@example("''-x")
@example("=")
@example("\r")
def test_restore_inverts_neutralise(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


def test_neutralise_leaves_out_nul_characters() -> None:
    assert neutralise("An\x00n") == "Ann" and neutralise("\x00=1") == "'=1"


@given(st.text(alphabet=st.sampled_from(list(TRIGGERS) + ["'", "a", " ", '"', ",", ";", "1", "é"])))
def test_restore_inverts_neutralise_on_tricky_alphabet(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@given(st.lists(st.text(alphabet=st.sampled_from(list(TRIGGERS) + ["'", "a", " ", "\x00", "\x1f"]), max_size=4)))
@example(["Ann", "", "+1 555 0100"])
@example(["Ann\x1f=1", "Bob"])
def test_a_row_is_neutralised_as_its_cells_are(cells: list[str]) -> None:
    assert neutralise_row(cells) == [neutralise(cell) for cell in cells]


@given(st.text())
def test_no_neutralised_cell_starts_with_a_trigger(cell: str) -> None:
    guarded = neutralise(cell)
    assert guarded[:1] not in set(TRIGGERS)
    # At most one character is ever added (and NULs, which no text file holds, are left out).
    kept = cell.replace("\x00", "")
    assert guarded in (kept, "'" + kept)


# ------------------------------------------------------------------------------------------------ the file


def read_csv(path: Path, bom: bool = False) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    text = raw.decode("utf-8-sig" if bom else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    assert all(len(r) == len(header) for r in body)
    return [dict(zip(header, r)) for r in body]


@pytest.fixture
def tricky(db) -> int:
    return contacts.create_contact(
        {
            "first_name": '=HYPERLINK("http://x","y")',
            "last_name": "@mention",
            "company": '=1+2";=1+2',
            "position": "-",
            "location": "Paris, France",
            "notes": "Line one\nLine two with \"quotes\", commas, and a\ttab\r\nthird",
            "help_them": "\t=1+2",
            "help_me": "'=already quoted",
            "birthday": "--03-22",
            "connected_on": "2012-08-08",
            "cadence_days": 30,
        },
        fields={
            "phone": [Labeled("+1 555 0100", "mobile"), Labeled("0044 20 7946 0000", "work")],
            "email": [Labeled("ann@example.com", "work")],
        },
        tags=["-minus", "plain"],
    )


def test_export_neutralises_every_dangerous_cell(tricky: int, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert registry.export_file(path, "csv") == 1
    (row,) = as_dicts(read_csv(path))
    assert row["First Name"] == '\'=HYPERLINK("http://x","y")'
    assert row["Last Name"] == "'@mention"
    assert row["Company"] == '\'=1+2";=1+2'
    assert row["Position"] == "'-"
    assert row["How I Can Help"] == "'\t=1+2"
    assert row["How They Can Help"] == "''=already quoted"
    # Phone numbers starting with "+" are guarded too: a spreadsheet would compute "+1 555 0100" otherwise.
    assert row["Phone 1 - Value"] == "'+1 555 0100"
    assert row["Phone 2 - Value"] == "0044 20 7946 0000"
    assert row["Tags"] == "'-minus ::: plain"
    for cell in row.values():
        assert cell[:1] not in set(TRIGGERS), cell


def test_export_is_exactly_reversible(tricky: int, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    registry.export_file(path, "csv")
    (row,) = as_dicts(read_csv(path))
    values = {k: restore(v) for k, v in row.items()}
    assert values["First Name"] == '=HYPERLINK("http://x","y")'
    assert values["Company"] == '=1+2";=1+2'
    assert values["Location"] == "Paris, France"
    assert values["Notes"] == "Line one\nLine two with \"quotes\", commas, and a\ttab\r\nthird"
    assert values["How They Can Help"] == "'=already quoted"
    assert values["Phone 1 - Label"] == "mobile"
    assert values["Phone 1 - Value"] == "+1 555 0100"
    assert values["E-mail 1 - Value"] == "ann@example.com"
    assert values["Birthday"] == "--03-22"
    assert values["Connected On"] == "2012-08-08"
    assert values["Keep In Touch Days"] == "30"
    assert values["Stage"] == "Connected"


def test_owasp_example_bytes(tricky: int, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    registry.export_file(path, "csv")
    raw = path.read_bytes().decode("utf-8")
    # OWASP: input =1+2";=1+2 becomes "'=1+2"";=1+2" — quoted, the quote doubled, the apostrophe in front.
    assert ',"\'=1+2"";=1+2",' in raw


def test_rfc4180_shape(tricky: int, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Bo", "last_name": "Ray", "company": "Acme"})
    path = tmp_path / "out.csv"
    assert registry.export_file(path, "csv") == 2
    raw = path.read_bytes()
    # Records end in CRLF; a bare LF appears only inside a quoted field.
    records = raw.split(b"\r\n")
    assert records[-1] == b""
    rows = read_csv(path)
    assert len(rows) == 3
    assert rows[0][:9] == [
        "First Name",
        "Middle Name",
        "Last Name",
        "Name Suffix",
        "Display Name",
        "Company",
        "Position",
        "Location",
        "Profile URL",
    ]
    # Detail columns are sized to the contact with the most of them.
    assert rows[0].count("Phone 2 - Value") == 1 and "Phone 3 - Value" not in rows[0]
    assert "E-mail 1 - Value" in rows[0] and "E-mail 2 - Value" not in rows[0]
    bo = as_dicts(rows)[0] if as_dicts(rows)[0]["First Name"] == "Bo" else as_dicts(rows)[1]
    assert bo["Phone 1 - Value"] == "" and bo["Phone 2 - Label"] == ""


def test_excel_bom_option(tricky: int, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    registry.export_file(plain, "csv")
    registry.export_file(excel, "csv", excel_bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert read_csv(excel, bom=True) == read_csv(plain)


def test_non_ascii_is_utf8(db, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Émile", "last_name": "Park 🚀", "company": "Société Générale"})
    path = tmp_path / "out.csv"
    registry.export_file(path, "csv")
    (row,) = as_dicts(read_csv(path))
    assert (row["First Name"], row["Last Name"], row["Company"]) == ("Émile", "Park 🚀", "Société Générale")


def test_trash_is_not_exported_and_a_group_limits_the_export(db, tmp_path: Path) -> None:
    ann = contacts.create_contact({"first_name": "Ann"})
    bob = contacts.create_contact({"first_name": "Bob"})
    gone = contacts.create_contact({"first_name": "Gone"})
    contacts.trash_contacts([gone])
    group = GoalGroup.create(name="Hiring")
    Membership.create(contact=bob, group=group)
    Membership.create(contact=gone, group=group)

    registry.export_file(tmp_path / "all.csv", "csv")
    assert sorted(r["First Name"] for r in as_dicts(read_csv(tmp_path / "all.csv"))) == ["Ann", "Bob"]
    assert registry.export_file(tmp_path / "group.csv", "csv", group_name="hiring") == 1
    assert [r["First Name"] for r in as_dicts(read_csv(tmp_path / "group.csv"))] == ["Bob"]
    assert [r["Goal Groups"] for r in as_dicts(read_csv(tmp_path / "group.csv"))] == ["Hiring"]
    with pytest.raises(LookupError):
        registry.export_file(tmp_path / "none.csv", "csv", group_name="Nobody")
    assert not (tmp_path / "none.csv").exists()
    assert ann


def test_selected_contacts_only(db, tmp_path: Path) -> None:
    ids = [contacts.create_contact({"first_name": name}) for name in ("Ann", "Bob", "Cy")]
    assert csv_table.write_csv(tmp_path / "some.csv", [ids[2], ids[0]]) == 2
    assert [r["First Name"] for r in as_dicts(read_csv(tmp_path / "some.csv"))] == ["Cy", "Ann"]


def test_empty_network_writes_a_header(db, tmp_path: Path) -> None:
    assert registry.export_file(tmp_path / "empty.csv", "csv") == 0
    rows = read_csv(tmp_path / "empty.csv")
    assert len(rows) == 1 and rows[0][0] == "First Name"


def test_failed_export_leaves_no_file(db, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ann"})
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(ValueError):
        registry.export_file(target, "xlsx")
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
