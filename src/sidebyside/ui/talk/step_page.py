"""What every step of "Talk it through" shares: its context, how it loads and stores its answers, and
small builders for the fields and gentle hints the steps use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.core.services.talk_content import TalkContent
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.widgets.labels import mnemonic_safe, plain_label


def now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class StepContext:
    content: TalkContent
    names: dict[int, str]
    colours: dict[int, str]
    session: VaultSession
    clock: Callable[[], datetime] = now
    #: Asks to add a button for a partner; returns the new button's uid (or None if cancelled).
    add_button: Callable[[QWidget], str | None] = lambda _parent: None
    #: Opens the journal with a prompt to write about.
    write_in_journal: Callable[[str], None] = lambda _prompt: None
    extra: dict[str, object] = field(default_factory=dict)

    def name(self, slot: int | None) -> str:
        return self.names.get(slot or 0, "?")


class StepPage(QWidget):
    """One step. ``show_conversation`` fills it, ``store`` writes what was entered back."""

    step: Step
    edited = Signal()

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.turn_index = 0
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(8)
        intro = self.ctx.content.step(self.step).get("intro", "")
        if intro:
            self.layout_.addWidget(plain_label(intro, "", self))

    # -- the contract ---------------------------------------------------------------------------
    def show_conversation(self, conv: Conversation, turn: int) -> None:
        self.turn_index = turn

    def store(self, conv: Conversation) -> None:
        """Write the fields back into ``conv`` (called before every save and every move)."""

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QPlainTextEdit):
            child.setReadOnly(read_only)

    def first_field(self) -> QWidget | None:
        return None

    # -- builders ------------------------------------------------------------------------------
    def t(self, key: str, conv: Conversation | None = None, **names: str) -> str:
        if conv is not None:
            turn = conv.turn(self.turn_index) if conv.turns or conv.first_speaker else None
            if turn is not None:
                names.setdefault("speaker", self.ctx.name(turn.speaker))
                names.setdefault("listener", self.ctx.name(turn.listener))
        return self.ctx.content.text(self.step, key, **names)

    def label(self, text: str = "", role: str = "") -> QLabel:
        label = plain_label(text, role, self)
        self.layout_.addWidget(label)
        return label

    def text_field(self, accessible: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
        edit.textChanged.connect(self.edited.emit)
        return edit

    def starters(self, edit: QPlainTextEdit, starters: Iterable[str]) -> QToolButton:
        """A small "Start with…" menu that puts a sentence starter into ``edit``."""
        button = QToolButton(self)
        button.setText(self.tr("Start with…"))
        button.setAccessibleName(self.tr("Sentence starters"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for starter in starters:
            action = menu.addAction(starter)
            action.triggered.connect(lambda _=False, s=starter: _insert(edit, s))
        button.setMenu(menu)
        return button

    def field_with_starters(self, title: str, edit: QPlainTextEdit, starters: Iterable[str]) -> QLabel:
        """A heading with a "Start with…" menu beside it, then the field; returns the heading."""
        heading = plain_label(title, "subtitle", self)
        row = QHBoxLayout()
        row.addWidget(heading, 1)
        row.addWidget(self.starters(edit, starters))
        self.layout_.addLayout(row)
        self.layout_.addWidget(edit)
        return heading

    def choice(self, options: Iterable[tuple[str, object]], accessible: str) -> tuple[QButtonGroup, QWidget]:
        """A row of radio buttons; each button's ``value`` property holds its option."""
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(holder)
        for text, value in options:
            radio = QRadioButton(mnemonic_safe(text), holder)
            radio.setProperty("value", value)
            radio.setAccessibleName(f"{accessible}: {text}")
            group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        group.buttonToggled.connect(lambda _b, on: on and self.edited.emit())
        return group, holder


def chosen(group: QButtonGroup) -> object:
    button = group.checkedButton()
    return None if button is None else button.property("value")


def choose(group: QButtonGroup, value: object) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.blockSignals(True)
        button.setChecked(value is not None and button.property("value") == value)
        button.blockSignals(False)
    group.setExclusive(True)


def set_text(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.blockSignals(True)
        edit.setPlainText(text)
        edit.blockSignals(False)


def _insert(edit: QPlainTextEdit, starter: str) -> None:
    cursor = edit.textCursor()
    if edit.toPlainText() and not edit.toPlainText().endswith((" ", "\n")):
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(" ")
    cursor.insertText(starter.replace("…", "").rstrip() + " ")
    edit.setTextCursor(cursor)
    edit.setFocus()
