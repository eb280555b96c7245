"""Render resources/linkorganizer.svg into the app's icons; run it again whenever the SVG changes.

    python resources/make_icons.py [OUTPUT_FOLDER]      (default: this folder)

Writes the freedesktop hicolor tree (icons/hicolor/NxN/apps/<app id>.png for every size in
linkorganizer.desktop.ICON_SIZES, and icons/hicolor/scalable/apps/<app id>.svg) and linkorganizer.ico for the
Windows executable. Qt's ICO writer stores one image per file, so the multi-size ICO is put together here: an
ICONDIR header, one entry per size, PNG payloads (which Windows reads since Vista).
"""

from __future__ import annotations

import shutil
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from linkorganizer.desktop import APP_ID, ICO_SIZES, ICON_SIZES, icon_relpath  # noqa: E402

SOURCE = HERE / "linkorganizer.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # Straight alpha is what PNG stores; converting here keeps the files identical run after run.
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows ICO holding *pngs* (size → PNG data), smallest first."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, image count
    offset = len(header) + 16 * len(sizes)
    entries, payloads = b"", b""
    for size in sizes:
        payload = pngs[size]
        edge = 0 if size == 256 else size  # one byte each; 0 stands for 256
        # width, height, palette colours, reserved, colour planes, bits per pixel, payload size, payload offset
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
        payloads += payload
    return header + entries + payloads


def make_icons(output: Path) -> list[Path]:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: Qt cannot read this SVG")
    written = []
    pngs = {}
    for size in ICON_SIZES:
        data = png_bytes(render(renderer, size))
        pngs[size] = data
        written.append(_write(output / icon_relpath(size), data))
    scalable = output / icon_relpath(None)
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    written.append(scalable)
    written.append(_write(output / "linkorganizer.ico", ico_bytes({size: pngs[size] for size in ICO_SIZES})))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[0]) if argv else HERE
    # Rendering needs no screen: offscreen, so this runs on a build machine too.
    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    for path in make_icons(output):
        print(path)
    app.processEvents()
    print(f"Icons for {APP_ID} written to {output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
