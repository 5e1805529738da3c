"""Mood over time: one line per partner, in their colour, drawn with QPainter (no chart library)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sidebyside.core.domain.journal import MoodPoint


class MoodChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[MoodPoint] = []
        self.partners: dict[int, tuple[str, str]] = {}
        self.start = date.today() - timedelta(days=89)
        self.end = date.today()
        self.setMinimumHeight(self.fontMetrics().height() * 11)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Mood over time"))

    def set_data(self, points: list[MoodPoint], partners: dict[int, tuple[str, str]], start: date, end: date) -> None:
        self.points, self.partners, self.start, self.end = points, partners, start, end
        self.setAccessibleDescription(self._describe())
        self.update()

    def clear(self) -> None:
        self.points, self.partners = [], {}
        self.setAccessibleDescription("")
        self.update()

    def _describe(self) -> str:
        parts = []
        for slot, (name, _colour) in sorted(self.partners.items()):
            moods = [p.mood for p in self.points if p.author == slot]
            if moods:
                parts.append(self.tr("{0}: average {1:.1f} of 5 over {2} days with a mood").format(
                    name, sum(moods) / len(moods), len(moods)))
        return "; ".join(parts) or self.tr("No moods recorded in this period.")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        area = QRectF(line * 1.6, line * 0.6, self.width() - line * 2.2, self.height() - line * 3.4)
        grid = QColor(self.palette().mid().color())
        text = self.palette().text().color()
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for mood in range(1, 6):
            y = area.bottom() - (mood - 1) / 4 * area.height()
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - line / 2, area.left() - 4, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(mood))
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        days = max(1, (self.end - self.start).days)
        painter.setPen(text)
        painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width() / 2, line),
                         Qt.AlignmentFlag.AlignLeft, self.start.isoformat())
        painter.drawText(QRectF(area.center().x(), area.bottom() + 4, area.width() / 2, line),
                         Qt.AlignmentFlag.AlignRight, self.end.isoformat())
        if not self.points:
            painter.drawText(area.adjusted(line, 0, 0, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("No moods yet. Pick a mood when you write an entry."))
            return
        for slot, (_name, colour) in sorted(self.partners.items()):
            series = [p for p in self.points if p.author == slot]
            if not series:
                continue
            path = QPainterPath()
            for i, p in enumerate(series):
                x = area.left() + (date.fromisoformat(p.day) - self.start).days / days * area.width()
                y = area.bottom() - (p.mood - 1) / 4 * area.height()
                if i == 0:
                    path.moveTo(x, y)
                else:
                    path.lineTo(x, y)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
                painter.drawEllipse(QPointF(x, y), line / 6, line / 6)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(colour), max(2.0, line / 8)))
            painter.drawPath(path)
        legend_x = area.left()
        legend_y = area.bottom() + line * 1.6
        for _slot, (name, colour) in sorted(self.partners.items()):
            painter.setPen(QPen(QColor(colour), max(2.0, line / 8)))
            painter.drawLine(QPointF(legend_x, legend_y), QPointF(legend_x + line, legend_y))
            painter.setPen(text)
            label = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, line * 8)
            painter.drawText(QPointF(legend_x + line * 1.3, legend_y + line / 3), label)
            legend_x += line * 10
