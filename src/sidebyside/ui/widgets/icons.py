"""Small icons drawn in code, in the palette's text colour, so they suit light and dark themes.

The eye is on the lock screen, so it is drawn with calls that have no overload taking a ``Qt``-namespace value
(``strokePath`` and ``fillPath`` with a pen and its brush, where ``setPen`` and ``setBrush`` have such overloads):
see ui/qt_names.py.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap


def eye_icon(colour: QColor, crossed: bool = False, size: int = 48) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    s = float(size)
    pen = QPen()
    pen.setColor(colour)
    pen.setWidthF(s / 14)
    outline = QPainterPath(QPointF(s * 0.08, s * 0.5))
    outline.quadTo(QPointF(s * 0.5, s * 0.1), QPointF(s * 0.92, s * 0.5))
    outline.quadTo(QPointF(s * 0.5, s * 0.9), QPointF(s * 0.08, s * 0.5))
    if crossed:
        outline.moveTo(QPointF(s * 0.15, s * 0.85))
        outline.lineTo(QPointF(s * 0.85, s * 0.15))
    pupil = QPainterPath()
    d = s * 0.24 + pen.widthF()  # (the size of a pupil drawn with this pen round it)
    pupil.addEllipse(QRectF((s - d) / 2, (s - d) / 2, d, d))
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.strokePath(outline, pen)
    p.fillPath(pupil, pen.brush())
    p.end()
    return QIcon(pixmap)


def colour_dot(colour: str, size: int) -> QPixmap:
    """A filled circle in a partner's colour (next to their name)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return pixmap
