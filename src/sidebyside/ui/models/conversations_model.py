"""The Conversations list: when, how far, who spoke, and what about."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt

from sidebyside.core.domain.conversation import Status
from sidebyside.core.services.conversations import ConversationSummary
from sidebyside.ui.models.journal_list_model import Index
from sidebyside.ui.models.rows_model import RowsTableModel
from sidebyside.ui.widgets.labels import plain_tooltip

STARTED, STATUS, SPEAKERS, TOPIC = range(4)
UID_ROLE = Qt.ItemDataRole.UserRole + 20


class ConversationsModel(RowsTableModel[ConversationSummary]):
    columns = 4

    def summary_at(self, row: int) -> ConversationSummary | None:
        return self.row_at(row)

    def row_of(self, uid: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.uid == uid), -1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Started"), self.tr("Status"), self.tr("Who spoke"), self.tr("About"))[section]
        return None

    def status_text(self, summary: ConversationSummary) -> str:
        if summary.status is Status.FINISHED:
            return self.tr("Finished")
        if summary.status is Status.PAUSED and summary.break_until:
            until = QDateTime.fromString(summary.break_until[:16], "yyyy-MM-ddTHH:mm")
            return self.tr("On a break until {0}").format(QLocale().toString(until, QLocale.FormatType.ShortFormat))
        return self.tr("In progress")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary = self.summary_at(index.row()) if index.isValid() else None
        if summary is None:
            return None
        if role == UID_ROLE:
            return summary.uid
        if role == Qt.ItemDataRole.ToolTipRole:  # Qt reads a tooltip that looks like HTML as HTML: escape it
            return plain_tooltip(self.data(index, Qt.ItemDataRole.AccessibleTextRole)) or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == STARTED:
            started = QDateTime(summary.created_at.astimezone())
            return QLocale().toString(started, QLocale.FormatType.ShortFormat)
        if column == STATUS:
            return self.status_text(summary)
        if column == SPEAKERS:
            return ", ".join(self.names.get(s, "?") for s in summary.speakers) or self.tr("Nobody yet")
        text = " ".join(summary.topic.split())
        if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
            text = text[:119] + "…"
        return text or self.tr("(no topic yet)")
