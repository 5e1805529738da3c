"""Render the app icon's PNGs from its SVG (Qt's own SVG renderer, offscreen; no display needed).

    python packaging/make_icons.py

Reads resources/icons/hicolor/scalable/apps/<APP_ID>.svg and writes
resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png for every size in SIZES. Commit the PNGs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parents[1]


def render(svg: Path, out_dir: Path, app_id: str) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        target = out_dir / f"{size}x{size}" / "apps" / f"{app_id}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        # PNG stores straight (not premultiplied) alpha.
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"make_icons: could not write {target}")
        written.append(target)
    return written


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from sidebyside import APP_ID

    hicolor = ROOT / "resources" / "icons" / "hicolor"
    for path in render(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", hicolor, APP_ID):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
