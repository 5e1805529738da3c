"""After opening with the recovery code: choose a new passphrase (and so write a fresh key file)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.background import Background
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.new_passphrase_form import NewPassphraseForm


class NewPassphraseDialog(QDialog):
    def __init__(self, session: VaultSession, kdf: KdfParams, key_file_broken: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._kdf = session, kdf
        self._background = Background(self)
        self.setWindowTitle(self.tr("Choose a new passphrase"))
        if key_file_broken:
            intro = self.tr("You're in, with the recovery code. The vault's key file was missing or damaged, "
                            "so please choose a passphrase now: SideBySide will write a fresh key file, and "
                            "the passphrase will open the vault again next time.")
        else:
            intro = self.tr("You're in, with the recovery code. If the passphrase was forgotten, choose a new one "
                            "together now. Your recovery code stays the same.")
        self.form = NewPassphraseForm(self)
        self.status = plain_label("", "muted", self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("&Save passphrase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(intro, parent=self))
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().height() * 34, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        if self._background.busy or not self.form.validate():
            return
        try:
            job = vault_service.set_new_passphrase(self._session, self.form.passphrase.text(),
                                                   self.form.confirmation.text(), self._kdf)
        except SideBySideError as exc:
            self.form.error.setText(exc.message)
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        self._background.run(job, self._on_saved, self._on_failed)

    def _on_saved(self, _changes: object) -> None:
        self.form.wipe()
        self.accept()  # also when a lock asked to close meanwhile: the job is done, nothing is lost

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        message = exc.message if isinstance(exc, SideBySideError) else type(exc).__name__
        self.form.error.setText(self.tr("The new passphrase couldn't be saved: {0}").format(message))

    def reject(self) -> None:
        self.form.wipe()  # the job already holds what it needs
        if self._background.busy:
            self.hide()  # closes properly when the job reports back
            return
        super().reject()
