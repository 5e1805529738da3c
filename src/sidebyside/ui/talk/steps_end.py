"""Together again at the end: bigger than tonight?, a plan for next time, and the summary."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QLineEdit, QPushButton, QTextBrowser, QWidget

from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.core.guide.conversation_guide import follow_up_date
from sidebyside.core.guide.document import Document
from sidebyside.core.services import conversations
from sidebyside.ui.talk.step_page import StepContext, StepPage, choose, chosen


class BiggerStep(StepPage):
    step = Step.BIGGER

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        answers = self.ctx.content.step(Step.BIGGER)["answers"]
        options = [(str(answers[k]), k) for k in ("yes", "unsure", "no")]
        self.label(self.t("recurring_question"), "subtitle")
        self.recurring, holder = self.choice(options, self.t("recurring_question"))
        self.layout_.addWidget(holder)
        self.label(self.t("older_question"), "subtitle")
        self.older, holder = self.choice(options, self.t("older_question"))
        self.layout_.addWidget(holder)
        self.topic_note = self.label("", "hint")
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        conv.topic_count = conversations.topic_count(self.ctx.session, conv)
        choose(self.recurring, conv.recurring or None)
        choose(self.older, conv.older or None)
        if conv.topic.strip():
            self.topic_note.setText(self.t("recurring_topic", topic=conv.topic.strip(), count=str(conv.topic_count)))
        else:
            self.topic_note.setText(self.tr("Something like this — the same topic, or a button pressed again — has "
                                            "come up in {0} of your conversations.").format(conv.topic_count))
        self.topic_note.setVisible(conv.topic_count >= 3)

    def store(self, conv: Conversation) -> None:
        conv.recurring = str(chosen(self.recurring) or "")
        conv.older = str(chosen(self.older) or "")

    def first_field(self) -> QWidget | None:
        return self.recurring.buttons()[0]


class BiggerHelpStep(StepPage):
    step = Step.BIGGER_HELP

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        for paragraph in self.ctx.content.items(Step.BIGGER_HELP, "body"):
            self.label(paragraph)
        self.label(self.t("journal_prompt"), "hint")
        self.journal = QPushButton(self.t("journal_button"), self)
        self.journal.clicked.connect(lambda: self.ctx.write_in_journal(self.t("journal_prompt")))
        self.layout_.addWidget(self.journal, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addStretch(1)

    def first_field(self) -> QWidget | None:
        return self.journal


class PlanStep(StepPage):
    step = Step.PLAN

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        form = QFormLayout()
        self.one_thing: dict[int, QLineEdit] = {}
        for slot in (1, 2):
            edit = QLineEdit(self)
            label = self.t("one_thing", name=self.ctx.name(slot))
            edit.setAccessibleName(label)
            edit.setPlaceholderText(self.t("one_thing_placeholder"))
            edit.textEdited.connect(lambda _t: self.edited.emit())
            self.one_thing[slot] = edit
            self.label(label, "subtitle")
            self.layout_.addWidget(edit)
        self.label(self.t("signal_prompt"), "subtitle")
        self.signal = QLineEdit(self)
        self.signal.setAccessibleName(self.t("signal_prompt"))
        examples = self.ctx.content.items(Step.PLAN, "signal_examples")
        self.signal.setPlaceholderText(examples[0] if examples else "")
        self.signal.textEdited.connect(lambda _t: self.edited.emit())
        self.layout_.addWidget(self.signal)
        self.label(self.tr("For example: ") + "; ".join(examples[1:]), "muted")
        self.label(self.t("signal_note"), "muted")
        self.follow_up = QDateEdit(self)
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.LongFormat))
        self.follow_up.setMaximumWidth(self.follow_up.fontMetrics().averageCharWidth() * 36)
        self.follow_up.setAccessibleName(self.t("follow_up"))
        self.follow_up.dateChanged.connect(lambda _d: self.edited.emit())
        self.no_date = QCheckBox(self.tr("No date yet"), self)
        self.no_date.toggled.connect(self.follow_up.setDisabled)
        self.no_date.toggled.connect(lambda _on: self.edited.emit())
        form.addRow(self.t("follow_up"), self.follow_up)
        form.addRow("", self.no_date)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        for slot, edit in self.one_thing.items():
            edit.setText(conv.plan.get(slot, ""))
        self.signal.setText(conv.signal)
        day = follow_up_date(conv)
        self.follow_up.blockSignals(True)
        self.follow_up.setMinimumDate(QDate.currentDate())
        self.follow_up.setDate(QDate(day) if day else QDate.currentDate().addDays(7))
        self.follow_up.blockSignals(False)
        self.no_date.blockSignals(True)
        self.no_date.setChecked(conv.no_follow_up)
        self.no_date.blockSignals(False)
        self.follow_up.setDisabled(self.no_date.isChecked())

    def store(self, conv: Conversation) -> None:
        for slot, edit in self.one_thing.items():
            conv.plan[slot] = edit.text()
        conv.signal = self.signal.text()
        picked = self.follow_up.date().toPython()
        conv.no_follow_up = self.no_date.isChecked()
        conv.follow_up = "" if conv.no_follow_up or not isinstance(picked, date) else picked.isoformat()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for edit in (*self.one_thing.values(), self.signal):
            edit.setReadOnly(read_only)
        self.follow_up.setReadOnly(read_only)
        self.no_date.setEnabled(not read_only)

    def first_field(self) -> QWidget | None:
        return self.one_thing[1]


class SummaryStep(StepPage):
    step = Step.SUMMARY

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.finished_note = self.label(self.t("finished_note"), "hint")
        self.view = QTextBrowser(self)
        paper = self.view.palette()  # the summary looks like the page it prints as: dark text on white
        paper.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        paper.setColor(QPalette.ColorRole.Text, QColor("#111111"))
        self.view.setPalette(paper)
        self.view.setOpenLinks(False)
        self.view.setOpenExternalLinks(False)
        self.view.setAccessibleName(self.tr("Summary of the conversation"))
        self.layout_.addWidget(self.view, 1)
        self.thanks = self.label(self.t("thanks"), "muted")

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        self.finished_note.setVisible(conv.finished)
        self.view.setHtml(guide_document(self.ctx, conv).to_html())

    def first_field(self) -> QWidget | None:
        return self.view


def guide_document(ctx: StepContext, conv: Conversation) -> Document:
    """The conversation as the summary shows it and the personalised guide prints it."""
    locale = QLocale()
    return conversations.guide(ctx.session, conv,
                               lambda day: locale.toString(QDate(day), QLocale.FormatType.LongFormat))
