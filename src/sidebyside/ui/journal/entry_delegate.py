"""Paints one journal row: the author's colour, the heading (matches highlighted), date, mood and tags.

Everything is drawn as plain text with QPainter: no rich text, so nothing typed can become markup.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sidebyside.core.domain.journal import EntrySummary
from sidebyside.ui.models.journal_list_model import Index, Role


def mood_words(owner: QStyledItemDelegate | QWidget) -> dict[int, str]:
    return {1: owner.tr("very low"), 2: owner.tr("low"), 3: owner.tr("okay"), 4: owner.tr("good"),
            5: owner.tr("very good")}


PIN = "📌 "  # before a pinned entry's heading (2 characters: the pin and a space)

class EntryDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partners: dict[int, tuple[str, str]] = {}  # slot -> (name, colour)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(option.rect.width(), int(line * 3.4))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary = index.data(Role.Summary)
        if not isinstance(summary, EntrySummary):
            return
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, palette.highlight())
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        line = QFontMetrics(option.font).height()
        pad = line // 2
        name, colour = self.partners.get(summary.author, ("?", "#888888"))
        painter.fillRect(QRect(option.rect.left(), option.rect.top() + pad // 2, max(4, line // 4),
                               option.rect.height() - pad), QColor(colour))
        left = option.rect.left() + line
        width = option.rect.width() - line - pad

        heading_font = QFont(option.font)
        heading_font.setBold(True)
        heading = summary.heading if not summary.sealed else self.tr("Private entry by {0}").format(name)
        if not heading:
            heading = self.tr("Untitled")
        if summary.pinned:
            heading = PIN + heading
        painter.setFont(heading_font)
        heading_rect = QRect(left, option.rect.top() + pad // 2, width, line)
        self._draw_highlighted(painter, heading_rect, heading, index.data(Role.Highlights) or [],
                               text_colour, palette.highlight().color(), summary.pinned)

        painter.setFont(option.font)
        painter.setPen(muted)
        when = QLocale().toString(summary.written_at.replace(tzinfo=None), QLocale.FormatType.ShortFormat)
        facts = [when, name]
        if summary.mood:
            facts.append(self.tr("mood: {0}").format(mood_words(self).get(summary.mood, summary.mood)))
        if summary.private:
            facts.append(self.tr("private"))
        painter.drawText(QRect(left, heading_rect.bottom() + 2, width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(option.font).elidedText("  ·  ".join(facts), Qt.TextElideMode.ElideRight, width))
        found = index.data(Role.Snippet)
        if found:
            text, spans = found
            self._draw_highlighted(painter, QRect(left, heading_rect.bottom() + 2 + line, width, line), text, spans,
                                   muted, palette.highlight().color(), False)
        elif summary.tags and not summary.sealed:
            tags = "  ".join(f"#{t}" for t in summary.tags)
            elided = QFontMetrics(option.font).elidedText(tags, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(left, heading_rect.bottom() + 2 + line, width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    @staticmethod
    def _draw_highlighted(painter: QPainter, rect: QRect, text: str, spans: list[tuple[int, int]], colour: QColor,
                          mark: QColor, pinned: bool) -> None:
        metrics = painter.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        offset = len(PIN) if pinned and text.startswith(PIN) else 0  # spans count from the heading's first letter
        mark_colour = QColor(mark)
        mark_colour.setAlphaF(0.35)
        for start, end in spans:
            a, b = start + offset, end + offset
            if a >= len(shown):
                continue
            x = metrics.horizontalAdvance(shown[:a])
            w = metrics.horizontalAdvance(shown[a:min(b, len(shown))])
            painter.fillRect(QRect(rect.left() + x, rect.top(), w, rect.height()), mark_colour)
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
