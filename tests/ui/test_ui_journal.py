"""The journal screen: writing with autosave, lock keeps the draft and clears the screen, search,
private entries, delete with undo, and a long list fetched lazily."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot
from ui_helpers import PromptLog, texts_in, type_text, unlock_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.journal import EntryFields, JournalFilter
from sidebyside.core.services import journal
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.journal.journal_view import JournalView
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.models.journal_list_model import PAGE, Role

CHEAP = KdfParams.cheap_for_tests()


def open_journal(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> tuple[MainWindow, JournalView]:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    view = window.workspace.sections[1]
    assert isinstance(view, JournalView)
    window.workspace.show_section(1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
    return window, view


def test_an_empty_journal_explains_itself_and_ctrl_n_starts_an_entry_that_is_saved(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert view.left.currentWidget() is view.list_empty
    assert "Ctrl+N" in view.list_empty.body.text()
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.editor.uid is not None)
    type_text(qtbot, view.editor.body, "We talked at the kitchen table.")
    qtbot.waitUntil(lambda: view.editor.status.text() == "Saved", timeout=3_000)
    window.lock()
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    [row] = journal.list_entries(window.session)
    assert journal.get_entry(window.session, row.uid).fields.body == "We talked at the kitchen table."


def test_typing_then_locking_at_once_loses_nothing_and_leaves_no_text_on_screen(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    view.new_entry()
    type_text(qtbot, view.editor.title, "Car ride home")
    type_text(qtbot, view.editor.body, "MARKER-7731 I felt alone tonight")
    assert view.editor.status.text() == "Saving…"  # not yet saved: the lock comes inside the debounce
    window.lock()
    assert not any("MARKER-7731" in t or "Car ride home" in t for t in texts_in(window))
    assert view.model.rowCount() == 0 and view.who.count() == 0
    unlock_with_passphrase(qtbot, window)
    window.workspace.show_section(1)
    assert view.model.rowCount() == 1
    view.list.setCurrentIndex(view.model.index(0))
    assert view.editor.body.toPlainText() == "MARKER-7731 I felt alone tonight"
    assert view.editor.title.text() == "Car ride home"


def test_search_filters_the_list_and_says_when_nothing_matches(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    now = datetime.now().astimezone()
    journal.create_entry(window.session, EntryFields(1, now, "Dinner", "I felt alone at the café."))
    journal.create_entry(window.session, EntryFields(2, now - timedelta(days=1), "<b>Walk</b>", "A calm walk home."))
    view.after_change()
    assert view.model.rowCount() == 2
    assert view.model.index(1).data() == "<b>Walk</b>"  # shown as typed, painted as plain text
    type_text(qtbot, view.search, "cafe")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2_000)
    assert view.model.index(0).data() == "Dinner"
    text, spans = view.model.index(0).data(Role.Snippet)
    assert [text[a:b] for a, b in spans] == ["café"]
    view.search.setText("zzz-nothing")
    qtbot.waitUntil(lambda: view.left.currentWidget() is view.no_match, timeout=2_000)


def test_a_private_entry_shows_only_who_wrote_it_until_its_space_is_opened(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None
    journal.create_private_space(session, 2, "alex own words here", "alex own words here", CHEAP)
    journal.create_entry(session, EntryFields(2, datetime.now().astimezone(), "Only mine", "PRIVATE-4411",
                                              private=True))
    journal.lock_private_space(session, 2)
    view.after_change()
    view.list.setCurrentIndex(view.model.index(0))
    assert view.editor.pages.currentWidget() is view.editor.sealed_note
    assert not any("PRIVATE-4411" in t or "Only mine" in t for t in texts_in(window))

    from sidebyside.ui.journal import private_space_dialog

    def open_space(dialog: private_space_dialog.PrivateSpaceDialog) -> int:
        assert not dialog.creating and dialog.passphrase is not None
        dialog.passphrase.setText("alex own words here")
        dialog.accept_button.click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(private_space_dialog.PrivateSpaceDialog, "exec", open_space)
    view.open_private_space(2)
    view.list.setCurrentIndex(view.model.index(0))
    assert view.editor.body.toPlainText() == "PRIVATE-4411"
    window.lock()  # the private space closes with the vault
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and window.session.private_keys == {}


def test_delete_asks_first_and_ctrl_z_on_the_list_brings_the_entry_back(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    journal.create_entry(window.session, EntryFields(1, datetime.now().astimezone(), "Keep me", "text"))
    view.after_change()
    view.list.setCurrentIndex(view.model.index(0))
    prompt_log.answer = False
    view.delete_current()
    assert view.model.rowCount() == 1
    prompt_log.answer = True
    view.delete_current()
    assert view.model.rowCount() == 0 and "undo" in prompt_log.questions[-1][1]
    assert view.undo_stack.canUndo()
    view.new_button.setFocus()  # the list is empty now (and hidden): focus is on a button of the journal
    qtbot.keyClick(view.new_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.model.rowCount() == 1 and view.model.index(0).data() == "Keep me"


def test_a_long_journal_is_fetched_a_page_at_a_time(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None
    start = datetime(2020, 1, 1).astimezone()
    for i in range(PAGE * 2 + 50):
        journal.create_entry(session, EntryFields(1 + i % 2, start + timedelta(hours=i), f"Entry {i}", "text"))
    view.after_change()
    assert view.model.rowCount() == PAGE  # not 250: the rest comes as the list scrolls
    assert journal.count_entries(session, JournalFilter()) == PAGE * 2 + 50
    while view.model.canFetchMore(view.model.index(-1)):
        view.model.fetchMore(view.model.index(-1))
    titles = [view.model.index(r).data() for r in range(view.model.rowCount())]
    assert len(titles) == len(set(titles)) == PAGE * 2 + 50
    assert titles[0] == f"Entry {PAGE * 2 + 49}"  # newest first


def test_ctrl_z_in_the_text_undoes_typing_not_a_delete(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    for title in ("First", "Second"):
        journal.create_entry(window.session, EntryFields(1, datetime.now().astimezone(), title, "text"))
    view.after_change()
    view.list.setCurrentIndex(view.model.index(0))
    prompt_log.answer = True
    view.delete_current()  # one delete waiting on the undo stack
    view.list.setCurrentIndex(view.model.index(0))
    view.editor.body.setFocus()
    qtbot.keyClicks(view.editor.body, "x")
    qtbot.keyClick(view.editor.body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.editor.body.toPlainText() == "text"
    assert view.model.rowCount() == 1 and view.undo_stack.canUndo()  # the delete was not undone


def test_pinning_keeps_an_older_entry_on_top(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    now = datetime.now().astimezone()
    journal.create_entry(window.session, EntryFields(1, now - timedelta(days=30), "Old but dear", "text"))
    journal.create_entry(window.session, EntryFields(1, now, "Today", "text"))
    view.after_change()
    view.list.setCurrentIndex(view.model.index(1))
    assert view.editor.title.text() == "Old but dear"
    view.editor.pin.click()
    assert [view.model.index(r).data() for r in range(2)] == ["Old but dear", "Today"]
    view.editor.pin.click()
    assert [view.model.index(r).data() for r in range(2)] == ["Today", "Old but dear"]


def test_a_private_space_closes_by_itself_after_its_own_idle_time(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None
    journal.create_private_space(session, 1, "sam own words here", "sam own words here", CHEAP)
    journal.create_entry(session, EntryFields(1, datetime.now().astimezone(), "Mine", "PRIVATE-8812", private=True))
    view.after_change()
    view.list.setCurrentIndex(view.model.index(0))
    assert view.editor.body.toPlainText() == "PRIVATE-8812"
    view.private_idle.set_timeout_ms(300)
    view.private_idle.arm()
    qtbot.waitUntil(lambda: session.private_keys == {}, timeout=3_000)
    assert window.is_unlocked  # only the private space closed, not the vault
    assert view.editor.pages.currentWidget() is view.editor.sealed_note
    assert not any("PRIVATE-8812" in t for t in texts_in(window))


@pytest.mark.parametrize("action", ["change", "remove"])
def test_changing_or_removing_a_personal_passphrase_from_the_journal(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
    action: str,
) -> None:
    from sidebyside.ui.journal import private_space_dialog

    window, view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None
    journal.create_private_space(session, 2, "alex own words here", "alex own words here", CHEAP)
    journal.create_entry(session, EntryFields(2, datetime.now().astimezone(), "Alex only", "kept safe", private=True))
    journal.lock_private_space(session, 2)

    def drive(dialog: private_space_dialog.PrivateSpaceDialog) -> int:
        assert dialog.passphrase is not None
        dialog.passphrase.setText("alex own words here")
        if action == "change":
            assert dialog.changing and dialog.form is not None
            dialog.form.passphrase.setText("a brand new phrase")
            dialog.form.confirmation.setText("a brand new phrase")
        else:
            assert dialog.removing
        dialog.accept_button.click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(private_space_dialog.PrivateSpaceDialog, "exec", drive)
    view.open_private_space(2, change=action == "change", remove=action == "remove")
    if action == "change":
        with pytest.raises(Exception, match="doesn't open"):
            journal.unlock_private_space(session, 2, "alex own words here")
        journal.unlock_private_space(session, 2, "a brand new phrase")
        [row] = journal.list_entries(session)
        assert journal.get_entry(session, row.uid).fields.body == "kept safe"
    else:
        assert not journal.has_private_space(session, 2)
        [row] = journal.list_entries(session, JournalFilter(text="kept"))  # shared now: the index finds it
        assert not row.private and not row.sealed


def test_the_tag_filter_lists_tags_when_opened_and_filters_by_them(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    now = datetime.now().astimezone()
    journal.create_entry(window.session, EntryFields(1, now, "Budget talk", "text", tags=("money",)))
    journal.create_entry(window.session, EntryFields(2, now, "Visit", "text", tags=("Family", "money")))
    view.after_change()
    assert view.tag.count() == 1  # only "Any tag" until the list is opened
    view.tag.showPopup()
    assert [view.tag.itemText(i) for i in range(view.tag.count())] == ["Any tag", "#money (2)", "#Family (1)"]
    view.tag.hidePopup()
    view._reset_tags()  # (as after a lock) and now from the keyboard, without opening the list:
    view.tag.setFocus()
    qtbot.keyClick(view.tag, Qt.Key.Key_Down)
    assert view.tag.currentText() == "#money (2)" and view.tag.count() == 3
    view.tag.setCurrentIndex(0)
    view.tag.setCurrentIndex(2)
    assert [view.model.index(r).data() for r in range(view.model.rowCount())] == ["Visit"]
    window.lock()
    assert view.tag.count() == 0  # tag names are vault content: gone with the lock


def test_the_calendar_shows_one_day_and_the_chip_brings_all_dates_back(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    day = datetime(2025, 5, 17, 20, 0).astimezone()
    journal.create_entry(window.session, EntryFields(1, day, "That evening", "text", mood=2))
    journal.create_entry(window.session, EntryFields(2, day + timedelta(days=1), "Next day", "text", mood=4))
    view.after_change()
    view.tabs.setCurrentWidget(view.time)
    view.time.calendar.setCurrentPage(2025, 5)
    assert view.time.calendar.dateTextFormat(QDate(2025, 5, 17)).fontWeight() == QFont.Weight.Bold
    assert view.time.calendar.dateTextFormat(QDate(2025, 5, 16)).fontWeight() != QFont.Weight.Bold
    view.time.calendar.clicked.emit(QDate(2025, 5, 17))
    assert view.tabs.currentWidget() is view.left and view.day_button.isVisible()
    assert [view.model.index(r).data() for r in range(view.model.rowCount())] == ["That evening"]
    view.day_button.click()
    assert view.model.rowCount() == 2 and not view.day_button.isVisible()


def test_the_period_filter_combines_with_search(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    assert window.session is not None
    now = datetime.now().astimezone()
    journal.create_entry(window.session, EntryFields(1, now - timedelta(days=2), "Recent walk", "kitchen"))
    journal.create_entry(window.session, EntryFields(1, now - timedelta(days=60), "Old walk", "kitchen"))
    view.after_change()
    view.period.setCurrentIndex(view.period.findData(30))
    assert [view.model.index(r).data() for r in range(view.model.rowCount())] == ["Recent walk"]
    view.search.setText("old")
    view._apply_filter()
    assert view.left.currentWidget() is view.no_match
    view.period.setCurrentIndex(0)
    assert [view.model.index(r).data() for r in range(view.model.rowCount())] == ["Old walk"]


def test_an_entry_can_be_linked_to_buttons_and_the_link_is_saved(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    from sidebyside.core.domain.buttons import ButtonFields
    from sidebyside.core.domain.journal import Link
    from sidebyside.core.services import buttons

    window, view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None
    b_uid, _ = buttons.create_button(session, ButtonFields(2, "Being <i>late</i>", "work", 3))
    uid, _ = journal.create_entry(session, EntryFields(1, datetime.now().astimezone(), "Tonight", "text"))
    view.after_change(select=uid)
    assert view.editor.links_label.text() == "No links"
    view.editor.set_button_link(b_uid, True)
    assert view.editor.links_label.text() == "Alex · Being <i>late</i>"  # plain text, as typed
    view.editor.flush()
    assert journal.get_entry(session, uid).fields.links == (Link("button", b_uid),)
    assert [e.uid for e in journal.entries_linked_to(session, "button", b_uid)] == [uid]
    view.editor.set_button_link(b_uid, False)
    view.editor.flush()
    assert journal.get_entry(session, uid).fields.links == ()


def test_the_list_model_over_100000_entries_loads_only_what_is_shown(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    """100,000 rows written straight into the table (the index is not needed to list them)."""
    import uuid as uuid_module

    from sidebyside.core.domain.journal import to_utc_key
    from sidebyside.ui.models.journal_list_model import JournalListModel

    window, _view = open_journal(qtbot, open_window)
    session = window.session
    assert session is not None and session.conn is not None
    start = datetime(2016, 1, 1).astimezone()
    rows = [(uuid_module.uuid4().hex, 1 + i % 2, to_utc_key(start + timedelta(minutes=i * 50)), "2016-01-01",
             "2016-01-01", f"Entry {i}") for i in range(100_000)]
    session.conn.execute("BEGIN")
    session.conn.executemany("INSERT INTO entries(uid, author, written_utc, created_at, updated_at, title) "
                             "VALUES (?, ?, ?, ?, ?, ?)", rows)
    session.conn.execute("COMMIT")
    model = JournalListModel()
    model.attach(session)
    assert model.rowCount() == PAGE  # one page, not 100,000 rows
    assert model.index(0).data() == "Entry 99999"
    for _ in range(3):
        model.fetchMore(model.index(-1))
    assert model.rowCount() == 4 * PAGE and model.canFetchMore(model.index(-1))
    assert model.index(4 * PAGE - 1).data() == f"Entry {99_999 - 4 * PAGE + 1}"


# -- nothing typed is lost, nothing deleted lingers (review findings) ----------------------------------------
def add_entries(window: MainWindow, view: JournalView, count: int, mood: int | None = None) -> list[str]:
    assert window.session is not None
    start = datetime(2024, 1, 1).astimezone()
    uids = [journal.create_entry(window.session, EntryFields(1, start + timedelta(hours=i), f"Entry {i}", "text",
                                                             mood=mood))[0] for i in range(count)]
    view.after_change()
    return uids


def test_an_entry_that_cant_be_saved_keeps_its_text_when_switching_and_the_lock_waits_for_it(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_journal(qtbot, open_window)
    first, second = add_entries(window, view, 2)
    view.show_entry(first)
    view.editor.title.setText("A title pasted from somewhere " * 10)  # 290 characters: too long to save
    view.editor.body.selectAll()
    type_text(qtbot, view.editor.body, "MARKER-5512 what I wrote in the car")
    view.list.setCurrentIndex(view.model.index(view.model.row_of(second)))
    assert view.editor.uid == first  # it stays, with the reason, instead of loading the other entry over it
    assert view.list.currentIndex().data(Role.Uid) == first
    assert view.editor.body.toPlainText() == "MARKER-5512 what I wrote in the car"
    assert view.editor.error.text() == "A title can be up to 200 characters."
    assert window.lock() is False and window.is_unlocked  # the lock waits too, and says why
    assert "A title can be up to 200 characters." in prompt_log.errors[-1][1]
    view.editor.title.setText("The car ride home")
    assert window.lock() is True
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    saved = journal.get_entry(window.session, first).fields
    assert (saved.title, saved.body) == ("The car ride home", "MARKER-5512 what I wrote in the car")


def test_ctrl_n_with_a_filter_set_clears_it_and_opens_the_new_entry(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    add_entries(window, view, 2, mood=5)
    view.mood.setCurrentIndex(view.mood.findData(5))  # only mood 5: a new entry (no mood) wouldn't be listed
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = view.editor.uid
    assert new is not None and view.mood.currentIndex() == 0
    assert view.list.currentIndex().data(Role.Uid) == new
    assert view.editor.pages.currentWidget() is not view.editor.nothing and view.editor.body.hasFocus()
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # pressed again, nothing typed yet:
    assert view.editor.uid == new and view.model.rowCount() == 3  # the same empty entry, not another one
    assert view.editor.body.hasFocus()
    type_text(qtbot, view.editor.body, "Typed into the new entry")
    view.editor.flush()
    assert window.session is not None and journal.get_entry(window.session, new).fields.body == (
        "Typed into the new entry")


def test_a_deleted_entry_leaves_the_editor_and_the_next_one_opens(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_journal(qtbot, open_window)
    add_entries(window, view, 3)  # listed newest first: Entry 2, Entry 1, Entry 0
    view.list.setCurrentIndex(view.model.index(1))
    assert view.editor.title.text() == "Entry 1"
    prompt_log.answer = True
    view.delete_current()
    assert [view.model.index(r).data() for r in range(view.model.rowCount())] == ["Entry 2", "Entry 0"]
    assert view.editor.title.text() == "Entry 0" and view.list.currentIndex().row() == 1
    assert not any("Entry 1" in text for text in texts_in(window))
    view.delete_current()
    view.delete_current()
    assert view.model.rowCount() == 0 and view.editor.uid is None
    assert view.editor.pages.currentWidget() is view.editor.nothing


def test_saving_while_typing_keeps_an_entry_far_down_chosen_and_the_list_where_it_was(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    add_entries(window, view, PAGE + 60)
    while view.model.canFetchMore(view.model.index(-1)):
        view.model.fetchMore(view.model.index(-1))
    view.list.setCurrentIndex(view.model.index(PAGE + 40))
    uid = view.editor.uid
    view.list.scrollTo(view.list.currentIndex())
    scrolled = view.list.verticalScrollBar().value()
    assert scrolled > 0
    type_text(qtbot, view.editor.body, " and more")
    assert view.editor.flush()
    assert view.list.currentIndex().data(Role.Uid) == uid and view.list.currentIndex().row() == PAGE + 40
    assert view.list.verticalScrollBar().value() == scrolled


def test_the_formatting_keys_work_in_the_text_and_nowhere_else(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_journal(qtbot, open_window)
    [uid] = add_entries(window, view, 1)
    view.show_entry(uid)
    editor = view.editor
    editor.body.setPlainText("calm")
    for place in (editor.title, editor.tags, view.search):
        place.setFocus()
        for key, mods in ((Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)):
            qtbot.keyClick(place, key, mods)
        assert editor.body.toPlainText() == "calm" and place.hasFocus()
    editor.body.setFocus()
    editor.body.selectAll()
    qtbot.keyClick(editor.body, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.body.toPlainText() == "**calm**"
