"""One conversation on screen: a header that always says who speaks, who listens and what the step is
for; the step itself; and Back / Pause / Next. Every move saves the conversation (encrypted), and
typing is saved a moment after it stops, so lock or crash loses nothing."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain import conversation_flow as flow
from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.core.errors import SideBySideError, ValidationError
from sidebyside.core.services import conversations
from sidebyside.core.services.changes import Changes
from sidebyside.ui import prompts
from sidebyside.ui.talk.step_page import StepContext, StepPage
from sidebyside.ui.talk.steps_end import BiggerHelpStep, BiggerStep, PlanStep, SummaryStep
from sidebyside.ui.talk.steps_listener import ListenStep, OtherViewStep
from sidebyside.ui.talk.steps_repair import ButtonsStep, OurPartStep
from sidebyside.ui.talk.steps_speaker import FeelingsStep, ImpactStep, WhatHappenedStep
from sidebyside.ui.talk.steps_start import BreakStep, CalmStep, SafetyStep, UnsafeStep
from sidebyside.ui.widgets.icons import colour_dot
from sidebyside.ui.widgets.labels import plain_label
from sidebyside.ui.widgets.link_button import LinkButton

log = logging.getLogger(__name__)

PAGES: dict[Step, type[StepPage]] = {
    Step.SAFETY: SafetyStep, Step.UNSAFE: UnsafeStep, Step.CALM: CalmStep, Step.BREAK: BreakStep,
    Step.WHAT_HAPPENED: WhatHappenedStep, Step.FEELINGS: FeelingsStep, Step.IMPACT: ImpactStep,
    Step.LISTEN: ListenStep, Step.OTHER_VIEW: OtherViewStep, Step.BUTTONS: ButtonsStep, Step.OUR_PART: OurPartStep,
    Step.BIGGER: BiggerStep, Step.BIGGER_HELP: BiggerHelpStep, Step.PLAN: PlanStep, Step.SUMMARY: SummaryStep,
}
AUTOSAVE_MS = 800


class _Person(QWidget):
    """A coloured dot and "Sam is speaking"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.dot = QLabel(self)
        self.text = plain_label("", "subtitle", self, wrap=False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 12, 0)
        row.addWidget(self.dot)
        row.addWidget(self.text)

    def show_person(self, colour: str, text: str) -> None:
        size = self.text.fontMetrics().height() * 2 // 3
        self.dot.setPixmap(colour_dot(colour, size) if colour else colour_dot("#888888", size))
        self.text.setText(text)


class ConversationPanel(QWidget):
    closed = Signal()  # back to the list of conversations
    changed = Signal(object)  # Changes, once per save
    print_requested = Signal(object)  # the Conversation

    def __init__(self, ctx: StepContext, conv: Conversation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conv = conv
        self.pages: dict[Step, StepPage] = {}
        self.unsaved = False

        self.title = plain_label("", "title", self)
        self.speaker = _Person(self)
        self.listener = _Person(self)
        self.purpose = plain_label("", "", self)
        self.method = plain_label("", "muted", self)
        self.about = LinkButton(self.tr("About this conversation"), self)
        self.about.clicked.connect(self.show_about)
        roles = QHBoxLayout()
        roles.addWidget(self.speaker)
        roles.addWidget(self.listener)
        roles.addStretch(1)
        roles.addWidget(self.about)
        header = QFrame(self)
        header.setProperty("role", "card")
        header_layout = QVBoxLayout(header)
        header_layout.addWidget(self.title)
        header_layout.addLayout(roles)
        header_layout.addWidget(self.purpose)
        header_layout.addWidget(self.method)

        # One page at a time in the scroll area (a stacked widget would size every page like the tallest).
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.error = plain_label("", "error", self)
        self.back_button = QPushButton(self.tr("&Back"), self)
        self.pause_button = QPushButton(self.tr("&Pause for now"), self)
        self.pause_button.setToolTip(self.tr("Save the conversation and come back to it later"))
        self.print_button = QPushButton(self.tr("&Print the guide…"), self)
        self.next_button = QPushButton(self.tr("&Next"), self)
        self.next_button.setToolTip(self.tr("Go on (Ctrl+Enter)"))
        self.back_button.clicked.connect(self.go_back)
        self.pause_button.clicked.connect(self.pause)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.conv))
        self.next_button.clicked.connect(self.go_next)
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addWidget(self.pause_button)
        footer.addStretch(1)
        footer.addWidget(self.print_button)
        footer.addWidget(self.next_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.next_button.animateClick,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(footer)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save_quietly)
        self.show_position()

    # -- showing ------------------------------------------------------------------------------
    def page(self, step: Step) -> StepPage:
        if step not in self.pages:
            page = PAGES[step](self.ctx, self)
            page.hide()
            page.setMaximumWidth(self.fontMetrics().averageCharWidth() * 120)  # lines stay readable on wide screens
            page.edited.connect(self._on_edited)
            for line in page.findChildren(QLineEdit):  # Enter in a one-line answer moves on, as in a form
                line.returnPressed.connect(self.go_next)
            if isinstance(page, BreakStep):
                page.time_up.connect(self._update_buttons)
            self.pages[step] = page
        return self.pages[step]

    @property
    def current_page(self) -> StepPage:
        return self.page(self.conv.position.step)

    def show_position(self) -> None:
        conv, pos = self.conv, self.conv.position
        page = self.page(pos.step)
        page.show_conversation(conv, pos.turn)
        page.set_read_only(conv.finished)
        if self.scroll.widget() is not page:
            previous = self.scroll.takeWidget()
            if previous is not None:
                previous.hide()
                previous.setParent(self)
            self.scroll.setWidget(page)
            page.show()
        content = self.ctx.content
        self.title.setText(content.text(pos.step, "title"))
        self.purpose.setText(content.text(pos.step, "purpose"))
        self.method.setText(content.text(pos.step, "method"))
        turn = conv.current_turn()
        if turn is not None:
            speaker, listener = turn.speaker, turn.listener
            if pos.step is Step.OTHER_VIEW:  # the listener has the floor now; the speaker listens
                speaker, listener = listener, speaker
            self.speaker.show_person(self.ctx.colours.get(speaker, ""),
                                     content.header("speaking", speaker=self.ctx.name(speaker)))
            self.listener.show_person(self.ctx.colours.get(listener, ""),
                                      content.header("listening", listener=self.ctx.name(listener)))
            self.listener.show()
        else:
            self.speaker.show_person("", content.header("together"))
            self.listener.hide()
        self.error.clear()
        self._update_buttons()
        self.scroll.verticalScrollBar().setValue(0)
        field = page.first_field()
        if field is not None and self.isVisible():
            field.setFocus()

    def _update_buttons(self) -> None:
        step = self.conv.position.step
        finished = self.conv.finished
        started_break = step is Step.BREAK and bool(self.conv.break_until)
        self.back_button.setVisible(not finished and bool(self.conv.history) and not started_break)
        self.pause_button.setVisible(step is not Step.UNSAFE)
        self.pause_button.setText(self.tr("Back to &conversations") if finished else
                                  self.tr("N&ot now") if step is Step.SAFETY and not self.conv.uid else
                                  self.tr("&Pause for now"))
        self.print_button.setVisible(step is Step.SUMMARY)
        self.next_button.setVisible(not finished)
        if step is Step.UNSAFE:
            self.next_button.setText(self.tr("&Close"))
        elif step is Step.SUMMARY:
            self.next_button.setText(self.ctx.content.text(Step.SUMMARY, "finish"))
        elif step is Step.BREAK:
            page = self.pages.get(Step.BREAK)
            started = bool(self.conv.break_until)
            over = isinstance(page, BreakStep) and page.break_over()
            self.next_button.setText(self.tr("&Start the break") if not started else
                                     self.tr("We’re &back: check in again"))
            self.next_button.setEnabled(not started or over)
            return
        else:
            self.next_button.setText(self.tr("&Next"))
        self.next_button.setEnabled(True)

    # -- moving -------------------------------------------------------------------------------
    def go_next(self) -> None:
        if self.conv.finished:
            return
        self.current_page.store(self.conv)
        step = self.conv.position.step
        try:
            if step is Step.UNSAFE:
                self.close_conversation(save=False)
                return
            if step is Step.SUMMARY:
                self._save(conversations.finish(self.ctx.session, self.conv))
                self.show_position()
                return
            if step is Step.BREAK:
                self._next_from_break()
                return
            flow.forward(self.conv)
            if self.conv.position.step is Step.UNSAFE:
                self._save(conversations.discard(self.ctx.session, self.conv))  # nothing kept, not even a draft
            else:
                self._save(conversations.save(self.ctx.session, self.conv))
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("Talk it through"), exc.message)
            return
        self.show_position()

    def _next_from_break(self) -> None:
        page = self.page(Step.BREAK)
        assert isinstance(page, BreakStep)
        if not self.conv.break_until:
            until, now = page.chosen_return(), self.ctx.clock()
            try:
                flow.start_break(self.conv, now, until)
            except ValidationError:
                key = "too_soon" if until - now < flow.BREAK_MIN else "too_long"
                self.error.setText(self.ctx.content.text(Step.BREAK, key))
                return
            self._save(conversations.save(self.ctx.session, self.conv))
            self.show_position()
            return
        if flow.break_left(self.conv, self.ctx.clock()):
            return
        flow.end_break(self.conv)
        self._save(conversations.save(self.ctx.session, self.conv))
        self.show_position()

    def go_back(self) -> None:
        if self.conv.finished or not self.conv.history:
            return
        self.current_page.store(self.conv)
        flow.back(self.conv)
        try:
            self._save(conversations.save(self.ctx.session, self.conv))
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("Talk it through"), exc.message)
        self.show_position()

    def pause(self) -> None:
        self.close_conversation(save=True)

    def close_conversation(self, save: bool) -> None:
        if save and not self.save_now():
            return
        self._autosave.stop()
        self.closed.emit()

    # -- saving -------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.unsaved = True
        if not self.conv.finished:
            self._autosave.start()
        if self.conv.position.step is Step.BREAK:
            self._update_buttons()

    def _save(self, changes: Changes) -> None:
        self.unsaved = False
        self._autosave.stop()
        if changes != Changes():
            self.changed.emit(changes)

    def save_now(self) -> bool:
        """Store what is on screen and save it (before lock, pause, or leaving); False if it couldn't be saved."""
        if self.conv.finished or self.conv.position.step is Step.UNSAFE:
            return True
        self.current_page.store(self.conv)
        try:
            self._save(conversations.save(self.ctx.session, self.conv))
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("Talk it through"), self.tr(
                "The conversation couldn’t be saved just now: {0}").format(exc.message))
            return False
        return True

    def _save_quietly(self) -> None:
        if self.conv.finished or self.conv.position.step in (Step.UNSAFE, Step.SAFETY):
            return  # nothing is written before the safety question is answered
        self.current_page.store(self.conv)
        try:
            self._save(conversations.save(self.ctx.session, self.conv))
        except SideBySideError as exc:
            log.warning("autosave failed: %s", type(exc).__name__)
            self.error.setText(self.tr("Not saved yet: {0}").format(exc.message))

    def wipe(self) -> None:
        """Empty every field and label at once (lock): deleting the panel happens later, in the event loop."""
        self._autosave.stop()
        for page in self.pages.values():
            if isinstance(page, BreakStep):
                page.timer.stop()
        for edit in self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
            edit.blockSignals(True)
            edit.clear()
        for line in self.findChildren(QLineEdit):
            line.blockSignals(True)
            line.clear()
        for label in self.findChildren(QLabel):
            label.clear()
        for button in self.findChildren(QAbstractButton):
            button.setText("")  # partner names and button topics are vault content too
        for box in self.findChildren(QAbstractSpinBox):  # pulses and the agreed times
            box.blockSignals(True)
            if isinstance(box, QDateTimeEdit):
                box.setDateTime(box.minimumDateTime())
            else:
                box.clear()
        for widget in self.findChildren(QWidget):
            widget.setAccessibleName("")  # some name a partner
        for items in self.findChildren(QListWidget):
            items.clear()

    def show_about(self) -> None:
        title, body = self.ctx.content.about_panel
        prompts.show_info(self, title, "\n\n".join(body))
