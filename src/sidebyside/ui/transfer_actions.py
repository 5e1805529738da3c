"""Vault ▸ Export… and Import…: unencrypted exports (after a warning) and checked imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from sidebyside.core.errors import SideBySideError
from sidebyside.ui import prompts

if TYPE_CHECKING:
    from sidebyside.ui.main_window import MainWindow

JSON_FILTER = "SideBySide export, JSON (*.json)"
MARKDOWN_FILTER = "Markdown, for reading (*.md)"


class TransferActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.export_action = QAction(self.tr("&Export…"), self)
        self.export_action.triggered.connect(lambda: self.export())
        self.import_action = QAction(self.tr("&Import…"), self)
        self.import_action.triggered.connect(lambda: self.import_file())
        self.actions = (self.export_action, self.import_action)

    def set_unlocked(self, unlocked: bool) -> None:
        for action in self.actions:
            action.setEnabled(unlocked)

    def export(self, path: Path | None = None, markdown: bool | None = None) -> bool:
        session = self._window.session
        if session is None:
            return False
        if not prompts.confirm(self._window, self.tr("Exports are not encrypted"), self.tr(
                "The exported file can be read by anyone who opens it. Private entries are never included. Keep the "
                "file somewhere safe and delete it when you no longer need it."), self.tr("Export")):
            return False
        if path is None:
            name, chosen = QtWidgets.QFileDialog.getSaveFileName(self._window, self.tr("Export to"),
                                                                 str(Path.home() / "SideBySide export.json"),
                                                                 f"{self.tr(JSON_FILTER)};;{self.tr(MARKDOWN_FILTER)}")
            if not name:
                return False
            path, markdown = Path(name), chosen == self.tr(MARKDOWN_FILTER)
        private_of = self._private_consent()
        try:
            from sidebyside.core.services import transfer  # only when asked: it isn't needed to show the window

            (transfer.export_markdown if markdown else transfer.export_json)(session, path, private_of)
        except OSError as exc:
            prompts.show_error(self._window, self.tr("Export"), self.tr("The export couldn't be written ({0}).")
                               .format(exc.strerror or exc))
            return False
        self._window.statusBar().showMessage(self.tr("Exported to {0}").format(path), 8000)
        return True

    def _private_consent(self) -> tuple[int, ...]:
        """Private entries go into an export only for a partner whose space is open and who says yes."""
        session = self._window.session
        if session is None or not session.private_keys:
            return ()
        from sidebyside.core.services import vault_service

        names = {p.slot: p.name for p in vault_service.overview(session).partners}
        agreed = []
        for slot in sorted(session.private_keys):
            if prompts.confirm(self._window, self.tr("Private entries"), self.tr(
                    "{0}'s private space is open. Include {0}'s private entries in this unencrypted export? "
                    "Only if {0} agrees.").format(names.get(slot, "?")), self.tr("Include them")):
                agreed.append(slot)
        return tuple(agreed)

    def import_file(self, path: Path | None = None) -> bool:
        session = self._window.session
        if session is None:
            return False
        if path is None:
            name, _ = QtWidgets.QFileDialog.getOpenFileName(self._window, self.tr("Import a SideBySide export"),
                                                            str(Path.home()), self.tr(JSON_FILTER))
            if not name:
                return False
            path = Path(name)
        from sidebyside.core.services import transfer

        try:
            summary, changes = transfer.import_document(session, transfer.read_import_file(path))
        except SideBySideError as exc:
            prompts.show_error(self._window, self.tr("Nothing was imported"), exc.message)
            return False
        self._window.apply_changes(changes)
        prompts.show_info(self._window, self.tr("Import"), self.tr("Imported: {0}.").format(summary.describe()))
        return True
