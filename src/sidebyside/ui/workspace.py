"""The unlocked part of the main window: navigation on the left, the chosen section on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QScrollArea, QStackedWidget, QWidget

from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.section import Section


class Workspace(QWidget):
    changes_made = Signal(object)  # Changes a section made that other sections may show

    def __init__(self, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = sections
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.pages = QStackedWidget(self)
        for section in sections:
            self.navigation.addItem(section.title)
            self.pages.addWidget(section)
            changed = getattr(section, "changed", None)
            if changed is not None:
                changed.connect(self.changes_made.emit)
            requested = getattr(section, "journal_entry_requested", None)
            if requested is not None:
                requested.connect(self.open_journal_entry)
        width = max(self.navigation.sizeHintForColumn(0), 0) + self.fontMetrics().height() * 3
        self.navigation.setFixedWidth(width)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        # The sections scroll as a whole only when the window is smaller than the biggest of them needs (a
        # small screen at 200%): their minimum sizes don't become the window's, so it always fits the screen.
        scroll = QScrollArea(self)
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(scroll, 1)

    def current_index(self) -> int:
        return self.navigation.currentRow()

    def show_section(self, index: int) -> None:
        if 0 <= index < len(self.sections):
            self.navigation.setCurrentRow(index)

    def open_journal_entry(self, uid: str) -> None:
        """Show the journal section with this entry open (e.g. a prompt started from a conversation)."""
        for index, section in enumerate(self.sections):
            show_entry = getattr(section, "show_entry", None)
            if show_entry is not None:
                self.show_section(index)
                show_entry(uid)
                return

    def load(self, session: VaultSession) -> None:
        for section in self.sections:
            section.load(session)

    def stash(self) -> None:
        for section in self.sections:
            section.stash()

    def clear(self) -> None:
        for section in self.sections:
            section.clear()

    def broadcast(self, changes: Changes) -> None:
        for section in self.sections:
            section.on_changes(changes)
