"""A short, fully loaded list of entry summaries (e.g. "on this day"), drawn by the journal's delegate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from sidebyside.core.domain.journal import EntrySummary
from sidebyside.ui.models.journal_list_model import Index, summary_data


class SummaryListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EntrySummary] = []

    def set_rows(self, rows: list[EntrySummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return summary_data(self._rows[index.row()], role)
