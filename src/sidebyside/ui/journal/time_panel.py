"""Time in the journal: a calendar to jump to a day, "on this day" in earlier years, mood over time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QListView, QVBoxLayout, QWidget

from sidebyside.core.services import journal
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.journal.entry_delegate import EntryDelegate
from sidebyside.ui.journal.mood_chart import MoodChart
from sidebyside.ui.models.journal_list_model import Role
from sidebyside.ui.models.summary_list_model import SummaryListModel
from sidebyside.ui.widgets.labels import plain_label

MOOD_DAYS = 90


class TimePanel(QWidget):
    day_chosen = Signal(object)  # datetime.date
    entry_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = None
        self._marked: list[QDate] = []
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setAccessibleName(self.tr("Calendar: days with entries are bold"))
        self.on_this_day_label = plain_label(self.tr("On this day"), "subtitle", self)
        self.on_this_day = QListView(self)
        self.on_this_day_model = SummaryListModel(self)
        self.on_this_day.setModel(self.on_this_day_model)
        self.delegate = EntryDelegate(self)
        self.on_this_day.setItemDelegate(self.delegate)
        self.on_this_day.setAccessibleName(self.tr("Entries from this day in earlier years"))
        self.on_this_day_empty = plain_label(self.tr("Nothing from this day in earlier years yet."), "muted", self)
        self.mood_label = plain_label(self.tr("Mood, the last {0} days").format(MOOD_DAYS), "subtitle", self)
        self.mood = MoodChart(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(self.on_this_day_label)
        layout.addWidget(self.on_this_day, 1)
        layout.addWidget(self.on_this_day_empty)
        layout.addWidget(self.mood_label)
        layout.addWidget(self.mood)
        self.calendar.clicked.connect(lambda qd: self.day_chosen.emit(qd.toPython()))
        self.calendar.currentPageChanged.connect(lambda *_: self._mark_month())
        self.on_this_day.activated.connect(lambda index: self.entry_chosen.emit(index.data(Role.Uid)))
        self.on_this_day.clicked.connect(lambda index: self.entry_chosen.emit(index.data(Role.Uid)))

    def load(self, session: VaultSession, partners: dict[int, tuple[str, str]], refresh: bool = True) -> None:
        """Attach to the vault; ``refresh=False`` defers the queries until the panel is shown."""
        self._session = session
        self.delegate.partners = partners
        if refresh:
            self.refresh(partners)

    def refresh(self, partners: dict[int, tuple[str, str]]) -> None:
        if self._session is None:
            return
        today = date.today()
        self.on_this_day_model.set_rows(journal.on_this_day(self._session, today))
        has_rows = self.on_this_day_model.rowCount() > 0
        self.on_this_day.setVisible(has_rows)
        self.on_this_day_empty.setVisible(not has_rows)
        start = today - timedelta(days=MOOD_DAYS - 1)
        points = journal.mood_series(self._session, datetime.combine(start, datetime.min.time()).astimezone(),
                                     datetime.combine(today + timedelta(days=1), datetime.min.time()).astimezone())
        self.mood.set_data(points, partners, start, today)
        self._mark_month()

    def _mark_month(self) -> None:
        for qdate in self._marked:
            self.calendar.setDateTextFormat(qdate, QTextCharFormat())
        self._marked = []
        if self._session is None:
            return
        first = date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setForeground(self.palette().link())
        for day in journal.days_with_entries(self._session, first, last):
            qdate = QDate(day.year, day.month, day.day)
            self.calendar.setDateTextFormat(qdate, bold)
            self._marked.append(qdate)

    def clear(self) -> None:
        self._session = None
        self.on_this_day_model.set_rows([])
        self.delegate.partners = {}
        self.mood.clear()
        for qdate in self._marked:
            self.calendar.setDateTextFormat(qdate, QTextCharFormat())
        self._marked = []
