"""The main window: the unlock screen while locked, the workspace while unlocked.

It owns the open vault session. Unlocking runs the KDF on the background helper and opens the
database on the GUI thread; locking stashes drafts, clears every section, closes the database and
wipes the key (SECURITY.md P6).

The window appears before the vault machinery (SQLCipher, the KDF, cryptography) and the sections are
loaded: ``vault_service`` is imported where a vault is opened, and ``after_first_paint`` builds the rest
while the unlock screen waits for the passphrase.

Everything built before the first paint keeps clear of PySide's ``Qt`` namespace: see ui/qt_names.py.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QToolBar, QToolTip, QWidget

from sidebyside import APP_NAME
from sidebyside.core.errors import KeyFileError, SideBySideError, ValidationError, WrongSecretError
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_folder import VaultState, inspect
from sidebyside.ui import prompts
from sidebyside.ui.auto_lock import IdleWatcher, SessionLockWatcher
from sidebyside.ui.background import Background
from sidebyside.ui.clipboard import secret_clipboard
from sidebyside.ui.context import AppContext
from sidebyside.ui.qt_names import set_by_name
from sidebyside.ui.safety_actions import SafetyActions
from sidebyside.ui.theme import apply_theme
from sidebyside.ui.transfer_actions import TransferActions
from sidebyside.ui.unlock_view import UnlockMode, UnlockView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from sidebyside.core.secrets import Availability
    from sidebyside.core.services.vault_service import VaultSession
    from sidebyside.ui.section import Section
    from sidebyside.ui.workspace import Workspace

log = logging.getLogger(__name__)


def default_sections(parent: QWidget) -> list[Section]:
    from sidebyside.ui.buttons.buttons_view import ButtonsView
    from sidebyside.ui.home_view import HomeView
    from sidebyside.ui.journal.journal_view import JournalView
    from sidebyside.ui.print_section import PrintSection
    from sidebyside.ui.talk.talk_view import TalkView

    return [HomeView(), JournalView(), ButtonsView(), TalkView(), PrintSection()]


class MainWindow(QMainWindow):
    unlocked = Signal()
    locked = Signal()
    changed = Signal(object)  # Changes, once per operation

    def __init__(self, context: AppContext, sections: list[Section] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session: VaultSession | None = None
        self._background = Background(self)
        self._return_to_section = 0
        self.setWindowTitle(APP_NAME)

        self.unlock_view = UnlockView(self)
        self._sections = sections
        self._workspace: Workspace | None = None  # built at the first unlock: the lock screen needs none of it
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.unlock_view)
        self.setCentralWidget(self.stack)

        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcuts([QKeySequence("Ctrl+L")])  # (a list: see ui/qt_names.py)
        self.lock_action.setToolTip(self.tr("Lock SideBySide now (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcuts([QKeySequence("Ctrl+,")])
        self.settings_action.triggered.connect(self.open_settings)
        self.statusBar().setSizeGripEnabled(False)
        self.safety = SafetyActions(self)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        vault_menu = self.menuBar().addMenu(self.tr("&Vault"))
        vault_menu.addAction(self.lock_action)
        vault_menu.addSeparator()
        for action in (self.safety.backup_action, self.safety.check_action, self.safety.change_passphrase_action,
                       self.safety.new_code_action, self.safety.restore_action):
            vault_menu.addAction(action)
        self.transfer = TransferActions(self)
        vault_menu.addSeparator()
        for action in self.transfer.actions:
            vault_menu.addAction(action)
        self.sheet_action = QAction(self.tr("Recovery s&heet…"), self)
        self.sheet_action.triggered.connect(self.open_recovery_sheet)
        vault_menu.addAction(self.sheet_action)
        vault_menu.addSeparator()
        vault_menu.addAction(self.settings_action)
        vault_menu.addAction(self.quit_action)
        self.about_action = QAction(self.tr("&About SideBySide…"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
        self.about_action.triggered.connect(self.open_about)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        set_by_name(toolbar, "toolButtonStyle", "ToolButtonTextOnly")
        toolbar.addAction(self.lock_action)
        toolbar.addAction(self.settings_action)
        self.addToolBar(toolbar)

        self.idle = IdleWatcher(context.settings.auto_lock_minutes * 60_000, self)
        self.idle.idle.connect(self._on_idle)
        self.session_lock: SessionLockWatcher | None = None

        self.unlock_view.passphrase_submitted.connect(self._on_passphrase_submitted)
        self.unlock_view.recovery_submitted.connect(self._on_recovery_submitted)
        self.unlock_view.keychain_requested.connect(self._on_keychain_requested)
        self.unlock_view.restore_requested.connect(self.safety.restore)
        self.show_locked(ask_keychain=False)  # asking loads the keychain library: after_first_paint does it

    def after_first_paint(self) -> None:
        """What the lock screen doesn't need in order to appear; the composition root calls it once the window is
        up. Asks the keychain whether it can open a remembered vault, starts the idle watcher, talks to D-Bus for
        the session lock and builds the (empty) sections, which loads the vault machinery too, so the first
        unlock pays for none of it. Nothing from the vault is opened."""
        if not self.is_unlocked and self.unlock_view.keychain_offered:
            # On the worker: a locked keychain may put up its own unlock prompt, and this window stays alive.
            self._background.run(self.context.secret_store.availability, self._on_keychain_answered,
                                 lambda _exc: self._on_keychain_answered(None))
        self.idle.install()
        self.watch_session_lock()
        self.prepare_workspace()

    def prepare_workspace(self) -> None:
        if self._workspace is None:
            self.workspace  # noqa: B018 - the property builds it

    def watch_session_lock(self) -> None:
        """Lock when the desktop session locks. Separate from __init__: it talks to D-Bus, after first paint."""
        if self.session_lock is None:
            self.session_lock = SessionLockWatcher(self)
            self.session_lock.session_locked.connect(self.lock)

    @property
    def workspace(self) -> Workspace:
        """The sections (built on first use, so the unlock window appears sooner)."""
        if self._workspace is None:
            from sidebyside.ui.workspace import Workspace

            workspace = Workspace(self._sections or default_sections(self), self)
            self.stack.addWidget(workspace)
            self.changed.connect(workspace.broadcast)
            workspace.changes_made.connect(self.apply_changes)
            for index in range(len(workspace.sections)):
                go = QAction(self)
                go.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
                go.triggered.connect(lambda _=False, i=index: workspace.show_section(i))
                self.addAction(go)
            self._workspace = workspace
        return self._workspace

    # -- state ------------------------------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self.session is not None

    def show_locked(self, *, ask_keychain: bool = True) -> None:
        """The unlock screen, offering the keychain when the vault is remembered on this computer. With
        ``ask_keychain=False`` it is offered without asking the keychain first (see after_first_paint)."""
        probe = inspect(self.context.paths)
        notice = probe.message if probe.state is not VaultState.READY else ""
        keychain = bool(probe.key_file and probe.key_file.remember)
        if keychain and ask_keychain:
            availability = self.context.secret_store.availability()
            if not availability.usable:
                keychain = False
                notice = self.tr("{0} Please use your passphrase.").format(availability.reason)
        self.unlock_view.prepare(keychain_offered=keychain, notice=notice,
                                 passphrase_usable=probe.state is VaultState.READY)
        self.stack.setCurrentWidget(self.unlock_view)
        self.lock_action.setEnabled(False)
        self.settings_action.setEnabled(False)
        self.sheet_action.setEnabled(False)
        self.safety.set_unlocked(False)
        self.transfer.set_unlocked(False)

    def open_with_key(self, key: bytearray, *, from_recovery_code: bool = False) -> bool:
        """Open the vault with an authenticated key and show the workspace; False (and a message) if not."""
        from sidebyside.core.services import vault_service

        try:
            session = vault_service.open_vault(self.context.paths, key, from_recovery_code=from_recovery_code)
        except WrongSecretError as exc:
            key[:] = bytes(len(key))
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=True)
            return False
        except SideBySideError as exc:
            key[:] = bytes(len(key))
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=False)
            return False
        self.session = session
        self.unlock_view.wipe()
        self.unlock_view.reset_failures()
        self.workspace.load(session)
        self.workspace.show_section(self._return_to_section)
        self.stack.setCurrentWidget(self.workspace)
        self.lock_action.setEnabled(True)
        self.settings_action.setEnabled(True)
        self.sheet_action.setEnabled(True)
        self.safety.set_unlocked(True)
        self.transfer.set_unlocked(True)
        self.idle.arm()
        log.info("vault unlocked")
        self.unlocked.emit()
        self.safety.after_unlock()
        return True

    def lock(self) -> bool:
        """Save drafts, clear every screen, close the vault and drop the key. False if a draft couldn't be saved."""
        if self.session is None:
            return True
        if self.safety.rekeying:
            log.info("lock deferred: re-key in progress")
            return False
        try:
            for widget in QApplication.topLevelWidgets():  # a form someone is typing in keeps its text too
                stash_into = getattr(widget, "stash_into", None)
                if isinstance(widget, QDialog) and widget.isVisible() and stash_into is not None:
                    stash_into(self.session)
            self.workspace.stash()
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("Not locked"), self.tr(
                "SideBySide couldn't save what you were typing, so it stayed unlocked to keep it safe. {0}"
            ).format(exc.message))
            return False
        self.idle.disarm()
        for _ in range(8):  # an open menu (a Link… menu lists button topics) or tooltip shows vault text too
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
                wipe = getattr(widget, "wipe", None)
                if wipe is not None:  # its text is saved (stash_into): don't leave it in the closed form
                    wipe()
        self._return_to_section = self.workspace.current_index()
        self.workspace.clear()  # (lock() only gets here after an unlock, so this never builds it)
        self.session.close()
        self.session = None
        secret_clipboard().clear_now()
        self.show_locked()
        log.info("vault locked")
        self.locked.emit()
        return True

    def apply_changes(self, changes: Changes) -> None:
        self.changed.emit(changes)

    # -- unlocking --------------------------------------------------------------------------------
    def _on_passphrase_submitted(self, passphrase: str) -> None:
        if not passphrase:
            self.unlock_view.show_failure(self.tr("The passphrase field is empty. Type it in, then press Unlock."),
                                          counts_as_wrong_try=False)
            return
        from sidebyside.core.services import vault_service

        self.unlock_view.set_busy(True)
        paths = self.context.paths
        self._background.run(lambda: vault_service.key_from_passphrase(paths, passphrase),
                             self._on_key_ready, self._on_key_failed)

    def _on_key_ready(self, key: bytearray) -> None:
        self.unlock_view.set_busy(False)
        self.open_with_key(key)

    def _on_key_failed(self, exc: BaseException) -> None:
        self.unlock_view.set_busy(False)
        if isinstance(exc, WrongSecretError):
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=True)
        elif isinstance(exc, KeyFileError):
            self.unlock_view.set_mode(UnlockMode.RECOVERY)
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=False)
        elif isinstance(exc, SideBySideError):
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=False)
        else:
            log.error("unlock failed: %s", type(exc).__name__)
            self.unlock_view.show_failure(self.tr("Something went wrong while unlocking ({0}). Nothing was "
                                                  "changed; please try again.").format(type(exc).__name__),
                                          counts_as_wrong_try=False)

    def _on_recovery_submitted(self, code: str) -> None:
        from sidebyside.core.services import vault_service

        try:
            key = vault_service.key_from_recovery_code(code)
        except ValidationError as exc:
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=False)
            return
        key_file_broken = inspect(self.context.paths).state is not VaultState.READY
        if self.open_with_key(key, from_recovery_code=True):
            self.offer_new_passphrase(key_file_broken)

    def _on_keychain_answered(self, availability: Availability | None) -> None:
        if self.is_unlocked or not self.unlock_view.keychain_offered:
            return
        if availability is None or not availability.usable:
            self.show_locked()  # (the answer is known now) says why, and asks for the passphrase

    def _on_keychain_requested(self) -> None:
        """The key from the keychain, on the worker (after the availability check, if that still runs): the
        keychain may ask its own password first."""
        from sidebyside.core.services import vault_service

        probe, store = inspect(self.context.paths), self.context.secret_store
        self.unlock_view.set_busy(True)
        self._background.run(lambda: vault_service.key_from_keychain(probe, store), self._on_key_ready,
                             self._on_keychain_failed)

    def _on_keychain_failed(self, exc: BaseException) -> None:
        self.unlock_view.set_busy(False)
        self.unlock_view.set_mode(UnlockMode.PASSPHRASE)
        if isinstance(exc, SideBySideError):
            self.unlock_view.show_failure(exc.message, counts_as_wrong_try=False)
        else:
            log.error("keychain unlock failed: %s", type(exc).__name__)
            self.unlock_view.show_failure(self.tr("This computer's keychain didn't answer ({0}). Please use your "
                                                  "passphrase.").format(type(exc).__name__), counts_as_wrong_try=False)

    # -- actions ----------------------------------------------------------------------------------
    def remember_after_setup(self) -> None:
        """Honour the setup wizard's "remember on this computer" once the vault is open."""
        if self.session is None:
            return
        from sidebyside.core.services import vault_service

        try:
            self.apply_changes(vault_service.set_remember_on_this_computer(
                self.session, self.context.secret_store, True))
        except SideBySideError as exc:
            prompts.show_info(self, self.tr("Not remembered"), self.tr(
                "The vault is ready, but this computer's keychain couldn't keep its key: {0} "
                "You can try again later in Settings.").format(exc.message))

    def offer_new_passphrase(self, key_file_broken: bool) -> None:
        """After a recovery-code unlock: choose a new passphrase (required to repair a broken key file)."""
        if self.session is None:
            return
        from sidebyside.ui.new_passphrase_dialog import NewPassphraseDialog

        previous = getattr(self, "new_passphrase_dialog", None)
        if previous is not None:
            previous.deleteLater()
        dialog = NewPassphraseDialog(self.session, self.context.kdf, key_file_broken, self)
        dialog.setModal(True)
        dialog.accepted.connect(lambda: self.apply_changes(Changes(vault=True)))
        dialog.open()
        self.new_passphrase_dialog = dialog

    def open_recovery_sheet(self) -> None:
        if self.session is None:
            return
        from PySide6.QtCore import QDateTime, QLocale

        from sidebyside.core.services import vault_service
        from sidebyside.ui.recovery_sheet_dialog import RecoverySheetDialog

        created = QDateTime.fromString(vault_service.overview(self.session).created, QtCore.Qt.DateFormat.ISODate)
        sheet = vault_service.recovery_sheet(self.session, QLocale().toString(created.date(),
                                                                              QLocale.FormatType.LongFormat))
        dialog = RecoverySheetDialog(sheet, self)
        dialog.exec()
        dialog.deleteLater()

    def open_settings(self) -> None:
        if self.session is None:
            return
        from sidebyside.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self.session, self)
        dialog.recovery_sheet_requested.connect(self.open_recovery_sheet)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.idle.set_timeout_ms(self.context.settings.auto_lock_minutes * 60_000)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, self.context.settings.theme)
            self.apply_changes(dialog.changes)
        dialog.deleteLater()  # it holds a reference to the session; don't let closed dialogs pile up

    def open_about(self) -> None:
        from sidebyside.ui.about_dialog import show_about

        self.about_dialog = show_about(self)

    def _on_idle(self) -> None:
        log.info("auto-lock after idle time")
        if not self.lock():
            self.idle.arm()  # a draft couldn't be saved: stay unlocked, and try again after the next idle spell

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and not self.lock():
            event.ignore()
            return
        self.context.settings.window_geometry = self.saveGeometry()
        self.idle.uninstall()
        super().closeEvent(event)
