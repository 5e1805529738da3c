"""First run: welcome → the two partners → passphrase → recovery code → remember → finish.

Nothing is written to disk before Finish; then one service call creates the vault (off the GUI
thread, since it runs the KDF) and ``vault_created`` hands the open key to the main window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sidebyside.core.domain.partners import PALETTE, Partner, make_partners, validate_name
from sidebyside.core.errors import SideBySideError, ValidationError
from sidebyside.core.guide.recovery_sheet import RecoverySheet
from sidebyside.core.services import vault_service
from sidebyside.ui import prompts
from sidebyside.ui.background import Background
from sidebyside.ui.clipboard import SecretClipboard, secret_clipboard
from sidebyside.ui.context import AppContext
from sidebyside.ui.widgets.colour_choice import ColourChoice
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.new_passphrase_form import NewPassphraseForm
from sidebyside.ui.widgets.recovery_code_label import recovery_code_label, show_code


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to SideBySide"))
        layout = QVBoxLayout(self)
        for text in (
            self.tr("A private place for the two of you: a journal, a map of the topics that are tender for "
                    "each of you, and a guided way to talk things through after a hard moment."),
            self.tr("Everything you write stays on this computer, locked with a passphrase you choose together. "
                    "SideBySide never connects to the internet."),
            self.tr("SideBySide is not therapy. If things feel bigger than the two of you can carry, a couples "
                    "therapist can help — and if either of you feels unsafe, please reach out for help first."),
        ):
            layout.addWidget(plain_label(text, parent=self))
        layout.addStretch(1)
        layout.addWidget(plain_label(self.tr("Moving from another computer? Bring your vault along with "
                                             "“Restore from a backup…” below."), "muted", self))


class PartnersPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Who are you two?"))
        self.setSubTitle(self.tr("Names and colours show who wrote what. A first name or nickname is perfect."))
        layout = QVBoxLayout(self)
        self.name_edits: list[QLineEdit] = []
        self.colour_choices: list[ColourChoice] = []
        # Alt+F and Alt+S reach each partner's name (the group's title carries the letter: one "&Name" per
        # partner would make Alt+N go back and forth between them and Next).
        for index, (title, default) in enumerate(((self.tr("&First partner"), PALETTE[0]),
                                                  (self.tr("&Second partner"), PALETTE[1]))):
            heading = title.replace("&", "")
            group = QGroupBox(title, self)
            form = QFormLayout(group)
            name = QLineEdit(group)
            # No tight maxLength: a pasted long name gets a message with its real length, not silent truncation.
            name.setAccessibleName(self.tr("Name of the {0}").format(heading.lower()))
            name.setObjectName(f"partner{index + 1}_name")
            colour = ColourChoice(self.tr("Colour of the {0}").format(heading.lower()), group)
            colour.set_colour(default)
            form.addRow(self.tr("Name"), name)
            form.addRow(self.tr("Colour"), colour)
            layout.addWidget(group)
            self.name_edits.append(name)
            self.colour_choices.append(colour)
            name.textChanged.connect(self._clear_error)
            colour.colour_changed.connect(self._clear_error)
        self.error = plain_label("", "error", self)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _clear_error(self) -> None:
        self.error.clear()

    def partners(self) -> tuple[Partner, Partner]:
        return make_partners(self.name_edits[0].text(), self.colour_choices[0].colour(),
                             self.name_edits[1].text(), self.colour_choices[1].colour())

    def validatePage(self) -> bool:
        try:
            self.partners()
        except ValidationError as exc:
            self.error.setText(exc.message)
            self._focus_the_field_to_fix(exc.field)
            return False
        return True

    def _focus_the_field_to_fix(self, field: str) -> None:
        if field == "colour":
            self.colour_choices[1].setFocus()  # (the same colour twice: the second one changes)
            return
        for index, edit in enumerate(self.name_edits):  # the first name that can't be used on its own, else the second
            try:
                validate_name(edit.text(), "")
            except ValidationError:
                edit.setFocus()
                return
            if index == 1:
                edit.setFocus()
                edit.selectAll()


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Choose a passphrase together"))
        self.setSubTitle(self.tr("One passphrase opens SideBySide for both of you. A few unrelated words are "
                                 "easy to remember and hard to guess."))
        self.form = NewPassphraseForm(self)
        self.passphrase, self.confirmation = self.form.passphrase, self.form.confirmation
        self.meter, self.error = self.form.meter, self.form.error
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return self.form.validate()


class RecoveryCodePage(QWizardPage):
    def __init__(self, clipboard: SecretClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.setTitle(self.tr("Your recovery code"))
        self.setSubTitle(self.tr("If you ever forget the passphrase, this code is the only other way in. "
                                 "Please write it down now and keep it somewhere safe."))
        self.code = recovery_code_label(self.tr("Recovery code"), self)
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.copy_button.setToolTip(self.tr("Copies the code; the clipboard is cleared again after 30 seconds."))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.copied_note = plain_label("", "muted", self)
        self.sheet_button = QPushButton(self.tr("&Print or save the recovery sheet…"), self)
        self.sheet_button.clicked.connect(self._on_sheet_button_clicked)
        self.sheet_for: Callable[[str], RecoverySheet] | None = None  # set by the wizard
        self.confirm_box = QCheckBox(self.tr("I have written the code down or stored it safely"), self)
        self.registerField("recovery_code_kept*", self.confirm_box)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied_note, 1)
        row.addWidget(self.sheet_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addLayout(row)
        layout.addWidget(plain_label(self.tr("You can print the recovery sheet now, or later from the Vault menu "
                                             "once SideBySide is unlocked."), "muted", self))
        layout.addStretch(1)
        layout.addWidget(self.confirm_box)

    def set_code(self, code: str) -> None:
        show_code(self.code, code)
        self._plain_code = code

    def _on_copy_button_clicked(self) -> None:
        self._clipboard.copy(self._plain_code)
        self.copied_note.setText(self.tr("Copied. The clipboard will be cleared in 30 seconds."))

    def _on_sheet_button_clicked(self) -> None:
        if self.sheet_for is None:
            return
        from sidebyside.ui.recovery_sheet_dialog import RecoverySheetDialog

        dialog = RecoverySheetDialog(self.sheet_for(self._plain_code), self)
        dialog.exec()
        dialog.deleteLater()


class RememberPage(QWizardPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Remember on this computer?"))
        self.setSubTitle(self.tr("SideBySide can keep the vault's key in this computer's keychain, so it opens "
                                 "without the passphrase."))
        self.remember = QCheckBox(self.tr("&Remember on this computer"), self)
        self.reason = plain_label("", "muted", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.remember)
        layout.addWidget(self.reason)
        layout.addWidget(plain_label(self.tr("Anyone who can log in to this computer as you could then open it. "
                                             "On a laptop you share with others, leave this off."), "muted", self))
        layout.addStretch(1)
        self._context = context

    def initializePage(self) -> None:
        status = self._context.secret_store.availability()
        self.remember.setEnabled(status.usable)
        if not status.usable:
            self.remember.setChecked(False)
            self.reason.setText(self.tr("Not available: {0}").format(status.reason))


class FinishPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Ready"))
        self.summary = plain_label("", parent=self)
        self.status = plain_label("", "muted", self)
        self.error = plain_label("", "error", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setFinalPage(True)


class SetupWizard(QWizard):
    """Emits ``vault_created(key, remember)`` once the vault exists; the receiver owns the key. Or, when the
    couple restores a backup instead (a new computer), ``vault_restored(has_key_file)`` once it is in place."""

    vault_created = Signal(object, bool)
    vault_restored = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._background = Background(self)
        self._clipboard = secret_clipboard()
        self._db_key: bytearray | None = None
        self._restored = False
        self.setWindowTitle(self.tr("Set up SideBySide"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.welcome = WelcomePage(self)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("&Restore from a backup…"))
        self.customButtonClicked.connect(self._on_customButtonClicked)
        self.partners_page = PartnersPage(self)
        self.passphrase_page = PassphrasePage(self)
        self.recovery_page = RecoveryCodePage(self._clipboard, self)
        self.recovery_page.sheet_for = self._recovery_sheet
        self.remember_page = RememberPage(context, self)
        self.finish_page = FinishPage(self)
        for page in (self.welcome, self.partners_page, self.passphrase_page, self.recovery_page,
                     self.remember_page, self.finish_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._on_currentIdChanged)
        font_height = self.fontMetrics().height()
        self.resize(font_height * 50, font_height * 36)

    def _on_currentIdChanged(self, page_id: int) -> None:
        page = self.page(page_id)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, page is self.welcome)  # restore: first page only
        if page is self.recovery_page:
            if self._db_key is None:  # one key per wizard: going back and forth keeps the code
                self._db_key = vault_service.new_database_key()
            self.recovery_page.set_code(vault_service.recovery_code_for(self._db_key))
        elif page is self.finish_page:
            first, second = self.partners_page.partners()
            self.finish_page.summary.setText(
                self.tr("SideBySide will now create the vault for {0} and {1} in:\n{2}\n\n"
                        "Press Finish when you are ready.").format(first.name, second.name,
                                                                   self._context.paths.data_dir))

    def _on_customButtonClicked(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.restore_backup()

    def restore_backup(self) -> None:
        """Start from a backup instead of a new vault; the wizard closes once it is in place."""
        from sidebyside.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self._context.paths, self)
        try:
            if dialog.exec() == RestoreDialog.DialogCode.Accepted and dialog.restored is not None:
                self._restored = True
                self.vault_restored.emit(dialog.restored.has_key_file)
                self.reject()  # nothing of the new vault was made: nothing to keep
        finally:
            dialog.deleteLater()

    def _recovery_sheet(self, code: str) -> RecoverySheet:
        names = tuple(p.name for p in self.partners_page.partners())
        today = QLocale().toString(QDate.currentDate(), QLocale.FormatType.LongFormat)
        return RecoverySheet(code, names, today, str(self._context.paths.data_dir))

    def accept(self) -> None:
        if self._background.busy:
            return
        assert self._db_key is not None
        partners = self.partners_page.partners()
        passphrase = self.passphrase_page.passphrase.text()
        confirmation = self.passphrase_page.confirmation.text()
        key, paths, kdf = self._db_key, self._context.paths, self._context.kdf
        self._set_busy(True)
        self._background.run(
            lambda: vault_service.create_vault(paths, partners, passphrase, confirmation, key, kdf),
            self._on_created,
            self._on_create_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)
        self.finish_page.error.clear()
        self.finish_page.status.setText(self.tr("Creating your vault…") if busy else "")

    def _on_created(self, _vault_id: object) -> None:
        self._set_busy(False)
        self.passphrase_page.form.wipe()
        key, self._db_key = self._db_key, None
        self.vault_created.emit(key, self.remember_page.remember.isChecked())
        super().accept()

    def _on_create_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, SideBySideError):
            self.finish_page.error.setText(exc.message)
        else:
            self.finish_page.error.setText(self.tr("The vault could not be created: {0}").format(type(exc).__name__))

    def reject(self) -> None:
        """Cancel, Escape or the close button: past the welcome page it asks first (one stray Escape on the
        recovery code page shouldn't undo everything typed); a restored backup leaves without asking."""
        if self._background.busy:
            return
        if not self._restored and self.currentPage() is not self.welcome and not prompts.confirm(
                self, self.tr("Stop setting up?"),
                self.tr("Nothing has been saved yet: the names, the passphrase and this recovery code will be "
                        "forgotten. You can set SideBySide up again any time."),
                self.tr("Stop setting up")):
            return
        self._clipboard.clear_now()
        if self._db_key is not None:
            self._db_key[:] = bytes(len(self._db_key))
            self._db_key = None
        super().reject()
