"""Paints a button as a small card: topic, heat as dots in the partner's colour, its area. Plain text only."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sidebyside.core.domain.buttons import Button
from sidebyside.ui.models.buttons_table_model import MIDDLE, ButtonRole
from sidebyside.ui.models.journal_list_model import Index


class ButtonDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours: dict[int, str] = {}
        self.areas: dict[str, str] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(line * (6 if index.column() == MIDDLE else 14), int(line * 3.4))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        palette = option.palette
        line = QFontMetrics(option.font).height()
        if index.column() == MIDDLE:
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            painter.setPen(palette.placeholderText().color())
            painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
            return
        button = index.data(ButtonRole.Button)
        if not isinstance(button, Button):
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        card = option.rect.adjusted(line // 4, line // 6, -line // 4, -line // 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.highlight() if selected else palette.base())
        painter.drawRoundedRect(card, line / 3, line / 3)
        colour = QColor(self.colours.get(button.fields.owner, "#888888"))
        painter.setBrush(colour)
        painter.drawRoundedRect(QRect(card.left(), card.top(), max(4, line // 4), card.height()), 2, 2)
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        left, width = card.left() + line, card.width() - line * 1.4
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        topic = QFontMetrics(bold).elidedText(button.fields.topic, Qt.TextElideMode.ElideRight, int(width))
        painter.drawText(QRect(left, card.top() + line // 5, int(width), line), Qt.AlignmentFlag.AlignVCenter, topic)
        for i in range(5):  # heat: filled dots in the partner's colour
            painter.setPen(QColor(colour).darker(120))
            painter.setBrush(colour if i < button.fields.heat else Qt.BrushStyle.NoBrush)
            centre = QPointF(left + line * 0.35 + i * line * 0.8, card.top() + line * 1.75)
            painter.drawEllipse(centre, line / 4, line / 4)
        painter.setFont(option.font)
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        painter.setPen(muted)
        facts = [self.areas.get(button.fields.category, button.fields.category)]
        if button.fields.draft:
            facts.append(self.tr("private draft"))
        if button.archived:
            facts.append(self.tr("archived"))
        painter.drawText(QRect(int(left + line * 4.4), int(card.top() + line * 1.25), int(width - line * 4.4), line),
                         Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(option.font).elidedText(" · ".join(facts), Qt.TextElideMode.ElideRight,
                                                              int(width - line * 4.4)))
        painter.restore()
