"""Small icons drawn in code, in the palette's text colour, so they suit light and dark themes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap


def eye_icon(colour: QColor, crossed: bool = False, size: int = 48) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, size / 14)
    p.setPen(pen)
    s = float(size)
    outline = QPainterPath(QPointF(s * 0.08, s * 0.5))
    outline.quadTo(QPointF(s * 0.5, s * 0.1), QPointF(s * 0.92, s * 0.5))
    outline.quadTo(QPointF(s * 0.5, s * 0.9), QPointF(s * 0.08, s * 0.5))
    p.drawPath(outline)
    p.setBrush(colour)
    p.drawEllipse(QRectF(s * 0.38, s * 0.38, s * 0.24, s * 0.24))
    if crossed:
        p.drawLine(QPointF(s * 0.15, s * 0.85), QPointF(s * 0.85, s * 0.15))
    p.end()
    return QIcon(pixmap)


def colour_dot(colour: str, size: int) -> QPixmap:
    """A filled circle in a partner's colour (next to their name)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return pixmap
