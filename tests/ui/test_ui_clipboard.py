"""The recovery code on the clipboard: only on request, and gone again after the timeout unless replaced."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from ui_helpers import make_vault
from ui_helpers import unlock_with_passphrase as unlock

from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.clipboard import CLEAR_AFTER_MS, SecretClipboard, secret_clipboard
from sidebyside.ui.main_window import MainWindow

CODE = "ABCD-EFGH-JKMN-PQRS"


def test_a_copied_secret_is_cleared_after_the_timeout(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    secret = SecretClipboard(clear_after_ms=100)
    secret.copy(CODE)
    assert clipboard.text() == CODE
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2_000)


def test_something_else_copied_meanwhile_is_not_cleared(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    secret = SecretClipboard(clear_after_ms=100)
    secret.copy(CODE)
    clipboard.setText("the shopping list")  # the user copied something of their own
    qtbot.wait(400)
    assert clipboard.text() == "the shopping list"
    secret.clear_now()  # not even when asked to clear explicitly
    assert clipboard.text() == "the shopping list"


def test_the_app_waits_thirty_seconds_before_clearing() -> None:
    assert CLEAR_AFTER_MS == 30_000
    assert secret_clipboard() is secret_clipboard()  # one shared clipboard outlives the wizard that copied


def test_locking_clears_a_copied_secret_at_once(
    qtbot: QtBot, paths: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    make_vault(paths)
    window = open_window()
    unlock(qtbot, window)
    secret_clipboard().copy(CODE)
    assert QGuiApplication.clipboard().text() == CODE
    window.lock()
    assert QGuiApplication.clipboard().text() == ""
