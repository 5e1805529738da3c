"""Backups and the vault check in the window (issue 3, Build 4 and 6): the daily automatic backup and
Home's "Last backup", "Back up now…" to a folder, Check the vault, and how many backups are kept."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot
from ui_helpers import LEFT, PASSPHRASE, PromptLog, file_hashes, in_dialog, unlock_with_passphrase

from sidebyside.core.errors import WrongSecretError
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.settings_dialog import SettingsDialog

D = TypeVar("D", bound=QDialog)
BACKUP_WAIT_MS = 10_000


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sbsbackup"))


def home(window: MainWindow) -> HomeView:
    section = window.workspace.sections[0]
    assert isinstance(section, HomeView)
    return section


def wait_for_backup(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=BACKUP_WAIT_MS)


def unlock_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    unlock_with_passphrase(qtbot, window)
    wait_for_backup(qtbot, window)


@pytest.fixture
def held_backups(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The automatic backup job waits until the test sets the event, so the test sees the moment before."""
    release = threading.Event()
    real = safety.automatic_backup_job

    def held(session: Any, now: datetime | None = None) -> Callable[[], Any] | None:
        job = real(session, now)
        if job is None:
            return None

        def wait_then_run() -> Any:
            release.wait(BACKUP_WAIT_MS / 1000)
            return job()

        return wait_then_run

    monkeypatch.setattr(safety, "automatic_backup_job", held)
    yield release
    release.set()  # never leave a worker thread waiting


# -- the daily automatic backup -------------------------------------------------------------------
@pytest.mark.automatic_backup
def test_unlocking_makes_a_checked_backup_once_a_day_and_home_shows_when(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], held_backups: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    label = home(window).last_backup
    assert window.safety.busy  # the backup runs in the background after unlock…
    assert label.text() == "No backup yet"  # …and until it is done, Home says there is none
    assert backups_in(vault.backups) == []
    held_backups.set()
    wait_for_backup(qtbot, window)
    made = safety.list_backups(vault)
    assert len(made) == 1 and made[0].reason == "automatic" and made[0].has_key_file
    created = made[0].created.astimezone()
    assert label.text() != "No backup yet"
    assert str(created.year) in label.text() and str(created.day) in label.text()
    assert window.statusBar().currentMessage() == "Backup made and checked."
    safety.key_for_backup(made[0].path, passphrase=PASSPHRASE)  # it opens with the passphrase

    # Unlocking again the same day adds no second automatic backup.
    window.lock()
    unlock_and_wait(qtbot, window)
    assert backups_in(vault.backups) == [made[0].path]
    assert str(created.day) in home(window).last_backup.text()

    # A day later it does.
    real = safety.automatic_backup_job
    monkeypatch.setattr(safety, "automatic_backup_job", lambda session, now=None: real(
        session, datetime.now(UTC) + timedelta(days=1, minutes=1)))
    window.lock()
    unlock_and_wait(qtbot, window)
    assert [b.reason for b in safety.list_backups(vault)] == ["automatic", "automatic"]


def fill_with_pages(paths: VaultPaths) -> None:
    """Give the vault many pages (each draft fills about one), so one can be damaged that opening doesn't read."""
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    try:
        for i in range(60):
            drafts.save_draft(session, f"filler-{i}", "x" * 3000)
    finally:
        session.close()


def damage_a_later_page(paths: VaultPaths) -> bytes:
    """Flip bytes in the page before last of the database file; return the damaged file's bytes."""
    data = bytearray(paths.db.read_bytes())
    page_size = 4096
    assert len(data) // page_size > 20
    start = (len(data) // page_size - 2) * page_size + 2000
    for offset in range(start, start + 16):
        data[offset] ^= 0xFF
    paths.db.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.automatic_backup
def test_damage_found_at_unlock_is_explained_and_no_backup_of_the_damaged_vault_is_made(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    fill_with_pages(vault)
    damage_a_later_page(vault)
    window = open_window()
    unlock_and_wait(qtbot, window)  # the damage is past the pages read to open it
    assert len(prompt_log.errors) == 1
    title, message = prompt_log.errors[0]
    assert title == "The vault needs attention"
    assert "damage" in message and "Restore from a backup" in message and "not deleted" in message
    assert backups_in(vault.backups) == []  # a damaged copy must not push good backups out of the rotation
    assert home(window).last_backup.text() == "No backup yet"


# -- Back up now… ---------------------------------------------------------------------------------
def test_back_up_now_writes_a_checked_backup_into_the_folder_that_opens_elsewhere(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    tmp_path: Path,
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    drafts.save_draft(window.session, "notes", "written before the backup")
    stick = tmp_path / "USB stick"
    stick.mkdir()
    window.safety.back_up_to_folder(stick)
    assert window.statusBar().currentMessage() == "Making a backup…"
    wait_for_backup(qtbot, window)
    [made] = backups_in(stick)
    assert not list(stick.glob(".*"))  # no partial files left beside it
    assert backups_in(vault.backups) == []  # only where it was asked for
    assert [title for title, _ in prompt_log.infos] == ["Backup made"]
    message = prompt_log.infos[0][1]
    assert str(made) in message and "passphrase" in message and "recovery code" in message
    assert prompt_log.errors == []
    assert window.is_unlocked

    # It is self-contained: on "another computer" it restores and opens with the passphrase alone.
    with pytest.raises(WrongSecretError):
        safety.key_for_backup(made, passphrase="kitchen table at dusk")
    elsewhere = VaultPaths(tmp_path / "another computer")
    safety.restore_backup(elsewhere, made, safety.key_for_backup(made, passphrase=PASSPHRASE))
    restored = vault_service.open_vault(elsewhere, vault_service.key_from_passphrase(elsewhere, PASSPHRASE))
    try:
        assert drafts.load_draft(restored, "notes") == "written before the backup"
        assert [p.name for p in vault_service.overview(restored).partners] == ["Sam", "Alex"]
    finally:
        restored.close()


def test_back_up_now_in_the_menu_asks_for_a_folder_and_cancel_writes_nothing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [""]  # the first time the person cancels the folder dialog
    asked: list[str] = []

    def get_existing_directory(*args: Any, **kwargs: Any) -> str:
        asked.append("folder")
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(get_existing_directory))
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    before = file_hashes(vault.data_dir)
    window.safety.backup_action.trigger()
    wait_for_backup(qtbot, window)
    assert asked == ["folder"]
    assert file_hashes(vault.data_dir) == before and prompt_log.infos == []

    stick = tmp_path / "stick"
    stick.mkdir()
    answers.append(str(stick))
    window.safety.backup_action.trigger()
    wait_for_backup(qtbot, window)
    assert asked == ["folder", "folder"]
    assert len(backups_in(stick)) == 1
    assert backups_in(vault.backups) == []
    assert str(backups_in(stick)[0]) in prompt_log.infos[-1][1]


def test_a_backup_that_cannot_be_written_says_so_plainly_and_keeps_the_vault(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_bytes(b"a file where the folder should be")
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    window.safety.back_up_to_folder(not_a_folder)
    wait_for_backup(qtbot, window)
    message = window.statusBar().currentMessage()
    assert message.startswith("The backup couldn't be made: ")
    assert "Your vault is unchanged" in message and "Traceback" not in message
    assert prompt_log.infos == []  # never "Backup made" for a backup that wasn't
    assert window.is_unlocked
    assert not_a_folder.read_bytes() == b"a file where the folder should be"


def test_backup_check_and_change_passphrase_are_offered_only_while_unlocked(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    tmp_path: Path,
) -> None:
    window = open_window()
    safety_actions = window.safety
    locked_only_off = (safety_actions.backup_action, safety_actions.check_action,
                       safety_actions.change_passphrase_action)
    assert [a.isEnabled() for a in locked_only_off] == [False, False, False]
    assert safety_actions.restore_action.isEnabled()  # restoring is what you may need when it won't open
    safety_actions.check_vault()  # e.g. from a shortcut: nothing happens while locked
    safety_actions.back_up_to_folder(tmp_path)
    safety_actions.change_passphrase()
    assert QApplication.activeModalWidget() is None
    assert prompt_log.infos == [] and prompt_log.errors == [] and backups_in(tmp_path) == []
    unlock_with_passphrase(qtbot, window)
    assert all(a.isEnabled() for a in locked_only_off)
    window.lock()
    assert not any(a.isEnabled() for a in locked_only_off)


# -- Check the vault ------------------------------------------------------------------------------
def test_checking_a_healthy_vault_says_no_problems(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    before = file_hashes(vault.data_dir)
    window.safety.check_action.trigger()
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=10_000)  # the full check runs in the background
    assert prompt_log.infos == [("Vault check", "The whole vault was checked: no problems found.")]
    assert prompt_log.errors == []
    assert file_hashes(vault.data_dir) == before


def test_checking_a_vault_damaged_while_open_names_the_damage_and_the_way_out(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    fill_with_pages(vault)
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=10_000)  # the quick check after unlock is done
    assert prompt_log.errors == []  # healthy at unlock
    damaged = damage_a_later_page(vault)  # e.g. the disk fails under the open vault
    prompt_log.answer = False  # "Choose a backup…"? Not now.
    window.safety.check_vault()
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=10_000)
    assert prompt_log.infos == [] and prompt_log.errors == []
    [(title, message)] = prompt_log.questions  # the damage, and the offer to restore
    assert title == "Vault check"
    assert "damaged" in message and "restore the newest backup" in message
    assert "Restore the newest backup now?" in message
    assert "Traceback" not in message and "HMAC" not in message
    assert vault.db.read_bytes() == damaged  # checking never "repairs" by writing over the file
    assert window.is_unlocked


# -- how many backups are kept --------------------------------------------------------------------
@pytest.mark.automatic_backup
def test_keep_backups_is_saved_in_the_vault_and_the_next_backup_prunes_to_it(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "AUTOMATIC_EVERY", timedelta(0))  # as if a day had passed before every unlock
    window = open_window()
    for _ in range(3):
        unlock_and_wait(qtbot, window)
        window.lock()
    unlock_and_wait(qtbot, window)
    four = backups_in(vault.backups)
    assert len(four) == 4  # the default keeps 10
    newest_before = safety.list_backups(vault)[0].created

    def keep_two(dialog: SettingsDialog) -> None:
        assert dialog.keep_backups.value() == safety.DEFAULT_KEEP
        assert dialog.keep_backups.text() == "10 backups"
        dialog.keep_backups.setFocus()
        dialog.keep_backups.selectAll()
        qtbot.keyClicks(dialog.keep_backups, "2")
        assert dialog.keep_backups.value() == 2
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), LEFT)

    in_dialog(qtbot, SettingsDialog, window.open_settings, keep_two)
    assert window.session is not None
    assert safety.backups_to_keep(window.session) == 2
    assert backups_in(vault.backups) == four  # nothing is deleted until the next backup

    window.lock()
    unlock_and_wait(qtbot, window)  # the next backup
    kept = safety.list_backups(vault)
    assert len(kept) == 2
    assert kept[1].created == newest_before and kept[0].created > newest_before  # the newest two
    shown: dict[str, int] = {}

    def look(dialog: SettingsDialog) -> None:
        shown["keep"] = dialog.keep_backups.value()

    in_dialog(qtbot, SettingsDialog, window.open_settings, look)
    assert shown == {"keep": 2}  # read back from the vault after locking and unlocking


def test_a_damaged_vault_found_by_the_check_leads_straight_to_restore(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill_with_pages(vault)
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=10_000)
    damage_a_later_page(vault)
    opened: list[bool] = []
    monkeypatch.setattr("sidebyside.ui.restore_dialog.RestoreDialog.exec", lambda self: opened.append(True) or 0)
    prompt_log.answer = True  # "Choose a backup…"
    window.safety.check_vault()
    qtbot.waitUntil(lambda: not window.safety.busy, timeout=10_000)
    assert opened == [True]  # the restore dialog came up…
    assert not window.is_unlocked  # …after locking, without asking a second time
    assert len(prompt_log.questions) == 1
