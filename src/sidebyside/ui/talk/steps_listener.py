"""The listener's steps: reflect and validate until the speaker feels understood; then, only if the
speaker is open to it now, the other view (the validate-first lock lives in conversation_flow)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from sidebyside.core.domain.conversation import Conversation, Step, Turn, Verdict
from sidebyside.ui.talk.step_page import StepContext, StepPage, choose, chosen, set_text
from sidebyside.ui.widgets.labels import plain_label


def recap(turn: Turn, ctx: StepContext) -> str:
    """What the speaker said, in plain text, for the listener to reflect on."""
    c = ctx.content
    lines = []
    if turn.what_happened.strip():
        lines.append(turn.what_happened.strip())
    felt = [*turn.feelings, *([turn.own_feelings.strip()] if turn.own_feelings.strip() else [])]
    when = turn.when.strip()
    if when or felt:
        sentence = c.text(Step.IMPACT, "opening") + " " + (when or "…") + " " + c.text(Step.IMPACT, "felt") + " " + \
            (", ".join(felt) or "…")
        needs = [*turn.needs, *([turn.own_need.strip()] if turn.own_need.strip() else [])]
        if needs:
            sentence += ", " + c.text(Step.IMPACT, "because") + " " + ", ".join(needs)
        lines.append(sentence + ".")
    if turn.request.strip():
        lines.append(c.text(Step.IMPACT, "request_opening") + " " + turn.request.strip().rstrip("?") + "?")
    return "\n\n".join(lines)


class _Card(QFrame):
    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        inner = QVBoxLayout(self)
        self.title = plain_label(title, "group", self)
        self.body = plain_label("", "", self)
        inner.addWidget(self.title)
        inner.addWidget(self.body)


class ListenStep(StepPage):
    step = Step.LISTEN

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.said = _Card("", self)
        self.layout_.addWidget(self.said)
        self.earlier = self.label("", "hint")
        self.heard = self.text_field(self.t("reflect_label"), lines=3)
        self.heard_title = self.field_with_starters("", self.heard,
                                                    self.ctx.content.items(Step.LISTEN, "reflect_starters"))
        self.makes_sense = self.text_field(self.t("validate_label"), lines=3)
        self.field_with_starters(self.t("validate_label"), self.makes_sense,
                                 self.ctx.content.items(Step.LISTEN, "validate_starters"))
        self.label(self.t("validation_note"), "muted")
        self.question = self.label("", "subtitle")
        self.verdict, holder = self.choice(((self.t("understood"), Verdict.UNDERSTOOD.value),
                                            (self.t("not_yet"), Verdict.NOT_YET.value)), self.tr("Understood?"))
        self.layout_.addWidget(holder)
        self.missed_title = self.label(self.t("missed_label"), "")
        self.missed = self.text_field(self.t("missed_label"), lines=2)
        self.layout_.addWidget(self.missed)
        self.open_question = self.label("", "subtitle")
        self.open_now, self.open_holder = self.choice(((self.t("open_now"), True), (self.t("open_later"), False)),
                                                      self.tr("Open to the other view now?"))
        self.layout_.addWidget(self.open_holder)
        self.later_note = self.label(self.t("later_note"), "muted")
        self.layout_.addStretch(1)
        self.edited.connect(self._update)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        current = conv.turn(turn)
        self.said.title.setText(self.tr("What {0} said").format(self.ctx.name(current.speaker)))
        self.said.body.setText(recap(current, self.ctx))
        earlier = [r for r in current.rounds[:-1] if r.verdict is Verdict.NOT_YET]
        missed = [r.missed.strip() for r in earlier if r.missed.strip()]
        self.earlier.setText((self.t("missed_shown", conv) + "\n" + "\n".join(f"•  {m}" for m in missed))
                             if missed else (self.tr("Try once more, in your own words.") if earlier else ""))
        self.earlier.setVisible(bool(earlier))
        self.heard_title.setText(self.t("reflect_label", conv))
        self.question.setText(self.t("question", conv))
        self.open_question.setText(self.t("open_question", conv))
        reflection = current.reflection
        set_text(self.heard, reflection.heard)
        set_text(self.makes_sense, reflection.makes_sense)
        choose(self.verdict, reflection.verdict.value or None)
        set_text(self.missed, reflection.missed)
        choose(self.open_now, current.open_now)
        self._update()

    def store(self, conv: Conversation) -> None:
        current = conv.turn(self.turn_index)
        reflection = current.reflection
        reflection.heard = self.heard.toPlainText()
        reflection.makes_sense = self.makes_sense.toPlainText()
        verdict = chosen(self.verdict)
        reflection.verdict = Verdict(verdict) if isinstance(verdict, str) else Verdict.NONE
        reflection.missed = self.missed.toPlainText() if reflection.verdict is Verdict.NOT_YET else ""
        open_now = chosen(self.open_now)
        current.open_now = bool(open_now) if reflection.verdict is Verdict.UNDERSTOOD and open_now is not None \
            else None

    def _update(self) -> None:
        verdict = chosen(self.verdict)
        heard = bool(self.heard.toPlainText().strip())
        for widget in (self.question, self.verdict.buttons()[0].parentWidget()):
            widget.setEnabled(heard)  # the speaker answers once the listener has said something back
        not_yet = verdict == Verdict.NOT_YET.value
        understood = verdict == Verdict.UNDERSTOOD.value
        self.missed_title.setVisible(not_yet)
        self.missed.setVisible(not_yet)
        self.open_question.setVisible(understood)
        self.open_holder.setVisible(understood)
        self.later_note.setVisible(understood and chosen(self.open_now) is False)

    def first_field(self) -> QWidget | None:
        return self.heard


class OtherViewStep(StepPage):
    step = Step.OTHER_VIEW

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view = self.text_field(self.tr("The other view"), lines=5)
        self.prompt_title = self.field_with_starters("", self.view, self.ctx.content.items(Step.OTHER_VIEW, "starters"))
        self.note = self.label("", "muted")
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        self.prompt_title.setText(self.t("prompt", conv))
        self.note.setText(self.t("note", conv))
        set_text(self.view, conv.turn(turn).other_view)

    def store(self, conv: Conversation) -> None:
        conv.turn(self.turn_index).other_view = self.view.toPlainText()

    def first_field(self) -> QWidget | None:
        return self.view
