"""The app's own icon (window icon, About box), from the PNGs rendered for every size in resources/icons."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from sidebyside import APP_ID
from sidebyside.core.content import resources_dir


def app_icon() -> QIcon:
    """Every rendered size, so the icon is sharp at 100% and 200% scaling (files load only when drawn)."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons" / "hicolor").glob(f"*x*/apps/{APP_ID}.png")):
        side = int(png.parent.parent.name.partition("x")[0])
        icon.addFile(str(png), QSize(side, side))
    return icon
