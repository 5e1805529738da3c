"""The contract every main-window section keeps, so that locking leaves nothing decrypted behind.

Lock calls ``stash()`` on every section while the vault is still open (drafts are saved,
encrypted), then ``clear()`` (every model, label and editor emptied), then closes the vault.
Unlock calls ``load(session)`` again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession


class Section(QWidget):
    #: Shown in the navigation; subclasses set it (translated) in __init__.
    title: str = ""

    def load(self, session: VaultSession) -> None:
        """Fill the section from the open vault."""

    def stash(self) -> None:
        """Save anything typed but not yet saved (called before lock, with the vault still open)."""

    def clear(self) -> None:
        """Drop every piece of decrypted text this section shows or holds."""

    def on_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` touched (broadcast once per operation)."""

    def add_shortcuts(self, shortcuts: Iterable[tuple[QKeySequence | QKeySequence.StandardKey, Callable[[], object]]]
                      ) -> None:
        """Keys that work anywhere inside this section (and only there)."""
        for keys, slot in shortcuts:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
