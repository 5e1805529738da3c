"""The Print section: the documents SideBySide prints, each with Print…, Preview… and Save as PDF….

Documents are built only when asked for and not kept: locking leaves nothing decrypted here (the
section holds the session, and forgets it on clear()).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from sidebyside.core.errors import SideBySideError
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui import prompts
from sidebyside.ui.print_dialog import Printable, ask_pdf_path, paper_combo, preview, print_on_printer, save_pdf
from sidebyside.ui.print_documents import DocumentEntry, entries
from sidebyside.ui.printing import Paper
from sidebyside.ui.section import Section
from sidebyside.ui.widgets.labels import plain_label


class _DocumentCard(QFrame):
    def __init__(self, entry: DocumentEntry, parent: QWidget) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setProperty("role", "card")
        self.name = plain_label(entry.name, "subtitle", self)
        self.description = plain_label(entry.description, parent=self)
        self.chooser: QComboBox | None = None
        if entry.choices is not None:
            self.chooser = QComboBox(self)
            self.chooser.setAccessibleName(self.tr("Which one: {0}").format(entry.name))
            self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.preview_button = QPushButton(self.tr("Preview…"), self)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        for button, verb in ((self.print_button, self.tr("Print")), (self.preview_button, self.tr("Preview")),
                             (self.pdf_button, self.tr("Save as PDF"))):
            button.setAccessibleName(f"{verb}: {entry.name}")
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.preview_button)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height()
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.name)
        layout.addWidget(self.description)
        if self.chooser is not None:
            layout.addWidget(self.chooser, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row)

    def fill_choices(self, session: VaultSession | None) -> None:
        """The items to choose from (none while locked: their labels are vault content)."""
        if self.chooser is None or self.entry.choices is None:
            return
        self.chooser.clear()
        for key, label in self.entry.choices(session) if session is not None else []:
            self.chooser.addItem(label, key)
        if self.chooser.count() == 0:
            self.chooser.addItem(self.tr("Nothing to choose yet"), "")

    def choice(self) -> str:
        return str(self.chooser.currentData() or "") if self.chooser is not None else ""

    def set_available(self, available: bool) -> None:
        available = available and (self.chooser is None or bool(self.choice()))
        for button in (self.print_button, self.preview_button, self.pdf_button):
            button.setEnabled(available)


class PrintSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Print")
        self._session: VaultSession | None = None
        self._warned: set[str] = set()  # documents whose "a PDF is not encrypted" warning was accepted
        heading = plain_label(self.tr("Print"), "title", self)
        intro = plain_label(self.tr("Take a guide to the table before a hard talk, or put your buttons on the "
                                    "fridge. Pages always print on white, whatever this screen looks like."),
                            parent=self)
        self.paper = paper_combo(self)
        paper_label = QLabel(self.tr("P&aper"), self)
        paper_label.setBuddy(self.paper)
        paper_row = QHBoxLayout()
        paper_row.addWidget(paper_label)
        paper_row.addWidget(self.paper)
        paper_row.addStretch(1)
        self.message = plain_label("", "error", self)
        self.message.hide()  # shown only with something to say
        self.cards: dict[str, _DocumentCard] = {}
        content = QWidget(self)
        column = QVBoxLayout(content)
        margin = self.fontMetrics().height() * 2
        column.setContentsMargins(margin, margin, margin, margin)
        column.addWidget(heading)
        column.addWidget(intro)
        column.addLayout(paper_row)
        column.addWidget(self.message)
        column.addSpacing(self.fontMetrics().height() // 2)
        for entry in entries():
            card = _DocumentCard(entry, content)
            card.print_button.clicked.connect(lambda _=False, k=entry.key: self.print_document(k))
            card.preview_button.clicked.connect(lambda _=False, k=entry.key: self.preview_document(k))
            card.pdf_button.clicked.connect(lambda _=False, k=entry.key: self.save_pdf(k))
            card.set_available(not entry.needs_vault)
            self.cards[entry.key] = card
            column.addWidget(card)
        column.addWidget(plain_label(self.tr("The recovery sheet has its own place: Vault ▸ Recovery sheet…"),
                                     "muted", content))
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- the Section contract ---------------------------------------------------------------------
    def load(self, session: VaultSession) -> None:
        self._session = session
        for card in self.cards.values():
            card.fill_choices(session)
            card.set_available(True)

    def clear(self) -> None:
        self._session = None
        self._warned.clear()
        self._say("")
        for card in self.cards.values():
            card.fill_choices(None)
            card.set_available(not card.entry.needs_vault)

    def on_changes(self, changes: Changes) -> None:
        if self._session is not None and changes.conversations:
            for card in self.cards.values():
                card.fill_choices(self._session)
                card.set_available(True)

    # -- actions ----------------------------------------------------------------------------------
    def selected_paper(self) -> Paper:
        return Paper(self.paper.currentData())

    def printable(self, key: str) -> Printable | None:
        """The document, built now from the open vault (None, with a message, when it can't be)."""
        entry = self.cards[key].entry
        if entry.needs_vault and self._session is None:
            return None
        try:
            return entry.build(self._session, self.cards[key].choice())
        except SideBySideError as exc:
            self._say(exc.message)
            return None

    def print_document(self, key: str) -> None:
        printable = self.printable(key)
        if printable is not None:
            self._say(print_on_printer(printable, self.selected_paper(), self))

    def preview_document(self, key: str) -> None:
        printable = self.printable(key)
        if printable is not None:
            self._say("")
            preview(printable, self.selected_paper(), self)

    def save_pdf(self, key: str, path: Path | None = None) -> bool:
        """Warn once (documents with the couple's words), ask where (unless ``path``), write. True when written."""
        printable = self.printable(key)
        if printable is None:
            return False
        if printable.pdf_warning and key not in self._warned:
            if not prompts.confirm(self, self.tr("A PDF is not encrypted"), printable.pdf_warning,
                                   self.tr("Save the PDF")):
                return False
            self._warned.add(key)
        path = path or ask_pdf_path(printable, self)
        if path is None:
            return False
        problem = save_pdf(printable, self.selected_paper(), path)
        self._say(problem or self.tr("Saved to {0}").format(path), error=bool(problem))
        return not problem

    def _say(self, text: str, error: bool = True) -> None:
        self.message.setProperty("role", "error" if error else "muted")
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
