"""The format registry's by-name tables: every reference resolves, and the frozen build is told every module."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.formats import registry

ALL_REFERENCES = sorted(registry.references())


@pytest.mark.parametrize("reference", ALL_REFERENCES)
def test_every_reference_resolves(reference: str) -> None:
    module, _, name = reference.partition(":")
    target = getattr(importlib.import_module(f"linkorganizer.formats.{module}"), name)
    assert callable(target)
    assert registry._load(reference) is target


def test_dynamic_modules_cover_every_reference() -> None:
    modules = registry.dynamic_modules()
    for reference in ALL_REFERENCES:
        assert f"linkorganizer.formats.{reference.partition(':')[0]}" in modules
    assert len(modules) == len(set(modules))
    for module in modules:
        importlib.import_module(module)  # fully qualified: the build can hand it to PyInstaller as it is


def test_tables_name_every_format() -> None:
    # Each table entry is found by the references set; a by-name use outside the tables is refused.
    assert set(registry.READERS.values()) <= registry.references()
    assert set(registry.WRITERS.values()) <= registry.references()
    assert registry.EXPORT_FORMATS == tuple(registry.WRITERS)
    assert registry.IMPORT_FORMATS == ("auto", *registry.READERS)
    assert set(registry.FORMAT_TITLES) == set(registry.READERS)
    assert set(registry.READ_BACK) == set(registry.WRITERS)
    assert set(registry.READ_BACK.values()) <= set(registry.READERS)
    for name, _ in (*registry.TEXT_SNIFFERS, *registry.CSV_SNIFFERS):
        assert name in registry.READERS


@pytest.mark.parametrize("reference", ["os:system", "vcard:_unescape", "linkedin", "csv_table:write_csv "])
def test_load_refuses_what_the_tables_do_not_name(reference: str) -> None:
    with pytest.raises(ValueError, match="not in the format registry"):
        registry._load(reference)


@pytest.mark.parametrize("fmt", registry.EXPORT_FORMATS)
def test_every_export_is_detected_as_what_reads_it_back(db, tmp_path: Path, fmt: str) -> None:
    # The app's own CSV has LinkedIn's "First Name" and "Connected On" columns; it must still come back as "csv".
    contacts.create_contact(
        {"first_name": "Ann", "last_name": "Lee", "connected_on": "2024-03-14", "profile_url": "https://www.linkedin.com/in/ann"}
    )
    path = tmp_path / f"out.{fmt}"
    assert registry.export_file(path, fmt) == 1
    assert registry.detect_format(path) == registry.READ_BACK[fmt]
