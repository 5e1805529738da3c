"""A combo box that fills itself only when it is about to be used (for lists that cost a query, like all
tags): when it is opened, or at the first key pressed on it (arrows and typing choose without opening it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget


class LazyComboBox(QComboBox):
    def __init__(self, fill: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self._filled_while_focused = False  # one query per visit, not one per key

    def showPopup(self) -> None:
        self._fill()
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._filled_while_focused:
            self._fill()
            self._filled_while_focused = True
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._filled_while_focused = False
        super().focusOutEvent(event)
