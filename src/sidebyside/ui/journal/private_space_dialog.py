"""Set up or open a partner's private space (their personal passphrase)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError, WrongSecretError
from sidebyside.core.services import journal
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.background import Background
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.new_passphrase_form import NewPassphraseForm
from sidebyside.ui.widgets.passphrase_field import PassphraseField


class PrivateSpaceDialog(QDialog):
    """Set up (no space yet) or open a private space; with ``change=True``, change its passphrase."""

    def __init__(self, session: VaultSession, slot: int, name: str, kdf: KdfParams,
                 parent: QWidget | None = None, change: bool = False, remove: bool = False) -> None:
        super().__init__(parent)
        self._session, self._slot, self._kdf = session, slot, kdf
        self._background = Background(self)
        self.creating = not journal.has_private_space(session, slot)
        self.changing = change and not self.creating
        self.removing = remove and not self.creating
        self.setWindowTitle(self.tr("{0}'s private space").format(name))
        layout = QVBoxLayout(self)
        self.form: NewPassphraseForm | None = None
        self.passphrase: PassphraseField | None = None
        if self.removing:
            layout.addWidget(plain_label(self.tr(
                "Removing {0}'s personal passphrase turns their private entries into shared entries: from then on "
                "anyone who opens the vault can read them.").format(name), "error", self))
            self.passphrase = PassphraseField(self.tr("Personal passphrase"), self)
            confirm = QFormLayout()
            confirm.addRow(self.tr("&Personal passphrase"), self.passphrase)
            layout.addLayout(confirm)
            accept_label = self.tr("&Remove and share the entries")
        elif self.changing:
            layout.addWidget(plain_label(self.tr("Change {0}'s personal passphrase. The private entries stay as "
                                                 "they are.").format(name), parent=self))
            self.passphrase = PassphraseField(self.tr("Current personal passphrase"), self)
            current = QFormLayout()
            current.addRow(self.tr("C&urrent"), self.passphrase)
            layout.addLayout(current)
            self.form = NewPassphraseForm(self, self.tr("&New"))
            layout.addWidget(self.form)
            accept_label = self.tr("&Change passphrase")
        elif self.creating:
            layout.addWidget(plain_label(self.tr(
                "A personal passphrase gives {0} a private space: entries marked “Private to me” are sealed with "
                "it, so they stay unreadable even to someone who knows the vault's passphrase.").format(name),
                parent=self))
            layout.addWidget(plain_label(self.tr(
                "Please remember it well. If it is forgotten, the private entries can't be opened again — not "
                "with the recovery code, not by anyone."), "error", self))
            self.form = NewPassphraseForm(self, self.tr("&Personal passphrase"))
            layout.addWidget(self.form)
            accept_label = self.tr("&Set passphrase")
        else:
            layout.addWidget(plain_label(self.tr("Enter {0}'s personal passphrase to open the private space. "
                                                 "It closes again when SideBySide locks.").format(name), parent=self))
            self.passphrase = PassphraseField(self.tr("Personal passphrase"), self)
            form = QFormLayout()
            form.addRow(self.tr("&Personal passphrase"), self.passphrase)
            layout.addLayout(form)
            accept_label = self.tr("&Open")
        self.error = plain_label("", "error", self)
        self.status = plain_label("", "muted", self)
        buttons = QDialogButtonBox(self)
        self.accept_button = buttons.addButton(accept_label, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button.setDefault(True)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().height() * 34, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        if self._background.busy:
            return
        # Only the KDF runs on the worker; the vault is read and written here, on its own thread.
        slot, kdf = self._slot, self._kdf
        if self.changing:
            assert self.form is not None and self.passphrase is not None
            if not self.form.validate():
                return
            record = journal.space_record(self._session, slot)
            old, new, again = self.passphrase.text(), self.form.passphrase.text(), self.form.confirmation.text()
            job = lambda: journal.rewrap_private_space(record, old, new, again, kdf)  # noqa: E731
        elif self.form is not None:
            if not self.form.validate():
                return
            first, second = self.form.passphrase.text(), self.form.confirmation.text()
            job = lambda: journal.prepare_private_space(slot, first, second, kdf)  # noqa: E731
        else:
            assert self.passphrase is not None
            record, text = journal.space_record(self._session, slot), self.passphrase.text()
            job = lambda: journal.open_space_key(record, text)  # noqa: E731
        self.accept_button.setEnabled(False)
        self.error.clear()
        self.status.setText(self.tr("Working…"))
        self._background.run(job, self._done, self._failed)

    def _done(self, result: object) -> None:
        try:
            if self.removing:
                journal.remove_private_space_with_key(self._session, self._slot, result)  # type: ignore[arg-type]
            elif self.changing:
                journal.save_rewrapped_space(self._session, result)  # type: ignore[arg-type]
            elif isinstance(result, tuple):
                journal.save_private_space(self._session, *result)
            else:
                journal.adopt_private_key(self._session, self._slot, result)  # type: ignore[arg-type]
        except SideBySideError as exc:
            self._failed(exc)
            return
        self._wipe()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.accept_button.setEnabled(True)
        self.status.clear()
        if isinstance(exc, WrongSecretError) and self.passphrase is not None:
            self.passphrase.wipe()
        self.error.setText(exc.message if isinstance(exc, SideBySideError) else type(exc).__name__)

    def _wipe(self) -> None:
        if self.form is not None:
            self.form.wipe()
        if self.passphrase is not None:
            self.passphrase.wipe()

    def reject(self) -> None:
        if self._background.busy:
            return
        self._wipe()
        super().reject()
