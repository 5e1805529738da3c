"""The composition root: the one place that wires paths, Qt, the secret store and the first window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from sidebyside import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import VaultInUseError
from sidebyside.core.secrets import KeyringSecretStore, SecretStore
from sidebyside.core.services import vault_folder
from sidebyside.core.services.vault_folder import VaultPaths, VaultState
from sidebyside.core.storage.files import restrict_process_umask
from sidebyside.core.storage.instance_lock import InstanceLock
from sidebyside.ui import prompts
from sidebyside.ui.app_icon import app_icon
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.theme import STYLE, apply_theme, follow_system_scheme
from sidebyside.ui.ui_settings import UiSettings

log = logging.getLogger(__name__)

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1100, 720


def configure_application(argv: list[str]) -> QApplication:
    """Names first (QSettings depends on them), then the app object on the style our palettes are made for."""
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):  # tests, the smoke test
        app = existing
        app.setStyle(STYLE)
    else:  # always Fusion: a -style from the command line is left out, with its value
        app = QApplication([*argv[:1], *_without_style(argv[1:]), "-style", STYLE])
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland's app id and the desktop file: <APP_ID>.desktop
    app.setWindowIcon(app_icon())  # every window and dialog
    return app


def _without_style(qt_options: list[str]) -> list[str]:
    """Qt's options without -style (-style X, -style=X, --style=X, or a -style that lacks its value)."""
    kept: list[str] = []
    skip_value = False
    for arg in qt_options:
        if skip_value:
            skip_value = False
            continue
        name, has_value, _ = arg.lstrip("-").partition("=")
        if name == "style":
            skip_value = not has_value
            continue
        kept.append(arg)
    return kept


def start(context: AppContext) -> QWidget | None:
    """Show the right first window for the data folder. Returns it (for tests); None if it can't start."""
    probe = vault_folder.inspect(context.paths)
    if probe.state in (VaultState.FOREIGN_FOLDER, VaultState.NOT_A_FOLDER):
        prompts.show_error(None, APP_NAME, probe.message)
        return None
    if probe.state is VaultState.NO_VAULT:
        from sidebyside.ui.setup_wizard import SetupWizard  # only on first run

        wizard = SetupWizard(context)
        holder: list[MainWindow] = []  # the window outlives the wizard (and this function)

        def main_window() -> MainWindow:
            window = MainWindow(context)
            holder.append(window)
            wizard.setProperty("main_window", window)  # lets tests and _bring_forward find it
            place_window(window, context.settings)
            window.show()
            return window

        def on_created(key: bytearray, remember: bool) -> None:
            window = main_window()
            window.watch_session_lock()
            if window.open_with_key(key) and remember:
                window.remember_after_setup()

        def on_restored(_has_key_file: bool) -> None:
            # The unlock screen asks for what opens the restored vault (the recovery code if it came without
            # its key file, and it says why).
            window = main_window()
            QTimer.singleShot(0, window.after_first_paint)

        wizard.vault_created.connect(on_created)
        wizard.vault_restored.connect(on_restored)
        wizard.show()
        return wizard
    window = MainWindow(context)
    place_window(window, context.settings)
    window.show()
    return window


def place_window(window: QWidget, settings: UiSettings) -> None:
    """Where the window was last time (QSettings: geometry only); the first time, a size that fits the screen."""
    geometry = settings.window_geometry
    if geometry is None or not window.restoreGeometry(geometry):
        size_for_screen(window)


def size_for_screen(window: QWidget) -> None:
    """1100×720, or less on a small screen (a 1366×768 laptop leaves room for panels), centred."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(DEFAULT_WIDTH, DEFAULT_HEIGHT)
        return
    available = screen.availableGeometry()
    window.resize(min(DEFAULT_WIDTH, int(available.width() * 0.9)),
                  min(DEFAULT_HEIGHT, int(available.height() * 0.85)))
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())


def _bring_forward(first: QWidget) -> None:
    target = first.property("main_window") or first  # after setup, the main window took over
    target.showNormal()
    target.raise_()
    target.activateWindow()


def _report_shown_and_quit(app: QApplication, window: QWidget) -> None:
    """Print one machine-readable line (for bench/ and smoke tests) and leave the event loop."""
    try:
        import resource

        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except ImportError:  # pragma: no cover - Windows
        peak_kib = 0
    sys.stdout.write(f"shown {type(window).__name__} visible={int(window.isVisible())} peak_rss_kib={peak_kib}\n")
    sys.stdout.flush()
    app.quit()


AFTER_FIRST_PAINT_MS = 150


def run_gui(data_dir: Path, qt_args: list[str], *, secret_store: SecretStore | None = None,
            kdf: KdfParams | None = None, exit_when_shown: bool = False) -> int:
    restrict_process_umask()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = configure_application([sys.argv[0], *qt_args])
    paths = VaultPaths(data_dir)
    probe = vault_folder.inspect(paths)
    if probe.state in (VaultState.FOREIGN_FOLDER, VaultState.NOT_A_FOLDER):
        prompts.show_error(None, APP_NAME, probe.message)  # and write nothing into someone else's folder
        return 2
    lock = InstanceLock(data_dir)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock.acquire()
        vault_folder.prepare_folder(paths)  # finish a restore that was cut off, before looking further
    except VaultInUseError as exc:
        from sidebyside.ui.single_instance import ask_running_instance_to_show

        if ask_running_instance_to_show(data_dir):
            sys.stderr.write(f"sidebyside: {exc.message}\n")
            return 0
        prompts.show_info(None, APP_NAME, exc.message)
        return 1
    except OSError as exc:
        prompts.show_error(None, APP_NAME, f"SideBySide can't use the folder {data_dir} ({exc.strerror}). "
                                               "Please choose another one with --data-dir.")
        return 2
    settings = UiSettings()
    apply_theme(app, settings.theme)
    context = AppContext(paths=paths, secret_store=secret_store or KeyringSecretStore(), settings=settings,
                         kdf=kdf or KdfParams())
    first = start(context)
    if first is None:
        return 2
    services: list[QObject] = []

    def after_first_paint() -> None:
        """What the window doesn't need in order to appear: following the system's colours, the single-instance
        socket, D-Bus."""
        from sidebyside.ui.single_instance import InstanceServer

        follow_system_scheme(app, settings)
        server = InstanceServer(data_dir)
        server.activation_requested.connect(lambda: _bring_forward(first))
        services.append(server)
        if isinstance(first, MainWindow):
            QTimer.singleShot(0, first.after_first_paint)

    # A timer of 0 would fire in the same pass of the event loop as the first paint; a short delay lets the
    # window appear first. A second start within that moment is told the vault is open instead of raising this one.
    QTimer.singleShot(AFTER_FIRST_PAINT_MS, after_first_paint)
    if exit_when_shown:
        QTimer.singleShot(0, lambda: _report_shown_and_quit(app, first))
    try:
        return int(app.exec())
    finally:
        lock.release()
