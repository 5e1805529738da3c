"""Lock and unlock: nothing decrypted is left behind (P6), drafts survive encrypted (P1), auto-lock."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu, QToolBar, QToolTip, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import LEFT, DraftSection, PromptLog, files_containing, loose_permissions, make_vault, shown_anywhere
from ui_helpers import unlock_with_passphrase as unlock

from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import drafts
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.auto_lock import IdleWatcher
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.widgets import autosave_editor

CTRL = Qt.KeyboardModifier.ControlModifier


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def everything_shown(needle: str) -> list[str]:
    """Where ``needle`` appears in any top-level window of the application (the main window and dialogs)."""
    hits: list[str] = []
    for top in QApplication.topLevelWidgets():
        hits += [f"{type(top).__name__}: {text[:60]}" for text in shown_anywhere(top, needle)]
    return hits


def click_section(qtbot: QtBot, window: MainWindow, row: int) -> None:
    navigation = window.workspace.navigation
    rect = navigation.visualItemRect(navigation.item(row))
    qtbot.mouseClick(navigation.viewport(), LEFT, pos=rect.center())
    assert window.workspace.current_index() == row


@pytest.fixture
def couple(paths: VaultPaths) -> tuple[str, str]:
    """A vault whose partner names are markers nothing else on screen or on disk contains."""
    names = (unique("Marisol"), unique("Teodoro"))
    make_vault(paths, names=names)
    return names


def test_lock_and_unlock_round_trip_leaves_nothing_decrypted_and_keeps_the_draft(
    qtbot: QtBot, paths: VaultPaths, couple: tuple[str, str], open_window: Callable[..., MainWindow],
    session_tmp: Path,
) -> None:
    notes = DraftSection()
    window = open_window(sections=[HomeView(), notes])
    unlock(qtbot, window)
    click_section(qtbot, window, 1)
    marker = unique("draft-marker-")
    notes.editor.setFocus()
    qtbot.keyClicks(notes.editor, f"what I wanted to say: {marker}")
    session = window.session
    assert session is not None
    assert drafts.load_draft(session, "test-notes") is None  # still inside the autosave delay
    for needle in (*couple, marker, "Notes"):  # the walk sees them while unlocked (so it would see them after);
        assert everything_shown(needle), needle  # "Notes" is only in the navigation's item model
    key = session.key

    with qtbot.waitSignal(window.locked, timeout=2_000):
        qtbot.keyClick(notes.editor, Qt.Key.Key_L, CTRL)  # Ctrl+L while typing

    # P6: locked means locked.
    assert window.session is None and not window.is_unlocked
    assert window.stack.currentWidget() is window.unlock_view
    assert len(key) == 32 and not any(key)  # the old session's key is zeroed
    assert not session.is_open
    for needle in (*couple, marker):
        assert everything_shown(needle) == [], needle
    assert not notes.editor.document().isUndoAvailable()  # no way to undo back to the text
    assert not window.lock_action.isEnabled() and not window.settings_action.isEnabled()

    # P1: the draft was saved before the lock, but never in plaintext, anywhere on disk.
    control = session_tmp / f"control-{marker}.txt"
    control.write_text(f"control {marker}", encoding="utf-16")
    assert files_containing([control.parent], [marker]), "the scan must find a plaintext copy"
    control.unlink()
    window.context.settings.sync()  # QSettings writes lazily: put it on disk so the scan covers it
    assert files_containing([paths.data_dir, session_tmp], [marker, *couple]) == []
    assert loose_permissions(paths.data_dir) == []  # P10 also for -wal/-shm and the lock file

    unlock(qtbot, window)
    assert window.workspace.current_index() == 1  # back where they were
    assert notes.editor.toPlainText() == f"what I wanted to say: {marker}"
    assert window.session is not None
    assert drafts.load_draft(window.session, "test-notes") == f"what I wanted to say: {marker}"


def test_the_toolbar_lock_button_locks(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    toolbar = window.findChild(QToolBar, "main_toolbar")
    button = toolbar.widgetForAction(window.lock_action)
    assert isinstance(button, QWidget) and button.isVisible() and button.isEnabled()
    with qtbot.waitSignal(window.locked, timeout=2_000):
        qtbot.mouseClick(button, LEFT)
    assert window.session is None
    assert everything_shown(couple[0]) == []


def test_after_unlock_the_user_is_back_in_the_section_they_were_in(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    assert window.workspace.current_index() == 0  # Home first
    titles = [window.workspace.navigation.item(i).text() for i in range(window.workspace.navigation.count())]
    assert titles == ["Home", "Journal", "Buttons", "Talk it through", "Print"]
    click_section(qtbot, window, 3)
    window.lock_action.trigger()
    assert window.session is None
    unlock(qtbot, window)
    assert window.workspace.current_index() == 3
    assert window.workspace.pages.currentIndex() == 3


def test_a_draft_saved_by_autosave_is_there_after_unlock(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    notes = DraftSection()
    window = open_window(sections=[HomeView(), notes])
    unlock(qtbot, window)
    qtbot.keyClicks(notes.editor, "saved while typing")
    assert window.session is not None
    session = window.session
    qtbot.waitUntil(lambda: drafts.load_draft(session, "test-notes") == "saved while typing", timeout=3_000)
    window.lock()
    assert notes.editor.toPlainText() == ""
    unlock(qtbot, window)
    assert notes.editor.toPlainText() == "saved while typing"


def test_if_the_draft_cannot_be_saved_it_stays_unlocked_and_says_why(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch, prompt_log: PromptLog,
) -> None:
    notes = DraftSection()
    window = open_window(sections=[HomeView(), notes])
    unlock(qtbot, window)
    qtbot.keyClicks(notes.editor, "not saved yet")

    def fail(*_args: object) -> None:
        raise SideBySideError("The disk is full.")

    monkeypatch.setattr(autosave_editor.drafts, "save_draft", fail)
    with qtbot.assertNotEmitted(window.locked):
        assert window.lock() is False
    assert window.is_unlocked
    assert notes.editor.toPlainText() == "not saved yet"  # what they typed is not thrown away
    errors = prompt_log.errors
    assert len(errors) == 1
    assert errors[0][0] == "Not locked" and "The disk is full." in errors[0][1]


def test_locking_closes_an_open_settings_dialog(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    seen: list[bool] = []

    def lock_while_open() -> None:
        seen.append(any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
        window.lock()

    QTimer.singleShot(50, lock_while_open)
    window.open_settings()  # returns once the lock has closed it
    assert seen == [True]
    assert window.session is None
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


# -- auto-lock ------------------------------------------------------------------------------------
def test_the_default_auto_lock_time_is_five_minutes(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    assert window.idle.timeout_ms == 5 * 60_000


def test_it_locks_by_itself_when_nobody_uses_it(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    notes = DraftSection()
    window = open_window(sections=[HomeView(), notes])
    unlock(qtbot, window)
    qtbot.keyClicks(notes.editor, "typed just before walking away")
    window.idle.set_timeout_ms(300)
    with qtbot.waitSignal(window.locked, timeout=3_000):
        pass
    assert window.session is None
    assert everything_shown(couple[0]) == [] and everything_shown("walking away") == []
    unlock(qtbot, window)
    assert notes.editor.toPlainText() == "typed just before walking away"
    # After unlocking it is armed again.
    window.idle.set_timeout_ms(300)
    with qtbot.waitSignal(window.locked, timeout=3_000):
        pass


@pytest.mark.parametrize("activity", ["keys", "mouse"])
def test_activity_postpones_the_auto_lock(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow], activity: str
) -> None:
    window = open_window()
    unlock(qtbot, window)
    window.idle.set_timeout_ms(300)
    target = window.workspace.pages.currentWidget()
    for step in range(6):  # 600 ms of use, twice the timeout
        if activity == "keys":
            qtbot.keyClick(target, Qt.Key.Key_Shift)
        else:
            qtbot.mouseMove(target, QPoint(20 + 10 * step, 20 + 5 * step))
        qtbot.wait(100)
    assert window.is_unlocked
    with qtbot.waitSignal(window.locked, timeout=3_000):
        pass  # and once the activity stops, it locks


def test_a_locked_window_does_not_auto_lock_again(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    window.idle.set_timeout_ms(100)
    with qtbot.assertNotEmitted(window.locked, wait=400):
        pass
    assert window.stack.currentWidget() is window.unlock_view


class CountingIdleWatcher(IdleWatcher):
    def __init__(self) -> None:
        super().__init__(60_000)
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return super().eventFilter(watched, event)


def test_the_idle_watcher_sees_the_applications_events_only_once_installed(qtbot: QtBot) -> None:
    """Installed after the window first appears (MainWindow.after_first_paint), not while it is being shown."""
    watcher, field = CountingIdleWatcher(), QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "abc")
    assert watcher.seen == 0
    watcher.install()
    qtbot.keyClicks(field, "def")
    assert watcher.seen > 0
    watcher.uninstall()
    seen = watcher.seen
    qtbot.keyClicks(field, "ghi")
    assert watcher.seen == seen


def test_locking_closes_an_open_menu_and_tooltip(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    """A menu open when the idle lock comes (a Link… menu lists button topics) must not stay over the lock screen."""
    window = open_window()
    unlock(qtbot, window)
    menu = QMenu(window)
    menu.addAction("MARKER-4410 jokes about my job")
    QToolTip.showText(window.mapToGlobal(QPoint(20, 20)), "MARKER-4410 in a tooltip", window)
    rescued: list[bool] = []
    QTimer.singleShot(100, window.lock)
    rescue = QTimer(menu)  # only if the lock didn't close it (and gone with the menu, so it never fires later)
    rescue.setSingleShot(True)
    rescue.timeout.connect(lambda: (rescued.append(True), menu.close()))
    rescue.start(5_000)
    menu.exec(window.mapToGlobal(QPoint(10, 10)))
    rescue.stop()
    assert window.session is None and not menu.isVisible() and rescued == []
    assert not QToolTip.isVisible()


def test_it_locks_when_the_desktop_session_locks(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    window.watch_session_lock()
    assert window.session_lock is not None
    unlock(qtbot, window)
    window.session_lock._on_active_changed(False)  # the screensaver stopping is not a reason to lock
    assert window.is_unlocked
    with qtbot.waitSignal(window.locked, timeout=2_000):
        window.session_lock._on_active_changed(True)  # what the D-Bus screensaver signal delivers
    assert window.session is None


def test_closing_the_window_locks_first(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    notes = DraftSection()
    window = open_window(sections=[HomeView(), notes])
    unlock(qtbot, window)
    qtbot.keyClicks(notes.editor, "closing with this unsaved")
    session = window.session
    assert session is not None
    key = session.key
    with qtbot.waitSignal(window.locked, timeout=2_000):
        window.close()
    assert not any(key)
    assert window.session is None
    # Opening SideBySide again shows the draft.
    notes_again = DraftSection()
    again = open_window(sections=[HomeView(), notes_again])
    unlock(qtbot, again)
    assert notes_again.editor.toPlainText() == "closing with this unsaved"


def test_every_alt_letter_in_the_vault_menu_does_one_thing(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    [vault_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Vault"]
    letters = [m.lower() for a in vault_menu.actions() for m in re.findall(r"&([^&\s])", a.text())]
    assert len(letters) > 8 and sorted({m for m in letters if letters.count(m) > 1}) == []


def test_after_unlock_the_window_still_fits_a_small_screen_at_200_percent(
    qtbot: QtBot, couple: tuple[str, str], open_window: Callable[..., MainWindow]
) -> None:
    """1366×768 at 200% is 683×384 to Qt: the sections scroll instead of making the window bigger than that."""
    window = open_window()
    unlock(qtbot, window)
    for index in range(len(window.workspace.sections)):
        window.workspace.show_section(index)
        needed = window.minimumSizeHint()
        assert needed.width() <= 683 and needed.height() <= 384 - 30, (index, needed)
