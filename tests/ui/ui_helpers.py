"""Small helpers shared by the GUI tests: driving screens, reading what they show, scanning files."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import make_partners
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultSession
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.section import Section
from sidebyside.ui.setup_wizard import SetupWizard
from sidebyside.ui.widgets.autosave_editor import AutosaveEditor

D = TypeVar("D", bound=QDialog)
PASSPHRASE = "kitchen table at dawn"  # what tests/conftest.py's created_vault uses
LEFT = Qt.MouseButton.LeftButton
KDF_WAIT_MS = 10_000


# -- prompts ---------------------------------------------------------------------------------------
@dataclass
class PromptLog:
    """What the app tried to show in a modal box (title, message), in order."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    questions: list[tuple[str, str]] = field(default_factory=list)
    answer: bool = False  # what confirm() returns


# -- vaults ---------------------------------------------------------------------------------------
def make_vault(paths: VaultPaths, passphrase: str = PASSPHRASE, names: tuple[str, str] = ("Sam", "Alex"),
               key: bytes | None = None) -> tuple[bytes, str]:
    """Create a vault through the core with the cheap KDF; return (a copy of the key, the recovery code)."""
    partners = make_partners(names[0], "#d9485f", names[1], "#2f7dd1")
    db_key = bytearray(key) if key is not None else vault_service.new_database_key()
    code = vault_service.recovery_code_for(db_key)
    vault_service.create_vault(paths, partners, passphrase, passphrase, db_key, KdfParams.cheap_for_tests())
    return bytes(db_key), code


def file_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def loose_permissions(folder: Path) -> list[str]:
    """Everything under ``folder`` (and itself) that is not owner-only (P10): files 0600, folders 0700."""
    bad = []
    for p in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        if stat.S_ISDIR(p.lstat().st_mode):
            if mode != 0o700:
                bad.append(f"{p.name} {oct(mode)}")
        elif stat.S_ISREG(p.lstat().st_mode) and mode != 0o600:
            bad.append(f"{p.name} {oct(mode)}")
    return bad


def files_containing(folders: Iterable[Path], markers: Iterable[str]) -> list[str]:
    """Every regular file under ``folders`` holding a marker in UTF-8 or UTF-16 (either byte order) (P1)."""
    needles = []
    for marker in markers:
        needles += [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]
    hits = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                if not path.is_file() or path.is_symlink():
                    continue  # sockets (the single-instance server), fifos, links
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                hits += [f"{path}: {needle!r}" for needle in needles if needle in data]
    return hits


# -- what the screen shows ------------------------------------------------------------------------
def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    listed = isinstance(model, QAbstractListModel)  # list models hide columnCount/hasChildren: one column, flat
    flat = listed or isinstance(model, QAbstractTableModel)  # tables (the calendar's) hide hasChildren
    texts = []
    for row in range(model.rowCount(parent)):
        for column in range(1 if listed else model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if value is not None:
                    texts.append(str(value))
            if not flat and model.hasChildren(index):
                texts += _model_texts(model, index)
    return texts


def texts_in(root: QWidget) -> list[str]:
    """Every piece of text ``root`` and its children hold: labels, editors, buttons, item models."""
    texts = [root.windowTitle()]
    for label in root.findChildren(QLabel):
        texts += [label.text(), label.toolTip(), label.accessibleName()]
    for line in root.findChildren(QLineEdit):
        texts += [line.text(), line.placeholderText()]
    for plain in root.findChildren(QPlainTextEdit):
        texts += [plain.toPlainText(), plain.document().toPlainText()]
    for rich in root.findChildren(QTextEdit):
        texts += [rich.toPlainText(), rich.toHtml()]
    for button in root.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for view in root.findChildren(QAbstractItemView):
        if view.model() is not None:
            texts += _model_texts(view.model())
    return [t for t in texts if t]


def shown_anywhere(root: QWidget, needle: str) -> list[str]:
    return [t for t in texts_in(root) if needle in t]


# -- typing ---------------------------------------------------------------------------------------
def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``: keys for ASCII characters, an input-method commit (what an emoji
    picker or a CJK input method sends) for the others, which QTest can't send as key events."""
    run = ""
    for ch in text:
        if ord(ch) < 0x80:
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)
    if run:
        qtbot.keyClicks(widget, run)


# -- the unlock screen ----------------------------------------------------------------------------
def submit_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str) -> None:
    """Type a passphrase and press Enter, as a person would."""
    view = window.unlock_view
    type_text(qtbot, view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    with qtbot.waitSignal(window.unlocked, timeout=KDF_WAIT_MS):
        type_text(qtbot, window.unlock_view.passphrase, passphrase)
        qtbot.mouseClick(window.unlock_view.unlock_button, LEFT)
    assert window.is_unlocked


def wrong_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str) -> None:
    """Submit a wrong passphrase and wait until the failure has been counted."""
    before = window.unlock_view.failures
    submit_passphrase(qtbot, window, passphrase)
    qtbot.waitUntil(lambda: window.unlock_view.failures == before + 1, timeout=KDF_WAIT_MS)


# -- the setup wizard -----------------------------------------------------------------------------
def click_next(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), LEFT)


def click_back(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), LEFT)


def swatch(wizard: SetupWizard, partner: int, colour_index: int) -> QToolButton:
    return wizard.partners_page.colour_choices[partner].findChildren(QToolButton)[colour_index]


def fill_partners(qtbot: QtBot, wizard: SetupWizard, first: str, second: str) -> None:
    edits = wizard.partners_page.name_edits
    for edit, name in zip(edits, (first, second), strict=True):
        edit.clear()
        type_text(qtbot, edit, name)


def fill_passphrase(qtbot: QtBot, wizard: SetupWizard, passphrase: str, confirmation: str | None = None) -> None:
    page = wizard.passphrase_page
    page.passphrase.clear()
    page.confirmation.clear()
    type_text(qtbot, page.passphrase, passphrase)
    type_text(qtbot, page.confirmation, passphrase if confirmation is None else confirmation)


def fill_new_passphrase(qtbot: QtBot, holder: object, passphrase: str, confirmation: str | None = None) -> None:
    """Type into any screen holding a NewPassphraseForm as ``form`` (wizard page, new-passphrase dialog)."""
    form = holder.form  # type: ignore[attr-defined]
    form.passphrase.clear()
    form.confirmation.clear()
    type_text(qtbot, form.passphrase, passphrase)
    type_text(qtbot, form.confirmation, passphrase if confirmation is None else confirmation)


def shown_code(wizard: SetupWizard) -> str:
    """The recovery code as the page shows it, whitespace removed."""
    return "".join(wizard.recovery_page.code.text().split())


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Toggle a checkbox the way the keyboard does (a click on a stretched checkbox's centre can miss)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def drive_wizard_to_finish(qtbot: QtBot, wizard: SetupWizard, names: tuple[str, str] = ("Sam", "Alex"),
                           passphrase: str = PASSPHRASE, remember: bool = False) -> None:
    """From the welcome page to the finish page, the way a couple would (the wizard must be shown)."""
    assert wizard.currentPage() is wizard.welcome
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, *names)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.passphrase_page, wizard.partners_page.error.text()
    fill_passphrase(qtbot, wizard, passphrase)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.recovery_page, wizard.passphrase_page.error.text()
    tick(qtbot, wizard.recovery_page.confirm_box)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.remember_page
    if remember:
        tick(qtbot, wizard.remember_page.remember)
        assert wizard.remember_page.remember.isChecked()
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.finish_page


# -- a section that holds a draft -----------------------------------------------------------------
class DraftSection(Section):
    """What the journal will be: one AutosaveEditor, stashed before lock and cleared by it."""

    def __init__(self, draft_key: str = "test-notes", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = "Notes"
        self.editor = AutosaveEditor(draft_key, self)
        QVBoxLayout(self).addWidget(self.editor)

    def load(self, session: VaultSession) -> None:
        self.editor.bind(session)

    def stash(self) -> None:
        self.editor.flush()

    def clear(self) -> None:
        self.editor.unbind()


def in_dialog(qtbot: QtBot, kind: type[D], open_it: Callable[[], Any], act: Callable[[D], None],
              wait_active: bool = False) -> D:
    """Run ``open_it`` (which opens a modal ``kind`` with exec()) and let ``act`` use the dialog.

    A dialog ``act`` left open is cancelled, so nothing hangs; a failure inside ``act`` is raised here.
    ``wait_active`` waits until the dialog has the keyboard focus (for tests that type or use Alt keys).
    """
    seen: dict[str, D] = {}
    problems: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, kind), dialog
            seen["dialog"] = dialog
            if wait_active:
                qtbot.waitUntil(dialog.isActiveWindow)
            act(dialog)
        except BaseException as exc:
            problems.append(exc)
        finally:
            if isinstance(dialog, QDialog) and dialog.isVisible():
                QDialog.reject(dialog)

    QTimer.singleShot(0, run)
    open_it()
    if problems:
        raise problems[0]
    assert "dialog" in seen, "no dialog opened"
    return seen["dialog"]


def mnemonics(root: QWidget) -> list[str]:
    """The Alt+letter of every button, labelled field, tab and menu bar menu in ``root``, lower-cased, one
    per use (two uses of a letter make Alt+letter only move the focus between them)."""
    texts = [b.text() for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]
    texts += [label.text() for label in root.findChildren(QLabel)
              if label.buddy() is not None and label.isVisibleTo(root)]
    texts += [bar.tabText(i) for bar in root.findChildren(QTabBar) if bar.isVisibleTo(root) for i in range(bar.count())]
    texts += [action.text() for bar in root.findChildren(QMenuBar) for action in bar.actions()]
    return [m.lower() for text in texts for m in re.findall(r"&([^&\s])", text)]
