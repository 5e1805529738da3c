"""The unlock screen: passphrase, recovery code, wrong and odd input, damaged files (P2, P5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from pytestqt.qtbot import QtBot
from ui_helpers import (
    LEFT,
    PASSPHRASE,
    file_hashes,
    make_vault,
    submit_passphrase,
    type_text,
    unlock_with_passphrase,
    wrong_passphrase,
)

from sidebyside.core.crypto import recovery_code
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import make_partners
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.home_view import HomeView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.unlock_view import UnlockMode

Vault = tuple[VaultPaths, str]
FIXED_KEY = bytes(range(32))  # a known key, so the typo'd code below is known not to pass the checksum


def names_on_home(window: MainWindow) -> list[str]:
    home = window.workspace.sections[0]
    assert isinstance(home, HomeView)
    return [label.text() for label in home.partner_names]


def is_locked_screen(window: MainWindow) -> bool:
    return window.session is None and window.stack.currentWidget() is window.unlock_view


def test_the_right_passphrase_opens_the_vault(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    assert is_locked_screen(window)
    assert view.mode() is UnlockMode.PASSPHRASE
    assert not window.lock_action.isEnabled() and not window.settings_action.isEnabled()
    unlock_with_passphrase(qtbot, window)
    assert window.stack.currentWidget() is window.workspace
    assert names_on_home(window) == ["Sam", "Alex"]
    assert view.passphrase.text() == ""  # not left in the field behind the workspace
    assert window.lock_action.isEnabled() and window.settings_action.isEnabled()


def test_enter_in_the_field_unlocks_too(qtbot: QtBot, created_vault: Vault,
                                        open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        submit_passphrase(qtbot, window, PASSPHRASE)
    assert names_on_home(window) == ["Sam", "Alex"]


def test_enter_on_a_focused_button_or_link_presses_it(qtbot: QtBot, created_vault: Vault,
                                                      open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    view = window.unlock_view
    view.use_recovery.setFocus()
    qtbot.keyClick(view.use_recovery, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.mode() is UnlockMode.RECOVERY)
    view.use_passphrase_from_recovery.setFocus()
    qtbot.keyClick(view.use_passphrase_from_recovery, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: view.mode() is UnlockMode.PASSPHRASE)
    type_text(qtbot, view.passphrase, PASSPHRASE)
    view.unlock_button.setFocus()  # Tab to Unlock, then Enter
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(view.unlock_button, Qt.Key.Key_Return)


@pytest.mark.parametrize("attempt", ["kitchen table at dusk", "Kitchen table at dawn", "kitchen table at dawn ",
                                     "'; DROP TABLE partners; --", "kitchen \"table\" at dawn 🌅"],
                         ids=["other-word", "capital", "trailing-space", "sql-quotes", "quotes-emoji"])
def test_a_wrong_passphrase_says_so_and_stays_locked(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow], attempt: str
) -> None:
    paths, _code = created_vault
    before = file_hashes(paths.data_dir)
    window = open_window()
    view = window.unlock_view
    wrong_passphrase(qtbot, window, attempt)
    assert "doesn't open" in view.error.text()
    assert view.error.isVisible()
    assert is_locked_screen(window)
    assert view.passphrase.text() == ""  # cleared for the next try
    assert view.passphrase.hasFocus()
    assert view.unlock_button.isEnabled()  # the first mistakes cost nothing
    assert file_hashes(paths.data_dir) == before  # never "opens empty", never a new vault (P2)
    unlock_with_passphrase(qtbot, window)
    window.lock()
    assert view.error.text() == ""  # the next time it is locked, the old mistake isn't shown


def test_an_empty_passphrase_asks_for_one_and_is_not_counted(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    qtbot.mouseClick(view.unlock_button, LEFT)
    assert view.error.text() == "The passphrase field is empty. Type it in, then press Unlock."
    assert view.failures == 0
    assert view.unlock_button.isEnabled()
    assert is_locked_screen(window)


def test_after_three_wrong_tries_the_next_try_has_to_wait(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    for attempt in ("one wrong guess", "two wrong guesses", "three wrong guesses"):
        wrong_passphrase(qtbot, window, attempt)
    assert not view.unlock_button.isEnabled()
    assert not view.recovery_button.isEnabled()  # no way around the wait through the recovery code
    assert view.status.text() == "Please wait a second before trying again."
    assert "doesn't open" in view.error.text()
    # Pressing Enter while waiting does nothing: no unlock, no extra failure.
    with qtbot.assertNotEmitted(window.unlocked, wait=100):
        submit_passphrase(qtbot, window, PASSPHRASE)
    assert view.failures == 3 and is_locked_screen(window)
    qtbot.waitUntil(view.unlock_button.isEnabled, timeout=3_000)
    assert view.status.text() == ""
    view.passphrase.clear()
    unlock_with_passphrase(qtbot, window)
    assert view.failures == 0  # a success starts the count again


def test_the_wait_grows_after_each_further_mistake(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    for attempt in ("wrong one", "wrong two", "wrong three"):
        wrong_passphrase(qtbot, window, attempt)
    qtbot.waitUntil(view.unlock_button.isEnabled, timeout=3_000)
    wrong_passphrase(qtbot, window, "wrong four")
    assert not view.unlock_button.isEnabled()
    assert "2" in view.status.text()


def test_the_recovery_code_opens_the_vault_in_lowercase_without_dashes(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    _paths, code = created_vault
    window = open_window()
    view = window.unlock_view
    qtbot.mouseClick(view.use_recovery, LEFT)
    assert view.mode() is UnlockMode.RECOVERY
    assert view.recovery.hasFocus()
    with qtbot.waitSignal(window.unlocked, timeout=5_000):
        qtbot.keyClicks(view.recovery, code.replace("-", "").lower())
        qtbot.mouseClick(view.recovery_button, LEFT)
    assert names_on_home(window) == ["Sam", "Alex"]
    assert view.recovery.text() == ""


def test_a_typo_in_the_recovery_code_is_caught_before_anything_is_tried(
    qtbot: QtBot, paths: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _key, code = make_vault(paths, key=FIXED_KEY)
    typo = code[:5] + ("Z" if code[5] != "Z" else "Y") + code[6:]
    with pytest.raises(ValidationError):
        recovery_code.decode(typo)
    before = file_hashes(paths.data_dir)
    window = open_window()
    view = window.unlock_view
    view.use_recovery.click()
    qtbot.keyClicks(view.recovery, typo)
    qtbot.keyClick(view.recovery, Qt.Key.Key_Return)
    assert "typo" in view.error.text()
    assert is_locked_screen(window)
    assert view.mode() is UnlockMode.RECOVERY
    assert view.failures == 0
    assert file_hashes(paths.data_dir) == before


def test_a_missing_group_in_the_recovery_code_is_named(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    _paths, code = created_vault
    window = open_window()
    view = window.unlock_view
    view.use_recovery.click()
    qtbot.keyClicks(view.recovery, code.rsplit("-", 1)[0])
    qtbot.mouseClick(view.recovery_button, LEFT)
    assert "this one has 52" in view.error.text()
    assert is_locked_screen(window)


def test_the_recovery_code_of_another_vault_does_not_open_this_one(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = created_vault
    other = vault_service.recovery_code_for(vault_service.new_database_key())  # a valid code, wrong vault
    before = file_hashes(paths.data_dir)
    window = open_window()
    view = window.unlock_view
    view.use_recovery.click()
    qtbot.keyClicks(view.recovery, other)
    qtbot.mouseClick(view.recovery_button, LEFT)
    assert "doesn't open this vault" in view.error.text()
    assert is_locked_screen(window)
    assert view.failures == 1
    assert file_hashes(paths.data_dir) == before


def test_the_links_switch_between_passphrase_and_recovery_code(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    assert not view.use_keychain.isVisible()  # nothing remembered: no keychain offered
    qtbot.mouseClick(view.use_recovery, LEFT)
    assert view.mode() is UnlockMode.RECOVERY and view.recovery.isVisible()
    qtbot.mouseClick(view.use_passphrase_from_recovery, LEFT)
    assert view.mode() is UnlockMode.PASSPHRASE and view.passphrase.isVisible()
    assert view.passphrase.hasFocus()


def test_the_links_sit_at_the_start_of_their_line_and_show_a_hand_under_the_pointer(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    view = window.unlock_view
    field_left = view.passphrase.mapTo(view, QPoint(0, 0)).x()
    for link in (view.use_recovery, view.restore_link):
        assert link.width() == link.sizeHint().width()  # as wide as its words: clicking beside it does nothing
        assert link.mapTo(view, QPoint(0, 0)).x() == field_left  # lined up with the field above
        assert link.cursor().shape() is Qt.CursorShape.ArrowCursor
        qtbot.mouseMove(link)
        qtbot.waitUntil(lambda link=link: link.cursor().shape() is Qt.CursorShape.PointingHandCursor)


@pytest.mark.parametrize("key_file", ["whole", "damaged"])
def test_links_that_are_not_offered_leave_no_blank_line_in_the_card(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow], key_file: str
) -> None:
    paths, _code = created_vault
    if key_file == "damaged":  # (the passphrase can't be checked: its links are hidden before the window shows)
        paths.key_file.write_text("{ not json")
    view = open_window().unlock_view
    width = view.pages.width()
    height = view.pages.heightForWidth(width)  # the pages' height: the tallest page's, shown or not
    for index in range(view.pages.count()):
        view.pages.widget(index).layout().activate()  # every page worked out afresh, as if just shown
    assert view.pages.heightForWidth(width) == height
    recovery_page = view.pages.widget(UnlockMode.RECOVERY.value)
    assert view.use_passphrase_from_recovery.isVisibleTo(recovery_page) is (key_file == "whole")


def test_the_secret_fields_offer_no_context_menu_to_copy_from(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    view = open_window().unlock_view
    for field in (view.passphrase, view.recovery):
        assert field.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu


LONG = ("velvet ocean ladder crumb 7 " * 40)[:999] + "!"


@pytest.mark.parametrize(
    "passphrase",
    [
        "she said \"it's fine\" ; DROP TABLE partners; --",
        "🌙 moon over the 🏔️ mountains 🌊",
        "naïve café – 東京 \\ back\\slash `tick`",
        LONG,
    ],
    ids=["quotes", "emoji", "unicode-backslash", "1000-chars"],
)
def test_unusual_passphrases_work_end_to_end(
    qtbot: QtBot, paths: VaultPaths, open_window: Callable[..., MainWindow], passphrase: str
) -> None:
    assert len(LONG) == 1000 and LONG.strip() == LONG
    make_vault(paths, passphrase=passphrase)
    window = open_window()
    view = window.unlock_view
    type_text(qtbot, view.passphrase, passphrase)
    assert view.passphrase.text() == passphrase  # typed exactly, nothing cut off
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.mouseClick(view.unlock_button, LEFT)
    assert names_on_home(window) == ["Sam", "Alex"]
    # And one character less does not open it.
    window.lock()
    wrong_passphrase(qtbot, window, passphrase[:-1])
    assert "doesn't open" in view.error.text()


# -- damaged files (P5) ---------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["missing", "garbled", "truncated", "empty"])
def test_a_damaged_key_file_offers_the_recovery_code_which_opens_the_vault(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow], damage: str
) -> None:
    paths, code = created_vault
    original = paths.key_file.read_bytes()
    if damage == "missing":
        paths.key_file.unlink()
    elif damage == "garbled":
        paths.key_file.write_bytes(b"\x00\xffnot a key file at all" * 10)
    elif damage == "truncated":
        paths.key_file.write_bytes(original[: len(original) // 2])
    else:
        paths.key_file.write_bytes(b"")
    damaged = paths.key_file.read_bytes() if paths.key_file.exists() else None
    window = open_window()
    view = window.unlock_view
    assert view.notice.isVisible()
    assert "recovery code" in view.notice.text()
    assert ("missing" if damage == "missing" else "damaged") in view.notice.text()
    assert view.mode() is UnlockMode.RECOVERY
    assert view.recovery.isVisible()
    assert not view.use_passphrase_from_recovery.isVisible()  # the passphrase can't be checked now
    with qtbot.waitSignal(window.unlocked, timeout=5_000):
        qtbot.keyClicks(view.recovery, code)
        qtbot.mouseClick(view.recovery_button, LEFT)
    assert names_on_home(window) == ["Sam", "Alex"]
    # The damaged key file was left as it was (never overwritten behind the user's back).
    assert (paths.key_file.read_bytes() if paths.key_file.exists() else None) == damaged


def test_a_database_with_flipped_bytes_gives_a_plain_message_and_is_left_alone(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = created_vault
    data = bytearray(paths.db.read_bytes())
    for offset in range(200, 216):
        data[offset] ^= 0xFF
    paths.db.write_bytes(bytes(data))
    before = file_hashes(paths.data_dir)
    window = open_window()
    view = window.unlock_view
    submit_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: view.error.text() != "", timeout=10_000)
    message = view.error.text()
    assert "damaged" in message and "backup" in message
    assert "Traceback" not in message and "Error" not in message
    assert "doesn't open" not in message  # the passphrase was right: don't blame it
    assert view.failures == 0
    assert is_locked_screen(window)
    assert file_hashes(paths.data_dir) == before
    assert paths.db.read_bytes() == bytes(data)


def test_an_empty_database_file_never_opens_as_a_new_empty_vault(
    qtbot: QtBot, created_vault: Vault, open_window: Callable[..., MainWindow]
) -> None:
    paths, _code = created_vault
    paths.db.write_bytes(b"")
    window = open_window()
    view = window.unlock_view
    submit_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: view.error.text() != "", timeout=10_000)
    assert "damaged" in view.error.text()
    assert is_locked_screen(window)
    assert paths.db.read_bytes() == b""


def test_at_real_kdf_cost_the_window_stays_responsive_while_unlocking(
    qtbot: QtBot, paths: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    """The one real-cost test here: Argon2id at the app's default cost runs off the GUI thread."""
    partners = make_partners("Sam", "#d9485f", "Alex", "#2f7dd1")
    vault_service.create_vault(paths, partners, PASSPHRASE, PASSPHRASE, vault_service.new_database_key(),
                               KdfParams())
    window = open_window()
    view = window.unlock_view
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    type_text(qtbot, view.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=20_000):
        qtbot.mouseClick(view.unlock_button, LEFT)
        ticks.clear()
        assert view.status.text() == "Unlocking…"  # the couple sees that something is happening
        assert not view.unlock_button.isEnabled()  # and can't start a second unlock meanwhile
    timer.stop()
    assert len(ticks) >= 3, "the event loop stood still while the KDF ran"
    assert view.status.text() == ""
    assert names_on_home(window) == ["Sam", "Alex"]
