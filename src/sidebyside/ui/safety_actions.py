"""The vault's safety actions in the main window: back up, check, change passphrase, restore.

Also the automatic work after each unlock: a quick integrity check and the once-a-day backup.
The actions exist (disabled) on the lock screen; the services behind them load when first used, so the
window appears without them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from sidebyside.core.errors import SideBySideError
from sidebyside.core.services.changes import Changes
from sidebyside.ui import prompts
from sidebyside.ui.background import Background

if TYPE_CHECKING:
    from sidebyside.core.services.safety import BackupInfo, IntegrityReport
    from sidebyside.ui.main_window import MainWindow

log = logging.getLogger(__name__)
CHECKPOINT_EVERY_MS = 60_000


class SafetyActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._background = Background(self)
        self.backup_action = QAction(self.tr("&Back up now…"), self)
        self.backup_action.setShortcuts([QKeySequence("Ctrl+Shift+B")])  # (a list: see ui/qt_names.py)
        # Not connected to back_up_to_folder itself: triggered(bool) would pass checked=False as the folder,
        # so the menu item would skip the folder dialog and write into the vault's own backups/ folder.
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        self.check_action = QAction(self.tr("&Check the vault"), self)
        self.check_action.triggered.connect(self.check_vault)
        self.change_passphrase_action = QAction(self.tr("Change the &passphrase…"), self)
        self.change_passphrase_action.triggered.connect(self.change_passphrase)
        self.new_code_action = QAction(self.tr("Make a new recovery c&ode…"), self)
        self.new_code_action.triggered.connect(self.new_recovery_code)
        self.restore_action = QAction(self.tr("&Restore from a backup…"), self)
        self.restore_action.triggered.connect(self.restore)
        self.rekeying = False  # the open vault is being re-keyed: locking must wait
        self._checkpoints = QTimer(self)
        self._checkpoints.setInterval(CHECKPOINT_EVERY_MS)
        self._checkpoints.timeout.connect(self._on_checkpoint_timeout)
        self.unlocked_only = (self.backup_action, self.check_action, self.change_passphrase_action,
                              self.new_code_action)

    def set_unlocked(self, unlocked: bool) -> None:
        for action in self.unlocked_only:
            action.setEnabled(unlocked)
        if unlocked and self._window.session is not None:
            from sidebyside.core.services import vault_service

            vault_service.defer_checkpoints(self._window.session)  # saves stay quick; we checkpoint here
            self._checkpoints.start()
        else:
            self._checkpoints.stop()

    def _on_checkpoint_timeout(self) -> None:
        session = self._window.session
        if session is not None and not self._background.busy:
            from sidebyside.core.services import vault_service

            self._background.run(vault_service.checkpoint_job(session), lambda _pages: None,
                                 lambda exc: log.warning("checkpoint failed: %s", type(exc).__name__))

    @property
    def busy(self) -> bool:
        return self._background.busy

    # -- after every unlock ---------------------------------------------------------------------
    def after_unlock(self) -> None:
        """A quick integrity check, then the daily backup if due; both in the background, after first paint."""
        session = self._window.session
        if session is None:
            return
        from sidebyside.core.services import safety

        backup = safety.automatic_backup_job(session)
        self._background.run(safety.full_check_job(session, full=False),
                             lambda report: self._on_quick_check_done(report, backup), self._on_check_failed)

    def _on_quick_check_done(self, report: IntegrityReport, backup: object) -> None:
        if not report.ok:
            log.warning("quick check found problems at unlock")
            prompts.show_error(self._window, self.tr("The vault needs attention"), self.tr(
                "SideBySide found damage in the vault file while opening it. Your data may be incomplete. "
                "Please restore the newest backup (Vault ▸ Restore from a backup…); the damaged vault will be kept "
                "aside, not deleted."))
            return  # don't let a damaged vault push good backups out of the rotation
        if callable(backup) and self._window.session is not None:
            self._background.run(backup, self._on_backup_done, self._on_backup_failed)

    def _on_backup_done(self, info: BackupInfo) -> None:
        log.info("backup written (%s)", info.reason)
        self._window.apply_changes(Changes(vault=True))
        self._window.statusBar().showMessage(self.tr("Backup made and checked."), 5000)

    def _on_backup_failed(self, exc: BaseException) -> None:
        log.warning("backup failed: %s", type(exc).__name__)
        message = exc.message if isinstance(exc, SideBySideError) else type(exc).__name__
        self._window.statusBar().showMessage(self.tr("The backup couldn't be made: {0}").format(message))

    # -- menu actions ---------------------------------------------------------------------------
    def _on_backup_action_triggered(self) -> None:
        self.back_up_to_folder()

    def back_up_to_folder(self, folder: Path | None = None) -> None:
        # Jobs queue on the one worker: asking while the after-unlock check still runs is fine.
        session = self._window.session
        if session is None:
            return
        if folder is None:
            chosen = QtWidgets.QFileDialog.getExistingDirectory(self._window, self.tr("Back up to which folder?"),
                                                                str(Path.home()))
            if not chosen:
                return
            folder = Path(chosen)
        from sidebyside.core.services import safety

        self._window.statusBar().showMessage(self.tr("Making a backup…"))
        self._background.run(safety.backup_job(session, folder), self._on_backup_to_folder_done,
                             self._on_backup_failed)

    def _on_backup_to_folder_done(self, info: BackupInfo) -> None:
        self._window.statusBar().clearMessage()
        prompts.show_info(self._window, self.tr("Backup made"), self.tr(
            "The backup is written and checked:\n{0}\n\nIt is encrypted: it opens with your passphrase or your "
            "recovery code, on this computer or another one.").format(info.path))

    def check_vault(self) -> None:
        session = self._window.session
        if session is None:
            return
        from sidebyside.core.services import safety

        self._window.statusBar().showMessage(self.tr("Checking the whole vault…"))
        self._background.run(safety.full_check_job(session), self._on_check_done, self._on_check_failed)

    def _on_check_done(self, report: IntegrityReport) -> None:
        self._window.statusBar().clearMessage()
        if report.ok:
            prompts.show_info(self._window, self.tr("Vault check"), self.tr("The whole vault was checked: no "
                                                                            "problems found."))
        elif prompts.confirm(self._window, self.tr("Vault check"), report.summary + "\n\n" + self.tr(
                "Restore the newest backup now? SideBySide will lock first; the damaged vault is kept aside."),
                self.tr("Choose a backup…")):
            self.restore(confirmed=True)

    def _on_check_failed(self, exc: BaseException) -> None:
        self._window.statusBar().clearMessage()
        message = exc.message if isinstance(exc, SideBySideError) else type(exc).__name__
        prompts.show_error(self._window, self.tr("Vault check"), self.tr("The check couldn't run: {0}").format(message))

    def change_passphrase(self) -> None:
        if self._window.session is None:
            return
        from sidebyside.ui.change_passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self._window.context.paths, self._window.context.kdf, self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._window.statusBar().showMessage(self.tr("The passphrase was changed."), 5000)
        dialog.deleteLater()

    def new_recovery_code(self) -> None:
        window = self._window
        if window.session is None:
            return
        from sidebyside.ui.new_recovery_code_dialog import NewRecoveryCodeDialog

        window.idle.disarm()  # the re-key uses the open vault; it must not be locked underneath it
        dialog = NewRecoveryCodeDialog(window.session, window.context.kdf, window.context.secret_store, window)
        self.rekeying = True
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                window.apply_changes(Changes(vault=True))
                prompts.show_info(window, self.tr("New recovery code"), self.tr(
                    "The vault now opens with the new recovery code (and your passphrase, as before). The old code "
                    "no longer opens it. A backup from just before the change was kept."))
        finally:
            self.rekeying = False
            dialog.deleteLater()
            if window.session is not None:
                window.idle.arm()

    def restore(self, confirmed: bool = False) -> None:
        """Lock first (after asking), then choose and restore a backup."""
        window = self._window
        if window.session is not None:
            if not confirmed and not prompts.confirm(window, self.tr("Restore from a backup"), self.tr(
                    "SideBySide will lock first. You will then choose a backup and unlock again."),
                    self.tr("Lock and continue")):
                return
            if not window.lock():
                return
        from sidebyside.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(window.context.paths, window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored is not None:
            note = "" if dialog.restored.has_key_file else self.tr(
                "\n\nThis backup had no key file: please open it with your recovery code.")
            kept = "" if dialog.replaced_folder is None else self.tr(
                " The previous vault was kept in:\n{0}").format(dialog.replaced_folder)
            prompts.show_info(window, self.tr("Backup restored"), self.tr("The backup is back in place.") + kept + note)
            window.show_locked()
        dialog.deleteLater()
