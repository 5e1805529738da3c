"""A button that looks like a link (the theme styles role="link"): for a quiet way to another path."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget


def link_button(text: str, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setFlat(True)
    button.setProperty("role", "link")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAutoDefault(False)  # in a dialog, Enter with a link focused still goes to the dialog's main button
    return button
