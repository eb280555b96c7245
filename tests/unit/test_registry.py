"""The format registry: one spec per format, everything else derived from it; detection by the best score."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.formats import registry, specs

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


def test_everything_is_derived_from_the_specs() -> None:
    assert registry.IMPORT_FORMATS == ("auto", *(s.name for s in specs.FORMATS if s.reader))
    assert registry.EXPORT_FORMATS == tuple(s.name for s in specs.FORMATS if s.writer)
    assert set(registry.FORMAT_TITLES) == {s.name for s in specs.FORMATS}
    assert registry.references() == {ref for s in specs.FORMATS for ref in (s.reader, s.writer, s.sniffer) if ref}
    for spec in registry.EXPORT_SPECS:
        assert registry.spec(spec.read_back).reader, spec.name
        assert spec.suggested_suffix.endswith(spec.suffixes[0][-4:])
        assert spec.dialog_filter.endswith(";;All files (*)")
    assert [s.name for s in specs.FORMATS if s.fallback] == ["generic-csv"]
    for suffix in (".csv", ".vcf", ".json"):
        assert f"*{suffix}" in registry.import_filter()


def test_the_command_line_offers_the_registry_formats() -> None:
    from linkorganizer.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for command, expected in (("import", registry.IMPORT_FORMATS), ("export", registry.EXPORT_FORMATS)):
        fmt = next(a for a in sub.choices[command]._actions if a.dest == "format")
        assert tuple(fmt.choices) == expected


@pytest.mark.parametrize("reference", ["os:system", "vcard:_unescape", "linkedin", "csv_table:write_csv "])
def test_load_refuses_what_the_specs_do_not_name(reference: str) -> None:
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
    assert registry.detect_format(path) == registry.spec(fmt).read_back


def test_own_csv_outscores_the_layouts_that_share_its_columns(db, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ann", "last_name": "Lee", "connected_on": "2024-03-14"})
    path = tmp_path / "own.csv"
    registry.export_file(path, "csv")
    found = registry.scores(path)
    assert found["csv"] > 0 and found["linkedin"] > 0  # both claim it: the score decides, not the order
    assert found["csv"] > max(score for name, score in found.items() if name != "csv")


def test_a_csv_nobody_claims_is_the_generic_fallback(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name;Mail\nAnn Lee;ann@example.com\n", encoding="utf-8")
    assert set(registry.scores(path).values()) == {0}
    assert registry.detect_format(path) == "generic-csv"
