"""Talk it through, driven as a couple would: a whole conversation, safety, breaks, lock and resume."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from talk_helpers import (
    answer_safety,
    chip,
    open_talk,
    panel_of,
    pick,
    press_next,
    speak,
    start_safe_and_calm,
    step_of,
    type_into,
    understood,
)
from ui_helpers import LEFT, PromptLog, files_containing, shown_anywhere, unlock_with_passphrase

from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.conversation import Status, Step
from sidebyside.core.services import buttons, conversations, journal
from sidebyside.core.services.talk_content import talk_content
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.models.conversations_model import SPEAKERS, STATUS, TOPIC

SAM = {"topic": "The dinner party", "happened": "At dinner I said I want to retrain and you said it isn't realistic.",
       "when": "you said my plan wasn't realistic in front of Jo,", "request": "share your doubts with me alone first",
       "heard": "You felt small when I doubted you in company.", "view": "I was scared about money.",
       "apology": "Sorry I interrupted you."}
ALEX = {"happened": "In the car you said nothing for ten minutes.", "when": "you went quiet,",
        "request": "tell me when you need a quiet moment", "heard": "You felt shut out when I went quiet.",
        "apology": "Sorry I sulked.", "feeling": "lonely", "need": "closeness"}


def test_a_whole_conversation_both_turns_ends_finished_read_only_and_listed(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    assert view.list_pages.currentWidget() is view.empty
    start_safe_and_calm(qtbot, view, first=1)
    panel = panel_of(view)
    assert panel.speaker.text.text() == "Sam is speaking" and panel.listener.text.text() == "Alex is listening"
    speak(qtbot, view, SAM, open_now=True)
    # The roles swap: Alex speaks now, Sam listens.
    assert step_of(view) is Step.WHAT_HAPPENED and panel.conv.position.turn == 1
    assert panel.speaker.text.text() == "Alex is speaking" and panel.listener.text.text() == "Sam is listening"
    speak(qtbot, view, ALEX, open_now=False)  # "later": the other view is skipped
    assert step_of(view) is Step.BIGGER
    pick(qtbot, panel.current_page.recurring, "no")  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.PLAN
    type_into(qtbot, panel.current_page.one_thing[1], "Tell Alex my plans early")  # type: ignore[attr-defined]
    type_into(qtbot, panel.current_page.signal, "pineapple")  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.SUMMARY
    summary = panel.current_page.view.toPlainText()  # type: ignore[attr-defined]
    for words in (SAM["happened"], SAM["heard"], SAM["view"], ALEX["happened"], "pineapple", "lonely", "closeness"):
        assert words in summary
    press_next(qtbot, view)  # Finish and save

    assert panel.conv.status is Status.FINISHED
    assert not panel.next_button.isVisible() and panel.print_button.isVisible()
    assert panel.pause_button.text() == "Back to &conversations"
    qtbot.mouseClick(panel.pause_button, LEFT)
    assert view.panel is None
    assert view.model.rowCount() == 1
    row = [view.model.index(0, c).data() for c in range(4)]
    assert row[STATUS] == "Finished" and row[SPEAKERS] == "Sam, Alex" and row[TOPIC] == "The dinner party"

    # Reopened, it is read-only: no Next, no Back, fields can't be edited.
    view.open_current()
    panel = panel_of(view)
    assert step_of(view) is Step.SUMMARY and not panel.next_button.isVisible() and not panel.back_button.isVisible()
    assert window.session is not None
    stored = conversations.get(window.session, panel.conv.uid)
    assert stored.turns[0].other_view == SAM["view"] and stored.turns[1].open_now is False
    assert stored.turns[1].other_view == ""


def test_afraid_shows_help_and_keeps_nothing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    answer_safety(qtbot, view, True)
    assert shown_anywhere(panel_of(view), "If you are in danger now")
    assert shown_anywhere(panel_of(view), "domestic violence helpline")
    assert window.session is not None and conversations.list_conversations(window.session) == []
    panel = panel_of(view)
    assert not panel.pause_button.isVisible() and panel.next_button.text() == "&Close"
    press_next(qtbot, view)
    assert view.panel is None and view.model.rowCount() == 0
    window.lock()
    unlock_with_passphrase(qtbot, window)
    assert view.panel is None and view.model.rowCount() == 0


def test_going_back_from_the_help_page_after_a_misclick_still_saves_nothing_until_answered_no(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    answer_safety(qtbot, view, True)
    qtbot.mouseClick(panel_of(view).back_button, LEFT)
    assert step_of(view) is Step.SAFETY
    assert window.session is not None and conversations.list_conversations(window.session) == []
    pick(qtbot, panel_of(view).current_page.answer, False)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.CALM and len(conversations.list_conversations(window.session)) == 1


def test_not_calm_means_a_break_of_20_minutes_to_a_day_that_survives_lock(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    answer_safety(qtbot, view, False)
    page = panel_of(view).current_page
    pick(qtbot, page.levels[1], 4)  # type: ignore[attr-defined]
    pick(qtbot, page.levels[2], 5)  # type: ignore[attr-defined]
    page.pulses[1].setValue(112)  # type: ignore[attr-defined]  # calm in words, but the pulse says flooded
    assert page.not_calm.isVisible()  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.BREAK
    panel = panel_of(view)
    page = panel.current_page
    now = panel.ctx.clock()
    page.until.setMaximumDateTime(page.until.maximumDateTime().addDays(3))  # type: ignore[attr-defined]
    page.until.setDateTime(page.until.dateTime().addSecs(26 * 3600))  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert "more than a day" in panel.error.text() and not panel.conv.break_until
    page.until.setDateTime(page.until.minimumDateTime().addSecs(60 * 40))  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert panel.conv.break_until and panel.conv.status is Status.PAUSED
    assert not panel.next_button.isEnabled()  # the break isn't over yet
    assert page.countdown.text() == "1 h to go"  # type: ignore[attr-defined]

    window.lock()  # a long break: the app locks meanwhile
    unlock_with_passphrase(qtbot, window)
    panel = panel_of(view)
    assert step_of(view) is Step.BREAK and not panel.next_button.isEnabled()
    panel.ctx.clock = lambda: now + timedelta(hours=1)
    panel.current_page.tick()  # type: ignore[attr-defined]
    assert panel.next_button.isEnabled()
    press_next(qtbot, view)
    assert step_of(view) is Step.CALM and panel.conv.calm == {1: None, 2: None}  # check in again
    assert panel.conv.status is Status.DRAFT and panel.conv.breaks == 1


def test_typing_survives_lock_and_reopens_at_the_same_step(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    words = "<b>not bold</b> صباح الخير 🌧️"
    type_into(qtbot, panel_of(view).current_page.sentence, words)  # type: ignore[attr-defined]
    window.lock()  # at once: the autosave timer hasn't fired; stash saves it
    assert view.panel is None and not shown_anywhere(window, "not bold")
    unlock_with_passphrase(qtbot, window)
    assert step_of(view) is Step.WHAT_HAPPENED
    assert panel_of(view).current_page.sentence.toPlainText() == words  # type: ignore[attr-defined]


def test_auto_lock_mid_step_keeps_the_typing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    speak_until_listen(qtbot, view)
    type_into(qtbot, panel_of(view).current_page.heard, "You felt unseen")  # type: ignore[attr-defined]
    window._on_idle()
    assert not window.is_unlocked
    unlock_with_passphrase(qtbot, window)
    assert step_of(view) is Step.LISTEN
    assert panel_of(view).current_page.heard.toPlainText() == "You felt unseen"  # type: ignore[attr-defined]


def test_closing_the_window_mid_step_saves_the_conversation(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    type_into(qtbot, panel_of(view).current_page.sentence, "Half a sentence")  # type: ignore[attr-defined]
    session = window.session
    assert session is not None
    window.close()
    assert not window.is_unlocked
    window2 = open_window()
    unlock_with_passphrase(qtbot, window2)
    assert window2.session is not None
    (summary,) = conversations.list_conversations(window2.session)
    assert conversations.get(window2.session, summary.uid).turns[0].what_happened == "Half a sentence"


def speak_until_listen(qtbot: QtBot, view) -> None:  # type: ignore[no-untyped-def]
    panel = panel_of(view)
    type_into(qtbot, panel.current_page.sentence, "You were late.")
    press_next(qtbot, view)
    chip(qtbot, panel.current_page.picker, "hurt")
    press_next(qtbot, view)
    press_next(qtbot, view)  # impact and need are optional
    assert step_of(view) is Step.LISTEN


def test_the_other_view_stays_locked_until_the_speaker_feels_understood(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    speak_until_listen(qtbot, view)
    panel = panel_of(view)
    page = panel.current_page
    press_next(qtbot, view)  # nothing said back yet
    assert step_of(view) is Step.LISTEN and "says back what they heard" in panel.error.text()
    type_into(qtbot, page.heard, "You were annoyed")  # type: ignore[attr-defined]
    press_next(qtbot, view)  # the speaker hasn't answered
    assert step_of(view) is Step.LISTEN and "understood" in panel.error.text()
    assert not page.open_holder.isVisible()  # type: ignore[attr-defined]  # no way to ask for the other view yet
    pick(qtbot, page.verdict, "not_yet")  # type: ignore[attr-defined]
    type_into(qtbot, page.missed, "That I was worried, not annoyed")  # type: ignore[attr-defined]
    press_next(qtbot, view)
    # Back to listening, with a fresh try and what was missed shown to the listener.
    assert step_of(view) is Step.LISTEN and len(panel.conv.turns[0].rounds) == 2
    assert page.heard.toPlainText() == ""  # type: ignore[attr-defined]
    assert "That I was worried, not annoyed" in page.earlier.text()  # type: ignore[attr-defined]
    # No button anywhere on the panel leads to the other view.
    assert not shown_anywhere(panel, "how did it look from where you stood")
    type_into(qtbot, page.heard, "You were worried")  # type: ignore[attr-defined]
    pick(qtbot, page.verdict, "understood")  # type: ignore[attr-defined]
    press_next(qtbot, view)  # understood, but open now? not answered
    assert step_of(view) is Step.LISTEN and "open to hearing" in panel.error.text()
    pick(qtbot, page.open_now, True)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.OTHER_VIEW
    assert panel.speaker.text.text() == "Alex is speaking"  # the listener has the floor now


def test_gentle_hints_for_always_faux_feelings_demands_and_vague_requests(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    panel = panel_of(view)
    page = panel.current_page
    assert not page.hint.isVisible()  # type: ignore[attr-defined]
    type_into(qtbot, page.sentence, "You never listen")  # type: ignore[attr-defined]
    assert page.hint.isVisible() and "camera" in page.hint.text()  # type: ignore[attr-defined]
    press_next(qtbot, view)  # a hint, not a barrier
    page = panel.current_page
    type_into(qtbot, page.own, "ignored")  # type: ignore[attr-defined]
    assert page.hint.isVisible() and "“ignored”" in page.hint.text()  # type: ignore[attr-defined]
    assert "lonely" in page.hint.text()  # type: ignore[attr-defined]  # a feeling underneath is offered
    press_next(qtbot, view)
    page = panel.current_page
    type_into(qtbot, page.request, "you have to call me")  # type: ignore[attr-defined]
    assert page.request_hint.isVisible() and "demand" in page.request_hint.text()  # type: ignore[attr-defined]
    page.request.clear()  # type: ignore[attr-defined]
    type_into(qtbot, page.request, "be nicer")  # type: ignore[attr-defined]
    assert "concretely" in page.request_hint.text()  # type: ignore[attr-defined]
    page.request.clear()  # type: ignore[attr-defined]
    type_into(qtbot, page.request, "text me when you leave work after seven")  # type: ignore[attr-defined]
    assert not page.request_hint.isVisible()  # type: ignore[attr-defined]


def test_buttons_step_shows_what_helps_keeps_archived_picks_and_can_add_one(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_talk(qtbot, open_window)
    session = window.session
    assert session is not None
    jokes, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Jokes about my job", category="work",
                                                           helps="Squeeze my hand", public_ok=True,
                                                           public_plan="A touch on the arm"))
    buttons.create_button(session, ButtonFields(owner=2, topic="Old news", category="other"))
    start_safe_and_calm(qtbot, view)
    speak_until_listen(qtbot, view)
    panel = panel_of(view)
    understood(qtbot, view, open_now=False)
    page = panel.current_page
    assert page.list.count() == 2  # type: ignore[attr-defined]
    page.list.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[attr-defined]
    assert "Squeeze my hand" in page.details.text() and "A touch on the arm" in page.details.text()  # type: ignore

    # Quick-add: whose button, then the usual form.
    from sidebyside.ui.buttons import button_dialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Alex", True))

    def exec_(dialog: button_dialog.ButtonDialog) -> int:
        dialog.topic.setText("Being late")
        return 1

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", exec_)
    qtbot.mouseClick(page.add, LEFT)  # type: ignore[attr-defined]
    assert page.list.count() == 3 and "Being late" in page.details.text()  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert len(panel.conv.turns[0].buttons) == 2

    # Archived meanwhile: the draft still shows its pick, marked archived; deleted picks drop out.
    buttons.set_archived(session, jokes, True)
    new_uid = next(u for u in panel.conv.turns[0].buttons if u != jokes)
    buttons.delete_button(session, new_uid)
    qtbot.mouseClick(panel.back_button, LEFT)
    assert step_of(view) is Step.BUTTONS
    texts = [page.list.item(i).text() for i in range(page.list.count())]  # type: ignore[attr-defined]
    assert "Sam · Jokes about my job (archived)" in texts and not any("Being late" in t for t in texts)
    assert page.list.item(texts.index("Sam · Jokes about my job (archived)")).checkState() == \
        Qt.CheckState.Checked  # type: ignore[attr-defined]


def test_bigger_than_tonight_suggests_help_and_opens_a_linked_journal_prompt(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    speak(qtbot, view, SAM, open_now=False)
    speak(qtbot, view, ALEX, open_now=False)
    panel = panel_of(view)
    pick(qtbot, panel.current_page.recurring, "yes")  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.BIGGER_HELP
    assert shown_anywhere(panel, "couples therapist") and shown_anywhere(panel, "not therapy")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Alex", True))
    qtbot.mouseClick(panel.current_page.journal, LEFT)  # type: ignore[attr-defined]
    assert window.workspace.current_index() == 1  # the journal, with the new entry open
    assert window.session is not None
    (entry,) = journal.entries_linked_to(window.session, "conversation", panel.conv.uid)
    assert entry.author == 2


def test_nothing_typed_in_a_conversation_reaches_the_disk_in_plain_text(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    marker = "ZEBRA-MARKER-7731"
    type_into(qtbot, panel_of(view).current_page.topic, marker)  # type: ignore[attr-defined]
    type_into(qtbot, panel_of(view).current_page.sentence, marker + " happened")  # type: ignore[attr-defined]
    press_next(qtbot, view)
    window.close()
    assert files_containing([vault.data_dir], [marker]) == []


def test_a_conversation_can_be_linked_from_a_journal_entry_and_shows_on_its_buttons(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from sidebyside.core.domain.journal import EntryFields
    from sidebyside.ui.buttons import button_dialog
    from sidebyside.ui.journal.journal_view import JournalView

    window, view = open_talk(qtbot, open_window)
    session = window.session
    assert session is not None
    jokes, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Jokes about my job", category="work"))
    start_safe_and_calm(qtbot, view)
    type_into(qtbot, panel_of(view).current_page.topic, "Dinner")  # type: ignore[attr-defined]
    speak_until_listen(qtbot, view)
    panel = panel_of(view)
    panel.conv.turns[0].buttons.append(jokes)
    panel.pause()
    (talk,) = conversations.list_conversations(session)

    entry_uid, _ = journal.create_entry(session, EntryFields(author=1, written_at=datetime.now().astimezone()))
    journal_view = window.workspace.sections[1]
    assert isinstance(journal_view, JournalView)
    window.workspace.show_section(1)
    journal_view.show_entry(entry_uid)
    journal_view.editor.set_link("conversation", talk.uid, True)
    assert "Conversation of" in journal_view.editor.links_label.text()
    assert "Dinner" in journal_view.editor.links_label.text()
    journal_view.editor.flush()
    assert [e.uid for e in journal.entries_linked_to(session, "conversation", talk.uid)] == [entry_uid]

    shown: list[str] = []

    def exec_(dialog: button_dialog.ButtonDialog) -> int:
        shown.append(dialog.linked.text())
        return 0

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", exec_)
    buttons_view = window.workspace.sections[2]
    window.workspace.show_section(2)
    buttons_view.refresh()  # type: ignore[attr-defined]  # the button was added through the core
    buttons_view.select(jokes)  # type: ignore[attr-defined]
    buttons_view.edit_current()  # type: ignore[attr-defined]
    assert shown and "Pressed in conversations: Dinner" in shown[0]


def test_long_and_hostile_answers_show_as_literal_text_in_every_step_and_the_summary(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    from sidebyside.core.domain.conversation import Conversation, Position, Verdict

    window, view = open_talk(qtbot, open_window)
    session = window.session
    assert session is not None
    hostile = '<img src="file:///etc/passwd"> <a href="http://x">link</a> &amp; \u202eRTL\u202c שלום 🌧️ 中文'
    long = "word " * 2000  # 10,000 characters
    conv = Conversation(afraid=False, calm={1: 4, 2: 4}, first_speaker=1, topic=hostile[:80])
    for index in (0, 1):
        turn = conv.turn(index)
        turn.what_happened, turn.own_feelings, turn.when, turn.own_need = hostile, hostile, long, hostile
        turn.request, turn.other_view, turn.regret, turn.apology = hostile, hostile, long, hostile
        turn.rounds[0].heard, turn.rounds[0].makes_sense = hostile, long
        turn.rounds[0].verdict, turn.open_now, turn.accepted = Verdict.UNDERSTOOD, True, False
        turn.still_needed = hostile
    conv.plan, conv.signal = {1: hostile, 2: long}, hostile
    conv.position = Position(Step.SUMMARY)
    conversations.save(session, conv)
    view.refresh()
    view.open_current()
    summary = panel_of(view).current_page.view  # type: ignore[attr-defined]
    text = summary.toPlainText()
    assert '<img src="file:///etc/passwd">' in text and '<a href="http://x">link</a>' in text and "&amp;" in text
    assert text.count("word word") > 1000 and "中文" in text
    assert "<img" not in summary.toHtml().replace("&lt;img", "")  # no image element was made
    # Every step opens with the long, hostile answers in place (nothing cut, no markup).
    panel = panel_of(view)
    for step in (Step.WHAT_HAPPENED, Step.FEELINGS, Step.IMPACT, Step.LISTEN, Step.OTHER_VIEW, Step.OUR_PART,
                 Step.PLAN):
        panel.conv.position = Position(step, 1)
        panel.show_position()
    assert panel.current_page.one_thing[2].text() == long  # type: ignore[attr-defined]
    panel.conv.position = Position(Step.IMPACT, 0)
    panel.show_position()
    assert panel.current_page.when.toPlainText() == long  # type: ignore[attr-defined]


def test_ctrl_n_in_the_middle_of_a_conversation_keeps_it_and_what_was_typed(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    field = panel_of(view).current_page.sentence  # type: ignore[attr-defined]
    type_into(qtbot, field, "Typed just now")
    qtbot.keyClick(field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert step_of(view) is Step.WHAT_HAPPENED
    assert panel_of(view).current_page.sentence.toPlainText() == "Typed just now"  # type: ignore[attr-defined]


def test_the_suggested_return_time_stays_valid_while_the_couple_reads_and_back_is_there_until_it_starts(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    answer_safety(qtbot, view, False)
    page = panel_of(view).current_page
    pick(qtbot, page.levels[1], 1)  # type: ignore[attr-defined]
    pick(qtbot, page.levels[2], 4)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    panel = panel_of(view)
    assert step_of(view) is Step.BREAK and panel.back_button.isVisible()  # a misclick can still be undone
    real = panel.ctx.clock
    panel.ctx.clock = lambda: real() + timedelta(minutes=3)  # they read the ideas for a while
    panel.current_page.tick()  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert panel.error.text() == "" and panel.conv.break_until
    assert not panel.back_button.isVisible()  # once the break has started, it runs its course


def test_changing_who_speaks_first_on_the_way_back_takes_effect(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view, first=1)
    panel = panel_of(view)
    type_into(qtbot, panel.current_page.sentence, "Sam's words")  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.back_button, LEFT)
    pick(qtbot, panel.current_page.first, 2)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert panel.speaker.text.text() == "Alex is speaking"
    assert panel.current_page.sentence.toPlainText() == ""  # type: ignore[attr-defined]
    assert [t.speaker for t in panel.conv.turns] == [2, 1] and panel.conv.turns[1].what_happened == "Sam's words"


def test_keyboard_enter_moves_on_and_feelings_take_one_tab_per_group(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    panel = panel_of(view)
    type_into(qtbot, panel.current_page.sentence, "You were late.")  # type: ignore[attr-defined]
    qtbot.keyClick(panel.current_page.topic, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert step_of(view) is Step.FEELINGS
    picker = panel.current_page.picker  # type: ignore[attr-defined]
    tab_stops = [c for c in picker.chips.values() if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert len(tab_stops) == len(talk_content().feelings)  # one per group, not one per word
    first = next(iter(picker.chips.values()))
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    second = list(picker.chips.values())[1]
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Space)
    assert second.isChecked()


def test_the_other_view_is_not_kept_when_the_speaker_says_later(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    speak_until_listen(qtbot, view)
    panel = panel_of(view)
    understood(qtbot, view, open_now=True)
    type_into(qtbot, panel.current_page.view, "OTHER-VIEW-TEXT")  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.back_button, LEFT)
    pick(qtbot, panel.current_page.open_now, False)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.BUTTONS and panel.conv.turns[0].other_view == ""
    assert window.session is not None
    assert conversations.get(window.session, panel.conv.uid).turns[0].other_view == ""


def test_a_topic_that_looks_like_html_stays_text_in_the_list_tooltip(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    _window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    type_into(qtbot, panel_of(view).current_page.topic, '<b>BOLD</b> <img src="x">')  # type: ignore[attr-defined]
    panel_of(view).pause()
    tip = view.model.index(0, TOPIC).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "<p>&lt;b&gt;BOLD&lt;/b&gt; &lt;img src=&quot;x&quot;&gt;</p>"


def test_a_quick_add_form_open_at_lock_reopens_in_the_conversation_after_unlock(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from sidebyside.ui.buttons import button_dialog

    window, view = open_talk(qtbot, open_window)
    start_safe_and_calm(qtbot, view)
    speak_until_listen(qtbot, view)
    panel = panel_of(view)
    understood(qtbot, view, open_now=False)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Alex", True))
    seen: list[str] = []

    def exec_(dialog: button_dialog.ButtonDialog) -> int:
        if not seen:
            dialog.show()
            dialog.topic.setText("Being late")
            seen.append("typed")
            window.lock()
            return int(dialog.result())
        seen.append(dialog.topic.text())
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(button_dialog.ButtonDialog, "exec", exec_)
    qtbot.mouseClick(panel.current_page.add, LEFT)  # type: ignore[attr-defined]
    assert not window.is_unlocked
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == "Being late" and step_of(view) is Step.BUTTONS
    page = panel_of(view).current_page
    texts = [page.list.item(i).text() for i in range(page.list.count())]  # type: ignore[attr-defined]
    assert "Alex · Being late" in texts
