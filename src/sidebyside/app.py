"""The composition root: the one place that wires paths, Qt, the secret store and the first window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from sidebyside import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import VaultInUseError
from sidebyside.core.secrets import KeyringSecretStore, SecretStore
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultState
from sidebyside.core.storage.files import restrict_process_umask
from sidebyside.core.storage.instance_lock import InstanceLock
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.setup_wizard import SetupWizard
from sidebyside.ui.single_instance import InstanceServer, ask_running_instance_to_show
from sidebyside.ui.theme import apply_theme
from sidebyside.ui.ui_settings import UiSettings

log = logging.getLogger(__name__)


def configure_application(argv: list[str]) -> QApplication:
    """Names first (QSettings depends on them), then the app object and its theme."""
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    QGuiApplication.setDesktopFileName(APP_ID)
    return app


def start(context: AppContext) -> MainWindow | SetupWizard | None:
    """Show the right first window for the data folder. Returns it (for tests); None if it can't start."""
    probe = vault_service.inspect(context.paths)
    if probe.state in (VaultState.FOREIGN_FOLDER, VaultState.NOT_A_FOLDER):
        QMessageBox.warning(None, APP_NAME, probe.message)
        return None
    if probe.state is VaultState.NO_VAULT:
        wizard = SetupWizard(context)
        holder: dict[str, MainWindow] = {}

        def on_created(key: bytearray, remember: bool) -> None:
            window = MainWindow(context)
            holder["window"] = window
            wizard.setProperty("main_window", window)  # keeps it alive and lets tests find it
            window.show()
            if window.open_with_key(key) and remember:
                window.remember_after_setup()

        wizard.vault_created.connect(on_created)
        wizard.show()
        return wizard
    window = MainWindow(context)
    geometry = context.settings.window_geometry
    if geometry is None or not window.restoreGeometry(geometry):
        _size_for_screen(window)
    window.show()
    return window


def _size_for_screen(window: MainWindow) -> None:
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(1100, 720)
        return
    available = screen.availableGeometry()
    window.resize(min(1100, int(available.width() * 0.85)), min(720, int(available.height() * 0.85)))


def run_gui(data_dir: Path, qt_args: list[str], *, secret_store: SecretStore | None = None,
            kdf: KdfParams | None = None) -> int:
    restrict_process_umask()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = configure_application([sys.argv[0], *qt_args])
    paths = VaultPaths(data_dir)
    probe = vault_service.inspect(paths)
    if probe.state in (VaultState.FOREIGN_FOLDER, VaultState.NOT_A_FOLDER):
        QMessageBox.warning(None, APP_NAME, probe.message)  # and write nothing into someone else's folder
        return 2
    lock = InstanceLock(data_dir)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock.acquire()
    except VaultInUseError as exc:
        if ask_running_instance_to_show(data_dir):
            sys.stderr.write(f"sidebyside: {exc.message}\n")
            return 0
        QMessageBox.information(None, APP_NAME, exc.message)
        return 1
    except OSError as exc:
        QMessageBox.warning(None, APP_NAME, f"SideBySide can't use the folder {data_dir} ({exc.strerror}). "
                                            "Please choose another one with --data-dir.")
        return 2
    settings = UiSettings()
    apply_theme(app, settings.theme)
    context = AppContext(paths=paths, secret_store=secret_store or KeyringSecretStore(), settings=settings,
                         kdf=kdf or KdfParams())
    first = start(context)
    if first is None:
        return 2
    server = InstanceServer(data_dir)

    def bring_forward() -> None:
        target = first.property("main_window") if isinstance(first, SetupWizard) else first
        target = target or first
        target.showNormal()
        target.raise_()
        target.activateWindow()

    server.activation_requested.connect(bring_forward)
    try:
        return int(app.exec())
    finally:
        lock.release()
