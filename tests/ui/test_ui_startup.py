"""Start-up: the unlock window appears before the heavy parts load, and nothing is lost by that.

What the window defers (the vault machinery, the sections, the keychain library) is checked by what a
fresh process has loaded at the moment the window is shown, never by timing (bench/run.py measures it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import LEFT
from ui_helpers import unlock_with_passphrase as unlock

from keychain_session import NEVER_UNLOCKED, UNLOCKED, needs_gnome_keyring, run_in_keychain_session
from sidebyside import app, cli
from sidebyside.core.secrets import Availability, MemorySecretStore
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.core.storage.vault import set_remember_flag
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.unlock_view import UnlockMode

#: Loaded only once the window is up (after_first_paint) or at the first unlock.
DEFERRED = ("sqlcipher3", "argon2", "cryptography", "keyring", "sidebyside.core.storage.vault",
            "sidebyside.core.services.vault_service", "sidebyside.ui.workspace", "sidebyside.ui.journal")

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6 import QtCore
    from sidebyside import app

    def report(application, window):
        window.grab()  # painted whole, whatever the event loop has done so far
        qt_namespace_built = "Qt" in vars(QtCore)  # (before anything here names it)
        loaded = sorted(name for name in sys.modules if name.split(".")[0] in {"sqlcipher3", "argon2",
                        "cryptography", "keyring"} or name.startswith(("sidebyside.core.storage.vault",
                        "sidebyside.core.services.vault_service", "sidebyside.ui.workspace",
                        "sidebyside.ui.journal")))
        dark = window.palette().window().color().lightness() < 100
        print(json.dumps({"window": type(window).__name__, "visible": window.isVisible(), "dark": dark,
                          "mode": window.unlock_view.mode().name, "notice": bool(window.unlock_view.notice.text()),
                          "loaded": loaded, "qt_namespace_built": qt_namespace_built}), flush=True)
        application.quit()

    app._report_shown_and_quit = report
    sys.exit(app.run_gui(Path(sys.argv[1]), [], exit_when_shown=True))
""")


@pytest.mark.parametrize(("state", "mode"), [("plain", "PASSPHRASE"), ("remembered", "KEYCHAIN"),
                                             ("damaged key file", "RECOVERY"), ("dark theme", "PASSPHRASE")])
def test_the_unlock_window_appears_before_the_vault_machinery_the_sections_and_qts_enums_load(
    vault: VaultPaths, tmp_path: Path, state: str, mode: str
) -> None:
    """Nothing the lock screen doesn't show is loaded before it appears, nor the Python types of the Qt
    namespace's ~90 enums, which PySide builds all at once on the first use of one (~16 ms)."""
    if state == "remembered":
        set_remember_flag(vault, True)
    elif state == "damaged key file":
        vault.key_file.write_bytes(vault.key_file.read_bytes()[:40])
    elif state == "dark theme":
        (tmp_path / "config" / "SideBySide").mkdir(parents=True)
        (tmp_path / "config" / "SideBySide" / "SideBySide.conf").write_text("[ui]\ntheme=dark\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(vault.data_dir)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown == {"window": "MainWindow", "visible": True, "dark": state == "dark theme",
                     "mode": mode, "notice": state == "damaged key file",
                     "loaded": [], "qt_namespace_built": False}


def test_the_sections_are_built_after_the_first_paint_while_the_unlock_screen_waits(
    qtbot: QtBot, vault: VaultPaths, context: AppContext
) -> None:
    window = MainWindow(context)  # (not open_window: that one calls after_first_paint itself)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window._workspace is None and not window.idle._installed
    window.after_first_paint()  # what run_gui does once the unlock window has appeared
    assert window._workspace is not None and window.idle._installed
    assert window.stack.currentWidget() is window.unlock_view and not window.is_unlocked
    unlock(qtbot, window)
    assert window.stack.currentWidget() is window.workspace


class CountingStore(MemorySecretStore):
    """A keychain that counts how often it is asked whether it can be used."""

    def __init__(self, usable: bool, reason: str = "") -> None:
        super().__init__(usable=usable, reason=reason)
        self.asked = 0

    def availability(self) -> Availability:
        self.asked += 1
        return super().availability()


def remembered_window(qtbot: QtBot, vault: VaultPaths, make_context: Callable[..., AppContext],
                      store: CountingStore) -> MainWindow:
    set_remember_flag(vault, True)
    window = MainWindow(make_context(store=store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_remembered_vault_offers_the_keychain_from_the_first_frame_and_asks_it_only_afterwards(
    qtbot: QtBot, vault: VaultPaths, make_context: Callable[..., AppContext]
) -> None:
    store = CountingStore(usable=True)
    window = remembered_window(qtbot, vault, make_context, store)
    view = window.unlock_view
    assert store.asked == 0  # the keychain library loads after the window is up
    assert view.mode() is UnlockMode.KEYCHAIN and view.keychain_button.isVisible()
    view.use_passphrase_from_keychain.click()  # someone quick already chose the passphrase …
    window.after_first_paint()
    qtbot.waitUntil(lambda: not window._background.busy)  # asked on the worker
    assert store.asked == 1
    assert view.mode() is UnlockMode.PASSPHRASE  # … and keeps it: a usable keychain changes nothing on screen
    assert view.notice.text() == ""


def test_a_remembered_vault_on_a_computer_whose_keychain_is_gone_says_so_and_asks_for_the_passphrase(
    qtbot: QtBot, vault: VaultPaths, make_context: Callable[..., AppContext]
) -> None:
    store = CountingStore(usable=False, reason="This computer's keychain is locked or not responding.")
    window = remembered_window(qtbot, vault, make_context, store)
    window.after_first_paint()
    qtbot.waitUntil(lambda: not window._background.busy)
    view = window.unlock_view
    assert view.mode() is UnlockMode.PASSPHRASE and not view.use_keychain.isVisible()
    assert view.notice.isVisible()
    assert view.notice.text() == ("This computer's keychain is locked or not responding. "
                                  "Please use your passphrase.")
    qtbot.wait(50)  # (the layout settles)
    for widget in (view.passphrase, view.unlock_button, view.use_recovery):  # the wrapped notice squeezes nothing
        assert widget.height() >= widget.sizeHint().height(), widget
    unlock(qtbot, window)
    window.lock()
    assert view.notice.text().endswith("Please use your passphrase.")  # and again after every lock


class SlowStore(MemorySecretStore):
    """A keychain that takes its time to answer (its own unlock prompt is up), until the test lets it."""

    def __init__(self) -> None:
        super().__init__(usable=False, reason="This computer's keychain is locked or not responding.")
        self.answer = threading.Event()

    def availability(self) -> Availability:
        self.answer.wait(10)
        return super().availability()


def test_while_the_keychain_takes_its_time_the_window_works_and_keeps_what_is_typed(
    qtbot: QtBot, vault: VaultPaths, make_context: Callable[..., AppContext]
) -> None:
    store = SlowStore()
    set_remember_flag(vault, True)
    window = MainWindow(make_context(store=store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.after_first_paint()  # returns at once: the question is on the worker
        assert window._background.busy
        view = window.unlock_view
        qtbot.mouseClick(view.use_passphrase_from_keychain, LEFT)
        qtbot.keyClicks(view.passphrase, "kitchen")  # the window answers meanwhile
    finally:
        store.answer.set()
    qtbot.waitUntil(lambda: not window._background.busy)
    assert view.mode() is UnlockMode.PASSPHRASE and view.notice.text().startswith("This computer's keychain")
    assert view.passphrase.text() == "kitchen"  # nothing typed is lost when the answer comes


GUI_CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from sidebyside import app
    from sidebyside.core.crypto.kdf import KdfParams
    from sidebyside.core.domain.partners import make_partners
    from sidebyside.core.secrets import KeyringSecretStore
    from sidebyside.core.services import vault_service
    from sidebyside.core.storage.vault import set_remember_flag
    from sidebyside.ui.context import AppContext
    from sidebyside.ui.main_window import MainWindow
    from sidebyside.ui.ui_settings import UiSettings

    paths, store = vault_service.VaultPaths(Path(sys.argv[1])), KeyringSecretStore()
    key = vault_service.new_database_key()
    vault_service.create_vault(paths, make_partners("Sam", "#d9485f", "Alex", "#2f7dd1"), "kitchen table",
                               "kitchen table", key, KdfParams.cheap_for_tests())
    session = vault_service.open_vault(paths, key)
    if store.availability().usable:
        vault_service.set_remember_on_this_computer(session, store, True)
    else:
        set_remember_flag(paths, True)  # remembered earlier, when the keychain still opened
    session.close()
    application = app.configure_application(["sidebyside"])
    settings = UiSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window = MainWindow(AppContext(paths, KeyringSecretStore(), settings, KdfParams.cheap_for_tests()))
    window.show()
    application.processEvents()
    view = window.unlock_view
    report = {"first_frame": view.mode().name}

    def settle():  # the keychain is asked on the worker
        while window._background.busy:
            application.processEvents()

    window.after_first_paint()
    settle()
    report |= {"after": view.mode().name, "notice": view.notice.text()}
    if view.mode().name == "KEYCHAIN":
        view.keychain_button.click()
        settle()
        report["unlocked"] = window.is_unlocked
    print(json.dumps(report), flush=True)
""")


@needs_gnome_keyring
@pytest.mark.parametrize(("keychain", "expected"), [
    (UNLOCKED, {"first_frame": "KEYCHAIN", "after": "KEYCHAIN", "notice": "", "unlocked": True}),
    (NEVER_UNLOCKED, {"first_frame": "KEYCHAIN", "after": "PASSPHRASE",
      "notice": "This computer's keychain is locked or not responding. Please use your passphrase."}),
], ids=["unlocked", "locked"])
def test_a_remembered_vault_with_a_real_keychain(tmp_path: Path, keychain: str, expected: dict[str, object]) -> None:
    """GNOME Keyring in a private D-Bus session: asked only once the window is up, and believed."""
    done = run_in_keychain_session(tmp_path / "home", keychain, GUI_CHILD, str(tmp_path / "vault"),
                                   str(tmp_path / "ui.ini"), env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == expected


@pytest.mark.parametrize(("argv", "qt_args"), [
    ([], []),
    (["-reverse"], ["-reverse"]),
    (["-style=Windows", "-reverse"], ["-style=Windows", "-reverse"]),
    (["-platform", "xcb"], ["-platform", "xcb"]),  # (Qt takes the value as the next argument; "xcb" is no command)
    (["-platform", "wayland", "-reverse", "-qwindowtitle", "Us"], ["-platform", "wayland", "-qwindowtitle", "Us",
                                                                   "-reverse"]),
])
def test_opening_the_window_passes_qt_options_through(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], qt_args: list[str]
) -> None:
    seen: list[tuple[Path, list[str], bool]] = []
    monkeypatch.setattr(app, "run_gui", lambda folder, extra, exit_when_shown: seen.append(
        (folder, extra, exit_when_shown)) or 0)
    assert cli.main(["--data-dir", str(tmp_path / "v"), *argv]) == 0
    assert seen == [(tmp_path / "v", qt_args, False)]


def test_a_command_refuses_qt_options_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--data-dir", str(tmp_path / "v"), "-platform", "xcb"]) == 2
    assert "unrecognised arguments: -platform xcb" in capsys.readouterr().err


def test_a_qt_option_without_its_value_is_one_plain_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(tmp_path / "v"), "-platform"]) == 2  # (Qt itself would abort)
    assert capsys.readouterr().err == "sidebyside: -platform needs a value after it, e.g. -platform xcb\n"
    assert not (tmp_path / "v").exists()


def test_qts_own_platform_option_opens_the_window(vault: VaultPaths, tmp_path: Path) -> None:
    """The way Qt documents it, value apart: without QT_QPA_PLATFORM and a display, only it can make this work."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "sidebyside", "--data-dir", str(vault.data_dir), "-platform",
                           "offscreen", "--exit-when-shown"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("shown MainWindow visible=1")


@pytest.mark.parametrize("style_args", [[], ["-style=Windows"], ["--style=Windows"], ["-style", "Windows"],
                                        ["-style"]])
def test_the_application_runs_on_fusion_whatever_style_was_asked_for(style_args: list[str]) -> None:
    """Our palettes are made for Fusion. (A fresh process: this one's QApplication already exists.)"""
    child = ("import sys; from sidebyside import app; application = app.configure_application(sys.argv); "
             "print(application.style().name(), 'Windows' in application.arguments())")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"}
    done = subprocess.run([sys.executable, "-c", child, *style_args, "-reverse"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().lower() == "fusion false"  # (nor is a separate value left behind)


@pytest.mark.parametrize(("prop", "value"), [("textFormat", "Plaintext"), ("textFromat", "PlainText")])
def test_a_misspelt_name_for_a_qt_value_is_an_error_not_silence(qapp: object, prop: str, value: str) -> None:
    """set_by_name stands in for Qt-namespace values on the lock screen (see ui/qt_names.py): a label whose
    plain-text setting was dropped unnoticed would show a partner's name as markup."""
    from PySide6.QtWidgets import QLabel

    from sidebyside.ui.qt_names import set_by_name

    with pytest.raises(ValueError, match=prop):
        set_by_name(QLabel(), prop, value)
