"""A table over a plain list of rows plus the partners' names: what our table models share."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex

from sidebyside.ui.models.journal_list_model import Index

Row = TypeVar("Row")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    #: How many columns the table has (subclasses set it).
    columns = 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self.names: dict[int, str] = {}

    def set_rows(self, rows: list[Row], names: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows, self.names = list(rows), dict(names)
        self.endResetModel()

    def clear(self) -> None:
        """Lock: no row and no name stays behind."""
        self.set_rows([], {})

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None
