"""Editing one entry. Every change is saved (debounced) into the encrypted vault; nothing waits for a Save.

The body is Markdown typed as plain text; the format buttons only insert Markdown marks, so what is
stored is exactly what is shown.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sidebyside.core.domain.journal import Entry, EntryFields, Link
from sidebyside.core.errors import SideBySideError
from sidebyside.core.services import buttons, journal
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.journal.entry_delegate import mood_words
from sidebyside.ui.widgets.empty_state import EmptyState
from sidebyside.ui.widgets.labels import plain_label

SAVE_AFTER_MS = 600


class EntryEditor(QWidget):
    saved = Signal(str)  # uid
    private_space_needed = Signal(int)  # slot whose space must be opened first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = None
        self._entry: Entry | None = None
        self._loading = False
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)

        self.pages = QStackedWidget(self)
        self.nothing = EmptyState(self.tr("No entry chosen"), self.tr(
            "Choose an entry on the left, or start a new one with Ctrl+N."), self)
        self.sealed_note = EmptyState(self.tr("This entry is private"), "", self)
        form_page = QWidget(self)
        self.author = QComboBox(form_page)
        self.author.setAccessibleName(self.tr("Written by"))
        self.written = QDateTimeEdit(form_page)
        self.written.setCalendarPopup(True)
        self.written.setAccessibleName(self.tr("Date and time"))
        self.title = QLineEdit(form_page)
        self.title.setPlaceholderText(self.tr("Title (optional)"))
        self.title.setAccessibleName(self.tr("Title"))
        self.mood = QComboBox(form_page)
        self.mood.setAccessibleName(self.tr("Mood"))
        self.mood.addItem(self.tr("No mood"), None)
        for value, word in mood_words(self).items():
            self.mood.addItem(f"{value} · {word}", value)
        self.tags = QLineEdit(form_page)
        self.tags.setPlaceholderText(self.tr("Tags, separated by commas"))
        self.tags.setAccessibleName(self.tr("Tags"))
        self.private = QCheckBox(self.tr("&Private to me"), form_page)
        self.private.setToolTip(self.tr("Sealed with your personal passphrase: your partner can't read it."))
        self.body = QPlainTextEdit(form_page)
        self.body.setAccessibleName(self.tr("Entry text"))
        self.body.setPlaceholderText(self.tr("Write what happened and how it felt. Take your time."))
        self.links_button = QToolButton(form_page)
        self.links_button.setText(self.tr("&Link…"))
        self.links_button.setToolTip(self.tr("Link this entry to buttons from your map, or to a conversation"))
        self.links_button.clicked.connect(self._on_links_button_clicked)
        self.links_label = plain_label("", "muted", form_page)
        self._links: tuple[Link, ...] = ()
        self.status = plain_label("", "muted", form_page)
        self.error = plain_label("", "error", form_page)

        bar = QHBoxLayout()
        for label, tip, keys, action in (
            ("B", self.tr("Bold (Ctrl+B)"), "Ctrl+B", lambda: self._wrap("**")),
            ("I", self.tr("Italic (Ctrl+I)"), "Ctrl+I", lambda: self._wrap("*")),
            ("H", self.tr("Heading (Ctrl+Shift+H)"), "Ctrl+Shift+H", lambda: self._prefix_lines("## ")),
            ("•", self.tr("List (Ctrl+Shift+L)"), "Ctrl+Shift+L", lambda: self._prefix_lines("- ")),
        ):
            button = QToolButton(form_page)
            button.setText(label)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(action)
            bar.addWidget(button)
            in_text = QAction(self.body)  # the keys format the text only while typing in it, not from the title
            in_text.setShortcut(QKeySequence(keys))
            in_text.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            in_text.triggered.connect(action)
            self.body.addAction(in_text)
        self.pin = QToolButton(form_page)
        self.pin.setText(self.tr("Pin"))
        self.pin.setCheckable(True)
        self.pin.setToolTip(self.tr("Keep this entry at the top of the list"))
        self.pin.setAccessibleName(self.tr("Pin to the top"))
        self.pin.toggled.connect(self._on_pin_toggled)
        bar.addWidget(self.pin)
        bar.addStretch(1)
        bar.addWidget(self.status)

        top = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.author)
        row.addWidget(self.written)
        row.addWidget(self.mood)
        row.addStretch(1)
        row.addWidget(self.private)
        top.addRow(row)
        top.addRow(self.title)
        top.addRow(self.tags)
        links_row = QHBoxLayout()
        links_row.addWidget(self.links_button)
        links_row.addWidget(self.links_label, 1)
        top.addRow(links_row)
        layout = QVBoxLayout(form_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        for page in (self.nothing, self.sealed_note, form_page):
            self.pages.addWidget(page)
        self.form_page = form_page
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        for signal in (self.title.textChanged, self.tags.textChanged, self.body.textChanged,
                       self.written.dateTimeChanged, self.mood.currentIndexChanged, self.author.currentIndexChanged):
            signal.connect(self._on_changed)
        self.private.toggled.connect(self._on_private_toggled)

    # -- binding ------------------------------------------------------------------------------
    def set_partners(self, partners: dict[int, tuple[str, str]]) -> None:
        self._loading = True
        self.author.clear()
        for slot, (name, _colour) in sorted(partners.items()):
            self.author.addItem(name, slot)
        self._loading = False

    def show_entry(self, session: VaultSession, uid: str | None) -> bool:
        """Show ``uid`` (saving the one shown before), or nothing. False, and the entry shown stays with what was
        typed in it, when that couldn't be saved (the reason is shown)."""
        if not self.flush():
            return False
        self._session = session
        self._entry = journal.get_entry(session, uid) if uid else None
        self.error.clear()
        if self._entry is None or self._entry.sealed:
            self._blank_form()  # hidden text is still text: a closed private entry leaves none behind
        if self._entry is None:
            self.pages.setCurrentWidget(self.nothing)
            return True
        if self._entry.sealed:
            name = self.author.itemText(max(0, self.author.findData(self._entry.fields.author)))
            self.sealed_note.body.setText(self.tr(
                "Only {0} can read it, with their personal passphrase. Use “Private space…” above to open it.")
                .format(name))
            self.pages.setCurrentWidget(self.sealed_note)
            return True
        self._load(self._entry)
        self.pages.setCurrentWidget(self.form_page)
        return True

    def _load(self, entry: Entry) -> None:
        f = entry.fields
        self._loading = True
        self.author.setCurrentIndex(max(0, self.author.findData(f.author)))
        self.written.setDateTime(QDateTime(f.written_at.astimezone().replace(tzinfo=None)))
        self.title.setText(f.title)
        self.mood.setCurrentIndex(max(0, self.mood.findData(f.mood)))
        self.tags.setText(", ".join(f.tags))
        self.private.setChecked(f.private)
        self.pin.setChecked(f.pinned)
        self._links = f.links
        self._show_links()
        self.body.setPlainText(f.body)
        self.body.document().clearUndoRedoStacks()
        self._loading = False
        self._dirty = False
        self.status.setText(self.tr("Saved"))

    @property
    def uid(self) -> str | None:
        return self._entry.uid if self._entry is not None else None

    def is_blank(self) -> bool:
        """An entry is open with nothing in it yet (no title, text, tags or links)."""
        return (self._entry is not None and not self._entry.sealed and self.pages.currentWidget() is self.form_page
                and not (self.title.text().strip() or self.body.toPlainText().strip() or self.tags.text().strip()
                         or self._links))

    # -- saving -------------------------------------------------------------------------------
    def _on_changed(self, *_: object) -> None:
        if self._loading or self._entry is None:
            return
        self._dirty = True
        self.status.setText(self.tr("Saving…"))
        self._timer.start()

    def _button_topics(self) -> dict[str, str]:
        if self._session is None:
            return {}
        names = {self.author.itemData(i): self.author.itemText(i) for i in range(self.author.count())}
        return {b.uid: f"{names.get(b.fields.owner, '?')} · {b.fields.topic}"
                for b in buttons.list_buttons(self._session, include_archived=True)}

    def _conversation_titles(self) -> dict[str, str]:
        if self._session is None:
            return {}
        from PySide6.QtCore import QLocale

        from sidebyside.core.services import conversations

        locale = QLocale()
        return {c.uid: self.tr("Conversation of {0}: {1}").format(
                    locale.toString(c.created_at.astimezone().date(), QLocale.FormatType.ShortFormat),
                    (c.topic[:60] + "…") if len(c.topic) > 60 else (c.topic or self.tr("no topic")))
                for c in conversations.list_conversations(self._session)}

    def _show_links(self) -> None:
        topics, talks = self._button_topics(), self._conversation_titles()
        linked = [topics[link.target] for link in self._links if link.kind == "button" and link.target in topics]
        linked += [talks[link.target] for link in self._links if link.kind == "conversation" and link.target in talks]
        self.links_label.setText(", ".join(linked) if linked else self.tr("No links"))

    def _on_links_button_clicked(self) -> None:
        topics, talks = self._button_topics(), self._conversation_titles()
        menu = QMenu(self)
        menu.addSection(self.tr("Buttons"))
        if not topics:
            menu.addAction(self.tr("No buttons yet: add them in the Buttons section")).setEnabled(False)
        linked = {(link.kind, link.target) for link in self._links}
        for kind, choices in (("button", sorted(topics.items(), key=lambda item: item[1].casefold())),
                              ("conversation", list(talks.items()))):
            if kind == "conversation":
                menu.addSection(self.tr("Conversations"))
                if not choices:
                    menu.addAction(self.tr("No conversations yet")).setEnabled(False)
            for uid, label in choices:
                action = menu.addAction(label.replace("&", "&&"))
                action.setCheckable(True)
                action.setChecked((kind, uid) in linked)
                action.toggled.connect(lambda on, k=kind, u=uid: self.set_link(k, u, on))
        menu.exec(self.links_button.mapToGlobal(self.links_button.rect().bottomLeft()))
        menu.deleteLater()

    def set_button_link(self, uid: str, linked: bool) -> None:
        self.set_link("button", uid, linked)

    def set_link(self, kind: str, uid: str, linked: bool) -> None:
        others = tuple(link for link in self._links if not (link.kind == kind and link.target == uid))
        self._links = (*others, Link(kind, uid)) if linked else others
        self._show_links()
        self._on_changed()

    def _on_pin_toggled(self, on: bool) -> None:
        if self._loading or self._entry is None or self._session is None:
            return
        self.flush()
        try:
            journal.set_pinned(self._session, self._entry.uid, on)
        except SideBySideError as exc:
            self.error.setText(exc.message)
            return
        self._entry = journal.get_entry(self._session, self._entry.uid)
        self.saved.emit(self._entry.uid)

    def _on_private_toggled(self, on: bool) -> None:
        if self._loading or self._entry is None or self._session is None:
            return
        slot = self.author.currentData()
        if on and slot not in self._session.private_keys:
            self._loading = True
            self.private.setChecked(False)
            self._loading = False
            self.private_space_needed.emit(int(slot))
            return
        self._on_changed()

    def current_fields(self) -> EntryFields:
        assert self._entry is not None
        written: datetime = self.written.dateTime().toPython().astimezone()  # type: ignore[assignment]
        tags = tuple(t for t in (part.strip() for part in self.tags.text().split(",")) if t)
        return EntryFields(author=int(self.author.currentData()), written_at=written, title=self.title.text(),
                           body=self.body.toPlainText(), mood=self.mood.currentData(), tags=tags,
                           pinned=self._entry.fields.pinned, private=self.private.isChecked(),
                           links=self._links)

    def flush(self) -> bool:
        """Save now if anything changed (called before lock, on switching entries, and by the timer). False when
        it couldn't be saved: the text stays in the editor with the reason shown, and nobody may move away
        from it (switching entries, locking) until it is fixed; the next change tries again."""
        self._timer.stop()
        if not self._dirty or self._entry is None or self._session is None or not self._session.is_open:
            return True
        try:
            journal.update_entry(self._session, self._entry.uid, self.current_fields())
        except SideBySideError as exc:
            self.error.setText(exc.message)
            self.status.setText(self.tr("Not saved"))
            return False
        self._dirty = False
        self.error.clear()
        self.status.setText(self.tr("Saved"))
        self.saved.emit(self._entry.uid)
        return True

    def _blank_form(self) -> None:
        self._timer.stop()
        self._loading = True
        for edit in (self.title, self.tags):
            edit.setText("")
        self.body.setPlainText("")
        self.body.document().clearUndoRedoStacks()
        self.links_label.clear()  # button topics are vault content too
        self._links = ()
        self._loading = False
        self._dirty = False

    def clear(self) -> None:
        """Drop every piece of text (lock). Call flush() first."""
        self._blank_form()
        self._loading = True
        self.sealed_note.body.clear()
        self.author.clear()
        self._loading = False
        self._entry = None
        self._session = None
        self._dirty = False
        self.pages.setCurrentWidget(self.nothing)

    # -- Markdown marks -------------------------------------------------------------------------
    def _wrap(self, mark: str) -> None:
        cursor = self.body.textCursor()
        selected = cursor.selectedText()
        cursor.insertText(f"{mark}{selected}{mark}")
        if not selected:
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(mark))
            self.body.setTextCursor(cursor)
        self.body.setFocus()

    def _prefix_lines(self, prefix: str) -> None:
        cursor = self.body.textCursor()
        start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        while True:
            cursor.insertText(prefix)
            end += len(prefix)
            if not cursor.movePosition(QTextCursor.MoveOperation.NextBlock) or cursor.position() > end:
                break
        cursor.endEditBlock()
        self.body.setFocus()
