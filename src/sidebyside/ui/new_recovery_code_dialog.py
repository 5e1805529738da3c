"""Make a new recovery code (re-keys the vault). The new code is shown and confirmed *before* the switch.

Page 1 asks for the passphrase and explains what happens; page 2 shows the new code with Copy and
a "written down" checkbox; then the vault is re-keyed in the background.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError, WrongSecretError
from sidebyside.core.secrets import SecretStore
from sidebyside.core.services import safety
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.background import Background
from sidebyside.ui.clipboard import secret_clipboard
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.passphrase_field import PassphraseField
from sidebyside.ui.widgets.recovery_code_label import recovery_code_label, show_code


class NewRecoveryCodeDialog(QDialog):
    def __init__(self, session: VaultSession, kdf: KdfParams, store: SecretStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._kdf, self._store = session, kdf, store
        self._background = Background(self)
        self._key: bytearray | None = None
        self._code = ""
        self.setWindowTitle(self.tr("Make a new recovery code"))
        self.pages = QStackedWidget(self)

        ask = QWidget()
        self.passphrase = PassphraseField(self.tr("Passphrase"), ask)
        ask_form = QFormLayout()
        ask_form.addRow(self.tr("&Passphrase"), self.passphrase)
        ask_layout = QVBoxLayout(ask)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(plain_label(self.tr(
            "A new recovery code replaces the old one: afterwards the old code no longer opens the vault. Do this "
            "if the old code may have been seen by someone else, or lost. Your passphrase stays the same. Backups "
            "made before the change still open with the old code."), parent=ask))
        ask_layout.addLayout(ask_form)
        ask_layout.addStretch(1)

        show = QWidget()
        self.code = recovery_code_label(self.tr("New recovery code"), show)
        self.copy_button = QPushButton(self.tr("&Copy"), show)
        self.copy_button.clicked.connect(lambda: secret_clipboard().copy(self._code))
        self.kept = QCheckBox(self.tr("I have written the new code down or stored it safely"), show)
        self.kept.toggled.connect(self._update_buttons)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addStretch(1)
        show_layout = QVBoxLayout(show)
        show_layout.setContentsMargins(0, 0, 0, 0)
        show_layout.addWidget(plain_label(self.tr("This is your new recovery code. Write it down now; the switch "
                                                  "happens when you press “Use the new code”."), parent=show))
        show_layout.addWidget(self.code)
        show_layout.addLayout(row)
        show_layout.addWidget(self.kept)
        show_layout.addStretch(1)

        self.pages.addWidget(ask)
        self.pages.addWidget(show)
        self.error = plain_label("", "error", self)
        self.status = plain_label("", "muted", self)
        self.buttons = QDialogButtonBox(self)
        self.next_button = self.buttons.addButton(self.tr("&Next"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self.error.clear)
        self.resize(self.fontMetrics().height() * 40, self.sizeHint().height())

    def _update_buttons(self) -> None:
        on_code_page = self.pages.currentIndex() == 1
        self.next_button.setText(self.tr("&Use the new code") if on_code_page else self.tr("&Next"))
        self.next_button.setEnabled(not self._background.busy and (not on_code_page or self.kept.isChecked()))

    def _on_buttons_accepted(self) -> None:
        if self.pages.currentIndex() == 0:
            if not self.passphrase.text():
                self.error.setText(self.tr("Please enter your passphrase."))
                return
            self._key, self._code = safety.new_recovery_code()
            show_code(self.code, self._code)
            self.pages.setCurrentIndex(1)
            self._update_buttons()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))  # room for both code lines
            return
        if self._background.busy or self._key is None:
            return
        passphrase, key = self.passphrase.text(), self._key
        session, kdf, store = self._session, self._kdf, self._store
        self.status.setText(self.tr("Switching to the new code… (this re-encrypts the whole vault)"))
        self._update_buttons()
        self.next_button.setEnabled(False)
        self._background.run(lambda: safety.rotate_recovery_code(session, passphrase, key, kdf, store),
                             self._on_done, self._on_failed)

    def _on_done(self, _changes: object) -> None:
        self._key = None
        self.passphrase.wipe()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.clear()
        self._key = None  # wiped by the service; a new one is made on the next try
        self.pages.setCurrentIndex(0)
        self.kept.setChecked(False)
        self._update_buttons()
        if isinstance(exc, WrongSecretError):
            self.passphrase.wipe()
            self.error.setText(self.tr("That passphrase doesn't open this vault. Nothing was changed; the old "
                                       "recovery code still works."))
        elif isinstance(exc, SideBySideError):
            self.error.setText(exc.message)
        else:
            self.error.setText(self.tr("The new code couldn't be set up ({0}). Please check the vault "
                                       "(Vault ▸ Check the vault).").format(type(exc).__name__))

    def reject(self) -> None:
        if self._background.busy:
            return  # the switch is under way and must finish
        self.passphrase.wipe()
        if self._key is not None:
            self._key[:] = bytes(len(self._key))
            self._key = None
        secret_clipboard().clear_now()
        super().reject()
