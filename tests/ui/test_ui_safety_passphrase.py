"""Change the passphrase from the Vault menu (issue 3, Build 3): wrong current passphrase, weak or
mismatched new one, success, and that no field keeps a passphrase afterwards (P6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot
from ui_helpers import (
    LEFT,
    PASSPHRASE,
    fill_new_passphrase,
    in_dialog,
    make_vault,
    mnemonics,
    type_text,
    unlock_with_passphrase,
    wrong_passphrase,
)

from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.change_passphrase_dialog import ChangePassphraseDialog
from sidebyside.ui.main_window import MainWindow

D = TypeVar("D", bound=QDialog)
NEW = "violet harbour seven lanterns"
WAIT_MS = 10_000


@pytest.fixture
def vault(paths: VaultPaths) -> tuple[VaultPaths, str]:
    _key, code = make_vault(paths)
    return paths, code


def change_passphrase(qtbot: QtBot, window: MainWindow,
                      act: Callable[[ChangePassphraseDialog], None]) -> ChangePassphraseDialog:
    return in_dialog(qtbot, ChangePassphraseDialog, window.safety.change_passphrase_action.trigger, act)


def fill(qtbot: QtBot, dialog: ChangePassphraseDialog, current: str, new: str, again: str | None = None) -> None:
    qtbot.waitUntil(dialog.isActiveWindow)  # focus moves only within the active window
    dialog.current.clear()
    type_text(qtbot, dialog.current, current)
    fill_new_passphrase(qtbot, dialog, new, again)


def press_change(qtbot: QtBot, dialog: ChangePassphraseDialog) -> None:
    qtbot.mouseClick(dialog.change_button, LEFT)


def line_texts(root: Any) -> list[str]:
    return [line.text() for line in root.findChildren(QLineEdit) if line.text()]


def line_edits_holding(*secrets: str) -> list[str]:
    """Every line edit anywhere in the application that shows one of ``secrets``."""
    return [f"{type(w).__name__} {w.accessibleName()!r}" for w in QApplication.allWidgets()
            if isinstance(w, QLineEdit) and any(s in w.text() for s in secrets)]


def test_a_wrong_current_passphrase_is_reported_inline_and_changes_nothing(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = vault
    key_file = paths.key_file.read_bytes()
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: ChangePassphraseDialog) -> None:
        fill(qtbot, dialog, "kitchen table at dusk", NEW)
        press_change(qtbot, dialog)
        assert dialog.status.text() == "Changing…" and not dialog.change_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.current_error.text() != "", timeout=WAIT_MS)
        state.update(visible=dialog.isVisible(), error=dialog.current_error.text(), current=dialog.current.text(),
                     focus=dialog.current.hasFocus(), button=dialog.change_button.isEnabled(),
                     status=dialog.status.text())
        # Typing in the field again takes the message away.
        type_text(qtbot, dialog.current, "k")
        state["error_after_typing"] = dialog.current_error.text()

    change_passphrase(qtbot, window, act)
    assert state == {"visible": True, "error": "That isn't the current passphrase. Nothing was changed.",
                     "current": "", "focus": True, "button": True, "status": "", "error_after_typing": ""}
    assert paths.key_file.read_bytes() == key_file
    assert window.is_unlocked
    window.lock()
    wrong_passphrase(qtbot, window, NEW)
    unlock_with_passphrase(qtbot, window, PASSPHRASE)


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        (PASSPHRASE, "password", "password", "new", "That one is on every list attackers try first."),
        (PASSPHRASE, "short", "short", "new", "Use at least 8 characters"),
        (PASSPHRASE, NEW, NEW + "s", "again", "The two passphrases don't match yet."),
        (PASSPHRASE, "", "", "new", "Please choose a passphrase."),
        ("", NEW, NEW, "current", "Please enter the current passphrase."),
    ],
    ids=["common", "too-short", "mismatch", "empty-new", "empty-current"],
)
def test_an_unusable_new_passphrase_is_explained_inline_before_anything_runs(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow],
    current: str, new: str, again: str, field: str, message: str,
) -> None:
    paths, _code = vault
    key_file = paths.key_file.read_bytes()
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: ChangePassphraseDialog) -> None:
        fill(qtbot, dialog, current, new, again)
        press_change(qtbot, dialog)
        shown = dialog.current_error if field == "current" else dialog.form.error
        focused = {"current": dialog.current, "new": dialog.form.passphrase, "again": dialog.form.confirmation}
        state.update(visible=dialog.isVisible(), message=shown.text(), focus=focused[field].hasFocus(),
                     status=dialog.status.text(), button=dialog.change_button.isEnabled())

    change_passphrase(qtbot, window, act)
    assert state["visible"] and state["focus"] and state["button"]
    assert state["message"].startswith(message), state["message"]
    assert state["status"] == ""  # nothing was started
    assert paths.key_file.read_bytes() == key_file


def test_a_changed_passphrase_opens_the_vault_and_the_old_one_no_longer_does(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow]
) -> None:
    validate_new_passphrase(NEW, NEW)  # (a passphrase the form accepts)
    paths, code = vault
    key_file = paths.key_file.read_bytes()
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: ChangePassphraseDialog) -> None:
        fill(qtbot, dialog, PASSPHRASE, NEW)
        assert dialog.form.meter.isVisible()
        press_change(qtbot, dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        state.update(result=dialog.result(), texts=line_texts(dialog))

    dialog = change_passphrase(qtbot, window, act)
    assert state == {"result": QDialog.DialogCode.Accepted, "texts": []}  # closed, and no field kept a passphrase
    assert window.statusBar().currentMessage() == "The passphrase was changed."
    assert paths.key_file.read_bytes() != key_file
    assert window.is_unlocked  # changing it doesn't lock
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)  # released after use, with whatever it held
    assert line_edits_holding(PASSPHRASE, NEW) == []

    window.lock()
    wrong_passphrase(qtbot, window, PASSPHRASE)
    assert "doesn't open" in window.unlock_view.error.text()
    assert window.session is None
    unlock_with_passphrase(qtbot, window, NEW)
    # The recovery code stays the same.
    window.lock()
    vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True).close()
    assert line_edits_holding(PASSPHRASE, NEW) == []


def test_cancel_changes_nothing_and_forgets_what_was_typed(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = vault
    key_file = paths.key_file.read_bytes()
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: ChangePassphraseDialog) -> None:
        fill(qtbot, dialog, PASSPHRASE, NEW)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        state.update(visible=dialog.isVisible(), texts=line_texts(dialog))

    change_passphrase(qtbot, window, act)
    assert state == {"visible": False, "texts": []}
    assert paths.key_file.read_bytes() == key_file
    window.lock()
    unlock_with_passphrase(qtbot, window, PASSPHRASE)




def test_the_dialog_can_be_used_from_the_keyboard_alone(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: ChangePassphraseDialog) -> None:
        qtbot.waitUntil(dialog.isActiveWindow)
        letters = mnemonics(dialog)
        state["duplicates"] = sorted({m for m in letters if letters.count(m) > 1})
        state["starts_in_current"] = dialog.current.hasFocus()
        for letter, field, text in ((Qt.Key.Key_U, dialog.current, PASSPHRASE),
                                    (Qt.Key.Key_N, dialog.form.passphrase, NEW),
                                    (Qt.Key.Key_A, dialog.form.confirmation, NEW)):
            qtbot.keyClick(dialog, letter, Qt.KeyboardModifier.AltModifier)
            assert field.hasFocus(), letter
            type_text(qtbot, field, text)
        qtbot.keyClick(dialog.form.confirmation, Qt.Key.Key_Return)  # Change is the default button
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        state["result"] = dialog.result()

    change_passphrase(qtbot, window, act)
    assert state == {"duplicates": [], "starts_in_current": True, "result": QDialog.DialogCode.Accepted}
    window.lock()
    unlock_with_passphrase(qtbot, window, NEW)


def test_on_the_locked_screen_undo_does_not_bring_back_the_last_passphrase(
    qtbot: QtBot, vault: tuple[VaultPaths, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    window.lock()
    field = window.unlock_view.passphrase
    assert field.text() == ""
    field.setEchoMode(QLineEdit.EchoMode.Normal)  # what the eye button does
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == ""
