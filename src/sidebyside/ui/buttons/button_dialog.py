"""Adding or editing one button: every field, long texts with room, plain text only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.buttons import TOPIC_MAX, ButtonFields
from sidebyside.core.services import buttons
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui import prompts
from sidebyside.ui.widgets.labels import plain_label


class ButtonDialog(QDialog):
    """``fields()`` after Accepted; the service checks them (errors are shown here, nothing is lost)."""

    def __init__(self, owner: int, owner_name: str, current: ButtonFields | None = None,
                 can_draft: bool = False, parent: QWidget | None = None, linked: list[str] | None = None,
                 talks: list[str] | None = None, uid: str = "", origin: str = "buttons") -> None:
        super().__init__(parent)
        self._owner = owner
        self.uid, self.origin = uid, origin  # what stash_into() records, to reopen the same form after unlock
        self.setWindowTitle(self.tr("{0}'s button").format(owner_name) if current is None
                            else self.tr("Edit {0}'s button").format(owner_name))
        self.topic = QLineEdit(self)
        self.topic.setMaxLength(TOPIC_MAX * 2)
        self.topic.setPlaceholderText(self.tr("A few words, e.g. “jokes about my job”"))
        self.category = QComboBox(self)
        for category in buttons.categories():
            self.category.addItem(category.label, category.id)
        self.heat = QComboBox(self)
        for value, word in buttons.heat_words().items():
            self.heat.addItem(f"{value} · {word}", value)
        self.story = self._text(self.tr("Why it is tender: where it comes from, if you want to say"))
        self.signs = self._text(self.tr("How your partner can tell it has been pressed"))
        self.helps = self._text(self.tr("What helps when it is pressed"))
        self.worse = self._text(self.tr("What makes it worse"))
        self.public_ok = QCheckBox(self.tr("It may come up in front of others"), self)
        self.public_plan = QLineEdit(self)
        self.public_plan.setPlaceholderText(self.tr("If it comes up in company: a signal, a change of subject…"))
        self.printable = QCheckBox(self.tr("OK to print on “our buttons”"), self)
        self.draft = QCheckBox(self.tr("Keep as my private draft for now"), self)
        self.draft.setEnabled(can_draft)
        if not can_draft:
            self.draft.setToolTip(self.tr("Open your private space (Journal ▸ Private space…) to keep private drafts."))
        self.error = plain_label("", "error", self)
        buttons_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                       self)
        buttons_box.accepted.connect(self.accept)
        buttons_box.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Topic"), self.topic)
        form.addRow(self.tr("&Area"), self.category)
        form.addRow(self.tr("&How tender"), self.heat)
        form.addRow(self.tr("&Story"), self.story)
        form.addRow(self.tr("S&igns"), self.signs)
        form.addRow(self.tr("What he&lps"), self.helps)
        form.addRow(self.tr("What makes it &worse"), self.worse)
        form.addRow("", self.public_ok)
        form.addRow(self.tr("In &public"), self.public_plan)
        form.addRow("", self.printable)
        form.addRow("", self.draft)
        self.linked = plain_label("", "muted", self)
        if linked:
            self.linked.setText(self.tr("Written about in the journal: {0}").format("; ".join(linked[:8])) +
                                ("…" if len(linked) > 8 else ""))
        if talks:
            text = self.tr("Pressed in conversations: {0}").format("; ".join(talks[:8])) + \
                ("…" if len(talks) > 8 else "")
            self.linked.setText("\n".join(t for t in (self.linked.text(), text) if t))
        self.linked.setVisible(bool(linked or talks))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.linked)
        layout.addWidget(self.error)
        layout.addWidget(buttons_box)
        if current is not None:
            self._load(current)
        self._as_opened = self.fields()  # what closing may drop without asking
        self._stashed = False
        line = self.fontMetrics().height()
        self.resize(line * 40, min(self.sizeHint().height(), line * 34))  # fits a 1366×768 laptop; grows freely

    def _text(self, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(placeholder)
        edit.setMinimumHeight(self.fontMetrics().height() * 3)
        edit.setTabChangesFocus(True)  # Tab goes on to the next field, as in the rest of the form
        return edit

    def reject(self) -> None:
        """Cancel, Escape or the window's close button: a form with unsaved changes asks first (unless the lock
        has just kept them, see stash_into)."""
        if not self._stashed and self.fields() != self._as_opened and not prompts.confirm(
                self, self.tr("Close this form?"), self.tr("What you wrote here isn't saved yet. Close it anyway?"),
                self.tr("Close without saving")):
            return
        super().reject()

    def _load(self, f: ButtonFields) -> None:
        self.topic.setText(f.topic)
        self.category.setCurrentIndex(max(0, self.category.findData(f.category)))
        self.heat.setCurrentIndex(max(0, self.heat.findData(f.heat)))
        for edit, value in ((self.story, f.story), (self.signs, f.signs), (self.helps, f.helps),
                            (self.worse, f.worse)):
            edit.setPlainText(value)
        self.public_ok.setChecked(f.public_ok)
        self.public_plan.setText(f.public_plan)
        self.printable.setChecked(f.printable)
        self.draft.setChecked(f.draft)

    def prefill(self, fields: ButtonFields) -> None:
        """Put back what was typed before the vault locked, and say so."""
        self._load(fields)
        self.error.setText(self.tr("Here is what you were typing before SideBySide locked."))

    def stash_into(self, session: VaultSession) -> None:
        """Lock is about to close this form: keep its typing (encrypted) to reopen it after unlock."""
        buttons.stash_form(session, buttons.StashedForm(self.origin, self.uid, self.fields()))
        self._stashed = True

    def wipe(self) -> None:
        for edit in (self.topic, self.public_plan):
            edit.clear()
        for text in (self.story, self.signs, self.helps, self.worse):
            text.clear()
        for label in (self.linked, self.error):
            label.clear()
        self.setWindowTitle("")  # it names a partner

    def fields(self) -> ButtonFields:
        return ButtonFields(owner=self._owner, topic=self.topic.text(), category=str(self.category.currentData()),
                            heat=int(self.heat.currentData()), story=self.story.toPlainText(),
                            signs=self.signs.toPlainText(), helps=self.helps.toPlainText(),
                            worse=self.worse.toPlainText(), public_ok=self.public_ok.isChecked(),
                            public_plan=self.public_plan.text(), printable=self.printable.isChecked(),
                            draft=self.draft.isChecked())
