"""Canonical shapes of values: profile URLs, dates from exports, birthdays, sort keys."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from linkorganizer.core.normalize import (
    birthday,
    full_name,
    parse_date,
    parse_datetime,
    profile_url,
    sort_key,
    split_credentials,
)

# ---------------------------------------------------------------------------------------------- profile URLs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("https://www.linkedin.com/in/ada-quill/", "https://www.linkedin.com/in/ada-quill"),
        ("https://WWW.LinkedIn.COM/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("http://www.linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("HTTP://www.linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("https://www.linkedin.com/in/ada-quill?trk=people&utm=x", "https://www.linkedin.com/in/ada-quill"),
        ("https://www.linkedin.com/in/ada-quill#about", "https://www.linkedin.com/in/ada-quill"),
        ("https://www.linkedin.com/in/ada-quill/?originalSubdomain=de", "https://www.linkedin.com/in/ada-quill"),
        ("https://de.linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("https://uk.linkedin.com/in/ada-quill/", "https://www.linkedin.com/in/ada-quill"),
        ("https://linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("www.linkedin.com/in/ada-quill", "https://www.linkedin.com/in/ada-quill"),
        ("  https://www.linkedin.com/in/ada-quill  ", "https://www.linkedin.com/in/ada-quill"),
        ("https://www.linkedin.com/in/ada-quill//", "https://www.linkedin.com/in/ada-quill"),
        # The path keeps its case: only the host is case-insensitive.
        ("https://www.linkedin.com/in/Ada-Quill", "https://www.linkedin.com/in/Ada-Quill"),
        # Not LinkedIn: the host is still lower-cased, the port kept.
        ("http://Example.COM:8080/people/ann/", "https://example.com:8080/people/ann"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_profile_url(raw: str, expected: str) -> None:
    assert profile_url(raw) == expected


def test_profile_url_is_idempotent() -> None:
    for raw in ("http://de.linkedin.com/in/x/?a=1#b", "linkedin.com/in/y", "https://www.linkedin.com/in/z"):
        once = profile_url(raw)
        assert profile_url(once) == once


# ---------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08 Aug 2012", dt.date(2012, 8, 8)),  # LinkedIn since 2021
        ("8 Aug 2012", dt.date(2012, 8, 8)),
        ("30 Nov 2024", dt.date(2024, 11, 30)),
        ("01 Sep 2020", dt.date(2020, 9, 1)),
        ("01 Sept 2020", dt.date(2020, 9, 1)),
        ("01 sep 2020", dt.date(2020, 9, 1)),
        ("12-Mar-24", dt.date(2024, 3, 12)),  # Excel re-save
        ("8-Aug-12", dt.date(2012, 8, 8)),
        ("31-Dec-99", dt.date(1999, 12, 31)),
        ("1-Jan-00", dt.date(2000, 1, 1)),
        ("9/14/18, 3:05 PM", dt.date(2018, 9, 14)),  # LinkedIn 2018, US order
        ("10/2/17, 10:15 AM", dt.date(2017, 10, 2)),
        ("12/31/2019", dt.date(2019, 12, 31)),
        ("2012-08-08", dt.date(2012, 8, 8)),
        ("2012-08-08 10:00:00", dt.date(2012, 8, 8)),
        ("  08 Aug 2012  ", dt.date(2012, 8, 8)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yesterday",
        "08 Foo 2012",
        "31 Feb 2012",
        "13/14/18",
        "2012-13-01",
        "2012-02-30",
        "12-Mär-24",
        "08.08.2012",
        "Aug 8, 2012",
        "\x00",
    ],
)
def test_parse_date_rejects_garbage(text: str) -> None:
    assert parse_date(text) is None


ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def test_every_english_month_is_read() -> None:
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        assert parse_date(f"05 {name} 2021") == dt.date(2021, number, 5)
        assert parse_date(f"5-{name}-21") == dt.date(2021, number, 5)


def test_month_names_do_not_depend_on_the_locale() -> None:
    """LinkedIn writes English months whatever the user's locale, so a German desktop must still read them."""
    saved = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "C.UTF-8", "C"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        for number, month in enumerate(ENGLISH_MONTHS, start=1):
            assert parse_date(f"12 {month} 2024") == dt.date(2024, number, 12)
        assert parse_date("12-Mär-24") is None  # and a German abbreviation is not guessed at
    finally:
        locale.setlocale(locale.LC_TIME, saved)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/21/24, 8:51 PM", dt.datetime(2024, 5, 21, 20, 51)),
        ("5/21/24, 12:05 AM", dt.datetime(2024, 5, 21, 0, 5)),
        ("5/21/24, 12:05 PM", dt.datetime(2024, 5, 21, 12, 5)),
        ("5/21/24, 8:51\u202fPM", dt.datetime(2024, 5, 21, 20, 51)),  # narrow no-break space (newer ICU)
        ("5/21/24 20:51:07", dt.datetime(2024, 5, 21, 20, 51, 7)),
        ("5/21/24", dt.datetime(2024, 5, 21)),
        ("2024-05-21 20:51:00", dt.datetime(2024, 5, 21, 20, 51)),
        ("2024-05-21T20:51:00", dt.datetime(2024, 5, 21, 20, 51)),
        ("2024-05-21 20:51:00 UTC", dt.datetime(2024, 5, 21, 20, 51)),
        ("2024-05-21T20:51:00Z", dt.datetime(2024, 5, 21, 20, 51)),
        ("2024-05-21T22:51:00+02:00", dt.datetime(2024, 5, 21, 20, 51)),  # stored as naive UTC
        ("2024-05-21", dt.datetime(2024, 5, 21)),
    ],
)
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    value = parse_datetime(text)
    assert value == expected
    assert value is not None and value.tzinfo is None


@pytest.mark.parametrize("text", ["", "soon", "2024-13-01 10:00", "13/45/24, 8:51 PM", "5/21/24, 25:00"])
def test_parse_datetime_rejects_garbage(text: str) -> None:
    assert parse_datetime(text) is None


# ------------------------------------------------------------------------------------------------ birthdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-03-22", "1980-03-22"),
        ("19800322", "1980-03-22"),
        ("--03-22", "--03-22"),
        ("--0322", "--03-22"),
        ("--02-29", "--02-29"),  # a year-less 29 February is a real birthday
        ("2000-02-29", "2000-02-29"),
        ("22 Mar 1980", "1980-03-22"),
        (" 1980-03-22 ", "1980-03-22"),
        ("", ""),
        ("   ", ""),
        ("1980-02-30", ""),
        ("1981-02-29", ""),
        ("--13-01", ""),
        ("--02-30", ""),
        ("19801322", ""),
        ("not a date", ""),
        ("03/22", ""),
    ],
)
def test_birthday(text: str, expected: str) -> None:
    assert birthday(text) == expected


# --------------------------------------------------------------------------------------------- names, keys


def test_sort_key_ignores_accents_and_case() -> None:
    assert sort_key("Émile Lefèvre") == "emile lefevre"
    assert sort_key("ÉMILE") == sort_key("emile")
    assert sort_key("  Zoë ") == "zoe"
    assert sort_key("Straße") == "strasse"  # casefold, not lower
    assert sort_key("") == ""


def test_sort_key_orders_names_as_people_expect() -> None:
    names = ["Zoe", "émile", "Eve", "Ádám", "bruno", "Ömer", "Ann"]
    assert sorted(names, key=sort_key) == ["Ádám", "Ann", "bruno", "émile", "Eve", "Ömer", "Zoe"]


def test_full_name_fallbacks() -> None:
    assert full_name("", "Ada", "", "Quill") == "Ada Quill"
    assert full_name("", " Ada ", "B.", " Quill ") == "Ada B. Quill"
    assert full_name("Dr. Q", "Ada", "", "Quill") == "Dr. Q"
    assert full_name("", "", "", "", "Acme", "ann@example.com") == "ann@example.com"
    assert full_name("", "", "", "", "Acme", "") == "Acme"
    assert full_name("", "", "", "") == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ana Lima, CFA", ("Ana Lima", "CFA")),
        ("Kwame Boateng, PhD, MBA", ("Kwame Boateng", "PhD, MBA")),
        ("Lee Chen, PMP", ("Lee Chen", "PMP")),
        ("Tom Ford, Jr.", ("Tom Ford", "Jr.")),
        ("Lee, Ann", ("Lee, Ann", "")),  # a reversed name, not a credential
        ("Acme, Inc", ("Acme, Inc", "")),
        ("Ana Lima", ("Ana Lima", "")),
        (", CFA", (", CFA", "")),
    ],
)
def test_credentials_after_a_whole_name(name: str, expected: tuple[str, str]) -> None:
    assert split_credentials(name) == expected


def test_a_full_name_column_keeps_several_credentials_with_the_last_name() -> None:
    from linkorganizer.formats.csv_generic import split_full_name  # noqa: PLC0415

    assert split_full_name("Kwame Boateng, PhD, MBA") == ("Kwame", "Boateng, PhD, MBA")
    assert split_full_name("Ana Lima, CFA") == ("Ana", "Lima, CFA")
    assert split_full_name("Smith, Ann") == ("Ann", "Smith")
