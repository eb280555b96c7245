"""Where a network lives, as the window and the settings keep it: a file, or a server's URL without password."""

from __future__ import annotations

from pathlib import Path

from linkorganizer.core.sharing import Place, split_password, with_password


def test_a_server_place_keeps_everything_but_the_password() -> None:
    url = "postgresql://ana:s%40cret@db.example.com:6543/agency?sslmode=require"
    place = Place.of(url)
    assert place.shared and place.target == "postgresql://ana@db.example.com:6543/agency?sslmode=require"
    assert (place.name, place.user) == ("agency on db.example.com", "ana")
    assert split_password(url) == (place.target, "s@cret")
    assert with_password(place.target, "s@cret") == url
    assert split_password(place.target) == (place.target, None)
    assert Place.of("postgresql://[::1]/net").target == "postgresql://[::1]/net"


def test_a_file_place_is_its_absolute_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    place = Place.of("net.db")
    assert not place.shared and place.file == tmp_path / "net.db" and place.name == "net"
    assert place.same(tmp_path / "net.db") and not place.same(Place.of("postgresql://ana@host/net"))
    assert place.folder() == tmp_path
