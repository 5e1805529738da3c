"""The Buttons section: each partner's buttons side by side, the same topic or area lined up in the middle.

Every change goes through the undo stack (Ctrl+Z / Ctrl+Shift+Z while the section has the focus); the
stack holds decrypted copies, so it is emptied when the vault locks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.buttons import Button, ButtonFields, clean_button, side_by_side
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import buttons, conversations, journal, vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui import prompts
from sidebyside.ui.buttons.button_delegate import ButtonDelegate
from sidebyside.ui.buttons.map_view import MapView
from sidebyside.ui.models.buttons_table_model import LEFT, MIDDLE, RIGHT, ButtonsTableModel
from sidebyside.ui.section import Section
from sidebyside.ui.widgets.empty_state import EmptyState
from sidebyside.ui.widgets.labels import mnemonic_safe, plain_tooltip


class _Change(QUndoCommand):
    """One change to the map, undoable: ``before`` None means "added", ``after`` None means "deleted"."""

    def __init__(self, view: ButtonsView, text: str, before: Button | None, after: ButtonFields | None,
                 uid: str | None = None) -> None:
        super().__init__(text)
        self._view, self._before, self._after, self.uid = view, before, after, uid
        self._archived_before = before.archived if before else False

    def redo(self) -> None:
        session = self._view.session
        if session is None:
            return
        if self._before is None and self._after is not None:  # add (again)
            if self.uid is None:
                self.uid, _ = buttons.create_button(session, self._after)
            else:
                buttons.restore_button(session, self._added_as)
        elif self._after is None and self._before is not None:  # delete
            buttons.delete_button(session, self._before.uid)
        elif self._before is not None and self._after is not None:
            buttons.update_button(session, self._before.uid, self._after)
        self._view.refresh()

    def undo(self) -> None:
        session = self._view.session
        if session is None:
            return
        if self._before is None and self.uid is not None:  # undo an add: remember it for redo
            self._added_as, _ = buttons.delete_button(session, self.uid)
        elif self._after is None and self._before is not None:
            buttons.restore_button(session, self._before)
        elif self._before is not None:
            buttons.update_button(session, self._before.uid, self._before.fields)
        self._view.refresh()


class _Archive(QUndoCommand):
    def __init__(self, view: ButtonsView, uid: str, archived: bool) -> None:
        super().__init__(view.tr("Archive button") if archived else view.tr("Bring button back"))
        self._view, self._uid, self._archived = view, uid, archived

    def redo(self) -> None:
        if self._view.session is not None:
            buttons.set_archived(self._view.session, self._uid, self._archived)
            self._view.refresh()

    def undo(self) -> None:
        if self._view.session is not None:
            buttons.set_archived(self._view.session, self._uid, not self._archived)
            self._view.refresh()


class _Reorder(QUndoCommand):
    """Each partner's buttons in order of heat (hottest first); undo puts the previous order back."""

    def __init__(self, view: ButtonsView) -> None:
        super().__init__(view.tr("Sort by heat"))
        self._view = view
        session = view.session
        assert session is not None
        self._before = {slot: [b.uid for b in buttons.list_buttons(session, owner=slot, include_archived=True)]
                        for slot in (1, 2)}

    def _apply(self, orders: dict[int, list[str]]) -> None:
        if self._view.session is None:
            return
        for slot, uids in orders.items():
            buttons.set_order(self._view.session, slot, uids)
        self._view.refresh()

    def redo(self) -> None:
        session = self._view.session
        if session is None:
            return
        self._apply({slot: [b.uid for b in sorted(buttons.list_buttons(session, owner=slot, include_archived=True),
                                                  key=lambda b: (-b.fields.heat, b.position))] for slot in (1, 2)})

    def undo(self) -> None:
        self._apply(self._before)


class ButtonsView(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Buttons")
        self.session: VaultSession | None = None
        self.names: dict[int, str] = {}
        self._resuming = False
        self.undo_stack = QUndoStack(self)
        self.add_buttons = [QPushButton(self) for _ in range(2)]
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.archive_button = QPushButton(self.tr("&Archive"), self)
        self.delete_button = QPushButton(self.tr("De&lete…"), self)
        self.delete_button.setToolTip(self.tr("Delete for good (archive keeps it out of sight instead)"))
        self.delete_button.clicked.connect(self.delete_current)
        self.show_archived = QCheckBox(self.tr("Show archived"), self)
        self.together_button = QPushButton(self.tr("Fill it in &together…"), self)
        self.together_button.clicked.connect(self.fill_in_together)
        self.sort_button = QPushButton(self.tr("So&rt by heat"), self)
        self.sort_button.setToolTip(self.tr("Put each partner's most tender buttons first (undo with Ctrl+Z)"))
        self.sort_button.clicked.connect(self.sort_by_heat)
        self.print_button = QPushButton(self.tr("&Print our buttons…"), self)
        self.print_button.clicked.connect(self.print_our_buttons)
        bar = QHBoxLayout()
        for button in self.add_buttons:
            bar.addWidget(button)
        bar.addWidget(self.together_button)
        bar.addStretch(1)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.archive_button)
        # Less frequent actions share one menu, so the bar fits a small laptop screen (and 200% scaling).
        self.more_button = QToolButton(self)
        self.more_button.setText(self.tr("M&ore"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        for button in (self.sort_button, self.print_button, self.delete_button):
            button.setVisible(False)  # kept for their click handlers and tests; shown as menu entries
            action = more.addAction(button.text().replace("&", ""))
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
        self.delete_action = action  # (the last one) enabled only with a button chosen
        self.more_button.setMenu(more)
        bar.addWidget(self.more_button)

        self.model = ButtonsTableModel(self)
        self.delegate = ButtonDelegate(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Both partners' buttons, side by side"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MIDDLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RIGHT, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.tr("Your buttons map is empty"), self.tr(
            "A button is a topic that is tender for one of you — a joke about work, a remark about family. "
            "Writing them down, and what helps, lets the other support rather than pile on. Start with one each, "
            "using the buttons above."), self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.map = MapView(self)
        map_page = QWidget(self)
        map_bar = QHBoxLayout()
        for label, tip, action in ((self.tr("Zoom in"), "Ctrl++", lambda: self.map.zoom(1.25)),
                                   (self.tr("Zoom out"), "Ctrl+-", lambda: self.map.zoom(0.8)),
                                   (self.tr("&Fit"), "", self.map.fit),
                                   (self.tr("Save as pict&ure…"), "", lambda: self.export_map())):
            button = QPushButton(label, map_page)
            if tip:
                button.setShortcut(QKeySequence(tip))
            button.clicked.connect(action)
            map_bar.addWidget(button)
        map_bar.addStretch(1)
        map_layout = QVBoxLayout(map_page)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addLayout(map_bar)
        map_layout.addWidget(self.map, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.pages, self.tr("Side by side"))
        self.tabs.addTab(map_page, self.tr("&Map"))
        self.tabs.currentChanged.connect(lambda _: self._refresh_map())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        for slot, button in enumerate(self.add_buttons, start=1):
            button.clicked.connect(lambda _=False, s=slot: self.add(s))
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.archive_current)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()
        self.show_archived.toggled.connect(lambda _: self.refresh())
        self.table.doubleClicked.connect(lambda index: self.edit_current())
        self.add_shortcuts(((QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                            (QKeySequence.StandardKey.Redo, self.undo_stack.redo)))

    # -- Section ------------------------------------------------------------------------------
    def load(self, session: VaultSession) -> None:
        self.session = session
        info = vault_service.overview(session)
        self.names = {p.slot: p.name for p in info.partners}
        self.delegate.colours = {p.slot: p.colour for p in info.partners}
        self.delegate.areas = {c.id: c.label for c in buttons.categories()}
        for slot, button in enumerate(self.add_buttons, start=1):
            button.setText(self.tr("Add for {0}").format(mnemonic_safe(self.names.get(slot, "?"))))
            button.setToolTip(plain_tooltip(self.tr("Add a button for {0}").format(self.names.get(slot, "?"))))
        self.refresh()
        if buttons.stashed_form_origin(session) == "buttons":  # a form was open when the vault locked
            QTimer.singleShot(0, self._resume_form)

    def clear(self) -> None:
        self.undo_stack.clear()
        self.model.clear()
        self.map.map_scene.clear()
        for button in self.add_buttons:
            button.setText("")
            button.setToolTip("")  # partner names are vault content too
        self.session = None
        self.names = {}

    def on_changes(self, changes: Changes) -> None:
        if self.session is not None and (changes.buttons or changes.journal):
            self.refresh()  # a private space opened or closed changes which drafts show
            if changes.journal:
                self._resume_form()  # a private form stashed at lock can be reopened once its space is open

    # -- actions ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session is None:
            return
        shown = buttons.list_buttons(self.session, include_archived=self.show_archived.isChecked())
        self.model.set_rows(side_by_side(shown), self.names)
        self.pages.setCurrentWidget(self.table if shown else self.empty)
        self.table.resizeRowsToContents()
        self._refresh_map(shown)

    def _refresh_map(self, shown: list[Button] | None = None) -> None:
        """The picture follows changes, but is laid out only while it is shown."""
        if self.session is None or self.tabs.currentIndex() != 1:
            return
        if shown is None:
            shown = buttons.list_buttons(self.session, include_archived=self.show_archived.isChecked())
        self.map.map_scene.build(shown, self.delegate.colours, self.names,
                                 [(c.id, c.label) for c in buttons.categories()], self.palette().text().color())
        self.map.fit()

    def export_map(self, path: Path | None = None) -> bool:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the map as a picture"),
                                                  str(Path.home() / "Our buttons.png"), self.tr("PNG pictures (*.png)"))
            if not name:
                return False
            path = Path(name)
        if not prompts.confirm(self, self.tr("A picture is not encrypted"), self.tr(
                "Anyone who opens the picture can read your buttons. Save it only where others can't reach it."),
                self.tr("Save the picture")):
            return False
        try:
            self.map.export_png(path, self.palette().window().color())
        except OSError as exc:
            prompts.show_error(self, self.tr("Buttons"), str(exc))
            return False
        return True

    def sort_by_heat(self) -> None:
        if self.session is not None:
            self._push(_Reorder(self))

    def print_our_buttons(self) -> None:
        if self.session is None:
            return
        from sidebyside.ui.print_dialog import PrintDialog
        from sidebyside.ui.print_documents import buttons_printable

        dialog = PrintDialog(buttons_printable(self.session), self)
        dialog.exec()
        dialog.deleteLater()

    def fill_in_together(self) -> None:
        if self.session is None:
            return
        from sidebyside.ui.buttons.together_dialog import TogetherDialog

        dialog = TogetherDialog(self.session, self.names, self.delegate.colours, self)
        dialog.exec()
        dialog.deleteLater()
        self.undo_stack.clear()  # the session added buttons directly; older undo steps may no longer fit
        self.refresh()

    def current_button(self) -> Button | None:
        return self.model.button_at(self.table.currentIndex())

    def add(self, owner: int) -> None:
        fields = self._ask(owner, None)
        if fields is not None:
            self._push(_Change(self, self.tr("Add button"), None, fields))

    def edit_current(self) -> None:
        current = self.current_button()
        if current is None:
            return
        fields = self._ask(current.fields.owner, current)
        if fields is not None:
            self._push(_Change(self, self.tr("Edit button"), current, fields))

    def delete_current(self) -> None:
        current = self.current_button()
        if current is None:
            return
        if prompts.confirm(self, self.tr("Delete button"), self.tr(
                "Delete “{0}” for good? Archiving keeps it out of sight instead. You can undo a delete with Ctrl+Z "
                "until SideBySide locks.").format(current.fields.topic), self.tr("Delete")):
            self._push(_Change(self, self.tr("Delete button"), current, None))

    def archive_current(self) -> None:
        current = self.current_button()
        if current is not None:
            self._push(_Archive(self, current.uid, not current.archived))

    def _update_actions(self) -> None:
        """Edit, Archive and Delete act on the chosen button; an archived one is brought back instead."""
        current = self.current_button()
        for widget in (self.edit_button, self.archive_button, self.delete_button, self.delete_action):
            widget.setEnabled(current is not None)
        self.archive_button.setText(self.tr("&Bring back") if current is not None and current.archived
                                    else self.tr("&Archive"))

    def _resume_form(self) -> None:
        """Reopen a form that was open when the vault locked, with what was typed (a private one once its
        owner's space is open again)."""
        if self.session is None or self._resuming:
            return
        stashed = buttons.take_stashed_form(self.session, "buttons")
        if stashed is None:
            return
        self._resuming = True
        try:
            current = None
            if stashed.uid:
                try:
                    current = buttons.get_button(self.session, stashed.uid)
                except SideBySideError:
                    current = None  # deleted meanwhile: offer it as a new button rather than lose it
            fields = self._ask(stashed.fields.owner, current, prefill=stashed.fields)
            if fields is not None:
                self._push(_Change(self, self.tr("Edit button") if current else self.tr("Add button"), current,
                                   fields))
        finally:
            self._resuming = False

    def _ask(self, owner: int, current: Button | None, prefill: ButtonFields | None = None) -> ButtonFields | None:
        """The form, shown until the fields are acceptable or the person cancels (nothing typed is lost)."""
        if self.session is None:
            return None
        from sidebyside.ui.buttons.button_dialog import ButtonDialog

        linked = [e.heading or self.tr("Untitled") for e in journal.entries_linked_to(self.session, "button",
                                                                                     current.uid)] if current else []
        talks = [f"{c.topic or self.tr('no topic')} ({c.created_at.astimezone().date().isoformat()})"
                 for c in conversations.conversations_with_button(self.session, current.uid)] if current else []
        dialog = ButtonDialog(owner, self.names.get(owner, "?"), current.fields if current else None,
                              can_draft=owner in self.session.private_keys, parent=self, linked=linked, talks=talks,
                              uid=current.uid if current else "", origin="buttons")
        if prefill is not None:
            dialog.prefill(prefill)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                fields = dialog.fields()
                try:
                    clean_button(fields, {c.id for c in buttons.categories()})
                except SideBySideError as exc:
                    dialog.error.setText(exc.message)
                    continue
                return fields
            return None
        finally:
            dialog.deleteLater()

    def _push(self, command: QUndoCommand) -> None:
        try:
            self.undo_stack.push(command)
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("Buttons"), exc.message)

    def select(self, uid: str) -> None:
        index = self.model.index_of(uid)
        if index.isValid():
            self.table.setCurrentIndex(index)
