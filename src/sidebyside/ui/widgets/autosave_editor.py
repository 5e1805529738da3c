"""A plain-text editor whose text is a draft in the encrypted vault: saved while typing, kept across lock."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from sidebyside.core.services import drafts
from sidebyside.core.services.vault_service import VaultSession

DEBOUNCE_MS = 600


class AutosaveEditor(QPlainTextEdit):
    def __init__(self, draft_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft_key = draft_key
        self._session: VaultSession | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_textChanged)

    def bind(self, session: VaultSession) -> None:
        """Show the saved draft from ``session`` and save into it from now on."""
        self._session = session
        text = drafts.load_draft(session, self._draft_key) or ""
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self.document().clearUndoRedoStacks()
        self._dirty = False

    def flush(self) -> None:
        self._timer.stop()
        if self._dirty and self._session is not None and self._session.is_open:
            drafts.save_draft(self._session, self._draft_key, self.toPlainText())
            self._dirty = False

    def unbind(self) -> None:
        """Forget the text (and its undo history) after it has been flushed."""
        self.flush()
        self._session = None
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.document().clearUndoRedoStacks()
        self._dirty = False

    def _on_textChanged(self) -> None:
        if self._session is not None:
            self._dirty = True
            self._timer.start()
