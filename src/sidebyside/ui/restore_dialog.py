"""Restore from a backup: pick one (from the vault's backups or a file), see its date and size, confirm.

The vault must be locked first; the current vault is moved aside, never deleted. The secret asked
for is the one that opens the backup: the passphrase as it was then, or the recovery code.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.errors import SideBySideError, ValidationError, WrongSecretError
from sidebyside.core.services import safety, vault_folder
from sidebyside.core.services.safety import BackupError, BackupInfo
from sidebyside.core.services.vault_folder import VaultPaths, VaultState
from sidebyside.ui.background import Background
from sidebyside.ui.widgets.labels import plain_label, plain_tooltip
from sidebyside.ui.widgets.passphrase_field import PassphraseField

_REASONS = {"automatic": "daily", "manual": "made by hand", "before-upgrade": "before an update"}


def describe(info: BackupInfo) -> str:
    locale = QLocale()
    when = locale.toString(info.created.astimezone().replace(tzinfo=None), QLocale.FormatType.LongFormat)
    size = locale.formattedDataSize(info.size)
    return f"{when} — {size} ({_REASONS.get(info.reason, info.reason)})"


class RestoreDialog(QDialog):
    """``exec()`` → Accepted once the backup is in place; ``replaced_folder`` says where the old vault went."""

    def __init__(self, paths: VaultPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._background = Background(self)
        self.replaced_folder: Path | None = None
        self.restored: BackupInfo | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.backups = QListWidget(self)
        self.backups.setAccessibleName(self.tr("Backups"))
        self.choose_file = QPushButton(self.tr("Choose a &file…"), self)
        self.choose_file.clicked.connect(self._on_choose_file_clicked)
        self.empty_note = plain_label(self.tr("There are no backups in the vault's folder yet. If you have one "
                                              "elsewhere (e.g. on a USB stick), choose the file."), "muted", self)
        self.passphrase = PassphraseField(self.tr("Passphrase of the backup"), self)
        self.use_code = QCheckBox(self.tr("&Use the recovery code instead"), self)
        self.recovery = QLineEdit(self)
        self.recovery.setAccessibleName(self.tr("Recovery code"))
        self.recovery.setVisible(False)
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.recovery.textChanged.connect(lambda _: self.error.clear())
        self.passphrase.textChanged.connect(lambda _: self.error.clear())
        self.use_code.toggled.connect(self._on_use_code_toggled)
        self.error = plain_label("", "error", self)
        self.status = plain_label("", "muted", self)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(self.tr("&Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose_file)
        secret = QFormLayout()
        secret.addRow(self.tr("&Passphrase"), self.passphrase)
        secret.addRow("", self.use_code)
        secret.addRow("", self.recovery)
        layout = QVBoxLayout(self)
        if vault_folder.inspect(paths).state is VaultState.NO_VAULT:  # first run, e.g. on a new computer
            intro = self.tr("Choose a SideBySide backup (a .sbsbackup file, e.g. on a USB stick). It becomes your "
                            "vault on this computer, with everything it held when the backup was made.")
            self.empty_note.setText(self.tr("Press “Choose a file…” to find the backup."))
        else:
            intro = self.tr("The vault will be replaced by the backup you choose. The current vault is not "
                            "deleted: it is kept in a folder named “replaced-…” beside it. Anything written after "
                            "the backup was made is only in that folder.")
        self.intro = plain_label(intro, parent=self)
        layout.addWidget(self.intro)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.empty_note)
        layout.addLayout(row)
        layout.addWidget(plain_label(self.tr("The passphrase is the one that opened the vault when the backup was "
                                             "made."), "muted", self))
        layout.addLayout(secret)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._fill(safety.list_backups(paths))
        self.backups.currentItemChanged.connect(lambda *_: self.error.clear())
        self.resize(self.fontMetrics().height() * 40, self.fontMetrics().height() * 30)

    def _fill(self, infos: list[BackupInfo], select: Path | None = None) -> None:
        self.backups.clear()
        for info in infos:
            item = QListWidgetItem(describe(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(plain_tooltip(str(info.path)))
            self.backups.addItem(item)
            if select is not None and info.path == select:
                self.backups.setCurrentItem(item)
        if self.backups.currentItem() is None and self.backups.count():
            self.backups.setCurrentRow(0)
        self.empty_note.setVisible(self.backups.count() == 0)

    def add_file(self, path: Path) -> bool:
        """Offer a backup file from elsewhere (e.g. a USB stick) and select it."""
        try:
            info = safety.backup_info(path)
        except BackupError as exc:
            self.error.setText(exc.message)
            return False
        known = [Path(str(self.backups.item(i).data(Qt.ItemDataRole.UserRole))) for i in range(self.backups.count())]
        infos = [info]
        for other in known:
            if other != path:
                with contextlib.suppress(BackupError):  # e.g. a USB stick that was unplugged meanwhile
                    infos.append(safety.backup_info(other))
        self._fill(sorted(infos, key=lambda b: b.created, reverse=True), select=path)
        return True

    def _on_choose_file_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup"), str(Path.home()),
                                              self.tr("SideBySide backups (*.sbsbackup)"))
        if name:
            self.add_file(Path(name))

    def _on_use_code_toggled(self, on: bool) -> None:
        self.error.clear()
        self.recovery.setVisible(on)
        self.passphrase.setEnabled(not on)
        (self.recovery if on else self.passphrase).setFocus()

    def selected_path(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _on_buttons_accepted(self) -> None:
        if self._background.busy:
            return
        path = self.selected_path()
        if path is None:
            self.error.setText(self.tr("Please choose a backup first."))
            return
        try:
            if self.use_code.isChecked():
                key = safety.key_for_backup(path, recovery_code=self.recovery.text())
            else:
                if not self.passphrase.text():
                    self.error.setText(self.tr("Please enter the passphrase, or use the recovery code."))
                    return
                key = None
        except (ValidationError, BackupError) as exc:
            self.error.setText(exc.message)
            return
        passphrase = self.passphrase.text()
        self.passphrase.wipe()
        self.recovery.setText("")  # also drops the undo history
        paths = self._paths

        def job() -> tuple[Path | None, BackupInfo]:
            opened = key if key is not None else safety.key_for_backup(path, passphrase=passphrase)
            info = safety.backup_info(path)
            return safety.restore_backup(paths, path, opened), info

        self.restore_button.setEnabled(False)
        self.error.clear()
        self.status.setText(self.tr("Restoring…"))
        self._background.run(job, self._on_restored, self._on_failed)

    def _on_restored(self, result: tuple[Path | None, BackupInfo]) -> None:
        self.replaced_folder, self.restored = result
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.restore_button.setEnabled(True)
        self.status.clear()
        if isinstance(exc, WrongSecretError | SideBySideError):
            self.error.setText(exc.message)
        else:
            self.error.setText(self.tr("The backup couldn't be restored ({0}). Your vault is unchanged.")
                               .format(type(exc).__name__))

    def reject(self) -> None:
        if self._background.busy:
            return  # a restore in progress finishes (it is journalled); closing now would hide the outcome
        self.passphrase.wipe()
        self.recovery.setText("")  # also drops the undo history
        super().reject()
