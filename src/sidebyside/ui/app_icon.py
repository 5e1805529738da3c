"""The app's own icon (window icon, About box), from the PNGs rendered for every size in resources/icons."""

from __future__ import annotations

import os

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from sidebyside import APP_ID
from sidebyside.core.content import resources_dir


def app_icon() -> QIcon:
    """Every rendered size, so the icon is sharp at 100% and 200% scaling (files load only when drawn)."""
    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    sizes = sorted(os.listdir(hicolor)) if hicolor.is_dir() else []  # 16x16 … 512x512 (and scalable/, unused)
    for folder in sizes:
        side = folder.partition("x")[0]
        png = hicolor / folder / "apps" / f"{APP_ID}.png"
        if side.isdigit() and png.is_file():
            icon.addFile(str(png), QSize(int(side), int(side)))
    return icon
