"""After opening with the recovery code: a new passphrase, and a repaired key file (P4, P5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui_helpers import (
    LEFT,
    PASSPHRASE,
    fill_new_passphrase,
    loose_permissions,
    type_text,
    wrong_passphrase,
)
from ui_helpers import unlock_with_passphrase as unlock

from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultState
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.new_passphrase_dialog import NewPassphraseDialog
from sidebyside.ui.unlock_view import UnlockMode

Vault = tuple[VaultPaths, str]
NEW_PASSPHRASE = "orchard lantern pebble violin"


def open_with_code(qtbot: QtBot, window: MainWindow, code: str) -> NewPassphraseDialog:
    view = window.unlock_view
    if view.mode() is not UnlockMode.RECOVERY:
        qtbot.mouseClick(view.use_recovery, LEFT)
    with qtbot.waitSignal(window.unlocked, timeout=5_000):
        type_text(qtbot, view.recovery, code)
        qtbot.mouseClick(view.recovery_button, LEFT)
    dialog = window.new_passphrase_dialog  # the one offered for this unlock
    assert isinstance(dialog, NewPassphraseDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def intro(dialog: NewPassphraseDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def save(qtbot: QtBot, dialog: NewPassphraseDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)


@pytest.mark.parametrize("damage", ["missing", "garbled"])
def test_a_new_passphrase_repairs_a_broken_key_file(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow], damage: str
) -> None:
    paths, code = created_vault
    garbage = b"\x00\xffthis is not a key file" * 8
    if damage == "missing":
        paths.key_file.unlink()
    else:
        paths.key_file.write_bytes(garbage)
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    assert "missing or damaged" in intro(dialog)
    fill_new_passphrase(qtbot, dialog, NEW_PASSPHRASE)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.form.passphrase.text() == "" and dialog.form.confirmation.text() == ""
    assert vault_service.inspect(paths).state is VaultState.READY
    set_aside = sorted(p for p in paths.data_dir.iterdir() if p.name.startswith("vault.key.damaged-"))
    if damage == "garbled":
        assert len(set_aside) == 1 and set_aside[0].read_bytes() == garbage  # moved aside, never deleted
    else:
        assert set_aside == []
    assert loose_permissions(paths.data_dir) == []

    window.lock()
    view = window.unlock_view
    assert view.mode() is UnlockMode.PASSPHRASE and not view.notice.isVisible()  # the notice is gone
    wrong_passphrase(qtbot, window, PASSPHRASE)  # the new passphrase is the one that counts now
    unlock(qtbot, window, NEW_PASSPHRASE)


def test_later_leaves_the_broken_key_file_for_next_time(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, code = created_vault
    paths.key_file.write_bytes(b"{}")
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    qtbot.mouseClick(dialog.later_button, LEFT)
    assert not dialog.isVisible()
    assert window.is_unlocked  # still in
    assert paths.key_file.read_bytes() == b"{}"
    window.lock()
    assert window.unlock_view.mode() is UnlockMode.RECOVERY  # and asked again next time


def test_after_a_forgotten_passphrase_the_couple_can_choose_a_new_one(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    _paths, code = created_vault
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    assert "forgotten" in intro(dialog)
    fill_new_passphrase(qtbot, dialog, NEW_PASSPHRASE)
    save(qtbot, dialog)
    window.lock()
    wrong_passphrase(qtbot, window, PASSPHRASE)
    unlock(qtbot, window, NEW_PASSPHRASE)
    window.lock()
    dialog = open_with_code(qtbot, window, code)  # the recovery code stays the same
    qtbot.mouseClick(dialog.later_button, LEFT)


def test_later_keeps_the_old_passphrase(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, code = created_vault
    before = paths.key_file.read_bytes()
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    qtbot.mouseClick(dialog.later_button, LEFT)
    assert paths.key_file.read_bytes() == before
    window.lock()
    unlock(qtbot, window, PASSPHRASE)


def test_a_weak_or_mismatched_new_passphrase_is_refused_inline(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, code = created_vault
    before = paths.key_file.read_bytes()
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    fill_new_passphrase(qtbot, dialog, "password")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "attackers try first" in dialog.form.error.text()
    fill_new_passphrase(qtbot, dialog, NEW_PASSPHRASE, NEW_PASSPHRASE + "x")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "don't match" in dialog.form.error.text()
    assert dialog.isVisible()
    qtbot.wait(50)
    assert paths.key_file.read_bytes() == before


def test_locking_closes_the_dialog_and_empties_its_fields(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    _paths, code = created_vault
    window = open_window()
    dialog = open_with_code(qtbot, window, code)
    fill_new_passphrase(qtbot, dialog, NEW_PASSPHRASE)
    window.lock()
    assert not dialog.isVisible()
    assert dialog.form.passphrase.text() == "" and dialog.form.confirmation.text() == ""
    unlock(qtbot, window, PASSPHRASE)
