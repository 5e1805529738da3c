"""The Journal section: search and filters on top, the list on the left, the entry on the right."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QItemSelectionModel, QLocale, QModelIndex, QTimer
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.journal import Entry, EntryFields, JournalFilter
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import journal, vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui import prompts
from sidebyside.ui.auto_lock import IdleWatcher
from sidebyside.ui.journal.entry_delegate import EntryDelegate, mood_words
from sidebyside.ui.journal.entry_editor import EntryEditor
from sidebyside.ui.journal.time_panel import TimePanel
from sidebyside.ui.models.journal_list_model import JournalListModel, Role
from sidebyside.ui.section import Section
from sidebyside.ui.widgets.empty_state import EmptyState
from sidebyside.ui.widgets.labels import mnemonic_safe
from sidebyside.ui.widgets.lazy_combo import LazyComboBox

SEARCH_AFTER_MS = 150
PRIVATE_IDLE_MINUTES = 3  # a private space closes sooner than the vault locks


class _DeleteEntry(QUndoCommand):
    """Deleting an entry, undoable until the vault locks (the copy lives in memory only)."""

    def __init__(self, view: JournalView, entry: Entry) -> None:
        super().__init__(view.tr("Delete entry"))
        self._view, self._entry = view, entry

    def redo(self) -> None:
        if self._view.session is not None:
            row = self._view.model.row_of(self._entry.uid)
            journal.delete_entry(self._view.session, self._entry.uid)
            self._view.after_delete(row)

    def undo(self) -> None:
        if self._view.session is not None:
            journal.restore_entry(self._view.session, self._entry)
            self._view.after_change(select=self._entry.uid)


class JournalView(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Journal")
        self.session: VaultSession | None = None
        self.partners: dict[int, tuple[str, str]] = {}
        self.undo_stack = QUndoStack(self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the journal (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search the journal"))
        self.search.setClearButtonEnabled(True)
        self.who = QComboBox(self)
        self.who.setAccessibleName(self.tr("Show entries by"))
        self.mood = QComboBox(self)
        self.mood.setAccessibleName(self.tr("Show entries with mood"))
        self.mood.addItem(self.tr("Any mood"), None)
        for value, word in mood_words(self).items():
            self.mood.addItem(word.capitalize(), value)
        self.tag = LazyComboBox(self._fill_tags, self)  # counting every tag costs ~90 ms on 100,000 entries
        self.tag.setAccessibleName(self.tr("Show entries with tag"))
        self.period = QComboBox(self)
        self.period.setAccessibleName(self.tr("Show entries from"))
        for label, days in ((self.tr("Any time"), None), (self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30),
                            (self.tr("Last 12 months"), 365)):
            self.period.addItem(label, days)
        self.day_button = QPushButton(self)
        self.day_button.setToolTip(self.tr("Showing one day; click to show all dates again"))
        self.day_button.setVisible(False)
        self.day: date | None = None
        self.new_button = QPushButton(self.tr("&New entry"), self)
        self.new_button.setToolTip(self.tr("Start a new entry (Ctrl+N)"))
        self.private_button = QPushButton(self.tr("Private &space…"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.who)
        bar.addWidget(self.mood)
        bar.addWidget(self.tag)
        bar.addWidget(self.period)
        bar.addWidget(self.day_button)
        bar.addWidget(self.private_button)
        bar.addWidget(self.new_button)

        self.model = JournalListModel(self)
        self.delegate = EntryDelegate(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName(self.tr("Journal entries"))
        self.list_empty = EmptyState(self.tr("Your journal is empty"), self.tr(
            "This is a place to write things down — on the way home after a hard evening, or on a calm Sunday. "
            "Press Ctrl+N to start your first entry."), self)
        self.no_match = EmptyState(self.tr("Nothing matches"), self.tr(
            "No entry matches your search and filters. Try fewer words, or set the filters above back to “Both of "
            "us”, “Any mood”, “Any tag” and “Any time” (and a single day back to all dates)."),
            self)
        self.left = QStackedWidget(self)
        for page in (self.list, self.list_empty, self.no_match):
            self.left.addWidget(page)
        self.time = TimePanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.left, self.tr("&Entries"))
        self.tabs.addTab(self.time, self.tr("&Calendar and mood"))
        self.editor = EntryEditor(self)
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        em = self.fontMetrics().averageCharWidth()
        splitter.setSizes([em * 48, em * 72])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_AFTER_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.who.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.mood.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.tag.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.period.currentIndexChanged.connect(lambda _: self._apply_filter())
        self.day_button.clicked.connect(lambda: self.show_day(None))
        self.time.day_chosen.connect(self.show_day)
        self.tabs.currentChanged.connect(lambda _: self._refresh_time())
        self.time.entry_chosen.connect(self.show_entry)
        self.new_button.clicked.connect(self.new_entry)
        self.private_button.clicked.connect(self._show_private_menu)
        self.private_idle = IdleWatcher(PRIVATE_IDLE_MINUTES * 60_000, self)
        self.private_idle.idle.connect(self.close_private_spaces)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.private_space_needed.connect(self.open_private_space)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        # Anywhere in the journal. Text fields keep their own Ctrl+Z and Delete: Qt gives a focused editor
        # first claim on those keys, so these act only when the focus is on the list or a button.
        self.add_shortcuts((
            (QKeySequence.StandardKey.New, self.new_entry),
            (QKeySequence.StandardKey.Find, self._focus_search),
            (QKeySequence("Alt+Down"), lambda: self._step(1)),
            (QKeySequence("Alt+Up"), lambda: self._step(-1)),
            (QKeySequence.StandardKey.Delete, self.delete_current),
            (QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, self.undo_stack.redo),
        ))

    # -- Section ------------------------------------------------------------------------------
    def load(self, session: VaultSession) -> None:
        self.session = session
        info = vault_service.overview(session)
        self.partners = {p.slot: (p.name, p.colour) for p in info.partners}
        self.delegate.partners = self.partners
        self.editor.set_partners(self.partners)
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(self.tr("Both of us"), None)
        for slot, (name, _colour) in sorted(self.partners.items()):
            self.who.addItem(name, slot)
        self.who.blockSignals(False)
        self._reset_tags()
        self.model.attach(session, self._filter())
        self._update_empty_state()
        self.time.load(session, self.partners, refresh=self.tabs.currentWidget() is self.time)

    def stash(self) -> None:
        if not self.editor.flush():  # the lock waits: what is typed must not be lost (MainWindow says why)
            raise SideBySideError(self.tr("An entry in the journal couldn't be saved: {0}").format(
                self.editor.error.text()))
        self.private_idle.disarm()

    def clear(self) -> None:
        self._search_timer.stop()
        self.editor.clear()
        self.model.clear()
        self.undo_stack.clear()  # deleted entries' copies are decrypted text: they go with the lock
        self.search.setText("")
        for combo in (self.who, self.tag):  # partner names and tags are vault content too
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        self.time.clear()
        self.day = None
        self.day_button.setVisible(False)
        self.day_button.setText("")
        self.session = None
        self.partners = {}
        self.delegate.partners = {}

    def on_changes(self, changes: Changes) -> None:
        if changes.journal and self.session is not None:
            self.after_change(select=self.editor.uid)

    def show_day(self, day: date | None) -> None:
        """Show only one day's entries (from the calendar), or all dates again."""
        self.day = day
        self.day_button.setVisible(day is not None)
        if day is not None:
            self.day_button.setText(self.tr("{0}  ✕").format(QLocale().toString(QDate(day.year, day.month, day.day),
                                                                               QLocale.FormatType.ShortFormat)))
        self.tabs.setCurrentWidget(self.left)
        self._apply_filter()

    def show_entry(self, uid: str) -> None:
        """Open an entry (e.g. from "on this day"), clearing filters that would hide it."""
        if self.session is None:
            return
        self.search.setText("")
        for combo in (self.who, self.mood, self.tag, self.period):
            combo.setCurrentIndex(0)
        self.day = None
        self.day_button.setVisible(False)
        self.tabs.setCurrentWidget(self.left)
        self._apply_filter()
        self.editor.show_entry(self.session, uid)
        row = self.model.row_of(uid)
        while row < 0 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
            row = self.model.row_of(uid)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))

    # -- actions ------------------------------------------------------------------------------
    def new_entry(self) -> None:
        if self.session is None or not self.editor.flush():
            return
        if self.editor.is_blank() and self.editor.uid is not None:  # Ctrl+N twice: one empty entry is enough
            self.show_entry(self.editor.uid)
            self.editor.body.setFocus()
            return
        author = self.who.currentData() or 1
        try:
            uid, _ = journal.create_entry(self.session, EntryFields(author=int(author),
                                                                    written_at=datetime.now().astimezone()))
        except SideBySideError as exc:
            prompts.show_error(self, self.tr("New entry"), exc.message)
            return
        self.show_entry(uid)  # with every filter cleared: a new entry is always in the list
        self.editor.body.setFocus()

    def delete_current(self) -> None:
        uid = self.editor.uid
        if self.session is None or uid is None or not self.editor.flush():
            return
        entry = journal.get_entry(self.session, uid)
        if entry.sealed:
            prompts.show_info(self, self.tr("Delete entry"), self.tr(
                "This entry is private. Open its author's private space first to delete it."))
            return
        if not prompts.confirm(self, self.tr("Delete entry"), self.tr(
                "Delete “{0}”? You can undo this with Ctrl+Z until SideBySide locks.").format(
                entry.heading or self.tr("Untitled")), self.tr("Delete")):
            return
        self.undo_stack.push(_DeleteEntry(self, entry))

    def open_private_space(self, slot: int | None = None, change: bool = False, remove: bool = False) -> None:
        if self.session is None:
            return
        from sidebyside.ui.journal.private_space_dialog import PrivateSpaceDialog

        chosen = slot if isinstance(slot, int) and slot in self.partners else (self.who.currentData() or 1)
        kdf = getattr(getattr(self.window(), "context", None), "kdf", None) or KdfParams()
        dialog = PrivateSpaceDialog(self.session, int(chosen), self.partners[int(chosen)][0], kdf, self,
                                    change=change, remove=remove)
        if dialog.exec():
            shown = self.editor.uid
            self.after_change(select=shown)
            if shown is not None and self.session is not None:
                self.editor.show_entry(self.session, shown)  # a sealed entry can be read now (or no longer)
            if self.session is not None and self.session.private_keys:
                self.private_idle.arm()
        dialog.deleteLater()

    def close_private_spaces(self) -> None:
        """Close every open private space (after its own idle time, or by hand)."""
        if self.session is None or not self.session.private_keys:
            return
        if not self.editor.flush():  # not while what is typed can't be saved (the editor says why)
            self.private_idle.arm()
            return
        for slot in list(self.session.private_keys):
            journal.lock_private_space(self.session, slot)
        self.private_idle.disarm()
        shown = self.editor.uid
        self.after_change(select=shown)
        if shown is not None:
            self.editor.show_entry(self.session, shown)

    def _show_private_menu(self) -> None:
        if self.session is None:
            return
        menu = QMenu(self)
        for slot, (partner, _colour) in sorted(self.partners.items()):
            name = mnemonic_safe(partner)
            if not journal.has_private_space(self.session, slot):
                menu.addAction(self.tr("Set up a private space for {0}…").format(name),
                               lambda s=slot: self.open_private_space(s))
                continue
            if slot in self.session.private_keys:
                menu.addAction(self.tr("Close {0}'s private space").format(name), self.close_private_spaces)
            else:
                menu.addAction(self.tr("Open {0}'s private space…").format(name),
                               lambda s=slot: self.open_private_space(s))
            menu.addAction(self.tr("Change {0}'s personal passphrase…").format(name),
                           lambda s=slot: self.open_private_space(s, change=True))
            menu.addAction(self.tr("Remove {0}'s personal passphrase…").format(name),
                           lambda s=slot: self.open_private_space(s, remove=True))
            menu.addSeparator()
        menu.exec(self.private_button.mapToGlobal(self.private_button.rect().bottomLeft()))
        menu.deleteLater()

    def after_change(self, select: str | None = None) -> None:
        """Reload the list (after a save, delete or undo) and keep or set the selection."""
        if self.session is None:
            return
        keep = select or self.editor.uid
        self.model.refresh(keep_depth=True)
        self._update_empty_state()
        self._refresh_time()
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(self.model.index(row),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if self.editor.uid != keep:
                self.editor.show_entry(self.session, keep)
        elif keep and self.editor.uid == keep and select is None:
            pass  # still shown in the editor while a filter hides it from the list
        else:
            self.editor.show_entry(self.session, None)

    def after_delete(self, row: int) -> None:
        """The deleted entry leaves the editor; the one that took its place in the list (or the last) opens."""
        if self.session is None:
            return
        self.editor.show_entry(self.session, None)
        self.model.refresh()
        while row >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        count = self.model.rowCount()
        self.after_change(select=self.model.index(min(row, count - 1)).data(Role.Uid) if row >= 0 and count else None)

    # -- internals ----------------------------------------------------------------------------
    def _filter(self) -> JournalFilter:
        who, mood, tag = self.who.currentData(), self.mood.currentData(), self.tag.currentData()
        days = self.period.currentData()
        flt = JournalFilter(text=self.search.text(), authors=(int(who),) if who else (),
                            moods=(int(mood),) if mood else (), tags=(str(tag),) if tag else (),
                            start=datetime.now().astimezone() - timedelta(days=int(days)) if days else None)
        return journal.day_filter(self.day, flt) if self.day is not None else flt

    def _refresh_time(self) -> None:
        """The calendar, on-this-day and mood chart follow changes, but only while they are shown."""
        if self.session is not None and self.tabs.currentWidget() is self.time:
            self.time.refresh(self.partners)

    def _reset_tags(self) -> None:
        """Only "Any tag" until the list is opened (then _fill_tags counts them)."""
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("Any tag"), None)
        self.tag.blockSignals(False)

    def _fill_tags(self) -> None:
        if self.session is None:
            return
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("Any tag"), None)
        for name, count in journal.all_tags(self.session)[:200]:
            self.tag.addItem(f"#{name} ({count})", name)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)

    def _apply_filter(self) -> None:
        if self.session is None:
            return
        self.editor.flush()
        self.model.set_filter(self._filter())
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self.left.setCurrentWidget(self.list)
        elif self.model.filter.is_empty:
            self.left.setCurrentWidget(self.list_empty)
        else:
            self.left.setCurrentWidget(self.no_match)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.session is None:
            return
        uid = current.data(Role.Uid) if current.isValid() else None
        if uid != self.editor.uid and not self.editor.show_entry(self.session, uid):
            self._select(self.editor.uid)  # the entry being edited couldn't be saved: it stays chosen

    def _on_editor_saved(self, uid: str) -> None:
        if self.model.row_of(uid) >= 0 and self.session is not None:  # its heading, mood and place in the list
            scrolled = self.list.verticalScrollBar().value()
            self.model.refresh(keep_depth=True)
            self._update_empty_state()
            self._select(uid)
            self.list.verticalScrollBar().setValue(scrolled)  # the list stays where it was while someone types

    def _select(self, uid: str | None) -> None:
        """Make ``uid`` the list's current row without opening it again (it is in the editor already)."""
        row = self.model.row_of(uid) if uid else -1
        if row >= 0:
            self.list.selectionModel().blockSignals(True)
            self.list.selectionModel().setCurrentIndex(self.model.index(row),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.selectionModel().blockSignals(False)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _step(self, delta: int) -> None:
        current = self.list.currentIndex().row()
        target = max(0, min(self.model.rowCount() - 1, current + delta))
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(target))
