"""A row of colour swatches to choose a partner's colour. From the keyboard it works like radio buttons (Qt gives
an exclusive button group one Tab stop, the chosen colour): the arrows move along the row, Space chooses."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from sidebyside.core.domain.partners import PALETTE

_NAMES = {"#d9485f": "Rose", "#2f7dd1": "Blue", "#2e9e6b": "Green", "#c77c0e": "Amber", "#8a5cd1": "Violet",
          "#1f9aa6": "Teal", "#c2508f": "Plum", "#6b7b2c": "Olive"}


def swatch_icon(colour: str, size: int = 64) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(130))
    painter.drawEllipse(4, 4, size - 8, size - 8)
    painter.end()
    return QIcon(pixmap)


class ColourChoice(QWidget):
    colour_changed = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        side = self.fontMetrics().height() * 2
        for colour in PALETTE:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setIcon(swatch_icon(colour))
            button.setIconSize(QSize(side, side))
            button.setAccessibleName(f"{accessible_name}: {_NAMES.get(colour, colour)}")
            button.setToolTip(_NAMES.get(colour, colour))
            button.setProperty("colour", colour)
            button.setProperty("swatch", True)
            self._group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self._group.buttonToggled.connect(self._on_group_button_toggled)

    def _on_group_button_toggled(self, button: QToolButton, checked: bool) -> None:
        if checked:
            self.setFocusProxy(button)  # setFocus() on the row lands on the chosen colour
            self.colour_changed.emit(str(button.property("colour")))

    def colour(self) -> str:
        button = self._group.checkedButton()
        return str(button.property("colour")) if button else ""

    def set_colour(self, colour: str) -> None:
        for button in self._group.buttons():
            if button.property("colour") == colour:
                button.setChecked(True)
