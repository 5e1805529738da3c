"""A button that looks like a link (the theme styles role="link"): for a quiet way to another path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QPushButton, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QEnterEvent


class LinkButton(QPushButton):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFlat(True)
        self.setProperty("role", "link")
        self.setAutoDefault(False)  # in a dialog, Enter with a link focused still goes to the dialog's main button
        self._hand = False

    def enterEvent(self, event: QEnterEvent) -> None:
        # The pointing hand is given when the pointer first comes over the link, not when it is made: a cursor
        # shape is a Qt-namespace value, which the lock screen is built without (see ui/qt_names.py).
        if not self._hand:
            self._hand = True
            self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)
