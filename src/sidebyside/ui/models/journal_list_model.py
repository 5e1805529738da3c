"""The journal list as a lazily fetched model: a page at a time, never 100,000 rows at once."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from sidebyside.core.domain.journal import EntrySummary, JournalFilter
from sidebyside.core.services import journal
from sidebyside.core.services.vault_service import VaultSession

PAGE = 100
Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    Summary = Qt.ItemDataRole.UserRole + 1
    Uid = Qt.ItemDataRole.UserRole + 2
    Highlights = Qt.ItemDataRole.UserRole + 3
    Snippet = Qt.ItemDataRole.UserRole + 4  # (text, spans) around the first match, while searching


def summary_data(row: EntrySummary, role: int) -> Any:
    """What any list of entry summaries answers for the roles they share."""
    if role == Qt.ItemDataRole.DisplayRole:
        return row.heading
    if role == Role.Summary:
        return row
    if role == Role.Uid:
        return row.uid
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return row.heading or "Private entry"
    return None


class JournalListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = None
        self._filter = JournalFilter()
        self._rows: list[EntrySummary] = []
        self._snippets: dict[str, tuple[str, list[tuple[int, int]]]] = {}  # computed once per row, not per paint
        self._exhausted = True

    # -- feeding ------------------------------------------------------------------------------
    def attach(self, session: VaultSession, flt: JournalFilter | None = None) -> None:
        self._session = session
        if flt is not None:
            self._filter = flt
        self.refresh()

    def set_filter(self, flt: JournalFilter) -> None:
        self._filter = flt
        self.refresh()

    @property
    def filter(self) -> JournalFilter:
        return self._filter

    def refresh(self, *, keep_depth: bool = False) -> None:
        """Start again from the first page (after a change or a new filter). ``keep_depth`` loads as many rows
        as were loaded before, so a row far down keeps its place (e.g. while it is being edited)."""
        depth = len(self._rows) if keep_depth else 0
        self.beginResetModel()
        self._rows = []
        self._snippets = {}
        self._exhausted = self._session is None
        self.endResetModel()
        if self._session is not None:
            self.fetchMore(QModelIndex())
            while len(self._rows) < depth and self.canFetchMore(QModelIndex()):
                self.fetchMore(QModelIndex())

    def clear(self) -> None:
        """Forget every row and the session (lock)."""
        self.beginResetModel()
        self._rows = []
        self._snippets = {}
        self._session = None
        self._exhausted = True
        self.endResetModel()

    # -- Qt model API -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._session is None or self._exhausted:
            return
        after = journal.cursor_after(self._rows[-1]) if self._rows else None
        page = journal.list_entries(self._session, self._filter, after, PAGE)
        if len(page) < PAGE:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Role.Highlights:
            return journal.highlights(row.heading, self._filter.text) if self._filter.text else []
        if role == Role.Snippet:
            if not self._filter.text.strip() or row.sealed:
                return None
            if row.uid not in self._snippets:
                text = journal.snippet(row.snippet, self._filter.text, 200)
                self._snippets[row.uid] = (text, journal.highlights(text, self._filter.text))
            return self._snippets[row.uid]
        return summary_data(row, role)

    def row_of(self, uid: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.uid == uid), -1)

    def summary(self, row: int) -> EntrySummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None
