"""The steps before anyone speaks: safe? calm? (and, if not, a break)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QLocale, QTimer, Signal
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QFrame, QSpinBox, QVBoxLayout, QWidget

from sidebyside.core.domain import conversation_flow as flow
from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.ui.talk.step_page import StepContext, StepPage, choose, chosen
from sidebyside.ui.widgets.labels import plain_label


class SafetyStep(StepPage):
    step = Step.SAFETY

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.label(self.t("question"), "subtitle")
        self.answer, holder = self.choice(((self.t("no"), False), (self.t("yes"), True)), self.t("question"))
        self.layout_.addWidget(holder)
        self.label(self.t("privacy_note"), "muted")
        self.layout_.addStretch(1)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        choose(self.answer, conv.afraid)

    def store(self, conv: Conversation) -> None:
        value = chosen(self.answer)
        conv.afraid = None if value is None else bool(value)

    def first_field(self) -> QWidget | None:
        return self.answer.buttons()[0]


class UnsafeStep(StepPage):
    """No joint conversation: where to find help. Nothing about this conversation is kept."""

    step = Step.UNSAFE

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        for item in self.ctx.content.step(Step.UNSAFE)["help"]:
            card = QFrame(self)
            card.setProperty("role", "card")
            inner = QVBoxLayout(card)
            inner.addWidget(plain_label(str(item["label"]), "subtitle", card))
            inner.addWidget(plain_label(str(item["detail"]), "", card))
            self.layout_.addWidget(card)
        self.label(self.t("closing"), "muted")
        self.layout_.addStretch(1)


class CalmStep(StepPage):
    step = Step.CALM

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        scale = self.ctx.content.step(Step.CALM)["scale"]
        self.levels = {}
        self.pulses = {}
        for slot in (1, 2):
            name = self.ctx.name(slot)
            self.label(self.t("question", name=name), "subtitle")
            group, holder = self.choice(((f"{k} · {scale[k]}", int(k)) for k in sorted(scale)),
                                        self.t("question", name=name))
            self.levels[slot] = group
            self.layout_.addWidget(holder)
            pulse = QSpinBox(self)
            pulse.setRange(0, 220)
            pulse.setSpecialValueText(self.tr("not measured"))
            pulse.setSuffix(self.tr(" beats a minute"))
            pulse.setAccessibleName(self.tr("{0}: pulse").format(name))
            pulse.valueChanged.connect(lambda _v: self.edited.emit())
            pulse.setMaximumWidth(pulse.fontMetrics().averageCharWidth() * 28)
            form = QFormLayout()
            form.addRow(self.t("pulse_label"), pulse)
            self.layout_.addLayout(form)
            self.pulses[slot] = pulse
        self.label(self.t("pulse_hint"), "muted")
        self.not_calm = self.label(self.t("not_calm_note"), "hint")
        self.first_title = self.label(self.tr("Who would like to speak first?"), "subtitle")
        self.first, holder = self.choice(((self.ctx.name(1), 1), (self.ctx.name(2), 2)),
                                         self.tr("Who speaks first"))
        self.first_holder = holder
        self.layout_.addWidget(holder)
        self.layout_.addStretch(1)
        self.edited.connect(self._update)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        for slot in (1, 2):
            choose(self.levels[slot], conv.calm.get(slot))
            self.pulses[slot].blockSignals(True)
            self.pulses[slot].setValue(conv.pulse.get(slot) or 0)
            self.pulses[slot].blockSignals(False)
        choose(self.first, conv.first_speaker)
        self._update()

    def store(self, conv: Conversation) -> None:
        for slot in (1, 2):
            level = chosen(self.levels[slot])
            conv.calm[slot] = int(level) if isinstance(level, int) else None
            conv.pulse[slot] = self.pulses[slot].value() or None
        speaker = chosen(self.first)
        if isinstance(speaker, int):
            conv.first_speaker = speaker  # a change on the way back re-orders the turns (conversation_flow.forward)

    def _update(self) -> None:
        probe = Conversation()
        self.store(probe)
        stirred = flow.needs_break(probe)
        self.not_calm.setVisible(stirred)
        for widget in (self.first_title, self.first_holder):
            widget.setVisible(not stirred)

    def first_field(self) -> QWidget | None:
        return self.levels[1].buttons()[0]


class BreakStep(StepPage):
    """A break of 20 minutes to 24 hours, with an agreed time to come back; the timer runs on the wall clock,
    so it keeps counting while the window is minimised or the vault is locked."""

    step = Step.BREAK
    time_up = Signal()

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.until = QDateTimeEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        self.until.setMaximumWidth(self.until.fontMetrics().averageCharWidth() * 32)
        self.until.setAccessibleName(self.t("return_label"))
        self.until.dateTimeChanged.connect(self._on_until_changed)
        form = QFormLayout()
        form.addRow(self.t("return_label"), self.until)
        self.layout_.addLayout(form)
        self.countdown = self.label("", "title")
        self.status = self.label("", "")
        self.label(self.t("soothing_title"), "subtitle")
        for idea in self.ctx.content.items(Step.BREAK, "soothing"):
            self.label(f"•  {idea}", "")
        self.label(self.t("avoid"), "muted")
        self.layout_.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self._conv: Conversation | None = None
        self._touched = False  # a time the couple chose themselves is never moved (unless it is now too soon)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        self._conv = conv
        self._touched = False
        if conv.break_until:
            local = datetime.fromisoformat(conv.break_until).astimezone().replace(tzinfo=None)
            self.until.blockSignals(True)
            self.until.setDateTime(QDateTime(local))
            self.until.blockSignals(False)
        self._follow_the_clock()
        self.until.setEnabled(not conv.break_until)
        self.timer.start()
        self.tick()

    def _follow_the_clock(self) -> None:
        """Keep the field's limits (and an untouched suggestion) 20 minutes to 24 hours from now, as time passes.
        Limits are counted in local time by Qt, so a clock change (summer time) between now and then is allowed for."""
        if self._conv is None or self._conv.break_until:
            return
        now = QDateTime(self.ctx.clock().astimezone().replace(tzinfo=None, microsecond=0))
        earliest = now.addSecs(int(flow.BREAK_MIN.total_seconds()))
        self.until.blockSignals(True)
        self.until.setMinimumDateTime(earliest)
        self.until.setMaximumDateTime(now.addSecs(int(flow.BREAK_MAX.total_seconds())))
        if not self._touched or self.until.dateTime() < earliest:
            minutes = earliest.time().minute()
            self.until.setDateTime(earliest.addSecs(60 * (-minutes % 5) - earliest.time().second()))
        self.until.blockSignals(False)

    def _on_until_changed(self) -> None:
        self._touched = True
        self.edited.emit()

    def chosen_return(self) -> datetime:
        value = self.until.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.astimezone()  # the field shows local time

    def tick(self) -> None:
        conv = self._conv
        if conv is None or not conv.break_until:
            self._follow_the_clock()
            self.countdown.setText("")
            self.status.setText(self.tr("Choose when you will come back, then start the break."))
            return
        left = flow.break_left(conv, self.ctx.clock())
        self.countdown.setText(self.time_to_go(left))
        self.status.setText(self.t("waiting") if left else self.t("ready"))
        if not left:
            self.timer.stop()
            self.time_up.emit()

    def time_to_go(self, left: timedelta) -> str:
        minutes = -(-int(left.total_seconds()) // 60)  # rounded up: "1 minute to go" until it is time
        if minutes <= 0:
            return self.tr("Time to come back")
        hours, minutes = divmod(minutes, 60)
        if hours:
            return (self.tr("{0} h {1} min to go").format(hours, minutes) if minutes else
                    self.tr("{0} h to go").format(hours))
        return self.tr("1 minute to go") if minutes == 1 else self.tr("{0} minutes to go").format(minutes)

    def break_over(self) -> bool:
        return self._conv is not None and bool(self._conv.break_until) and not flow.break_left(self._conv,
                                                                                              self.ctx.clock())
