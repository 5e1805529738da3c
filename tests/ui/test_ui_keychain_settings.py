"""Settings (auto-lock, theme) and "remember on this computer" with working and broken keychains (P7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QColor, QPalette, QStyleHints
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from ui_helpers import LEFT, PASSPHRASE, in_dialog, tick
from ui_helpers import unlock_with_passphrase as unlock

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.context import AppContext
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.settings_dialog import SettingsDialog
from sidebyside.ui.ui_settings import ThemeMode, UiSettings
from sidebyside.ui.unlock_view import UnlockMode

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def in_settings(qtbot: QtBot, window: MainWindow, act: Callable[[SettingsDialog], None]) -> SettingsDialog:
    """Open Settings from the window (a modal dialog) and let ``act`` use it like a person would."""
    dialog = in_dialog(qtbot, SettingsDialog, window.open_settings, act)
    window.activateWindow()  # back to the main window, as when a dialog closes on a desktop
    qtbot.waitUntil(window.isActiveWindow)
    return dialog


def press(qtbot: QtBot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(which), LEFT)


def remembered_in_key_file(paths: VaultPaths) -> bool:
    return kf.read(paths.key_file).remember


def home(window: MainWindow) -> HomeView:
    section = window.workspace.sections[0]
    assert isinstance(section, HomeView)
    return section


def set_remember(qtbot: QtBot, window: MainWindow, on: bool) -> SettingsDialog:
    def act(dialog: SettingsDialog) -> None:
        assert dialog.remember.isEnabled()
        assert dialog.remember.isChecked() != on
        tick(qtbot, dialog.remember)
        assert dialog.remember.isChecked() == on
        press(qtbot, dialog, OK)

    return in_settings(qtbot, window, act)


# -- remember on this computer (P7) ---------------------------------------------------------------
def test_remembering_in_settings_lets_the_keychain_open_the_vault(
    qtbot: QtBot, vault: VaultPaths, memory_store: MemorySecretStore, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    assert home(window).remembered.text() == "Opens with your passphrase only"
    dialog = set_remember(qtbot, window, True)
    assert not shiboken6.isValid(dialog)  # accepted, closed and released (it held the session)
    assert len(memory_store.values) == 1  # the database key (hex), nothing else
    assert remembered_in_key_file(vault)
    assert home(window).remembered.text() == "Opens with this computer's keychain"
    assert PASSPHRASE not in str(memory_store.values)  # never the passphrase

    window.lock()
    view = window.unlock_view
    assert view.mode() is UnlockMode.KEYCHAIN  # offered first
    assert view.keychain_button.isVisible() and view.keychain_button.isEnabled()
    assert view.use_passphrase_from_keychain.isVisible()
    with qtbot.waitSignal(window.unlocked, timeout=2_000):
        qtbot.mouseClick(view.keychain_button, LEFT)
    assert [label.text() for label in home(window).partner_names] == ["Sam", "Alex"]


def test_the_passphrase_can_still_be_used_when_the_keychain_is_offered(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    set_remember(qtbot, window, True)
    window.lock()
    view = window.unlock_view
    qtbot.mouseClick(view.use_passphrase_from_keychain, LEFT)
    assert view.mode() is UnlockMode.PASSPHRASE
    assert view.passphrase.isVisible() and view.passphrase.hasFocus()
    assert view.use_keychain.isVisible()  # and a way back
    qtbot.mouseClick(view.use_keychain, LEFT)
    assert view.mode() is UnlockMode.KEYCHAIN
    qtbot.mouseClick(view.use_passphrase_from_keychain, LEFT)
    unlock(qtbot, window)


def test_turning_remember_off_removes_the_key_from_the_keychain(
    qtbot: QtBot, vault: VaultPaths, memory_store: MemorySecretStore, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    set_remember(qtbot, window, True)
    assert memory_store.values
    set_remember(qtbot, window, False)
    assert memory_store.values == {}
    assert not remembered_in_key_file(vault)
    assert home(window).remembered.text() == "Opens with your passphrase only"
    window.lock()
    view = window.unlock_view
    assert view.mode() is UnlockMode.PASSPHRASE
    assert not view.use_keychain.isVisible()


def test_a_keychain_that_lost_the_key_falls_back_to_the_passphrase(
    qtbot: QtBot, vault: VaultPaths, memory_store: MemorySecretStore, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    unlock(qtbot, window)
    set_remember(qtbot, window, True)
    window.lock()
    memory_store.values.clear()  # e.g. someone tidied up the keychain
    view = window.unlock_view
    qtbot.mouseClick(view.keychain_button, LEFT)
    assert view.status.text() == "Unlocking…"  # the keychain answers on the worker
    qtbot.waitUntil(lambda: not window._background.busy)
    assert window.session is None
    assert view.mode() is UnlockMode.PASSPHRASE
    assert "no longer has the key" in view.error.text()
    unlock(qtbot, window)


def test_a_remembered_vault_on_a_computer_without_keychain_opens_by_passphrase(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow],
    make_context: Callable[..., AppContext],
) -> None:
    first = open_window()
    unlock(qtbot, first)
    set_remember(qtbot, first, True)
    first.close()
    window = open_window(ctx=make_context(store=MemorySecretStore(usable=False)))
    view = window.unlock_view
    assert view.mode() is UnlockMode.PASSPHRASE
    assert not view.use_keychain.isVisible()
    unlock(qtbot, window)


def test_without_a_usable_keychain_remember_is_disabled_in_settings_with_a_reason(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow],
    make_context: Callable[..., AppContext],
) -> None:
    """(The setup wizard's remember page is checked the same way in test_ui_setup_wizard.py.)"""
    store = MemorySecretStore(usable=False, reason="There is no keychain here.")
    window = open_window(ctx=make_context(store=store))
    unlock(qtbot, window)
    state: dict[str, Any] = {}

    def act(dialog: SettingsDialog) -> None:
        state["enabled"] = dialog.remember.isEnabled()
        state["checked"] = dialog.remember.isChecked()
        state["reason"] = dialog.remember_reason.text()
        tick(qtbot, dialog.remember)  # a disabled box can't be ticked
        state["checked_after"] = dialog.remember.isChecked()
        press(qtbot, dialog, OK)

    in_settings(qtbot, window, act)
    assert state == {"enabled": False, "checked": False, "reason": "Not available: There is no keychain here.",
                     "checked_after": False}
    assert not remembered_in_key_file(vault)


def test_a_keychain_that_raises_gives_an_error_in_settings_and_nothing_breaks(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow],
    make_context: Callable[..., AppContext],
) -> None:
    store = MemorySecretStore(usable=True, fail=True)
    window = open_window(ctx=make_context(store=store))
    unlock(qtbot, window)
    state: dict[str, Any] = {}

    settings = window.context.settings
    before = (settings.auto_lock_minutes, settings.theme)

    def act(dialog: SettingsDialog) -> None:
        dialog.auto_lock.setValue(1)
        dialog.theme.setCurrentIndex(dialog.theme.findData(ThemeMode.DARK.value))
        tick(qtbot, dialog.remember)
        press(qtbot, dialog, OK)
        state["still_open"] = dialog.isVisible()
        state["error"] = dialog.error.text()
        press(qtbot, dialog, CANCEL)

    in_settings(qtbot, window, act)
    assert state["still_open"] is True
    assert state["error"] == "The keychain didn't answer."
    assert (settings.auto_lock_minutes, settings.theme) == before  # Cancel after a refused OK keeps everything
    assert store.values == {}
    assert not remembered_in_key_file(vault)  # no promise the keychain couldn't keep
    assert window.is_unlocked
    window.lock()
    assert window.unlock_view.mode() is UnlockMode.PASSPHRASE
    unlock(qtbot, window)


# -- settings -------------------------------------------------------------------------------------
def test_auto_lock_minutes_are_saved_and_applied(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], ui_settings: UiSettings,
    tmp_path: Any,
) -> None:
    window = open_window()
    unlock(qtbot, window)

    def act(dialog: SettingsDialog) -> None:
        assert dialog.auto_lock.value() == 5
        dialog.auto_lock.setFocus()
        dialog.auto_lock.selectAll()
        qtbot.keyClicks(dialog.auto_lock, "12")
        assert dialog.auto_lock.value() == 12
        press(qtbot, dialog, OK)

    in_settings(qtbot, window, act)
    assert ui_settings.auto_lock_minutes == 12
    assert window.idle.timeout_ms == 12 * 60_000
    ui_settings.sync()
    again = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    assert again.auto_lock_minutes == 12  # kept for the next start


def test_cancel_in_settings_changes_nothing(
    qtbot: QtBot, vault: VaultPaths, memory_store: MemorySecretStore, open_window: Callable[..., MainWindow],
    ui_settings: UiSettings,
) -> None:
    window = open_window()
    unlock(qtbot, window)

    def act(dialog: SettingsDialog) -> None:
        dialog.auto_lock.setValue(30)
        tick(qtbot, dialog.remember)
        dialog.theme.setCurrentIndex(dialog.theme.findData(ThemeMode.DARK.value))
        press(qtbot, dialog, CANCEL)

    in_settings(qtbot, window, act)
    assert ui_settings.auto_lock_minutes == 5 and window.idle.timeout_ms == 5 * 60_000
    assert ui_settings.theme is ThemeMode.SYSTEM
    assert memory_store.values == {} and not remembered_in_key_file(vault)


def window_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness()


def test_the_theme_switches_between_dark_and_light(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], ui_settings: UiSettings
) -> None:
    window = open_window()
    unlock(qtbot, window)

    def choose(label: str) -> Callable[[SettingsDialog], None]:
        def act(dialog: SettingsDialog) -> None:
            index = dialog.theme.findText(label)
            assert index >= 0, label
            dialog.theme.setFocus()
            dialog.theme.setCurrentIndex(index)
            press(qtbot, dialog, OK)

        return act

    in_settings(qtbot, window, choose("Dark"))
    assert ui_settings.theme is ThemeMode.DARK
    assert window_lightness() < 100
    assert window.palette().color(QPalette.ColorRole.Window).lightness() < 100  # the window follows
    text = QApplication.palette().color(QPalette.ColorRole.WindowText).lightness()
    assert text > 150  # and text stays readable on it
    in_settings(qtbot, window, choose("Light"))
    assert ui_settings.theme is ThemeMode.LIGHT
    assert window_lightness() > 200
    assert QApplication.palette().color(QPalette.ColorRole.WindowText).lightness() < 100


def test_settings_are_not_offered_while_locked(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    assert not window.settings_action.isEnabled()
    window.open_settings()  # e.g. the shortcut: nothing opens
    assert QApplication.activeModalWidget() is None
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None and not window.settings_action.isEnabled()


def test_a_keychain_that_raises_when_turning_remember_off_can_be_retried(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow],
    make_context: Callable[..., AppContext],
) -> None:
    store = MemorySecretStore()
    window = open_window(ctx=make_context(store=store))
    unlock(qtbot, window)
    set_remember(qtbot, window, True)
    store._fail = True  # the keychain breaks (locked, daemon gone, …)
    state: dict[str, Any] = {}

    def turn_off(dialog: SettingsDialog) -> None:
        tick(qtbot, dialog.remember)
        press(qtbot, dialog, OK)
        state["error"] = dialog.error.text()
        press(qtbot, dialog, CANCEL)

    in_settings(qtbot, window, turn_off)
    assert state["error"] == "The keychain didn't answer."
    assert store.values  # the key is still in the keychain…

    def look(dialog: SettingsDialog) -> None:
        state["still_checked"] = dialog.remember.isChecked()
        press(qtbot, dialog, CANCEL)

    in_settings(qtbot, window, look)
    assert state["still_checked"] is True  # …so Settings must still show it, to let them try again


@pytest.fixture
def platform_scheme(monkeypatch: pytest.MonkeyPatch) -> Callable[[Qt.ColorScheme], None]:
    """What the platform says the desktop's colour scheme is (offscreen knows none: Unknown, the default here)."""

    def say(scheme: Qt.ColorScheme) -> None:
        monkeypatch.setattr(QStyleHints, "colorScheme", lambda _hints: scheme)

    say(Qt.ColorScheme.Unknown)
    return say


@pytest.mark.parametrize(("mode", "follows"), [(ThemeMode.SYSTEM, True), (ThemeMode.DARK, False)])
def test_the_theme_follows_a_change_of_the_systems_colours_only_when_asked_to(
    qapp: QApplication, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch, mode: ThemeMode, follows: bool,
    platform_scheme: Callable[[Qt.ColorScheme], None]
) -> None:
    from sidebyside.ui import theme

    applied: list[ThemeMode] = []
    monkeypatch.setattr(theme, "apply_theme", lambda _app, m: applied.append(m))
    ui_settings.theme = mode
    following = theme.follow_system_scheme(qapp, ui_settings)
    try:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop switched to dark
    finally:
        QObject.disconnect(following)  # (one application for all tests)
    assert applied == ([ThemeMode.SYSTEM] if follows else [])


def test_following_the_system_takes_a_dark_desktop_from_the_palette_the_platform_hands_the_app(
    qapp: QApplication, ui_settings: UiSettings, platform_scheme: Callable[[Qt.ColorScheme], None]
) -> None:
    """At start (before the Qt namespace's enums exist, so without asking the colour scheme) the platform's
    palette says whether the desktop is dark; switching to Light and back to "Follow the system" in Settings
    must still know it, though by then the application's palette is our own light one."""
    from sidebyside.ui import theme

    qapp.setProperty("sidebyside_system_dark", None)  # a fresh start …
    qapp.setPalette(QPalette(QColor("#202020")))  # … on a dark desktop
    theme.apply_theme(qapp, ThemeMode.SYSTEM)
    assert window_lightness() < 100
    theme.apply_theme(qapp, ThemeMode.LIGHT)
    assert window_lightness() > 200
    theme.apply_theme(qapp, ThemeMode.SYSTEM)
    assert window_lightness() < 100


def test_a_light_desktop_that_turns_dark_while_the_app_runs_turns_it_dark(
    qapp: QApplication, ui_settings: UiSettings, platform_scheme: Callable[[Qt.ColorScheme], None]
) -> None:
    from sidebyside.ui import theme

    qapp.setProperty("sidebyside_system_dark", None)
    qapp.setPalette(QPalette(QColor("#e0e0e0")))  # a light desktop at start
    ui_settings.theme = ThemeMode.SYSTEM
    theme.apply_theme(qapp, ThemeMode.SYSTEM)
    assert window_lightness() > 200
    following = theme.follow_system_scheme(qapp, ui_settings)
    try:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # evening
        assert window_lightness() < 100
        theme.apply_theme(qapp, ThemeMode.SYSTEM)  # (e.g. Settings saved with "Follow the system")
        assert window_lightness() < 100
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)  # morning
        assert window_lightness() > 200
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Unknown)  # e.g. GNOME's "Default": no preference
        assert window_lightness() > 200
    finally:
        QObject.disconnect(following)


@pytest.mark.parametrize("mode", [ThemeMode.SYSTEM, ThemeMode.LIGHT])
def test_a_dark_desktop_the_palette_did_not_show_at_start_is_followed_once_the_window_is_up(
    qapp: QApplication, ui_settings: UiSettings, platform_scheme: Callable[[Qt.ColorScheme], None], mode: ThemeMode
) -> None:
    """E.g. GNOME, whose colour scheme arrives over D-Bus a moment after start: the first palette is light."""
    from sidebyside.ui import theme

    qapp.setProperty("sidebyside_system_dark", None)
    qapp.setPalette(QPalette(QColor("#e0e0e0")))
    ui_settings.theme = mode
    theme.apply_theme(qapp, mode)
    assert window_lightness() > 200
    platform_scheme(Qt.ColorScheme.Dark)
    following = theme.follow_system_scheme(qapp, ui_settings)  # (what run_gui does once the window is up)
    try:
        assert (window_lightness() < 100) is (mode is ThemeMode.SYSTEM)
        theme.apply_theme(qapp, ThemeMode.SYSTEM)  # later, "Follow the system" chosen in Settings
        assert window_lightness() < 100
    finally:
        QObject.disconnect(following)
