"""Both partners' buttons as a table: partner 1 | what they share | partner 2, one row per pairing."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from sidebyside.core.domain.buttons import Button, SideBySideRow
from sidebyside.ui.models.journal_list_model import Index
from sidebyside.ui.models.rows_model import RowsTableModel
from sidebyside.ui.widgets.labels import rich_lines

LEFT, MIDDLE, RIGHT = 0, 1, 2


class ButtonRole(IntEnum):
    Button = Qt.ItemDataRole.UserRole + 10
    Shared = Qt.ItemDataRole.UserRole + 11


class ButtonsTableModel(RowsTableModel[SideBySideRow]):
    columns = 3

    def button_at(self, index: Index) -> Button | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        return row.left if index.column() == LEFT else row.right if index.column() == RIGHT else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() == MIDDLE:
            if role == ButtonRole.Shared:
                return row.shared
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return {"topic": self.tr("same topic"), "category": self.tr("same area")}.get(row.shared, "")
            return None
        button = self.button_at(index)
        if button is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return button.fields.topic
        if role == ButtonRole.Button:
            return button
        if role == Qt.ItemDataRole.ToolTipRole:  # escaped: Qt reads tooltips that look like HTML as HTML
            return (f"<p>{self.tr('What helps:')} {rich_lines(button.fields.helps)}</p>" if button.fields.helps
                    else None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.names.get(button.fields.owner, '')}: {button.fields.topic}, heat {button.fields.heat} of 5"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {LEFT: self.names.get(1, ""), MIDDLE: "", RIGHT: self.names.get(2, "")}.get(section)

    def index_of(self, uid: str) -> QModelIndex:
        for r, row in enumerate(self._rows):
            for column, button in ((LEFT, row.left), (RIGHT, row.right)):
                if button is not None and button.uid == uid:
                    return self.index(r, column)
        return QModelIndex()
