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
        ComingSection(tr("Talk it through"), tr("A guided conversation will live here"), tr(
            "After a hard moment, SideBySide will walk you both through a calm repair conversation, one of "
            "you speaking and the other listening, in turns. It is not ready yet in this version."), parent),
    ]
