"""Repair within a turn: the buttons that were pressed, and each one's part in what happened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from sidebyside.core.domain.buttons import Button
from sidebyside.core.domain.conversation import Conversation, Step
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import conversations
from sidebyside.ui.talk.step_page import StepContext, StepPage, choose, chosen, set_text
from sidebyside.ui.widgets.chips import ChipPicker

UID_ROLE = Qt.ItemDataRole.UserRole + 1


class ButtonsStep(StepPage):
    step = Step.BUTTONS

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.label(self.t("prompt"), "subtitle")
        self.none_yet = self.label(self.t("none_yet"), "muted")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.t("prompt"))
        self.list.itemChanged.connect(self._on_item_changed)
        self.layout_.addWidget(self.list)
        self.add = QPushButton(self.t("quick_add"), self)
        self.add.clicked.connect(self.quick_add)
        self.layout_.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self.details = self.label("", "hint")
        self.layout_.addStretch(1)
        self._buttons: dict[str, Button] = {}
        self._conv: Conversation | None = None

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        self._conv = conv
        self.reload()

    def reload(self) -> None:
        conv = self._conv
        if conv is None:
            return
        picked = set(conv.turn(self.turn_index).buttons)
        self._buttons = {b.uid: b for b in conversations.step_buttons(self.ctx.session, conv)}
        self.list.blockSignals(True)
        self.list.clear()
        for button in sorted(self._buttons.values(), key=lambda b: (b.fields.owner, b.position)):
            label = f"{self.ctx.name(button.fields.owner)} · {button.fields.topic}"
            if button.archived:
                label += self.tr(" (archived)")
            item = QListWidgetItem(label, self.list)
            item.setData(UID_ROLE, button.uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if button.uid in picked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        rows = min(max(self.list.count(), 3), 10)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4
                                 if self.list.count() else 0)
        self.none_yet.setVisible(not self._buttons)
        self.list.setVisible(bool(self._buttons))
        self._show_details()

    def picked(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [str(item.data(UID_ROLE)) for item in items if item.checkState() == Qt.CheckState.Checked]

    def store(self, conv: Conversation) -> None:
        # A picked button that was deleted meanwhile isn't listed, so it drops out here.
        conv.turn(self.turn_index).buttons = self.picked()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._show_details()
        self.edited.emit()

    def _show_details(self) -> None:
        parts = []
        for uid in self.picked():
            button = self._buttons[uid]
            f = button.fields
            lines = [f"{self.ctx.name(f.owner)} · {f.topic}"]
            if f.helps.strip():
                lines.append(f"{self.t('helps_label')}: {f.helps.strip()}")
            if f.public_plan.strip():
                lines.append(f"{self.t('public_label')}: {f.public_plan.strip()}")
            parts.append("\n".join(lines))
        self.details.setText("\n\n".join(parts))
        self.details.setVisible(bool(parts))

    def quick_add(self) -> None:
        if self._conv is None:
            return
        self.store(self._conv)
        try:
            uid = self.ctx.add_button(self)
        except SideBySideError as exc:
            self.details.setText(exc.message)
            return
        if uid:
            self._conv.turn(self.turn_index).buttons.append(uid)
            self.reload()
            self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.list.setEnabled(not read_only)
        self.add.setVisible(not read_only)

    def first_field(self) -> QWidget | None:
        return self.list if self._buttons else self.add


class OurPartStep(StepPage):
    step = Step.OUR_PART

    def __init__(self, ctx: StepContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setups_title = self.label("", "subtitle")
        self.setups = ChipPicker([("", self.ctx.content.items(Step.OUR_PART, "setups"))], self)
        self.setups.changed.connect(self.edited.emit)
        self.layout_.addWidget(self.setups)
        self.own_setup = QLineEdit(self)
        self.own_setup.setPlaceholderText(self.t("own_setup_label"))
        self.own_setup.setAccessibleName(self.t("own_setup_label"))
        self.own_setup.textEdited.connect(lambda _t: self.edited.emit())
        self.layout_.addWidget(self.own_setup)
        self.label(self.t("regret_prompt"), "subtitle")
        self.regret = self.text_field(self.t("regret_prompt"), lines=2)
        self.layout_.addWidget(self.regret)
        self.label(self.t("apology_prompt"), "subtitle")
        self.apology = self.text_field(self.t("apology_prompt"), lines=2)
        self.layout_.addWidget(self.apology)
        self.accept_question = self.label("", "subtitle")
        self.accepted, self.accept_holder = self.choice(((self.t("accepted"), True), (self.t("not_yet"), False)),
                                                        self.tr("Apology accepted?"))
        self.layout_.addWidget(self.accept_holder)
        self.still_title = self.label(self.t("still_needed_label"), "")
        self.still_needed = self.text_field(self.t("still_needed_label"), lines=2)
        self.layout_.addWidget(self.still_needed)
        self.layout_.addStretch(1)
        self.edited.connect(self._update)

    def show_conversation(self, conv: Conversation, turn: int) -> None:
        super().show_conversation(conv, turn)
        current = conv.turn(turn)
        self.setups_title.setText(self.t("setups_prompt", conv))
        self.accept_question.setText(self.t("accept_question", conv))
        self.setups.set_selected(current.setups)
        self.own_setup.setText(current.own_setup)
        set_text(self.regret, current.regret)
        set_text(self.apology, current.apology)
        choose(self.accepted, current.accepted)
        set_text(self.still_needed, current.still_needed)
        self._update()

    def store(self, conv: Conversation) -> None:
        current = conv.turn(self.turn_index)
        current.setups = self.setups.selected()
        current.own_setup = self.own_setup.text()
        current.regret = self.regret.toPlainText()
        current.apology = self.apology.toPlainText()
        value = chosen(self.accepted)
        current.accepted = None if value is None else bool(value)
        current.still_needed = self.still_needed.toPlainText() if current.accepted is False else ""

    def _update(self) -> None:
        offered = bool(self.regret.toPlainText().strip() or self.apology.toPlainText().strip())
        self.accept_question.setVisible(offered)
        self.accept_holder.setVisible(offered)
        not_yet = offered and chosen(self.accepted) is False
        self.still_title.setVisible(not_yet)
        self.still_needed.setVisible(not_yet)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.setups.set_read_only(read_only)
        self.own_setup.setReadOnly(read_only)

    def first_field(self) -> QWidget | None:
        return next(iter(self.setups.chips.values()), None)
