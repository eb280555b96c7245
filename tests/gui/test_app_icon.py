"""The app's own icon: every drawn size reaches the window icon, and the committed PNGs are the SVG's rendering."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader

from linkorganizer.desktop import APP_ID, ICO_SIZES, ICON_SIZES, icon_relpath
from linkorganizer.paths import resources_dir
from linkorganizer.ui.icons import app_icon

RESOURCES = resources_dir()


def rgba(image: QImage) -> bytes:
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return bytes(converted.constBits())[: converted.sizeInBytes()]


def mean_difference(a: QImage, b: QImage) -> float:
    assert a.size() == b.size()
    left, right = rgba(a), rgba(b)
    return sum(abs(x - y) for x, y in zip(left, right, strict=True)) / len(left)


def test_the_window_icon_has_every_drawn_size(qapp) -> None:
    icon = app_icon()
    assert sorted(size.width() for size in icon.availableSizes()) == list(ICON_SIZES)
    small = icon.pixmap(QSize(16, 16)).toImage()
    drawn = QImage(str(RESOURCES / icon_relpath(16)))
    assert small.size() == QSize(16, 16)
    assert rgba(small) == rgba(drawn)  # the hand-checked 16 px file itself, not a downscaled 512


@pytest.fixture(scope="module")
def fresh_icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("make_icons", RESOURCES / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    output = tmp_path_factory.mktemp("icons")
    module.make_icons(output)
    return output


def test_make_icons_writes_the_whole_set(qapp, fresh_icons: Path) -> None:
    names = {path.relative_to(fresh_icons).as_posix() for path in fresh_icons.rglob("*") if path.is_file()}
    assert names == {
        "linkorganizer.ico",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(icon_relpath(size).as_posix() for size in ICON_SIZES),
    }
    for size in ICON_SIZES:
        assert QImage(str(fresh_icons / icon_relpath(size))).size() == QSize(size, size)
    # Qt's own ICO reader finds every size in the container written by hand.
    reader = QImageReader(str(fresh_icons / "linkorganizer.ico"))
    sizes = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        sizes.append(reader.read().width())
    assert sizes == list(ICO_SIZES)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_committed_icons_are_the_current_svg(qapp, fresh_icons: Path, size: int) -> None:
    # A tolerance, not byte equality: another Qt version may antialias an edge a shade differently. Editing the
    # SVG without running resources/make_icons.py moves far more than that.
    committed = QImage(str(RESOURCES / icon_relpath(size)))
    fresh = QImage(str(fresh_icons / icon_relpath(size)))
    assert mean_difference(committed, fresh) < 1.0
