"""The first-run wizard, driven with qtbot the way a couple would use it, to a vault that really opens."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from ui_helpers import (
    LEFT,
    PASSPHRASE,
    PromptLog,
    click_back,
    click_next,
    drive_wizard_to_finish,
    files_containing,
    fill_partners,
    fill_passphrase,
    loose_permissions,
    mnemonics,
    shown_code,
    swatch,
    tick,
)

from sidebyside.core.crypto import recovery_code
from sidebyside.core.domain.partners import PALETTE
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultState
from sidebyside.ui import setup_wizard as setup_wizard_module
from sidebyside.ui.clipboard import SecretClipboard
from sidebyside.ui.context import AppContext
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.setup_wizard import SetupWizard

FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qtbot: QtBot, context: AppContext) -> SetupWizard:
    w = SetupWizard(context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def nothing_written(paths: VaultPaths) -> bool:
    """The data folder (new in these tests) is not even created before Finish."""
    return not paths.data_dir.exists()


def home_of(window: MainWindow) -> HomeView:
    home = window.workspace.sections[0]
    assert isinstance(home, HomeView)
    return home


def test_the_wizard_creates_a_vault_that_opens_and_shows_both_partners(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext, open_window: Callable[..., MainWindow]
) -> None:
    paths = context.paths
    assert nothing_written(paths)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.partners_page
    fill_partners(qtbot, wizard, "Sam", "Alex")
    qtbot.mouseClick(swatch(wizard, 0, 2), LEFT)  # green
    qtbot.mouseClick(swatch(wizard, 1, 4), LEFT)  # violet
    assert wizard.partners_page.colour_choices[0].colour() == PALETTE[2]
    assert wizard.partners_page.colour_choices[1].colour() == PALETTE[4]
    assert nothing_written(paths)
    click_next(qtbot, wizard)

    assert wizard.currentPage() is wizard.passphrase_page
    fill_passphrase(qtbot, wizard, PASSPHRASE)
    assert wizard.passphrase_page.meter.label.text() in ("Fair", "Good", "Strong")
    assert nothing_written(paths)
    click_next(qtbot, wizard)

    assert wizard.currentPage() is wizard.recovery_page
    code_text = wizard.recovery_page.code.text()
    assert len(code_text.split()) == 14  # 14 groups of four, on two lines
    assert all(len(group) == 4 for group in code_text.split())
    shown_key = recovery_code.decode(shown_code(wizard))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # the code must be kept before going on
    tick(qtbot, wizard.recovery_page.confirm_box)
    assert next_button.isEnabled()
    assert nothing_written(paths)
    click_next(qtbot, wizard)

    assert wizard.currentPage() is wizard.remember_page
    assert wizard.remember_page.remember.isEnabled()
    assert not wizard.remember_page.remember.isChecked()  # off unless the couple chooses it
    assert nothing_written(paths)
    click_next(qtbot, wizard)

    assert wizard.currentPage() is wizard.finish_page
    assert "Sam" in wizard.finish_page.summary.text() and "Alex" in wizard.finish_page.summary.text()
    assert nothing_written(paths)
    with qtbot.waitSignal(wizard.vault_created, timeout=10_000) as created:
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
    key, remember = created.args
    assert bytes(key) == bytes(shown_key)  # the code shown is the code of this very vault
    assert remember is False
    qtbot.waitUntil(lambda: not wizard.isVisible())

    assert paths.db.is_file() and paths.key_file.is_file()
    assert vault_service.inspect(paths).state is VaultState.READY
    assert loose_permissions(paths.data_dir) == []  # P10, although the test process umask is 022
    assert wizard.passphrase_page.passphrase.text() == ""  # the passphrase isn't left in the wizard
    assert wizard.passphrase_page.confirmation.text() == ""

    window = open_window()
    assert window.open_with_key(key)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.current_index() == 0
    home = home_of(window)
    assert [label.text() for label in home.partner_names] == ["Sam", "Alex"]
    assert home.heading.text() == "Hello, Sam and Alex"
    overview = vault_service.overview(window.session)  # type: ignore[arg-type]
    assert [p.colour for p in overview.partners] == [PALETTE[2], PALETTE[4]]


def test_the_code_shown_in_setup_opens_the_vault_later(
    qtbot: QtBot, wizard: SetupWizard, open_window: Callable[..., MainWindow]
) -> None:
    drive_wizard_to_finish(qtbot, wizard)
    code = shown_code(wizard)
    with qtbot.waitSignal(wizard.vault_created, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
    window = open_window()
    window.unlock_view.use_recovery.click()
    with qtbot.waitSignal(window.unlocked, timeout=5_000):
        qtbot.keyClicks(window.unlock_view.recovery, code)
        qtbot.keyClick(window.unlock_view.recovery, Qt.Key.Key_Return)
    assert [label.text() for label in home_of(window).partner_names] == ["Sam", "Alex"]


def test_back_and_next_keep_the_same_recovery_code(qtbot: QtBot, wizard: SetupWizard, context: AppContext) -> None:
    drive_wizard_to_finish(qtbot, wizard)
    first = shown_code(wizard)
    click_back(qtbot, wizard)  # remember
    click_back(qtbot, wizard)  # recovery code
    assert wizard.currentPage() is wizard.recovery_page
    assert shown_code(wizard) == first
    click_back(qtbot, wizard)  # passphrase
    click_back(qtbot, wizard)  # partners
    assert wizard.currentPage() is wizard.partners_page
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.recovery_page
    assert shown_code(wizard) == first
    assert nothing_written(context.paths)


def test_cancel_asks_first_and_then_writes_nothing_and_creates_no_vault(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext, prompt_log: PromptLog
) -> None:
    drive_wizard_to_finish(qtbot, wizard)
    page = wizard.currentPage()
    prompt_log.answer = False  # "keep setting up": a stray Escape or Cancel undoes nothing
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentPage() is page
    assert wizard.partners_page.partners()[0].name == "Sam"
    assert prompt_log.questions[-1][0] == "Stop setting up?"
    prompt_log.answer = True
    with qtbot.assertNotEmitted(wizard.vault_created, wait=200):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), LEFT)
    assert not wizard.isVisible()
    assert nothing_written(context.paths)
    assert vault_service.inspect(context.paths).state is VaultState.NO_VAULT


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("", "Alex", "Please enter a name for the first partner."),
        ("Sam", "   ", "Please enter a name for the second partner."),
        ("Sam", "sam", "Both names are the same"),
        ("Sam", "x" * 500, "The name for the second partner is 500 characters long; please keep it to 40 or fewer"),
    ],
    ids=["empty", "blank", "identical", "500-chars"],
)
def test_partner_names_that_cannot_be_used_get_a_message_and_keep_the_page(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext, first: str, second: str, expected: str
) -> None:
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, first, second)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.partners_page
    assert expected in wizard.partners_page.error.text()
    assert wizard.partners_page.error.isVisible()
    to_fix = 0 if "first partner" in expected else 1  # the cursor waits in the name to fix
    assert wizard.partners_page.name_edits[to_fix].hasFocus()
    # Correcting the name clears the message and lets the couple go on.
    fill_partners(qtbot, wizard, "Sam", "Alex")
    assert wizard.partners_page.error.text() == ""
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.passphrase_page
    assert nothing_written(context.paths)


def test_the_same_colour_for_both_partners_is_refused(qtbot: QtBot, wizard: SetupWizard) -> None:
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, "Sam", "Alex")
    qtbot.mouseClick(swatch(wizard, 0, 3), LEFT)
    qtbot.mouseClick(swatch(wizard, 1, 3), LEFT)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.partners_page
    assert "different colour" in wizard.partners_page.error.text()
    assert swatch(wizard, 1, 3).hasFocus()  # on the second partner's colour, ready for the arrow keys
    qtbot.mouseClick(swatch(wizard, 1, 4), LEFT)
    assert wizard.partners_page.error.text() == ""  # another colour: the message goes


def test_a_name_with_html_is_kept_and_shown_as_plain_text(
    qtbot: QtBot, wizard: SetupWizard, open_window: Callable[..., MainWindow]
) -> None:
    drive_wizard_to_finish(qtbot, wizard, names=("Sam", "<b>Alex</b>"))
    summary = wizard.finish_page.summary
    assert "<b>Alex</b>" in summary.text() and summary.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(wizard.vault_created, timeout=10_000) as created:
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
    window = open_window()
    assert window.open_with_key(created.args[0])
    home = home_of(window)
    label = home.partner_names[1]
    assert label.text() == "<b>Alex</b>"
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert home.heading.text() == "Hello, Sam and <b>Alex</b>"
    assert home.heading.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize(
    ("passphrase", "confirmation", "expected"),
    [
        ("", "", "Please choose a passphrase."),
        ("password", "password", "on every list attackers try first"),
        ("abc", "abc", "Use at least 8 characters"),
        ("kitchen table at dawn", "kitchen table at dusk", "don't match"),
        (" kitchen table at dawn", " kitchen table at dawn", "starts or ends with a space"),
    ],
    ids=["empty", "common", "short", "mismatch", "leading-space"],
)
def test_passphrases_that_cannot_be_used_get_a_message_and_keep_the_page(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext, passphrase: str, confirmation: str, expected: str
) -> None:
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, "Sam", "Alex")
    click_next(qtbot, wizard)
    fill_passphrase(qtbot, wizard, passphrase, confirmation)
    click_next(qtbot, wizard)
    page = wizard.passphrase_page
    assert wizard.currentPage() is page
    assert page.error.text() != ""
    assert expected in page.error.text()
    if passphrase and passphrase != confirmation:
        assert page.confirmation.hasFocus()  # the field to fix has the cursor
    assert nothing_written(context.paths)


def test_the_strength_meter_follows_what_is_typed(qtbot: QtBot, wizard: SetupWizard) -> None:
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, "Sam", "Alex")
    click_next(qtbot, wizard)
    meter = wizard.passphrase_page.meter
    qtbot.keyClicks(wizard.passphrase_page.passphrase, "password")
    weak = meter.label.text()
    assert weak == "Too easy to guess"
    wizard.passphrase_page.passphrase.clear()
    qtbot.keyClicks(wizard.passphrase_page.passphrase, "velvet ocean ladder crumb")
    assert meter.label.text() in ("Good", "Strong")


def test_copy_puts_the_code_on_the_clipboard_and_clears_it_again(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = SecretClipboard(clear_after_ms=150)
    monkeypatch.setattr(setup_wizard_module, "secret_clipboard", lambda: fast)
    wizard = SetupWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, "Sam", "Alex")
    click_next(qtbot, wizard)
    fill_passphrase(qtbot, wizard, PASSPHRASE)
    click_next(qtbot, wizard)
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(wizard.recovery_page.copy_button, LEFT)
    assert recovery_code.normalise(clipboard.text()) == shown_code(wizard)
    assert "cleared" in wizard.recovery_page.copied_note.text()
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3_000)


def test_cancel_clears_a_copied_code_from_the_clipboard(qtbot: QtBot, wizard: SetupWizard,
                                                         prompt_log: PromptLog) -> None:
    prompt_log.answer = True  # yes, stop setting up
    click_next(qtbot, wizard)
    fill_partners(qtbot, wizard, "Sam", "Alex")
    click_next(qtbot, wizard)
    fill_passphrase(qtbot, wizard, PASSPHRASE)
    click_next(qtbot, wizard)
    qtbot.mouseClick(wizard.recovery_page.copy_button, LEFT)
    clipboard = QGuiApplication.clipboard()
    assert recovery_code.normalise(clipboard.text()) == shown_code(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), LEFT)
    assert clipboard.text() == ""


def test_remember_is_disabled_with_a_reason_without_a_keychain(
    qtbot: QtBot, make_context: Callable[..., AppContext]
) -> None:
    wizard = SetupWizard(make_context(store=MemorySecretStore(usable=False, reason="No keychain on this desk.")))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    drive_wizard_to_finish(qtbot, wizard)
    click_back(qtbot, wizard)
    page = wizard.remember_page
    assert wizard.currentPage() is page
    assert not page.remember.isEnabled()
    assert not page.remember.isChecked()
    assert page.reason.text() == "Not available: No keychain on this desk."
    assert page.reason.isVisible()


def test_files_appearing_in_the_folder_before_finish_are_not_overwritten(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext
) -> None:
    drive_wizard_to_finish(qtbot, wizard)
    folder = context.paths.data_dir
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("someone else's notes")
    with qtbot.assertNotEmitted(wizard.vault_created, wait=100):
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
        qtbot.waitUntil(lambda: wizard.finish_page.error.text() != "", timeout=10_000)
    assert "other files" in wizard.finish_page.error.text()
    assert wizard.isVisible()
    assert wizard.button(FINISH).isEnabled()  # the couple can pick another folder and try again
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "someone else's notes"



def test_what_is_typed_in_setup_never_reaches_the_disk_in_plaintext(
    qtbot: QtBot, wizard: SetupWizard, context: AppContext, session_tmp: Path
) -> None:
    """P1: names, passphrase and recovery code are in no file under the data folder or the temp folder."""
    tag = uuid.uuid4().hex[:10]
    names = (f"Ines{tag}", f"Oskar{tag}")
    passphrase = f"marble {tag} lantern orchard"
    drive_wizard_to_finish(qtbot, wizard, names=names, passphrase=passphrase)
    code = wizard.recovery_page.code.text().split()
    with qtbot.waitSignal(wizard.vault_created, timeout=10_000):
        qtbot.mouseClick(wizard.button(FINISH), LEFT)
    context.settings.sync()
    markers = [*names, passphrase, "".join(code), "-".join(code), code[3] + code[4] + code[5]]
    assert files_containing([context.paths.data_dir, session_tmp], markers) == []


def test_every_alt_letter_on_every_page_does_one_thing(qtbot: QtBot, wizard: SetupWizard) -> None:
    pages = []
    for step in range(6):
        wizard.activateWindow()
        letters = mnemonics(wizard)
        pages.append((wizard.currentPage().title(), sorted({m for m in letters if letters.count(m) > 1})))
        if step == 1:
            fill_partners(qtbot, wizard, "Sam", "Alex")
        elif step == 2:
            fill_passphrase(qtbot, wizard, PASSPHRASE)
        if step < 5:
            click_next(qtbot, wizard)
    assert [dupes for _title, dupes in pages] == [[]] * 6, pages


def test_the_colours_work_from_the_keyboard_like_radio_buttons(qtbot: QtBot, wizard: SetupWizard) -> None:
    """Tab lands on the colour already chosen (not the first in the row), arrows move, Space chooses, Tab leaves."""
    click_next(qtbot, wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    second_name = wizard.partners_page.name_edits[1]
    second_name.setFocus()
    qtbot.keyClick(second_name, Qt.Key.Key_Tab)
    assert swatch(wizard, 1, 1).hasFocus()  # the second partner's blue, chosen for them by default
    qtbot.keyClick(swatch(wizard, 1, 1), Qt.Key.Key_Right)
    qtbot.keyClick(swatch(wizard, 1, 2), Qt.Key.Key_Space)
    assert wizard.partners_page.colour_choices[1].colour() == PALETTE[2]
    qtbot.keyClick(swatch(wizard, 1, 2), Qt.Key.Key_Tab)
    assert not any(swatch(wizard, 1, i).hasFocus() for i in range(len(PALETTE)))  # one Tab leaves the row
