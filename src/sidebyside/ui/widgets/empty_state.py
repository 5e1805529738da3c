"""A calm, centred explanation of what a screen will hold and what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from sidebyside.ui.widgets.labels import plain_label


class EmptyState(QWidget):
    def __init__(self, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = plain_label(title, "title", self)
        self.body = plain_label(body, "muted", self)
        for label in (self.title, self.body):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setMaximumWidth(self.fontMetrics().averageCharWidth() * 70)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
