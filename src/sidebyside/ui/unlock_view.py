"""The unlock screen: passphrase, recovery code, or this computer's keychain.

The view only collects a secret and shows results; the main window does the unlocking. After
three wrong tries in a row each further try waits longer (1, 2, 4 … up to 30 seconds).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sidebyside.ui.qt_names import set_by_name
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.link_button import LinkButton
from sidebyside.ui.widgets.passphrase_field import PassphraseField

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

FREE_TRIES = 3
MAX_DELAY_S = 30


def delay_after_failures(failures: int) -> int:
    """Seconds to wait before the next try: none for the first three mistakes, then doubling."""
    if failures < FREE_TRIES:
        return 0
    return int(min(2 ** (failures - FREE_TRIES), MAX_DELAY_S))


def _on_a_line(link: QWidget) -> QWidget:
    """A line holding ``link`` at its start (left, or right in a right-to-left language), at its own width. To hide
    the link, hide its line (``link.parentWidget()``): a link hidden inside a nested layout of a page that isn't
    showing would leave that layout's old height behind, a blank line in the card."""
    line = QWidget()
    row = QHBoxLayout(line)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(link)
    row.addStretch(1)
    return line


class UnlockMode(Enum):
    KEYCHAIN = 0
    PASSPHRASE = 1
    RECOVERY = 2


class UnlockView(QWidget):
    passphrase_submitted = Signal(str)
    recovery_submitted = Signal(str)
    keychain_requested = Signal()
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failures = 0
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self._keychain_offered = False

        card = QFrame(self)
        card.setProperty("role", "card")
        card.setFixedWidth(self.fontMetrics().averageCharWidth() * 68)
        card.setMinimumHeight(self._em(14))
        self.title = plain_label(self.tr("SideBySide is locked"), "title", card)
        self.notice = plain_label("", "muted", card)  # e.g. "the key file is damaged"

        self.pages = QStackedWidget(card)
        # Keychain
        keychain_page = QWidget()
        self.keychain_button = QPushButton(self.tr("&Open with this computer's keychain"), keychain_page)
        self.keychain_button.setDefault(True)
        self.use_passphrase_from_keychain = LinkButton(self.tr("Use the passphrase instead"), keychain_page)
        k_layout = QVBoxLayout(keychain_page)
        k_layout.addWidget(self.keychain_button)
        k_layout.addWidget(_on_a_line(self.use_passphrase_from_keychain))
        # Passphrase
        passphrase_page = QWidget()
        self.passphrase = PassphraseField(self.tr("Passphrase"), passphrase_page)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.unlock_button = QPushButton(self.tr("&Unlock"), passphrase_page)
        self.use_recovery = LinkButton(self.tr("Forgot it? Use the recovery code instead"), passphrase_page)
        self.use_keychain = LinkButton(self.tr("Open with this computer's keychain"), passphrase_page)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        p_layout = QVBoxLayout(passphrase_page)
        p_layout.addWidget(plain_label(self.tr("Please enter your passphrase."), parent=passphrase_page))
        p_layout.addLayout(row)
        p_layout.addWidget(_on_a_line(self.use_recovery))
        p_layout.addWidget(_on_a_line(self.use_keychain))
        # Recovery code
        recovery_page = QWidget()
        self.recovery = QLineEdit(recovery_page)
        self.recovery.setAccessibleName(self.tr("Recovery code"))
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-…")
        set_by_name(self.recovery, "contextMenuPolicy", "NoContextMenu")
        self.recovery_button = QPushButton(self.tr("&Open"), recovery_page)
        self.use_passphrase_from_recovery = LinkButton(self.tr("Use the passphrase instead"), recovery_page)
        r_row = QHBoxLayout()
        r_row.addWidget(self.recovery, 1)
        r_row.addWidget(self.recovery_button)
        r_layout = QVBoxLayout(recovery_page)
        r_layout.addWidget(plain_label(self.tr("Type the recovery code from your sheet. Spaces, dashes and "
                                               "capital letters don't matter."), parent=recovery_page))
        r_layout.addLayout(r_row)
        r_layout.addWidget(_on_a_line(self.use_passphrase_from_recovery))
        for page_layout in (k_layout, p_layout, r_layout):
            page_layout.setContentsMargins(0, 0, 0, 0)  # line up with the title and notice above
        for page in (keychain_page, passphrase_page, recovery_page):
            self.pages.addWidget(page)

        self.restore_link = LinkButton(self.tr("Restore from a backup…"), card)
        self.restore_link.clicked.connect(self.restore_requested)
        self.error = plain_label("", "error", card)
        self.error.setAccessibleName(self.tr("Unlock error"))
        self.status = plain_label("", "muted", card)

        c_layout = QVBoxLayout(card)
        c_layout.setContentsMargins(self._em(2), self._em(1.6), self._em(2), self._em(1.6))
        c_layout.addWidget(self.title)
        c_layout.addWidget(self.notice)
        c_layout.addWidget(self.pages)
        c_layout.addWidget(self.error)
        c_layout.addWidget(self.status)
        c_layout.addWidget(_on_a_line(self.restore_link))
        # Centred by stretches, not by an alignment flag: an aligned item is asked its height for the whole
        # width, so a wrapped notice (e.g. the keychain is gone) got too little height and squeezed the form.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

        self.unlock_button.clicked.connect(self._submit_passphrase)
        self.passphrase.returnPressed.connect(self._submit_passphrase)
        self.recovery_button.clicked.connect(self._submit_recovery)
        self.recovery.returnPressed.connect(self._submit_recovery)
        self.keychain_button.clicked.connect(self.keychain_requested)
        self.use_recovery.clicked.connect(lambda: self.set_mode(UnlockMode.RECOVERY))
        self.use_keychain.clicked.connect(lambda: self.set_mode(UnlockMode.KEYCHAIN))
        self.use_passphrase_from_keychain.clicked.connect(lambda: self.set_mode(UnlockMode.PASSPHRASE))
        self.use_passphrase_from_recovery.clicked.connect(lambda: self.set_mode(UnlockMode.PASSPHRASE))
        self.set_mode(UnlockMode.PASSPHRASE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the focused button or link, as Space does (outside a dialog Qt only does Space)."""
        focused = self.focusWidget()
        if (event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter) and isinstance(focused, QPushButton)
                and focused.isEnabled() and self.isAncestorOf(focused)):
            focused.animateClick()
            return
        super().keyPressEvent(event)

    def _em(self, n: float) -> int:
        return int(self.fontMetrics().height() * n)

    # -- what the main window calls -------------------------------------------------------------
    def prepare(self, *, keychain_offered: bool, notice: str = "", passphrase_usable: bool = True) -> None:
        """Reset for a fresh unlock; ``notice`` explains a problem (damaged key file, …)."""
        self._keychain_offered = keychain_offered
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.error.clear()
        self.status.clear()
        for link, shown in ((self.use_keychain, keychain_offered),
                            (self.use_passphrase_from_recovery, passphrase_usable),
                            (self.use_passphrase_from_keychain, passphrase_usable)):
            link.parentWidget().setVisible(shown)  # (its line: see _on_a_line)
        if not passphrase_usable:
            self.set_mode(UnlockMode.RECOVERY)
        else:
            self.set_mode(UnlockMode.KEYCHAIN if keychain_offered else UnlockMode.PASSPHRASE)

    @property
    def keychain_offered(self) -> bool:
        return self._keychain_offered

    def set_mode(self, mode: UnlockMode) -> None:
        self.pages.setCurrentIndex(mode.value)
        self.error.clear()
        focus = {UnlockMode.KEYCHAIN: self.keychain_button, UnlockMode.PASSPHRASE: self.passphrase,
                 UnlockMode.RECOVERY: self.recovery}[mode]
        focus.setFocus()

    def mode(self) -> UnlockMode:
        return UnlockMode(self.pages.currentIndex())

    def set_busy(self, busy: bool) -> None:
        if busy:
            self.error.clear()  # the last attempt's message no longer applies
        self.status.setText(self.tr("Unlocking…") if busy else "")
        self._update_enabled(busy)

    def show_failure(self, message: str, *, counts_as_wrong_try: bool) -> None:
        self.error.setText(message)
        if counts_as_wrong_try:
            self.failures += 1
            self._wait_left = delay_after_failures(self.failures)
            if self._wait_left:
                self._countdown.start()
                self._show_wait()
        self._update_enabled(False)
        (self.recovery if self.mode() is UnlockMode.RECOVERY else self.passphrase).setFocus()

    def reset_failures(self) -> None:
        self.failures = 0
        self._wait_left = 0
        self._countdown.stop()

    def wipe(self) -> None:
        """Forget everything typed (called after every attempt and on success)."""
        self.passphrase.wipe()
        self.recovery.setText("")  # also drops the undo history

    # -- internals ------------------------------------------------------------------------------
    def _submit_passphrase(self) -> None:
        if self._can_submit():
            text = self.passphrase.text()
            self.passphrase.wipe()
            self.passphrase_submitted.emit(text)

    def _submit_recovery(self) -> None:
        if self._can_submit():
            text = self.recovery.text()
            self.recovery.setText("")  # also drops the undo history
            self.recovery_submitted.emit(text)

    def _can_submit(self) -> bool:
        return self._wait_left == 0 and self.unlock_button.isEnabled()

    def _show_wait(self) -> None:
        if self._wait_left == 1:
            self.status.setText(self.tr("Please wait a second before trying again."))
        else:
            self.status.setText(self.tr("Please wait {0} seconds before trying again.").format(self._wait_left))

    def _on_countdown_timeout(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left:
            self._show_wait()
        else:
            self._countdown.stop()
            self.status.clear()
            self._update_enabled(False)

    def _update_enabled(self, busy: bool) -> None:
        ready = not busy and self._wait_left == 0
        for widget in (self.unlock_button, self.recovery_button, self.keychain_button):
            widget.setEnabled(ready)
