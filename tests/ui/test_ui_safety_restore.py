"""Restore from a backup (issue 3, Build 5): from the unlock screen and from the Vault menu, with the
passphrase or the recovery code; wrong secrets and damaged files change nothing (P2, P5); the current
vault is kept aside, and no field keeps a secret afterwards (P6)."""

from __future__ import annotations

import html
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWizard
from pytestqt.qtbot import QtBot
from ui_helpers import (
    LEFT,
    PASSPHRASE,
    PromptLog,
    file_hashes,
    in_dialog,
    make_vault,
    mnemonics,
    tick,
    type_text,
    unlock_with_passphrase,
    wrong_passphrase,
)

from sidebyside import app
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.services.safety import BackupInfo
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.restore_dialog import RestoreDialog
from sidebyside.ui.setup_wizard import SetupWizard

D = TypeVar("D", bound=QDialog)
WAIT_MS = 10_000
BEFORE = "Sunday: we agreed on the blue tiles."
AFTER = "Monday: actually, the green ones."
NEW = "violet harbour seven lanterns"

Vault = tuple[VaultPaths, str]


@pytest.fixture
def vault(paths: VaultPaths) -> Vault:
    _key, code = make_vault(paths)
    return paths, code


def from_unlock_screen(qtbot: QtBot, window: MainWindow) -> Callable[[], None]:
    return lambda: qtbot.mouseClick(window.unlock_view.restore_link, LEFT)


def press_restore(qtbot: QtBot, dialog: RestoreDialog) -> None:
    qtbot.mouseClick(dialog.restore_button, LEFT)


def wait_for_error(qtbot: QtBot, dialog: RestoreDialog) -> str:
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog._background.busy, timeout=WAIT_MS)
    return dialog.error.text()


def restore_and_wait(qtbot: QtBot, dialog: RestoreDialog, state: dict[str, Any]) -> None:
    press_restore(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    state.update(result=dialog.result(), texts=[e.text() for e in dialog.findChildren(QLineEdit) if e.text()])


def line_edits_holding(*secrets: str) -> list[str]:
    """Every line edit anywhere in the application that shows one of ``secrets``."""
    return [f"{type(w).__name__} {w.accessibleName()!r}" for w in QApplication.allWidgets()
            if isinstance(w, QLineEdit) and any(s in w.text() for s in secrets)]


def back_up_between_two_drafts(window: MainWindow, folder: Path | None = None) -> BackupInfo:
    """Save BEFORE, make a backup (into ``folder`` or backups/), then change the draft to AFTER."""
    assert window.session is not None
    drafts.save_draft(window.session, "notes", BEFORE)
    info = safety.backup_job(window.session, folder)()
    drafts.save_draft(window.session, "notes", AFTER)
    return info


def replaced_folders(paths: VaultPaths) -> list[Path]:
    return sorted(paths.data_dir.glob("replaced-*"))


def draft_in(paths: VaultPaths, passphrase: str = PASSPHRASE) -> str | None:
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, passphrase))
    try:
        return drafts.load_draft(session, "notes")
    finally:
        session.close()


def released(dialog: QDialog) -> bool:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return not shiboken6.isValid(dialog)


# -- from the unlock screen -----------------------------------------------------------------------
def test_restoring_from_the_unlock_screen_brings_back_the_backup_and_keeps_the_vault_aside(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    info = back_up_between_two_drafts(window)
    window.lock()
    before = file_hashes(paths.data_dir)
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        assert dialog.backups.count() == 1
        item = dialog.backups.item(0)
        assert dialog.backups.currentItem() is item  # the newest is chosen already
        text = item.text()
        assert QLocale().formattedDataSize(info.size) in text  # its size…
        created = info.created.astimezone()
        assert str(created.year) in text and str(created.day) in text  # …its date…
        assert "made by hand" in text  # …and why it was made
        assert str(info.path) not in text and item.toolTip() == f"<p>{html.escape(str(info.path))}</p>"
        assert not dialog.empty_note.isVisible()

        type_text(qtbot, dialog.passphrase, "kitchen table at dusk")
        press_restore(qtbot, dialog)
        state["wrong"] = wait_for_error(qtbot, dialog)
        state["still_open"] = dialog.isVisible()
        state["hashes_after_wrong"] = file_hashes(paths.data_dir)
        state["button_after_wrong"] = dialog.restore_button.isEnabled()
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        restore_and_wait(qtbot, dialog, state)

    dialog = in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert "doesn't open this backup" in state["wrong"] and "recovery code" in state["wrong"]
    assert state["still_open"] and state["button_after_wrong"]
    assert state["hashes_after_wrong"] == before  # a wrong passphrase changes nothing (P2)
    assert state["result"] == QDialog.DialogCode.Accepted
    assert state["texts"] == []  # no field kept the passphrase (P6)
    assert released(dialog)

    [replaced] = replaced_folders(paths)
    assert [title for title, _ in prompt_log.infos] == ["Backup restored"]
    message = prompt_log.infos[0][1]
    assert str(replaced) in message and "recovery code" not in message
    assert prompt_log.errors == []
    assert window.session is None and window.stack.currentWidget() is window.unlock_view
    assert window.unlock_view.notice.text() == "" and window.unlock_view.error.text() == ""
    assert line_edits_holding(PASSPHRASE, "kitchen table at dusk") == []

    # The vault that was replaced is kept whole, with what was written after the backup.
    assert sorted(p.name for p in replaced.iterdir()) == ["vault.db", "vault.key"]
    assert draft_in(VaultPaths(replaced)) == AFTER
    assert info.path.exists()  # and the backup itself is still there

    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    assert drafts.load_draft(window.session, "notes") == BEFORE


def test_the_recovery_code_restores_a_backup_made_before_the_passphrase_changed(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    cheap_kdf: KdfParams,
) -> None:
    paths, code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    back_up_between_two_drafts(window)
    safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, cheap_kdf)  # after the backup
    window.lock()
    before = file_hashes(paths.data_dir)
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        # Today's passphrase doesn't open the older backup: the message says which one does.
        type_text(qtbot, dialog.passphrase, NEW)
        press_restore(qtbot, dialog)
        state["today"] = wait_for_error(qtbot, dialog)
        assert not dialog.recovery.isVisible()
        tick(qtbot, dialog.use_code)
        assert dialog.recovery.isVisible() and dialog.recovery.hasFocus()
        assert not dialog.passphrase.isEnabled()
        typo = code[:5] + ("Z" if code[5] != "Z" else "Y") + code[6:]
        type_text(qtbot, dialog.recovery, typo)
        press_restore(qtbot, dialog)
        state["typo"] = dialog.error.text()  # caught at once, before anything runs
        state["hashes_after_mistakes"] = file_hashes(paths.data_dir)
        dialog.recovery.clear()
        type_text(qtbot, dialog.recovery, code.replace("-", " ").lower())
        restore_and_wait(qtbot, dialog, state)

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert "doesn't open this backup" in state["today"] and "when the backup was made" in state["today"]
    assert "typo" in state["typo"]
    assert state["hashes_after_mistakes"] == before
    assert state["result"] == QDialog.DialogCode.Accepted and state["texts"] == []
    assert len(replaced_folders(paths)) == 1
    assert [title for title, _ in prompt_log.infos] == ["Backup restored"]
    assert line_edits_holding(PASSPHRASE, NEW, code, code.replace("-", " ").lower()) == []

    # The backup brought its key file: the passphrase of that time opens the vault again, today's doesn't.
    wrong_passphrase(qtbot, window, NEW)
    unlock_with_passphrase(qtbot, window, PASSPHRASE)
    assert window.session is not None
    assert drafts.load_draft(window.session, "notes") == BEFORE


def test_the_recovery_code_of_another_vault_is_refused_and_changes_nothing(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    back_up_between_two_drafts(window)
    window.lock()
    before = file_hashes(paths.data_dir)
    other = vault_service.recovery_code_for(vault_service.new_database_key())
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        tick(qtbot, dialog.use_code)
        type_text(qtbot, dialog.recovery, other)
        press_restore(qtbot, dialog)
        state["error"] = wait_for_error(qtbot, dialog)
        state["visible"] = dialog.isVisible()

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state["visible"]
    assert "doesn't open this backup" in state["error"] and "Nothing was changed" in state["error"]
    assert file_hashes(paths.data_dir) == before
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and drafts.load_draft(window.session, "notes") == AFTER


# -- a backup file from elsewhere -----------------------------------------------------------------
def test_a_backup_from_a_usb_stick_can_be_chosen_and_restored(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    paths, _code = vault
    stick = tmp_path / "stick"
    stick.mkdir()
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    info = back_up_between_two_drafts(window, stick)
    window.lock()
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        assert dialog.backups.count() == 0 and dialog.empty_note.isVisible()
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        press_restore(qtbot, dialog)
        state["nothing_chosen"] = dialog.error.text()
        assert dialog.add_file(info.path)
        assert dialog.backups.count() == 1 and not dialog.empty_note.isVisible()
        assert dialog.selected_path() == info.path
        assert dialog.error.text() == ""
        if not dialog.passphrase.text():
            type_text(qtbot, dialog.passphrase, PASSPHRASE)
        restore_and_wait(qtbot, dialog, state)

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state["nothing_chosen"] == "Please choose a backup first."
    assert state["result"] == QDialog.DialogCode.Accepted
    assert len(replaced_folders(paths)) == 1
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and drafts.load_draft(window.session, "notes") == BEFORE


def rewrite_backup(source: Path, target: Path, *, manifest: dict[str, Any] | None = None,
                   drop: str | None = None) -> None:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for name in archive.namelist():
            if name == drop:
                continue
            data = archive.read(name)
            if name == "manifest.json" and manifest is not None:
                data = json.dumps({**json.loads(data), **manifest}).encode()
            out.writestr(name, data)


def garble(kind: str, good: Path, bad: Path) -> str:
    """Write a broken "backup" to ``bad``; return what the error must say."""
    if kind == "garbage":
        bad.write_bytes(b"\x00\xffthis is not a zip at all" * 40)
        return f"{bad.name} isn't a SideBySide backup, or it is damaged."
    if kind == "truncated":
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
        return f"{bad.name} isn't a SideBySide backup, or it is damaged."
    if kind == "other-zip":
        with zipfile.ZipFile(bad, "w") as out:
            out.writestr("holiday.txt", "photos")
        return f"{bad.name} isn't a SideBySide backup, or it is damaged."
    if kind == "no-database":
        rewrite_backup(good, bad, drop="vault.db")
        return f"{bad.name} isn't a SideBySide backup, or it is damaged."
    assert kind == "newer"
    rewrite_backup(good, bad, manifest={"version": 99})
    return "This backup was made by a newer version of SideBySide. Please update the app to restore it."


@pytest.mark.parametrize("kind", ["garbage", "truncated", "other-zip", "no-database", "newer"])
def test_a_garbled_backup_file_is_refused_with_a_plain_message(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], tmp_path: Path, kind: str
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    good = back_up_between_two_drafts(window)
    window.lock()
    bad = tmp_path / "from the stick.sbsbackup"
    expected = garble(kind, good.path, bad)
    before = file_hashes(paths.data_dir)
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        state["added"] = dialog.add_file(bad)
        state["error"] = dialog.error.text()
        state["listed"] = [dialog.backups.item(i).toolTip() for i in range(dialog.backups.count())]
        state["selected"] = dialog.selected_path()

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state["added"] is False
    assert state["error"] == expected
    # the list is as it was
    assert state["listed"] == [f"<p>{html.escape(str(good.path))}</p>"] and state["selected"] == good.path
    assert file_hashes(paths.data_dir) == before
    assert window.session is None


def test_a_backup_whose_database_is_damaged_is_refused_when_restoring_and_changes_nothing(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    good = back_up_between_two_drafts(window, tmp_path)
    window.lock()
    data = bytearray(good.path.read_bytes())
    with zipfile.ZipFile(good.path) as archive:
        db_at = archive.getinfo("vault.db").header_offset
    for offset in range(db_at + 3000, db_at + 3016):  # inside the stored database, past the zip header
        data[offset] ^= 0xFF
    good.path.write_bytes(bytes(data))
    before = file_hashes(paths.data_dir)
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        state["added"] = dialog.add_file(good.path)  # the manifest is intact: it is listed
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        press_restore(qtbot, dialog)
        state["error"] = wait_for_error(qtbot, dialog)
        state["visible"] = dialog.isVisible()

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state["added"] and state["visible"]
    assert "damaged" in state["error"] and "Traceback" not in state["error"]
    assert file_hashes(paths.data_dir) == before  # no replaced-* folder, no leftover staging
    assert replaced_folders(paths) == []
    unlock_with_passphrase(qtbot, window)


# -- on a new computer, from the first-run wizard ---------------------------------------------------
def test_on_a_new_computer_the_first_run_wizard_restores_a_backup_that_then_unlocks(
    qtbot: QtBot, tmp_path: Path, context: AppContext, monkeypatch: pytest.MonkeyPatch, prompt_log: PromptLog
) -> None:
    old = VaultPaths(tmp_path / "old-laptop")  # the vault the couple used before, and a backup of it on a stick
    make_vault(old)
    session = vault_service.open_vault(old, vault_service.key_from_passphrase(old, PASSPHRASE))
    drafts.save_draft(session, "notes", BEFORE)
    info = safety.backup_job(session, tmp_path / "usb")()
    session.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(info.path), "")))
    wizard = app.start(context)  # a data folder with no vault yet
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    restore_button = wizard.button(QWizard.WizardButton.CustomButton1)
    assert restore_button.isVisible() and restore_button.text() == "&Restore from a backup…"
    wizard.next()
    assert not restore_button.isVisible()  # only where the couple decides how to start
    wizard.back()
    assert restore_button.isVisible()
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        state["intro"] = dialog.intro.text()
        assert dialog.empty_note.isVisible()  # nothing in this computer's backups/ folder
        qtbot.mouseClick(dialog.choose_file, LEFT)
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        restore_and_wait(qtbot, dialog, state)

    in_dialog(qtbot, RestoreDialog, lambda: qtbot.mouseClick(restore_button, LEFT), act, wait_active=True)
    assert "becomes your vault on this computer" in state["intro"] and "replaced" not in state["intro"]
    assert state["result"] == QDialog.DialogCode.Accepted
    window = wizard.property("main_window")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not wizard.isVisible() and window.isVisible())
    assert window.stack.currentWidget() is window.unlock_view
    assert replaced_folders(context.paths) == [] and prompt_log.infos == [] and prompt_log.errors == []
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and drafts.load_draft(window.session, "notes") == BEFORE


# -- from the Vault menu, while unlocked ----------------------------------------------------------
def test_restoring_while_unlocked_asks_first_and_no_keeps_everything_as_it_was(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    back_up_between_two_drafts(window)
    before = file_hashes(paths.data_dir)
    prompt_log.answer = False
    opened: list[object] = []

    def guard() -> None:  # if a dialog opened anyway, record it and close it so the test can't hang
        dialog = QApplication.activeModalWidget()
        opened.append(dialog)
        if isinstance(dialog, QDialog):
            QDialog.reject(dialog)

    QTimer.singleShot(0, guard)
    window.safety.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [None]
    [(title, message)] = prompt_log.questions
    assert title == "Restore from a backup" and "lock" in message
    assert window.is_unlocked and window.stack.currentWidget() is window.workspace
    assert file_hashes(paths.data_dir) == before


def test_restoring_while_unlocked_locks_first_when_the_answer_is_yes(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    paths, _code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    info = back_up_between_two_drafts(window)
    prompt_log.answer = True
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        state["locked_behind"] = window.session is None and window.stack.currentWidget() is window.unlock_view
        state["listed"] = dialog.backups.count()
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        restore_and_wait(qtbot, dialog, state)

    in_dialog(qtbot, RestoreDialog, window.safety.restore_action.trigger, act, wait_active=True)
    assert len(prompt_log.questions) == 1
    assert state["locked_behind"] and state["listed"] == 1
    assert state["result"] == QDialog.DialogCode.Accepted and state["texts"] == []
    assert window.session is None and window.stack.currentWidget() is window.unlock_view
    assert len(replaced_folders(paths)) == 1 and info.path.exists()
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and drafts.load_draft(window.session, "notes") == BEFORE


def test_cancelling_the_restore_changes_nothing_and_forgets_what_was_typed(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    paths, code = vault
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    back_up_between_two_drafts(window)
    window.lock()
    before = file_hashes(paths.data_dir)
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        type_text(qtbot, dialog.passphrase, PASSPHRASE)
        tick(qtbot, dialog.use_code)
        type_text(qtbot, dialog.recovery, code)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        state.update(visible=dialog.isVisible(), texts=[e.text() for e in dialog.findChildren(QLineEdit)
                                                         if e.text()])

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state == {"visible": False, "texts": []}
    assert file_hashes(paths.data_dir) == before
    assert prompt_log.infos == [] and window.session is None
    assert line_edits_holding(PASSPHRASE, code) == []


# -- keyboard -------------------------------------------------------------------------------------


def test_every_alt_letter_in_the_restore_dialog_does_one_thing(
    qtbot: QtBot, vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    back_up_between_two_drafts(window)
    window.lock()
    state: dict[str, Any] = {}

    def act(dialog: RestoreDialog) -> None:
        letters = mnemonics(dialog)
        state["duplicates"] = sorted({m for m in letters if letters.count(m) > 1})
        # A mnemonic "clicks" after a short animation; an ambiguous one only moves the focus.
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=1_000)
        state["restore_pressed"] = dialog.error.text()  # the passphrase is still empty
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.use_code.isChecked, timeout=1_000)
        state["code_ticked"] = dialog.recovery.hasFocus()

    in_dialog(qtbot, RestoreDialog, from_unlock_screen(qtbot, window), act, wait_active=True)
    assert state == {"duplicates": [], "restore_pressed": "Please enter the passphrase, or use the recovery code.",
                     "code_ticked": True}
