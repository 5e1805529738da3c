"""Home: who the vault belongs to, that it is locked away on this computer, and when it was last backed up."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sidebyside.core.services import vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.section import Section
from sidebyside.ui.widgets.icons import colour_dot
from sidebyside.ui.widgets.labels import plain_label


class HomeView(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Home")
        self._session: VaultSession | None = None
        self.heading = plain_label("", "title", self)
        self.partner_dots: list[QLabel] = []
        self.partner_names: list[QLabel] = []
        partners_row = QHBoxLayout()
        for _ in range(2):
            dot, name = QLabel(self), plain_label("", "subtitle", self, wrap=False)
            dot.setAccessibleName(self.tr("Partner colour"))
            self.partner_dots.append(dot)
            self.partner_names.append(name)
            partners_row.addWidget(dot)
            partners_row.addWidget(name)
            partners_row.addSpacing(self.fontMetrics().height() * 2)
        partners_row.addStretch(1)

        card = QFrame(self)
        card.setProperty("role", "card")
        self.status_form = QFormLayout(card)
        self.status_form.setContentsMargins(*(self.fontMetrics().height(),) * 4)
        self.vault_status = plain_label("", parent=card)
        self.location = plain_label("", parent=card)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remembered = plain_label("", parent=card)
        self.last_backup = plain_label("", parent=card)
        self.status_form.addRow(plain_label(self.tr("Vault"), "muted", card), self.vault_status)
        self.status_form.addRow(plain_label(self.tr("Stored in"), "muted", card), self.location)
        self.status_form.addRow(plain_label(self.tr("On this computer"), "muted", card), self.remembered)
        self.status_form.addRow(plain_label(self.tr("Last backup"), "muted", card), self.last_backup)

        tip = plain_label(self.tr("Stepping away? Press Ctrl+L to lock. SideBySide also locks by itself when "
                                  "nobody has used it for a while."), "muted", self)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() * 2
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.heading)
        layout.addLayout(partners_row)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(card)
        layout.addWidget(tip)
        layout.addStretch(1)

    def load(self, session: VaultSession) -> None:
        self._session = session
        self._refresh()

    def on_changes(self, changes: Changes) -> None:
        if self._session is not None and (changes.partners or changes.vault):
            self._refresh()

    def _refresh(self) -> None:
        assert self._session is not None
        info = vault_service.overview(self._session)
        names = [p.name for p in info.partners]
        self.heading.setText(self.tr("Hello, {0} and {1}").format(*names) if len(names) == 2
                             else self.tr("Hello"))
        size = self.fontMetrics().height()
        for partner, dot, label in zip(info.partners, self.partner_dots, self.partner_names, strict=False):
            dot.setPixmap(colour_dot(partner.colour, size))
            label.setText(partner.name)
        self.vault_status.setText(self.tr("Unlocked. Everything is encrypted on this computer (SQLCipher, "
                                          "AES-256) and nothing is ever sent anywhere."))
        self.location.setText(str(self._session.paths.data_dir))
        self.remembered.setText(self.tr("Opens with this computer's keychain") if info.remembered
                                else self.tr("Opens with your passphrase only"))
        if info.last_backup is None:
            self.last_backup.setText(self.tr("No backup yet"))
        else:
            when = QDateTime(info.last_backup.astimezone()).toLocalTime()
            self.last_backup.setText(QLocale().toString(when, QLocale.FormatType.LongFormat))

    def clear(self) -> None:
        self._session = None
        for label in (self.heading, self.vault_status, self.location, self.remembered, self.last_backup,
                      *self.partner_names):
            label.clear()
        for dot in self.partner_dots:
            dot.clear()
