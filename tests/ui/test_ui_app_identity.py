"""What a person sees of the app as an app: its icon, the About box, the first window size, the smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui_helpers import make_vault

from sidebyside import APP_NAME, __version__, app
from sidebyside.ui.about_dialog import AboutDialog, show_about
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.ui_settings import UiSettings

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def label_texts(dialog: AboutDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_every_window_gets_the_app_icon_at_every_size(qapp: QApplication) -> None:
    app.configure_application(["sidebyside"])
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == set(ICON_SIZES)
    assert icon.pixmap(QSize(256, 256)).size() == QSize(256, 256)  # sharp at 200% too, not scaled up from 128


def test_the_about_box_shows_the_version_the_licence_the_credits_and_not_therapy(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = label_texts(dialog)
    assert dialog.windowTitle() == f"About {APP_NAME}"
    assert f"Version {__version__}" in text
    assert "SideBySide is not therapy" in text
    assert "GNU General Public License, version 3 or later" in text
    for credit in ("Gottman Institute", "Aftermath of a Fight", "flooding", "Center for Nonviolent Communication",
                   "Sue Johnson", "Emotionally Focused Therapy", "Hendrix", "Imago"):
        assert credit in text, credit
    pixmap = dialog.icon.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    for label in dialog.findChildren(QLabel):  # nothing cut off: every label has the height its text needs
        if label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()[:40]


def test_help_about_opens_the_box_over_the_main_window(qtbot: QtBot,
                                                     open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and dialog.isModal() and dialog.parent() is window
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_show_about_is_callable_without_a_parent(qtbot: QtBot) -> None:
    dialog = show_about()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert "not therapy" in label_texts(dialog)


def test_the_first_window_fits_the_screen_and_comes_back_where_it_was(
    qtbot: QtBot, context: AppContext, ui_settings: UiSettings
) -> None:
    make_vault(context.paths)
    first = app.start(context)
    assert isinstance(first, MainWindow)
    qtbot.addWidget(first)
    qtbot.waitExposed(first)
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert first.width() <= min(app.DEFAULT_WIDTH, available.width())
    assert first.height() <= min(app.DEFAULT_HEIGHT, available.height())
    assert available.contains(first.frameGeometry())
    first.resize(first.width() - 37, first.height() - 23)
    size = first.size()
    first.close()
    assert ui_settings.window_geometry is not None

    again = app.start(context)
    assert isinstance(again, MainWindow)
    qtbot.addWidget(again)
    qtbot.waitExposed(again)
    assert again.size() == size


def test_size_for_screen_gives_a_1366x768_laptop_the_whole_default_window_or_less(qtbot: QtBot,
                                                                                   context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    app.size_for_screen(window)
    available = window.screen().availableGeometry()
    assert window.width() == min(app.DEFAULT_WIDTH, int(available.width() * 0.9))
    assert window.height() == min(app.DEFAULT_HEIGHT, int(available.height() * 0.85))


def test_the_smoke_test_command_passes_on_this_installation(tmp_path: Path) -> None:
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "sidebyside", "--smoke-test"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke test passed") and "sections (Home, Journal, Buttons" in result.stdout
    assert not (tmp_path / "config").exists() and not (tmp_path / "data").exists()  # used nothing of the user's


def test_the_smoke_test_fails_in_one_line_when_the_install_is_broken(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    (resources / "content").mkdir(parents=True)
    (resources / "content" / "buttons.json").write_text("[]")  # not what the app expects
    env = dict(os.environ, HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen", SIDEBYSIDE_RESOURCES=str(resources))
    result = subprocess.run([sys.executable, "-m", "sidebyside", "--smoke-test"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("sidebyside: smoke test failed:") and result.stderr.count("\n") == 1
