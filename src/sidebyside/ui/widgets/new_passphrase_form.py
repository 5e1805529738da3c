"""Choosing a passphrase: the field, a strength meter, the confirmation and an inline error."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from sidebyside.core.domain.passphrase import estimate, validate_new_passphrase
from sidebyside.core.errors import ValidationError
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.passphrase_field import PassphraseField
from sidebyside.ui.widgets.strength_meter import StrengthMeter


class NewPassphraseForm(QWidget):
    def __init__(self, parent: QWidget | None = None, label: str = "") -> None:
        super().__init__(parent)
        self.passphrase = PassphraseField(self.tr("New passphrase"), self)
        self.confirmation = PassphraseField(self.tr("New passphrase again"), self)
        self.meter = StrengthMeter(self)
        self.error = plain_label("", "error", self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label or self.tr("&Passphrase"), self.passphrase)
        form.addRow("", self.meter)
        form.addRow(self.tr("&Again"), self.confirmation)
        form.addRow("", self.error)
        self.passphrase.textChanged.connect(self._on_passphrase_textChanged)
        self.confirmation.textChanged.connect(self.error.clear)
        self.meter.show_report(estimate(""))

    def _on_passphrase_textChanged(self, text: str) -> None:
        self.meter.show_report(estimate(text))
        self.error.clear()

    def validate(self) -> bool:
        """Show what is wrong inline and focus the field to fix; True when usable."""
        try:
            validate_new_passphrase(self.passphrase.text(), self.confirmation.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            (self.confirmation if exc.field == "confirmation" else self.passphrase).setFocus()
            return False
        return True

    def wipe(self) -> None:
        self.passphrase.wipe()
        self.confirmation.wipe()
