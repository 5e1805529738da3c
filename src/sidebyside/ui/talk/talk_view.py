"""The "Talk it through" section: the list of conversations, and the conversation being held.

Lock saves the open conversation (stash), then drops every widget that showed it (clear); after
unlock the same conversation opens again at the same step.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.conversation import Conversation, Status, Step
from sidebyside.core.domain.journal import EntryFields, Link
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import buttons, conversations, journal, vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.talk_content import talk_content
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui import prompts
from sidebyside.ui.models.conversations_model import STARTED, STATUS, TOPIC, ConversationsModel
from sidebyside.ui.section import Section
from sidebyside.ui.talk.conversation_panel import ConversationPanel
from sidebyside.ui.talk.step_page import StepContext, now
from sidebyside.ui.talk.steps_end import guide_document
from sidebyside.ui.talk.steps_repair import ButtonsStep
from sidebyside.ui.widgets.empty_state import EmptyState
from sidebyside.ui.widgets.link_button import LinkButton


class TalkView(Section):
    changed = Signal(object)  # Changes made here, for the other sections
    journal_entry_requested = Signal(str)  # open this journal entry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Talk it through")
        self.session: VaultSession | None = None
        self.names: dict[int, str] = {}
        self.colours: dict[int, str] = {}
        self.panel: ConversationPanel | None = None
        self._reopen_uid = ""  # the conversation open at lock (an id, no content)
        self.clock = now

        self.start_button = QPushButton(self.tr("&Start a conversation"), self)
        self.start_button.setToolTip(self.tr("Talk through a hard moment together (Ctrl+N)"))
        self.open_button = QPushButton(self.tr("&Continue"), self)
        self.delete_button = QPushButton(self.tr("De&lete…"), self)
        self.about_button = LinkButton(self.tr("About this conversation"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.start_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        bar.addWidget(self.about_button)

        self.model = ConversationsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Your conversations"))
        header = self.table.horizontalHeader()
        for column in (STARTED, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TOPIC, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.tr("No conversations yet"), self.tr(
            "After a hard moment, sit down together when you both have a little time. SideBySide checks that you "
            "are safe and calm, then guides one of you to speak and the other to listen, and then you swap. "
            "It takes about half an hour. Start when you are ready."), self)
        self.list_pages = QStackedWidget(self)
        self.list_pages.addWidget(self.table)
        self.list_pages.addWidget(self.empty)
        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.list_pages, 1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(list_page)
        self.list_page = list_page
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.start_button.clicked.connect(self.start_conversation)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.about_button.clicked.connect(self.show_about)
        self.table.activated.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.add_shortcuts(((QKeySequence.StandardKey.New, self.start_conversation),))

    # -- Section ------------------------------------------------------------------------------
    def load(self, session: VaultSession) -> None:
        self.session = session
        info = vault_service.overview(session)
        self.names = {p.slot: p.name for p in info.partners}
        self.colours = {p.slot: p.colour for p in info.partners}
        self.refresh()
        if self._reopen_uid:
            uid, self._reopen_uid = self._reopen_uid, ""
            self.open_conversation(uid)
            if self.panel is not None and buttons.stashed_form_origin(session) == "talk":
                page = self.panel.current_page
                if isinstance(page, ButtonsStep):  # the quick-add form was open at lock: open it again
                    QTimer.singleShot(0, page.quick_add)

    def stash(self) -> None:
        if self.panel is not None and self.session is not None:
            conv = self.panel.conv
            if not conv.finished and conv.position.step is not Step.UNSAFE:
                self.panel.current_page.store(conv)
                conversations.save(self.session, conv)  # a SideBySideError here keeps the vault unlocked

    def clear(self) -> None:
        if self.panel is not None:
            conv = self.panel.conv
            self._reopen_uid = conv.uid if conv.uid and conv.position.step is not Step.UNSAFE else ""
            self._drop_panel()
        self.model.clear()
        self.session = None
        self.names, self.colours = {}, {}

    def on_changes(self, changes: Changes) -> None:
        if self.session is not None and (changes.conversations or changes.buttons):
            self.refresh()

    # -- the list -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session is None:
            return
        current = self.current_uid()
        self.model.set_rows(conversations.list_conversations(self.session), self.names)
        self.list_pages.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        row = self.model.row_of(current) if current else 0
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        self._on_current_changed(self.table.currentIndex(), QModelIndex())

    def current_uid(self) -> str:
        summary = self.model.summary_at(self.table.currentIndex().row())
        return summary.uid if summary else ""

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.model.summary_at(current.row()) if current.isValid() else None
        self.open_button.setEnabled(summary is not None)
        self.delete_button.setEnabled(summary is not None)
        self.open_button.setText(self.tr("&Open") if summary and summary.status is Status.FINISHED
                                 else self.tr("&Continue"))

    # -- conversations ------------------------------------------------------------------------
    def context(self) -> StepContext:
        assert self.session is not None
        return StepContext(talk_content(), self.names, self.colours, self.session, clock=self.clock,
                           add_button=self._quick_add_button, write_in_journal=self._write_in_journal)

    def start_conversation(self) -> None:
        if self.session is None or self.panel is not None:
            return  # Ctrl+N while a conversation is open would otherwise replace it
        self._show_panel(conversations.new_conversation())

    def open_current(self) -> None:
        uid = self.current_uid()
        if uid:
            self.open_conversation(uid)

    def open_conversation(self, uid: str) -> None:
        if self.session is None:
            return
        try:
            conv = conversations.get(self.session, uid)
        except SideBySideError as exc:
            prompts.show_error(self, self.title, exc.message)
            self.refresh()
            return
        self._show_panel(conv)

    def _show_panel(self, conv: Conversation) -> None:
        if self.panel is not None and not self.panel.save_now():
            return  # what is on screen couldn't be saved: keep it there
        self._drop_panel()
        panel = ConversationPanel(self.context(), conv, self)
        panel.closed.connect(self._on_panel_closed)
        panel.changed.connect(self.changed.emit)
        panel.print_requested.connect(self.print_guide)
        self.pages.addWidget(panel)
        self.pages.setCurrentWidget(panel)
        self.panel = panel
        panel.show_position()  # again, now visible: focus the first field

    def _drop_panel(self) -> None:
        if self.panel is not None:
            self.panel.wipe()
            self.pages.removeWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None

    def _on_panel_closed(self) -> None:
        self._drop_panel()
        self.pages.setCurrentWidget(self.list_page)
        self.refresh()
        self.table.setFocus()

    def delete_current(self) -> None:
        summary = self.model.summary_at(self.table.currentIndex().row())
        if summary is None or self.session is None:
            return
        if not prompts.confirm(self, self.tr("Delete conversation"), self.tr(
                "Delete this conversation for good? Everything you both wrote in it goes with it; journal entries "
                "that link to it stay."), self.tr("Delete")):
            return
        try:
            self.changed.emit(conversations.delete(self.session, summary.uid))
        except SideBySideError as exc:
            prompts.show_error(self, self.title, exc.message)
        self.refresh()

    def show_about(self) -> None:
        title, body = talk_content().about_panel
        prompts.show_info(self, title, "\n\n".join(body))

    def print_guide(self, conv: Conversation) -> None:
        if self.session is None:
            return
        from sidebyside.ui.print_dialog import PrintDialog
        from sidebyside.ui.print_documents import conversation_printable

        dialog = PrintDialog(conversation_printable(guide_document(self.context(), conv)), self)
        dialog.exec()
        dialog.deleteLater()

    # -- helpers the steps use ----------------------------------------------------------------
    def _ask_partner(self, title: str, question: str) -> int | None:
        names = [self.names.get(1, "?"), self.names.get(2, "?")]
        name, ok = QInputDialog.getItem(self, title, question, names, 0, False)
        return (names.index(name) + 1) if ok else None

    def _quick_add_button(self, parent: QWidget) -> str | None:
        if self.session is None:
            return None
        from sidebyside.ui.buttons.button_dialog import ButtonDialog

        stashed = buttons.take_stashed_form(self.session, "talk")  # a form that was open when the vault locked
        owner = stashed.fields.owner if stashed else self._ask_partner(self.tr("Add a button"),
                                                                        self.tr("Whose button is it?"))
        if owner is None:
            return None
        dialog = ButtonDialog(owner, self.names.get(owner, "?"), None, can_draft=False, parent=parent, origin="talk")
        if stashed is not None:
            dialog.prefill(stashed.fields)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                try:
                    uid, changes = buttons.create_button(self.session, dialog.fields())
                except SideBySideError as exc:
                    dialog.error.setText(exc.message)
                    continue
                self.changed.emit(changes)
                return uid
            return None
        finally:
            dialog.deleteLater()

    def _write_in_journal(self, prompt: str) -> None:
        if self.session is None or self.panel is None:
            return
        author = self._ask_partner(self.tr("Write in the journal"), self.tr("Who is writing?"))
        if author is None:
            return
        if not self.panel.save_now():
            return
        conv = self.panel.conv
        from datetime import datetime

        links = (Link("conversation", conv.uid),) if conv.uid else ()
        try:
            uid, changes = journal.create_entry(self.session, EntryFields(
                author=author, written_at=datetime.now().astimezone(), body=prompt + "\n\n", links=links))
        except SideBySideError as exc:
            prompts.show_error(self, self.title, exc.message)
            return
        self.changed.emit(changes)
        self.journal_entry_requested.emit(uid)
