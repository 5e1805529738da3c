"""The speaker's steps: what happened, the feelings, and the impact, the need and one request."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from sidebyside.core.domain import gentle_words
from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.ui.talk.step_page import StepContext, StepPage, set_text
from sidebyside.ui.widgets.chips import ChipPicker

TOPIC_MAX = 80


class WhatHappenedStep(StepPage):
    step = Step.WHAT_HAPPENED

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.topic = QLineEdit(self)
        self.topic.setMaxLength(TOPIC_MAX)
        self.topic.setAccessibleName(self.t("topic_label"))
        self.topic.textEdited.connect(lambda _t: self.edited.emit())
        self.topic_form = QFormLayout()
        self.topic_form.addRow(self.t("topic_label"), self.topic)
        self.layout_.addLayout(self.topic_form)
        self.prompt = self.label("", "subtitle")
        self.sentence = self.text_field(self.tr("What happened"), self.t("example"), lines=3)
        self.layout_.addWidget(self.sentence)
        self.hint = self.label(self.t("absolutes_hint"), "hint")
        self.hint.hide()
        self.layout_.addStretch(1)
        self.sentence.textChanged.connect(self._check)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        self.prompt.setText(self.t("prompt", conv))
        self.topic.setText(conv.topic)
        first_turn = turn == 0
        self.topic.setVisible(first_turn)
        label = self.topic_form.labelForField(self.topic)
        if label is not None:
            label.setVisible(first_turn)
        set_text(self.sentence, conv.turn(turn).what_happened)
        self._check()

    def store(self, conv: Conversation) -> None:
        if self.turn_index == 0:
            conv.topic = " ".join(self.topic.text().split())
        conv.turn(self.turn_index).what_happened = self.sentence.toPlainText()

    def _check(self) -> None:
        self.hint.setVisible(bool(gentle_words.phrases_in(self.sentence.toPlainText(), self.ctx.content.absolutes)))

    def first_field(self) -> QWidget | None:
        return self.topic if self.turn_index == 0 else self.sentence


class FeelingsStep(StepPage):
    step = Step.FEELINGS

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.prompt = self.label("", "subtitle")
        self.label(self.t("no_why"), "muted")
        self.picker = ChipPicker(((g.label, g.words) for g in self.ctx.content.feelings), self)
        self.picker.changed.connect(self.edited.emit)
        self.picker.changed.connect(self._check)
        self.layout_.addWidget(self.picker)
        self.label(self.t("own_label"), "subtitle")
        self.own = self.text_field(self.t("own_label"), lines=2)
        self.own.textChanged.connect(self._check)
        self.layout_.addWidget(self.own)
        self.hint = self.label("", "hint")
        self.listener_note = self.label("", "muted")
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        current = conv.turn(turn)
        self.prompt.setText(self.t("prompt", conv))
        self.listener_note.setText(self.t("listener_note", conv))
        self.picker.set_selected(current.feelings)
        set_text(self.own, current.own_feelings)
        self._check()

    def store(self, conv: Conversation) -> None:
        current = conv.turn(self.turn_index)
        current.feelings = self.picker.selected()
        current.own_feelings = self.own.toPlainText()

    def _check(self) -> None:
        found = gentle_words.faux_feelings_in(self.picker.selected(), self.own.toPlainText(),
                                              self.ctx.content.faux_feelings)
        notes = [self.t("faux_note", word=word) + "  " + ", ".join(suggestions)
                 for word, suggestions in found.items()]
        self.hint.setText("\n\n".join(notes))
        self.hint.setVisible(bool(notes))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.picker.set_read_only(read_only)

    def first_field(self) -> QWidget | None:
        return next(iter(self.picker.chips.values()), None)


class ImpactStep(StepPage):
    """"You may not have realised it, but when … I felt … because I need …" and one doable request."""

    step = Step.IMPACT

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.label(self.t("opening") + " …", "subtitle")
        self.when = self.text_field(self.t("opening"), self.t("when_placeholder"), lines=2)
        self.layout_.addWidget(self.when)
        self.felt = self.label("", "")
        self.label(self.t("because") + " …", "subtitle")
        self.label(self.t("needs_prompt"), "muted")
        self.needs = ChipPicker(((c.label, c.words) for c in self.ctx.content.needs), self)
        self.needs.changed.connect(self.edited.emit)
        self.layout_.addWidget(self.needs)
        self.own_need = QLineEdit(self)
        self.own_need.setAccessibleName(self.t("own_need_label"))
        self.own_need.setPlaceholderText(self.t("own_need_label"))
        self.own_need.textEdited.connect(lambda _t: self.edited.emit())
        self.layout_.addWidget(self.own_need)
        self.label(self.t("request_prompt"), "subtitle")
        self.request = self.text_field(self.t("request_opening"), self.t("request_placeholder"), lines=2)
        form = QFormLayout()
        form.addRow(self.t("request_opening") + " …", self.request)
        self.layout_.addLayout(form)
        self.request_hint = self.label("", "hint")
        self.request.textChanged.connect(self._check)
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        current = conv.turn(turn)
        set_text(self.when, current.when)
        felt = [*current.feelings, *([current.own_feelings.strip()] if current.own_feelings.strip() else [])]
        self.felt.setText(self.t("felt") + " " + (", ".join(felt) if felt else "…"))
        self.needs.set_selected(current.needs)
        self.own_need.setText(current.own_need)
        set_text(self.request, current.request)
        self._check()

    def store(self, conv: Conversation) -> None:
        current = conv.turn(self.turn_index)
        current.when = self.when.toPlainText()
        current.needs = self.needs.selected()
        current.own_need = self.own_need.text()
        current.request = self.request.toPlainText()

    def _check(self) -> None:
        text = self.request.toPlainText()
        notes = []
        if gentle_words.demands_in(text, self.ctx.content.demands):
            notes.append(self.t("demand_hint"))
        if gentle_words.is_vague(text, self.ctx.content.vague_requests):
            notes.append(self.t("vague_hint"))
        self.request_hint.setText("\n\n".join(notes))
        self.request_hint.setVisible(bool(notes))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.needs.set_read_only(read_only)
        self.own_need.setReadOnly(read_only)

    def first_field(self) -> QWidget | None:
        return self.when
