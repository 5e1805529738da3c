"""Change the passphrase: the current one, then a new one (the recovery code stays the same)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError, ValidationError, WrongSecretError
from sidebyside.core.services import safety
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.background import Background
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.new_passphrase_form import NewPassphraseForm
from sidebyside.ui.widgets.passphrase_field import PassphraseField


class ChangePassphraseDialog(QDialog):
    def __init__(self, paths: VaultPaths, kdf: KdfParams, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths, self._kdf = paths, kdf
        self._background = Background(self)
        self.setWindowTitle(self.tr("Change the passphrase"))
        self.current = PassphraseField(self.tr("Current passphrase"), self)
        self.current_error = plain_label("", "error", self)
        self.form = NewPassphraseForm(self, self.tr("&New"))
        self.status = plain_label("", "muted", self)
        buttons = QDialogButtonBox(self)
        self.change_button = buttons.addButton(self.tr("&Change passphrase"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.change_button.setDefault(True)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        rows = self.form.layout()
        assert isinstance(rows, QFormLayout)
        rows.insertRow(0, self.tr("C&urrent"), self.current)  # one form, so the labels line up
        rows.insertRow(1, "", self.current_error)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("Choose the new passphrase together: it opens SideBySide for both of "
                                             "you. Your recovery code stays the same."), parent=self))
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.current.textChanged.connect(self.current_error.clear)
        self.resize(self.fontMetrics().height() * 34, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        if self._background.busy:
            return
        if not self.current.text():
            self.current_error.setText(self.tr("Please enter the current passphrase."))
            self.current.setFocus()
            return
        if not self.form.validate():
            return
        old, new, again = self.current.text(), self.form.passphrase.text(), self.form.confirmation.text()
        paths, kdf = self._paths, self._kdf
        self.change_button.setEnabled(False)
        self.status.setText(self.tr("Changing…"))
        self._background.run(lambda: safety.change_passphrase(paths, old, new, again, kdf),
                             self._on_changed, self._on_failed)

    def _on_changed(self, _changes: object) -> None:
        self._wipe()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.change_button.setEnabled(True)
        self.status.clear()
        if isinstance(exc, WrongSecretError):
            self.current.wipe()
            self.current_error.setText(self.tr("That isn't the current passphrase. Nothing was changed."))
            self.current.setFocus()
        elif isinstance(exc, ValidationError | SideBySideError):
            self.form.error.setText(exc.message)
        else:
            self.form.error.setText(self.tr("The passphrase couldn't be changed ({0}). Nothing was changed.")
                                    .format(type(exc).__name__))

    def _wipe(self) -> None:
        self.current.wipe()
        self.form.wipe()

    def reject(self) -> None:
        if self._background.busy:
            return  # the change is under way (it is atomic); closing now would hide whether it happened
        self._wipe()
        super().reject()
