"""Settings: auto-lock time, remember on this computer, theme."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import safety, vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.context import AppContext
from sidebyside.ui.ui_settings import AUTO_LOCK_MAX, AUTO_LOCK_MIN, ThemeMode
from sidebyside.ui.widgets.labels import plain_label


class SettingsDialog(QDialog):
    recovery_sheet_requested = Signal()

    def __init__(self, context: AppContext, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._context, self._session = context, session
        self.changes = Changes()
        settings = context.settings

        self.auto_lock = QSpinBox(self)
        self.auto_lock.setRange(AUTO_LOCK_MIN, AUTO_LOCK_MAX)
        self.auto_lock.valueChanged.connect(self._on_auto_lock_valueChanged)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self._on_auto_lock_valueChanged(self.auto_lock.value())
        self.auto_lock.setAccessibleName(self.tr("Lock after this many minutes without use"))

        self.remember = QCheckBox(self.tr("Open with this computer's keychain, without the passphrase"), self)
        self.remember_reason = plain_label("", "muted", self)
        self._remembered = vault_service.overview(session).remembered
        self.remember.setChecked(self._remembered)
        status = context.secret_store.availability()
        if not status.usable and not self._remembered:
            self.remember.setEnabled(False)
            self.remember_reason.setText(self.tr("Not available: {0}").format(status.reason))
        else:
            self._explain_remember(self._remembered)
            self.remember.toggled.connect(self._explain_remember)

        self.keep_backups = QSpinBox(self)
        self.keep_backups.setRange(*safety.KEEP_RANGE)
        self._keep = safety.backups_to_keep(session)
        self.keep_backups.setValue(self._keep)
        self.keep_backups.setSuffix(self.tr(" backups"))
        self.keep_backups.setAccessibleName(self.tr("Number of daily backups to keep"))
        self.keep_backups.setToolTip(self.tr("SideBySide makes an encrypted backup once a day when you unlock, "
                                             "and keeps this many in the vault's backups folder."))

        self.theme = QComboBox(self)
        for mode, label in ((ThemeMode.SYSTEM, self.tr("Follow the system")), (ThemeMode.LIGHT, self.tr("Light")),
                            (ThemeMode.DARK, self.tr("Dark"))):
            self.theme.addItem(label, mode.value)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme.value))
        self.theme.setAccessibleName(self.tr("Theme"))

        self.error = plain_label("", "error", self)
        form = QFormLayout()
        form.addRow(self.tr("&Lock after"), self.auto_lock)
        form.addRow(self.tr("Remember"), self.remember)
        form.addRow("", self.remember_reason)
        form.addRow(self.tr("&Keep backups"), self.keep_backups)
        form.addRow(self.tr("&Theme"), self.theme)
        self.sheet_button = QPushButton(self.tr("Print the recovery &sheet…"), self)
        self.sheet_button.clicked.connect(self.recovery_sheet_requested)
        form.addRow(self.tr("Recovery"), self.sheet_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _explain_remember(self, on: bool) -> None:
        self.remember_reason.setText(
            self.tr("Anyone who can use this computer as you can open SideBySide. Turning this off removes "
                    "the key from the keychain.") if on else
            self.tr("When on, the key is kept in this computer's keychain, and anyone who can use this computer "
                    "as you can open SideBySide without the passphrase."))

    def _on_auto_lock_valueChanged(self, minutes: int) -> None:
        self.auto_lock.setSuffix(self.tr(" minute") if minutes == 1 else self.tr(" minutes"))

    def selected_theme(self) -> ThemeMode:
        return ThemeMode(self.theme.currentData())

    def accept(self) -> None:
        """The keychain first (it can fail), then the rest: a refused OK saves nothing, so Cancel keeps
        everything as it was."""
        if self.remember.isChecked() != self._remembered:
            try:
                self.changes |= vault_service.set_remember_on_this_computer(
                    self._session, self._context.secret_store, self.remember.isChecked())
            except SideBySideError as exc:
                self.error.setText(exc.message)
                return
            self._remembered = self.remember.isChecked()  # done: a second OK doesn't do it again
        settings = self._context.settings
        settings.auto_lock_minutes = self.auto_lock.value()
        settings.theme = self.selected_theme()
        if self.keep_backups.value() != self._keep:
            self.changes |= safety.set_backups_to_keep(self._session, self.keep_backups.value())
        self.changes |= Changes(settings=True)
        super().accept()
