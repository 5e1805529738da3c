"""Sections whose features arrive in later versions: each says plainly what it will hold (no fake data)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sidebyside.ui.section import Section
from sidebyside.ui.widgets.empty_state import EmptyState


class ComingSection(Section):
    def __init__(self, title: str, heading: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_state = EmptyState(heading, body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_state)


def coming_sections(parent: QWidget) -> list[Section]:
    def tr(text: str) -> str:
        return parent.tr(text)

    return [
        ComingSection(tr("Print"), tr("Printable guides will live here"), tr(
            "A conversation guide to take to the table, and a page of your buttons for the fridge. "
            "Printing is not ready yet in this version."), parent),
    ]
