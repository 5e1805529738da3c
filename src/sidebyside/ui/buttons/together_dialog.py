""""Fill it in together": one topic area at a time, each of you in turn — yes (a quick form), not now, or pass.

Pausing keeps the place (as an encrypted draft); the end shows what you found.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.together import TogetherState
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import buttons
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.widgets.labels import plain_label


class TogetherDialog(QDialog):
    def __init__(self, session: VaultSession, names: dict[int, str], colours: dict[int, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._names, self._colours = session, names, colours
        self._areas = {c.id: c for c in buttons.categories()}
        self.state: TogetherState = buttons.together_state(session)
        self.setWindowTitle(self.tr("Fill in the buttons map together"))
        self.pages = QStackedWidget(self)

        ask = QWidget(self)
        self.progress = plain_label("", "muted", ask)
        self.turn = plain_label("", "title", ask)
        self.area = plain_label("", "subtitle", ask)
        self.prompt = plain_label("", parent=ask)
        self.topic = QLineEdit(ask)
        self.topic.setPlaceholderText(self.tr("If yes: a few words for it"))
        self.topic.setAccessibleName(self.tr("Topic of the new button"))
        self.heat = QComboBox(ask)
        for value, word in buttons.heat_words().items():
            self.heat.addItem(f"{value} · {word}", value)
        self.heat.setCurrentIndex(2)
        self.helps = QPlainTextEdit(ask)
        self.helps.setPlaceholderText(self.tr("What helps when it is pressed (you can add more later)"))
        self.helps.setAccessibleName(self.tr("What helps"))
        self.helps.setMaximumHeight(self.fontMetrics().height() * 5)
        self.helps.setTabChangesFocus(True)
        self.error = plain_label("", "error", ask)
        self.yes_button = QPushButton(self.tr("&Yes, add it"), ask)
        self.not_now_button = QPushButton(self.tr("&Not now"), ask)
        self.pass_button = QPushButton(self.tr("&Pass"), ask)
        self.pause_button = QPushButton(self.tr("P&ause"), ask)
        self.pause_button.setToolTip(self.tr("Stop for now; next time you start where you left off"))
        form = QFormLayout()
        form.addRow(self.tr("&Topic"), self.topic)
        form.addRow(self.tr("&How tender"), self.heat)
        form.addRow(self.tr("What he&lps"), self.helps)
        row = QHBoxLayout()
        row.addWidget(self.pause_button)
        row.addStretch(1)
        row.addWidget(self.pass_button)
        row.addWidget(self.not_now_button)
        row.addWidget(self.yes_button)
        ask_layout = QVBoxLayout(ask)
        ask_layout.addWidget(self.progress)
        ask_layout.addWidget(self.turn)
        ask_layout.addWidget(self.area)
        ask_layout.addWidget(self.prompt)
        ask_layout.addLayout(form)
        ask_layout.addWidget(self.error)
        ask_layout.addStretch(1)
        ask_layout.addLayout(row)

        done = QWidget(self)
        self.summary = plain_label("", "subtitle", done)
        self.close_button = QPushButton(self.tr("&Close"), done)
        self.close_button.clicked.connect(self.accept)
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(plain_label(self.tr("That's all the areas. Thank you for doing this together."),
                                          "title", done))
        done_layout.addWidget(self.summary)
        done_layout.addStretch(1)
        done_layout.addWidget(self.close_button)
        self.pages.addWidget(ask)
        self.pages.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.yes_button.clicked.connect(lambda: self.answer("yes"))
        self.not_now_button.clicked.connect(lambda: self.answer("not now"))
        self.pass_button.clicked.connect(lambda: self.answer("pass"))
        self.pause_button.clicked.connect(self.pause)
        self.resize(self.fontMetrics().height() * 38, self.fontMetrics().height() * 26)
        self._show()

    def _show(self) -> None:
        if self.state.finished:
            added, shared = buttons.together_summary(self._session, self.state)
            parts = [self.tr("{0} new for {1}").format(added.get(slot, 0), self._names.get(slot, "?"))
                     for slot in (1, 2)]
            self.summary.setText(", ".join(parts) + self.tr(", {0} you share.").format(shared))
            self.pages.setCurrentIndex(1)
            buttons.save_together_state(self._session, self.state)  # finished: the paused place is cleared
            return
        area = self._areas[self.state.area]
        name = self._names.get(self.state.turn, "?")
        self.progress.setText(self.tr("Area {0} of {1}").format(self.state.index + 1, len(self.state.areas)))
        self.turn.setText(self.tr("{0}'s turn").format(name))
        self.turn.setStyleSheet(f"color: {self._colours.get(self.state.turn, '#888888')};")
        self.area.setText(area.label)
        self.prompt.setText(area.prompt + " " + self.tr("Is this a button for you, {0}?").format(name))
        pending, self.state.pending = self.state.pending, {}
        self.topic.setText(pending.get("topic", ""))
        self.helps.setPlainText(pending.get("helps", ""))
        heat = self.heat.findData(int(pending.get("heat", "0") or 0))
        if heat >= 0:
            self.heat.setCurrentIndex(heat)
        self.error.setText(self.tr("Here is what you were typing before SideBySide locked.") if pending else "")
        self.topic.setFocus()

    def answer(self, answer: str) -> None:
        uid = None
        if answer == "yes":
            try:
                uid, _ = buttons.create_button(self._session, ButtonFields(
                    owner=self.state.turn, topic=self.topic.text(), category=self.state.area,
                    heat=int(self.heat.currentData()), helps=self.helps.toPlainText()))
            except SideBySideError as exc:
                self.error.setText(exc.message)
                return
        self.state.record(answer, uid)
        buttons.save_together_state(self._session, self.state)
        self._show()

    def stash_into(self, session: VaultSession) -> None:
        """Lock is about to close this session: keep the prompt's typing for when it is resumed."""
        if not self.state.finished and (self.topic.text() or self.helps.toPlainText()):
            self.state.pending = {"topic": self.topic.text(), "helps": self.helps.toPlainText(),
                                  "heat": str(self.heat.currentData())}
        buttons.save_together_state(session, self.state)

    def wipe(self) -> None:
        self.topic.clear()
        self.helps.clear()
        for label in (self.turn, self.area, self.prompt, self.summary, self.error):
            label.clear()

    def pause(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Pause, Escape or the window's close button: the place is kept, and so is what was typed for this
        prompt (next time the session starts there, filled in)."""
        if self._session.is_open:
            self.stash_into(self._session)
        super().reject()
