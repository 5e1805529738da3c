"""Driving "Talk it through" the way a couple would: click the answers, type, press Next."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QButtonGroup
from pytestqt.qtbot import QtBot
from ui_helpers import LEFT, type_text, unlock_with_passphrase

from sidebyside.core.domain.conversation import Step
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.talk.conversation_panel import ConversationPanel
from sidebyside.ui.talk.talk_view import TalkView

TALK = 3  # the section's place in the navigation


def open_talk(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> tuple[MainWindow, TalkView]:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: not window.safety.busy)
    view = window.workspace.sections[TALK]
    assert isinstance(view, TalkView)
    window.workspace.show_section(TALK)
    return window, view


def panel_of(view: TalkView) -> ConversationPanel:
    assert view.panel is not None, "no conversation is open"
    return view.panel


def step_of(view: TalkView) -> Step:
    return panel_of(view).conv.position.step


def _indicator(button: QAbstractButton) -> QPoint:
    """Where a radio button's circle is (a click in the middle of a stretched one may miss it)."""
    return QPoint(8, button.height() // 2)


def pick(qtbot: QtBot, group: QButtonGroup, value: object) -> None:
    """Click the radio button whose option is ``value``."""
    for button in group.buttons():
        if button.property("value") == value:
            qtbot.mouseClick(button, LEFT, pos=_indicator(button))
            assert button.isChecked()
            return
    raise AssertionError(f"no option {value!r}")


def press_next(qtbot: QtBot, view: TalkView) -> None:
    qtbot.mouseClick(panel_of(view).next_button, LEFT)


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    type_text(qtbot, widget, text)  # type: ignore[arg-type]


def chip(qtbot: QtBot, picker: object, word: str) -> None:
    button = picker.chips[word]  # type: ignore[attr-defined]
    qtbot.mouseClick(button, LEFT)
    assert button.isChecked()


def answer_safety(qtbot: QtBot, view: TalkView, afraid: bool) -> None:
    """Start a conversation and answer the safety question."""
    qtbot.mouseClick(view.start_button, LEFT)
    pick(qtbot, panel_of(view).current_page.answer, afraid)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is (Step.UNSAFE if afraid else Step.CALM)


def start_safe_and_calm(qtbot: QtBot, view: TalkView, first: int = 1) -> None:
    answer_safety(qtbot, view, False)
    page = panel_of(view).current_page
    pick(qtbot, page.levels[1], 4)  # type: ignore[attr-defined]
    pick(qtbot, page.levels[2], 5)  # type: ignore[attr-defined]
    pick(qtbot, page.first, first)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.WHAT_HAPPENED


def understood(qtbot: QtBot, view: TalkView, open_now: bool) -> None:
    """At "listen": the listener says something back, the speaker feels understood and answers "now"/"later"."""
    page = panel_of(view).current_page
    type_into(qtbot, page.heard, "heard")  # type: ignore[attr-defined]
    pick(qtbot, page.verdict, "understood")  # type: ignore[attr-defined]
    pick(qtbot, page.open_now, open_now)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is (Step.OTHER_VIEW if open_now else Step.BUTTONS)


def speak(qtbot: QtBot, view: TalkView, words: dict[str, str], open_now: bool) -> None:
    """One full turn from "what happened" to "our part" (the listener understood at the first try)."""
    panel = panel_of(view)
    page = panel.current_page
    if "topic" in words:
        type_into(qtbot, page.topic, words["topic"])  # type: ignore[attr-defined]
    type_into(qtbot, page.sentence, words["happened"])  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.FEELINGS
    page = panel.current_page
    chip(qtbot, page.picker, words.get("feeling", "hurt"))  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.IMPACT
    page = panel.current_page
    type_into(qtbot, page.when, words["when"])  # type: ignore[attr-defined]
    chip(qtbot, page.needs, words.get("need", "respect"))  # type: ignore[attr-defined]
    type_into(qtbot, page.request, words["request"])  # type: ignore[attr-defined]
    press_next(qtbot, view)
    assert step_of(view) is Step.LISTEN
    page = panel.current_page
    type_into(qtbot, page.heard, words["heard"])  # type: ignore[attr-defined]
    pick(qtbot, page.verdict, "understood")  # type: ignore[attr-defined]
    pick(qtbot, page.open_now, open_now)  # type: ignore[attr-defined]
    press_next(qtbot, view)
    if open_now:
        assert step_of(view) is Step.OTHER_VIEW
        type_into(qtbot, panel.current_page.view, words["view"])  # type: ignore[attr-defined]
        press_next(qtbot, view)
    assert step_of(view) is Step.BUTTONS
    press_next(qtbot, view)
    assert step_of(view) is Step.OUR_PART
    type_into(qtbot, panel.current_page.apology, words["apology"])  # type: ignore[attr-defined]
    pick(qtbot, panel.current_page.accepted, True)  # type: ignore[attr-defined]
    press_next(qtbot, view)


def check_item(item) -> None:  # type: ignore[no-untyped-def]
    item.setCheckState(Qt.CheckState.Checked)
