"""``sidebyside --smoke-test``: prove that this installation (a wheel, a bundle) works end to end, headless.

In a temporary folder, with a throwaway passphrase and a cheap key derivation: create a vault, open the main
window offscreen, unlock it, check that the workspace's sections are there, lock, quit. Touches neither the
user's vault, settings nor keychain. Prints one line; exit 0 when everything worked, else 1 and the reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

THROWAWAY_PASSPHRASE = "smoke test kitchen table"  # for a temporary vault, deleted a moment later


class SmokeTestError(Exception):
    pass


def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise SmokeTestError(reason)


def _quiet_offscreen_notice() -> None:
    """The offscreen platform says it can't propagate size hints for every window: not news, not a failure."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def _check(folder: Path) -> str:
    from PySide6.QtCore import QSettings

    from sidebyside.app import configure_application, place_window
    from sidebyside.core import content
    from sidebyside.core.crypto.kdf import KdfParams
    from sidebyside.core.domain.partners import make_partners
    from sidebyside.core.secrets import MemorySecretStore
    from sidebyside.core.services import vault_service
    from sidebyside.ui.context import AppContext
    from sidebyside.ui.main_window import MainWindow
    from sidebyside.ui.theme import apply_theme
    from sidebyside.ui.ui_settings import UiSettings

    _require(bool(content.load("buttons")), "the content files are missing")
    _quiet_offscreen_notice()
    app = configure_application([sys.argv[0] if sys.argv else "sidebyside"])
    _require(not app.windowIcon().isNull(), "the app icon is missing")
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))  # not the user's
    apply_theme(app, settings.theme)

    paths = vault_service.VaultPaths(folder / "vault")
    kdf = KdfParams.cheap_for_tests()  # a throwaway vault: the real cost would only slow CI down
    key = vault_service.new_database_key()
    vault_service.create_vault(paths, make_partners("Sam", "#d9485f", "Alex", "#2f7dd1"),
                               THROWAWAY_PASSPHRASE, THROWAWAY_PASSPHRASE, key, kdf)
    context = AppContext(paths=paths, secret_store=MemorySecretStore(), settings=settings, kdf=kdf)
    window = MainWindow(context)
    place_window(window, settings)
    window.show()
    app.processEvents()
    _require(window.isVisible(), "the main window did not show")
    _require(window.stack.currentWidget() is window.unlock_view, "the window did not start locked")

    _require(window.open_with_key(vault_service.key_from_passphrase(paths, THROWAWAY_PASSPHRASE)),
             "the new vault did not unlock")
    app.processEvents()
    workspace = window.workspace
    titles = [workspace.navigation.item(i).text() for i in range(workspace.navigation.count())]
    _require(window.stack.currentWidget() is workspace, "the workspace is not shown after unlocking")
    _require(len(titles) == len(workspace.sections) >= 3 and all(titles), f"the sections are incomplete: {titles}")
    for index in range(len(titles)):
        workspace.show_section(index)
        app.processEvents()
        _require(workspace.pages.currentWidget() is workspace.sections[index], f"section {titles[index]} won't open")

    _require(window.lock(), "the vault did not lock")
    _require(window.session is None and window.stack.currentWidget() is window.unlock_view,
             "the window still shows the vault after locking")
    window.close()
    app.processEvents()
    _require(settings.window_geometry is not None, "the window geometry was not remembered")
    keyring_backend = _keyring_backend_name()
    return f"{len(titles)} sections ({', '.join(titles)}); keyring backend {keyring_backend}"


def _keyring_backend_name() -> str:
    """Loads keyring's backends (what a bundle can lose) without reading or writing the user's keychain."""
    import keyring

    backend = type(keyring.get_keyring())
    return f"{backend.__module__}.{backend.__name__}"


def run_smoke_test(stdout: TextIO, stderr: TextIO) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    frozen = "bundle" if getattr(sys, "frozen", False) else "python"
    try:
        with tempfile.TemporaryDirectory(prefix="sidebyside-smoke-") as tmp:
            summary = _check(Path(tmp))
    except SmokeTestError as exc:
        stderr.write(f"sidebyside: smoke test failed: {exc}\n")
        return 1
    except Exception as exc:  # any crash is a failed smoke test, reported in one line
        stderr.write(f"sidebyside: smoke test failed: {type(exc).__name__}: {exc}\n")
        return 1
    stdout.write(f"smoke test passed ({frozen}): vault created, unlocked, {summary}; locked\n")
    return 0
