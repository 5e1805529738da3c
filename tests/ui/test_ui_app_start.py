"""The composition root: which window a data folder gets, the end-to-end first run, one instance per folder."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken
from ui_helpers import LEFT, PromptLog, drive_wizard_to_finish, file_hashes, make_vault

from sidebyside import APP_ID, APP_NAME, ORG_NAME, app
from sidebyside.core.crypto import key_file as kf
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultState
from sidebyside.core.storage.instance_lock import InstanceLock
from sidebyside.ui.context import AppContext
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.setup_wizard import SetupWizard
from sidebyside.ui.single_instance import InstanceServer, ask_running_instance_to_show, server_name
from sidebyside.ui.unlock_view import UnlockMode


def told(log: PromptLog) -> list[str]:
    """What app.py told the user in a message box (through ui.prompts), warnings and information alike."""
    return [message for _title, message in log.errors + log.infos]


def started(qtbot: QtBot, context: AppContext) -> QWidget | None:
    first = app.start(context)
    if first is not None:
        qtbot.addWidget(first)
        qtbot.waitExposed(first)
    return first


def test_configure_application_sets_the_names_settings_depend_on() -> None:
    application = app.configure_application(["sidebyside"])
    assert application is QCoreApplication.instance()  # reuses the running one, never a second
    assert QCoreApplication.applicationName() == APP_NAME
    assert QCoreApplication.organizationName() == ORG_NAME
    assert QGuiApplication.desktopFileName() == APP_ID


def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(
    qtbot: QtBot, context: AppContext, prompt_log: PromptLog
) -> None:
    folder = context.paths.data_dir
    folder.mkdir()
    (folder / "notes.txt").write_text("not ours")
    before = file_hashes(folder)
    assert started(qtbot, context) is None
    assert len(told(prompt_log)) == 1 and "other files" in told(prompt_log)[0] and str(folder) in told(prompt_log)[0]
    assert file_hashes(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_data_folder_that_is_a_file_is_refused(
    qtbot: QtBot, make_context: Callable[..., AppContext], tmp_path: Path, prompt_log: PromptLog
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    assert started(qtbot, make_context(vault_paths=VaultPaths(not_a_folder))) is None
    assert len(told(prompt_log)) == 1 and "is a file, not a folder" in told(prompt_log)[0]
    assert not_a_folder.read_text() == "x"


def test_no_vault_yet_starts_the_setup_wizard_and_writes_nothing(
    qtbot: QtBot, context: AppContext, prompt_log: PromptLog
) -> None:
    first = started(qtbot, context)
    assert isinstance(first, SetupWizard) and first.isVisible()
    assert first.currentPage() is first.welcome
    assert not context.paths.data_dir.exists()
    assert told(prompt_log) == []


def test_an_existing_vault_starts_at_the_unlock_screen(
    qtbot: QtBot, context: AppContext, prompt_log: PromptLog
) -> None:
    make_vault(context.paths)
    first = started(qtbot, context)
    assert isinstance(first, MainWindow) and first.isVisible()
    assert first.stack.currentWidget() is first.unlock_view
    assert not first.is_unlocked
    assert first.unlock_view.mode() is UnlockMode.PASSPHRASE
    assert first.width() > 300 and first.height() > 200  # sized for the screen, not a postage stamp


def test_a_vault_without_its_key_file_never_starts_setup_over_it(
    qtbot: QtBot, context: AppContext, prompt_log: PromptLog
) -> None:
    _key, code = make_vault(context.paths)
    context.paths.key_file.unlink()
    before = file_hashes(context.paths.data_dir)
    first = started(qtbot, context)
    assert isinstance(first, MainWindow)  # not the wizard (P2: never a new vault over the old one)
    assert first.unlock_view.mode() is UnlockMode.RECOVERY
    assert file_hashes(context.paths.data_dir) == before
    with qtbot.waitSignal(first.unlocked, timeout=5_000):
        qtbot.keyClicks(first.unlock_view.recovery, code)
        qtbot.mouseClick(first.unlock_view.recovery_button, LEFT)


def finish_first_run(qtbot: QtBot, wizard: SetupWizard, remember: bool) -> MainWindow:
    drive_wizard_to_finish(qtbot, wizard, remember=remember)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), LEFT)
    qtbot.waitUntil(lambda: wizard.property("main_window") is not None, timeout=10_000)
    window = wizard.property("main_window")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def test_first_run_end_to_end_opens_the_new_vault_unlocked(
    qtbot: QtBot, context: AppContext, memory_store: MemorySecretStore, prompt_log: PromptLog
) -> None:
    wizard = started(qtbot, context)
    assert isinstance(wizard, SetupWizard)
    window = finish_first_run(qtbot, wizard, remember=False)
    assert not wizard.isVisible()
    assert window.isVisible() and window.is_unlocked
    assert window.stack.currentWidget() is window.workspace
    home = window.workspace.sections[0]
    assert isinstance(home, HomeView)
    assert [label.text() for label in home.partner_names] == ["Sam", "Alex"]
    assert home.remembered.text() == "Opens with your passphrase only"
    assert memory_store.values == {}
    assert vault_service.inspect(context.paths).state is VaultState.READY


def test_first_run_with_remember_keeps_the_key_in_the_keychain(
    qtbot: QtBot, context: AppContext, memory_store: MemorySecretStore, prompt_log: PromptLog
) -> None:
    wizard = started(qtbot, context)
    assert isinstance(wizard, SetupWizard)
    window = finish_first_run(qtbot, wizard, remember=True)
    assert window.is_unlocked
    assert len(memory_store.values) == 1
    assert kf.read(context.paths.key_file).remember
    home = window.workspace.sections[0]
    assert isinstance(home, HomeView)
    assert home.remembered.text() == "Opens with this computer's keychain"
    window.lock()
    assert window.unlock_view.mode() is UnlockMode.KEYCHAIN


def test_first_run_with_a_keychain_that_raises_still_opens_and_says_so(
    qtbot: QtBot, make_context: Callable[..., AppContext], prompt_log: PromptLog
) -> None:
    store = MemorySecretStore(usable=True, fail=True)
    context = make_context(store=store)
    wizard = started(qtbot, context)
    assert isinstance(wizard, SetupWizard)
    window = finish_first_run(qtbot, wizard, remember=True)
    assert window.is_unlocked  # the vault is there and open, by passphrase
    infos = prompt_log.infos
    assert len(infos) == 1 and infos[0][0] == "Not remembered" and "Settings" in infos[0][1]
    assert store.values == {}
    assert not kf.read(context.paths.key_file).remember


# -- one instance per data folder ----------------------------------------------------------------
@pytest.fixture
def server(tmp_path: Path) -> Iterator[InstanceServer]:
    instance = InstanceServer(tmp_path / "data")
    yield instance
    Shiboken.delete(instance)  # closes the socket now, not at some later event-loop turn


def test_a_second_start_asks_the_running_one_to_come_forward(
    qtbot: QtBot, server: InstanceServer, tmp_path: Path
) -> None:
    assert server.listening
    with qtbot.waitSignal(server.activation_requested, timeout=3_000):
        assert ask_running_instance_to_show(tmp_path / "data") is True


def test_nobody_answers_when_no_instance_runs_for_that_folder(
    qtbot: QtBot, server: InstanceServer, tmp_path: Path
) -> None:
    with qtbot.assertNotEmitted(server.activation_requested, wait=200):
        assert ask_running_instance_to_show(tmp_path / "other-data", timeout_ms=300) is False


def test_the_socket_name_depends_on_the_folder_only() -> None:
    a, b = Path("/somewhere/data"), Path("/somewhere/else")
    assert server_name(a) == server_name(a) != server_name(b)
    assert "somewhere" not in server_name(a)


def test_run_gui_on_a_folder_already_open_brings_the_first_window_forward(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str], prompt_log: PromptLog
) -> None:
    data_dir = tmp_path / "data"
    make_vault(VaultPaths(data_dir))
    lock = InstanceLock(data_dir)
    lock.acquire()  # "the first instance"
    first = InstanceServer(data_dir)
    umask = os.umask(0o022)
    os.umask(umask)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with qtbot.waitSignal(first.activation_requested, timeout=3_000):
            code = app.run_gui(data_dir, [], secret_store=MemorySecretStore())
        assert code == 0
        assert "already open" in capsys.readouterr().err
        Shiboken.delete(first)  # the first instance is gone, but its lock is still held (e.g. a hung process)
        # Without a window to bring forward, the second start says so in a box instead.
        assert app.run_gui(data_dir, [], secret_store=MemorySecretStore()) == 1
        assert len(told(prompt_log)) == 1 and "already open" in told(prompt_log)[0]
    finally:
        os.umask(umask)  # run_gui tightens the process umask; the other tests rely on the permissive one
        root.handlers[:] = handlers  # and configures logging for the whole process
        root.setLevel(level)
        lock.release()
