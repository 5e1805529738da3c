"""The Buttons section (first step): side by side, add/edit/archive with undo, drafts, lock clears it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from ui_helpers import PromptLog, make_vault, mnemonics, shown_anywhere, texts_in, unlock_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.services import buttons, journal
from sidebyside.core.services.vault_service import VaultPaths, VaultSession
from sidebyside.ui.buttons import button_dialog
from sidebyside.ui.buttons.buttons_view import ButtonsView
from sidebyside.ui.buttons.together_dialog import TogetherDialog
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.models.buttons_table_model import LEFT, MIDDLE, RIGHT


def open_buttons(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> tuple[MainWindow, ButtonsView]:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    view = window.workspace.sections[2]
    assert isinstance(view, ButtonsView)
    window.workspace.show_section(2)
    return window, view


def answer_dialog(monkeypatch: pytest.MonkeyPatch, fill: Callable[[button_dialog.ButtonDialog], None]) -> list[str]:
    """Make the next ButtonDialog.exec() fill the form with ``fill`` and press Save; records errors shown."""
    errors: list[str] = []

    def exec_(dialog: button_dialog.ButtonDialog) -> int:
        if dialog.error.text():  # shown again after a refused Save: record it and cancel
            errors.append(dialog.error.text())
            return int(QDialog.DialogCode.Rejected)
        fill(dialog)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", exec_)
    return errors


def open_together(qtbot: QtBot, view: ButtonsView, session: VaultSession) -> TogetherDialog:
    """The "fill it in together" session, shown and active (keys reach only the active window)."""
    dialog = TogetherDialog(session, view.names, view.delegate.colours, view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_an_empty_map_invites_and_adding_a_button_puts_it_in_its_partners_column(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_buttons(qtbot, open_window)
    assert view.pages.currentWidget() is view.empty
    assert view.add_buttons[1].text() == "Add for Alex"

    def fill(dialog: button_dialog.ButtonDialog) -> None:
        dialog.topic.setText("<b>Jokes</b> about my job")
        dialog.category.setCurrentIndex(dialog.category.findData("work"))
        dialog.heat.setCurrentIndex(dialog.heat.findData(4))
        dialog.helps.setPlainText("Change the subject")

    answer_dialog(monkeypatch, fill)
    view.add_buttons[1].click()
    assert view.pages.currentWidget() is view.table
    assert view.model.index(0, RIGHT).data() == "<b>Jokes</b> about my job"  # plain text, as typed
    assert view.model.index(0, LEFT).data() is None
    assert window.session is not None
    [saved] = buttons.list_buttons(window.session)
    assert (saved.fields.owner, saved.fields.heat, saved.fields.helps) == (2, 4, "Change the subject")


def test_an_empty_topic_is_refused_in_the_form_and_nothing_is_added(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_buttons(qtbot, open_window)
    errors = answer_dialog(monkeypatch, lambda dialog: dialog.topic.setText("   "))
    view.add_buttons[0].click()
    assert errors == ["Please give the button a topic — a few words are enough."]
    assert window.session is not None and buttons.list_buttons(window.session) == []


def test_the_same_topic_lines_up_and_add_edit_archive_can_all_be_undone(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    uid, _ = buttons.create_button(session, ButtonFields(1, "My mother's comments", "family", 4))
    buttons.create_button(session, ButtonFields(2, "my mother’s comments", "family", 2))
    view.refresh()
    assert view.model.rowCount() == 1 and view.model.index(0, MIDDLE).data() == "same topic"

    view.select(uid)
    answer_dialog(monkeypatch, lambda dialog: dialog.topic.setText("Comments from my mother"))
    view.edit_current()
    assert buttons.get_button(session, uid).fields.topic == "Comments from my mother"
    view.undo_stack.undo()
    assert buttons.get_button(session, uid).fields.topic == "My mother's comments"

    view.select(uid)
    view.archive_current()
    assert [b.uid for b in buttons.list_buttons(session)] != [] and uid not in [
        b.uid for b in buttons.list_buttons(session)]
    view.undo_stack.undo()
    assert uid in [b.uid for b in buttons.list_buttons(session)]

    answer_dialog(monkeypatch, lambda dialog: dialog.topic.setText("Being late"))
    view.add(1)
    assert len(buttons.list_buttons(session)) == 3
    view.undo_stack.undo()
    assert len(buttons.list_buttons(session)) == 2
    view.undo_stack.redo()
    assert sorted(b.fields.topic for b in buttons.list_buttons(session))[0] == "Being late"


def test_a_private_draft_shows_only_while_its_owners_space_is_open_and_lock_clears_everything(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    journal.create_private_space(session, 1, "sam own words here", "sam own words here", KdfParams.cheap_for_tests())
    buttons.create_button(session, ButtonFields(1, "DRAFT-3321", "intimacy", 5, draft=True))
    buttons.create_button(session, ButtonFields(2, "SHARED-8890", "work", 2))
    view.refresh()
    assert any("DRAFT-3321" in t for t in texts_in(window))
    journal.lock_private_space(session, 1)
    view.refresh()
    assert not any("DRAFT-3321" in t for t in texts_in(window))
    window.lock()
    assert not any("SHARED-8890" in t for t in texts_in(window))
    assert view.model.rowCount() == 0 and not view.undo_stack.canUndo()


def test_the_map_draws_one_circle_per_visible_button_sized_by_heat_with_escaped_tooltips(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: object,
    tmp_path: object,
) -> None:
    from pathlib import Path

    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    hot, _ = buttons.create_button(session, ButtonFields(1, "Money worries", "money", 5, helps="<img src=x> ask"))
    cool, _ = buttons.create_button(session, ButtonFields(2, "Being late", "work", 1))
    buttons.create_button(session, ButtonFields(2, "Archived one", "work", 3))
    buttons.set_archived(session, buttons.list_buttons(session)[-1].uid, True)
    view.refresh()
    view.tabs.setCurrentIndex(1)
    circles = {item.data(0): item for item in view.map.map_scene.circles()}
    assert set(circles) == {hot, cool}  # one per visible button; the archived one is not drawn
    assert circles[hot].rect().width() > circles[cool].rect().width()
    assert "&lt;img src=x&gt; ask" in circles[hot].toolTip() and "<img" not in circles[hot].toolTip()
    target = Path(str(tmp_path)) / "map.png"
    prompt_log.answer = True  # type: ignore[attr-defined]
    assert view.export_map(target) and target.stat().st_size > 1000
    window.lock()
    assert view.map.map_scene.circles() == []


def test_filling_it_in_together_from_start_to_finish_with_a_pause(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    dialog = TogetherDialog(session, view.names, view.delegate.colours, view)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.turn.text() == "Sam's turn" and dialog.area.text() == "Family"
    qtbot.keyClicks(dialog.topic, "My mother's comments")
    qtbot.mouseClick(dialog.yes_button, Qt.MouseButton.LeftButton)
    assert dialog.turn.text() == "Alex's turn" and dialog.area.text() == "Family"
    dialog.topic.setText("my mother's comments")
    dialog.yes_button.click()
    assert dialog.area.text() == "Money"
    dialog.yes_button.click()  # "yes" with no topic: refused kindly, nothing added, still Sam's turn
    assert "topic" in dialog.error.text() and dialog.turn.text() == "Sam's turn"
    dialog.pass_button.click()
    dialog.pause_button.click()

    resumed = TogetherDialog(session, view.names, view.delegate.colours, view)  # next time: same place
    qtbot.addWidget(resumed)
    assert resumed.area.text() == "Money" and resumed.turn.text() == "Alex's turn"
    resumed.topic.setText("Money worries")
    resumed.yes_button.click()
    while resumed.pages.currentIndex() == 0:
        resumed.not_now_button.click()
    assert resumed.summary.text() == "1 new for Sam, 2 new for Alex, 1 you share."
    assert len(buttons.list_buttons(session)) == 3
    assert buttons.together_state(session).index == 0  # finished: a new session would start at the beginning


def test_sort_by_heat_is_undoable_and_the_form_shows_linked_journal_entries(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from sidebyside.core.domain.journal import EntryFields, Link

    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    cool, _ = buttons.create_button(session, ButtonFields(1, "Being late", "work", 1))
    hot, _ = buttons.create_button(session, ButtonFields(1, "Money worries", "money", 5))
    view.sort_by_heat()
    assert [b.uid for b in buttons.list_buttons(session, owner=1)] == [hot, cool]
    view.undo_stack.undo()
    assert [b.uid for b in buttons.list_buttons(session, owner=1)] == [cool, hot]

    journal.create_entry(session, EntryFields(1, datetime.now().astimezone(), "After the <b>bank</b> call", "x",
                                              links=(Link("button", hot),)))
    seen: list[str] = []

    def look(dialog: button_dialog.ButtonDialog) -> int:
        seen.append(dialog.linked.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", look)
    view.select(hot)
    view.edit_current()
    assert seen == ["Written about in the journal: After the <b>bank</b> call"]


def test_our_buttons_print_page_has_only_buttons_marked_for_printing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
    tmp_path: object, prompt_log: object,
) -> None:
    from pathlib import Path

    from pypdf import PdfReader

    from sidebyside.ui import print_dialog

    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    buttons.create_button(session, ButtonFields(1, "Money worries", "money", 5, helps="Ask first", printable=True))
    buttons.create_button(session, ButtonFields(2, "NOT-PRINTED", "work", 2))
    target = Path(str(tmp_path)) / "our-buttons.pdf"
    prompt_log.answer = True  # type: ignore[attr-defined]
    monkeypatch.setattr(print_dialog.PrintDialog, "exec", lambda self: int(self.save_pdf(target)))
    view.print_our_buttons()
    import unicodedata

    raw = " ".join(page.extract_text() for page in PdfReader(str(target)).pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).replace("\u2068", "").replace("\u2069", "").split())
    assert "Money worries" in text and "Ask first" in text and "NOT-PRINTED" not in text


def test_delete_asks_first_and_can_be_undone(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: object
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    uid, _ = buttons.create_button(session, ButtonFields(1, "Being late", "work", 2))
    view.refresh()
    view.select(uid)
    prompt_log.answer = False  # type: ignore[attr-defined]
    view.delete_current()
    assert len(buttons.list_buttons(session)) == 1
    prompt_log.answer = True  # type: ignore[attr-defined]
    view.delete_current()
    assert buttons.list_buttons(session) == []
    view.undo_stack.undo()
    assert [b.uid for b in buttons.list_buttons(session)] == [uid]


def test_the_map_invites_a_partner_who_has_no_buttons_yet(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    window, view = open_buttons(qtbot, open_window)
    assert window.session is not None
    buttons.create_button(window.session, ButtonFields(1, "Money worries", "money", 5))
    view.tabs.setCurrentIndex(1)
    view.refresh()
    texts = [item.text() for item in view.map.map_scene.items() if isinstance(item, QGraphicsSimpleTextItem)]
    assert "No buttons yet for Alex.\nWhat is tender for you?" in texts
    assert not any(t.startswith("No buttons yet for Sam") for t in texts)


def test_saving_the_map_as_a_picture_warns_first_and_writes_an_owner_only_png(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from PySide6.QtGui import QImage

    from sidebyside.ui.buttons import buttons_view

    window, view = open_buttons(qtbot, open_window)
    assert window.session is not None
    buttons.create_button(window.session, ButtonFields(1, "Money worries", "money", 5))
    view.tabs.setCurrentIndex(1)
    view.refresh()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    picture = pictures / "Our buttons.png"
    warnings: list[str] = []

    def decline(_parent: object, title: str, _text: str, _action: str) -> bool:
        warnings.append(title)
        return False

    monkeypatch.setattr(buttons_view.prompts, "confirm", decline)
    assert view.export_map(picture) is False
    assert warnings == ["A picture is not encrypted"] and not picture.exists()

    monkeypatch.setattr(buttons_view.prompts, "confirm", lambda *_args: True)
    old_umask = os.umask(0o022)  # even with a permissive umask the picture is owner-only
    try:
        assert view.export_map(picture) is True
    finally:
        os.umask(old_umask)
    assert picture.stat().st_mode & 0o777 == 0o600
    image = QImage(str(picture))
    assert not image.isNull() and image.width() > 100 and image.height() > 100
    assert [p.name for p in pictures.iterdir()] == ["Our buttons.png"]  # no temporary file left behind


def test_a_form_open_when_the_vault_locks_comes_back_with_its_typing_after_unlock(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_buttons(qtbot, open_window)
    seen: list[tuple[str, str]] = []

    def exec_(dialog: button_dialog.ButtonDialog) -> int:
        if not seen:  # the first time: typing, then the vault locks (auto-lock) with the form open
            dialog.show()
            dialog.topic.setText("Being talked over")
            dialog.helps.setPlainText("Let me finish my sentence")
            seen.append(("first", ""))
            window._on_idle()
            return int(dialog.result())
        seen.append((dialog.topic.text(), dialog.error.text()))  # reopened after unlock
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", exec_)
    view.add(2)
    assert not window.is_unlocked and not shown_anywhere(window, "Being talked over")
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == ("Being talked over", "Here is what you were typing before SideBySide locked.")
    assert window.session is not None
    (added,) = buttons.list_buttons(window.session)
    assert added.fields.owner == 2 and added.fields.helps == "Let me finish my sentence"


def test_filling_it_in_together_keeps_the_prompts_typing_when_the_vault_locks(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    dialog = open_together(qtbot, view, session)
    dialog.topic.setText("My mother's comments")
    dialog.helps.setPlainText("Change the subject")
    dialog.heat.setCurrentIndex(dialog.heat.findData(5))
    window.lock()
    assert not dialog.isVisible() and dialog.topic.text() == "" and dialog.helps.toPlainText() == ""
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    resumed = TogetherDialog(window.session, view.names, view.delegate.colours, view)
    qtbot.addWidget(resumed)
    assert resumed.turn.text() == "Sam's turn" and resumed.area.text() == "Family"
    assert resumed.topic.text() == "My mother's comments" and resumed.helps.toPlainText() == "Change the subject"
    assert resumed.heat.currentData() == 5 and "before SideBySide locked" in resumed.error.text()


# -- forms don't drop typing, every key does one thing (review findings) ----------------------------------
def test_closing_a_changed_button_form_asks_first_and_tab_moves_on(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_buttons(qtbot, open_window)
    assert window.session is not None
    dialog = button_dialog.ButtonDialog(1, "Sam", None, can_draft=False, parent=view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed yet: it just closes
    assert not dialog.isVisible() and prompt_log.questions == []

    dialog = button_dialog.ButtonDialog(1, "Sam", None, can_draft=False, parent=view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # (focus moves only in the active window)
    dialog.story.setFocus()
    qtbot.keyClicks(dialog.story, "Since I was a kid")
    qtbot.keyClick(dialog.story, Qt.Key.Key_Tab)
    assert dialog.story.toPlainText() == "Since I was a kid" and dialog.signs.hasFocus()
    prompt_log.answer = False  # "keep it open"
    qtbot.keyClick(dialog.signs, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.story.toPlainText() == "Since I was a kid"
    assert prompt_log.questions[-1][0] == "Close this form?"
    prompt_log.answer = True
    dialog.close()  # the window's close button
    assert not dialog.isVisible() and len(prompt_log.questions) == 2


def test_pausing_or_closing_the_together_session_keeps_the_prompts_typing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    session = window.session
    assert session is not None
    dialog = open_together(qtbot, view, session)
    dialog.topic.setText("My mother's comments")
    dialog.helps.setFocus()
    qtbot.keyClicks(dialog.helps, "A hand on my arm")
    qtbot.keyClick(dialog.helps, Qt.Key.Key_Tab)
    assert dialog.helps.toPlainText() == "A hand on my arm" and not dialog.helps.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    again = TogetherDialog(session, view.names, view.delegate.colours, view)
    qtbot.addWidget(again)
    assert (again.topic.text(), again.helps.toPlainText()) == ("My mother's comments", "A hand on my arm")


def test_archive_says_bring_back_for_an_archived_button_and_waits_for_a_choice(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    assert window.session is not None
    uid, _ = buttons.create_button(window.session, ButtonFields(owner=1, topic="Jokes about my job"))
    view.refresh()
    assert not view.edit_button.isEnabled() and not view.archive_button.isEnabled()
    assert not view.delete_action.isEnabled()
    buttons.set_archived(window.session, uid, True)
    view.show_archived.setChecked(True)
    view.table.setCurrentIndex(next(view.model.index(0, c) for c in (LEFT, MIDDLE, RIGHT)
                                    if view.model.index(0, c).data() == "Jokes about my job"))
    assert view.archive_button.isEnabled() and view.archive_button.text() == "&Bring back"
    view.archive_button.click()
    assert not buttons.list_buttons(window.session)[0].archived


def test_every_alt_letter_in_the_buttons_screens_does_one_thing(
    qtbot: QtBot, paths: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    make_vault(paths, names=("Sam & Jo", "Alex"))
    window, view = open_buttons(qtbot, open_window)
    assert view.add_buttons[0].text() == "Add for Sam && Jo"  # the name's "&" shows, it isn't a shortcut
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        letters = mnemonics(window)
        assert sorted({m for m in letters if letters.count(m) > 1}) == [], view.tabs.tabText(tab)
    assert window.session is not None
    for dialog in (button_dialog.ButtonDialog(1, "Sam & Jo", None, can_draft=True, parent=view),
                   TogetherDialog(window.session, view.names, view.delegate.colours, view)):
        qtbot.addWidget(dialog)
        letters = mnemonics(dialog)
        assert sorted({m for m in letters if letters.count(m) > 1}) == [], type(dialog).__name__


def test_what_helps_keeps_its_lines_in_tooltips_and_stays_plain_text(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_buttons(qtbot, open_window)
    assert window.session is not None
    buttons.create_button(window.session, ButtonFields(owner=1, topic="Money", helps="Ask first\nThen <b>wait</b>"))
    view.refresh()
    tip = view.model.index(0, LEFT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "<p>What helps: Ask first<br>Then &lt;b&gt;wait&lt;/b&gt;</p>"
    assert view.model.index(0, MIDDLE).data() in ("", None)
