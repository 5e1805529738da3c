"""Fixtures for the GUI tests only (the shared ones live in tests/conftest.py).

Every test gets its own QSettings file, an in-memory keychain, prompts that record instead of
blocking, and the application's look (palette, style sheet) and clipboard put back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import PromptLog, make_vault

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.secrets import MemorySecretStore, SecretStore
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui import clipboard as clipboard_module
from sidebyside.ui import prompts
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.section import Section
from sidebyside.ui.ui_settings import UiSettings


@pytest.fixture(autouse=True)
def prompt_log(monkeypatch: pytest.MonkeyPatch) -> PromptLog:
    """No real modal box ever blocks a test: every prompt is recorded instead."""
    log = PromptLog()

    def show_error(_parent: Any, title: str, message: str) -> None:
        log.errors.append((title, message))

    def show_info(_parent: Any, title: str, message: str) -> None:
        log.infos.append((title, message))

    def confirm(_parent: Any, title: str, message: str, _accept_label: str) -> bool:
        log.questions.append((title, message))
        return log.answer

    monkeypatch.setattr(prompts, "show_error", show_error)
    monkeypatch.setattr(prompts, "show_info", show_info)
    monkeypatch.setattr(prompts, "confirm", confirm)
    return log


@pytest.fixture(autouse=True)
def _restore_look_and_clipboard(qapp: QApplication) -> Iterator[None]:
    """apply_theme() changes the whole application: give the next test the look this one started with."""
    palette, style_sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    system_dark = qapp.property("sidebyside_system_dark")
    yield
    qapp.setProperty("sidebyside_system_dark", system_dark)
    shared = clipboard_module._shared
    if shared is not None:
        shared.clear_now()
    QGuiApplication.clipboard().clear()
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setStyleSheet(style_sheet)
    qapp.setPalette(palette)


@pytest.fixture
def ui_settings(tmp_path: Any) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_context(paths: VaultPaths, ui_settings: UiSettings, cheap_kdf: KdfParams,
                 memory_store: MemorySecretStore) -> Callable[..., AppContext]:
    """``make_context(store=…, paths=…)``: the test's data folder, settings and cheap KDF."""

    def make(store: SecretStore | None = None, vault_paths: VaultPaths | None = None) -> AppContext:
        return AppContext(paths=vault_paths or paths, secret_store=store if store is not None else memory_store,
                          settings=ui_settings, kdf=cheap_kdf)

    return make


@pytest.fixture
def context(make_context: Callable[..., AppContext]) -> AppContext:
    return make_context()


@pytest.fixture
def open_window(qtbot: QtBot, context: AppContext) -> Callable[..., MainWindow]:
    """``open_window(sections=None, ctx=None)``: a shown MainWindow, closed after the test."""

    def make(sections: list[Section] | None = None, ctx: AppContext | None = None) -> MainWindow:
        window = MainWindow(ctx or context, sections)
        qtbot.addWidget(window)
        window.resize(1000, 700)
        window.show()
        window.activateWindow()  # like a window the user just opened: it has the keyboard focus
        qtbot.waitUntil(window.isActiveWindow)
        window.after_first_paint()  # as app.run_gui does once the window has appeared
        qtbot.waitUntil(lambda: not window._background.busy)  # (it may ask the keychain, on the worker)
        return window

    return make


@pytest.fixture(autouse=True)
def _no_automatic_backup_unless_asked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The once-a-day backup after unlock writes files in the background; tests about other things
    shouldn't race with it. Tests marked ``automatic_backup`` get the real behaviour."""
    if request.node.get_closest_marker("automatic_backup") is None:
        from sidebyside.core.services import safety

        monkeypatch.setattr(safety, "automatic_backup_job", lambda session, now=None: None)


@pytest.fixture
def vault(paths: VaultPaths) -> VaultPaths:
    """A vault for Sam and Alex (passphrase ui_helpers.PASSPHRASE) in this test's data folder."""
    make_vault(paths)
    return paths
