"""The buttons map as a picture: each button a circle sized by heat in its partner's colour, grouped by
topic area (one band each), the two partners on either side and the topics both share in the middle.

Text is drawn as plain text; tooltips escape what a person typed (Qt would otherwise read it as HTML).
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from sidebyside.core.domain.buttons import Button, topic_key
from sidebyside.core.services.transfer import write_unencrypted
from sidebyside.ui.widgets.labels import rich_lines

BASE = 28.0  # diameter of a heat-1 circle, in scene units
GAP = 14.0
SIDE_WIDTH = 460.0
MIDDLE_WIDTH = 220.0


def diameter(heat: int) -> float:
    return BASE * (0.7 + 0.35 * heat)


def tooltip(button: Button, owner_name: str) -> str:
    """Rich text built only from escaped pieces: nothing typed can become markup."""
    f = button.fields
    parts = [f"<b>{html.escape(f.topic)}</b> — {html.escape(owner_name)}, {f.heat} of 5"]
    if f.helps:
        parts.append(f"What helps: {rich_lines(f.helps)}")
    if f.public_plan:
        parts.append(f"In public: {rich_lines(f.public_plan)}")
    return "<p>" + "<br>".join(parts) + "</p>"


class MapScene(QGraphicsScene):
    def build(self, buttons: list[Button], colours: dict[int, str], names: dict[int, str],
              areas: list[tuple[str, str]], text_colour: QColor) -> None:
        self.clear()
        # Many buttons in one area make a tall, thin picture: widen the sides to keep bands roughly square.
        per_band = max((sum(1 for b in buttons if b.fields.category == a and b.fields.owner == o)
                        for a, _ in areas for o in (1, 2)), default=0)
        side = max(SIDE_WIDTH, 104.0 * math.ceil(math.sqrt(per_band * 2)))
        left_x, middle_x, right_x = 0.0, side, side + MIDDLE_WIDTH
        width = side * 2 + MIDDLE_WIDTH
        y = 40.0
        for slot, x in ((1, left_x + side / 2), (2, right_x + side / 2)):
            title = self.addSimpleText(names.get(slot, ""))
            title.setBrush(QColor(colours.get(slot, "#888888")))
            font = title.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            font.setBold(True)
            title.setFont(font)
            title.setPos(x - title.boundingRect().width() / 2, 0)
            if buttons and not any(b.fields.owner == slot for b in buttons):
                invite = self.addSimpleText(self.tr("No buttons yet for {0}.\nWhat is tender for you?").format(
                    names.get(slot, "")))
                invite.setBrush(text_colour)
                invite.setPos(x - invite.boundingRect().width() / 2, 60)
        shared_label = self.addSimpleText(self.tr("both of us"))
        shared_label.setBrush(text_colour)
        shared_label.setPos(middle_x + MIDDLE_WIDTH / 2 - shared_label.boundingRect().width() / 2, 8)
        if not buttons:
            note = self.addSimpleText(self.tr(
                "No buttons yet. When you add some, they appear here: the bigger the circle,\n"
                "the more tender the topic. Topics you share meet in the middle."))
            note.setBrush(text_colour)
            note.setPos(width / 2 - note.boundingRect().width() / 2, 120)
            self.setSceneRect(QRectF(0, 0, width, 260))
            return
        by_key: dict[str, list[Button]] = {}
        for button in buttons:
            by_key.setdefault(topic_key(button.fields.topic), []).append(button)
        for area_id, area_label in areas:
            in_area = [b for b in buttons if b.fields.category == area_id]
            if not in_area:
                continue
            label = self.addSimpleText(area_label)
            label.setBrush(text_colour)
            label.setPos(4, y)
            y += 22
            shared = [b for b in in_area if {x.fields.owner for x in by_key[topic_key(b.fields.topic)]} == {1, 2}]
            rows = [self._flow([b for b in in_area if b.fields.owner == 1 and b not in shared], colours, names,
                               left_x, side, y, toward_middle=True, text_colour=text_colour),
                    self._flow(_paired(shared), colours, names, middle_x, MIDDLE_WIDTH, y, toward_middle=False,
                               text_colour=text_colour, keep_order=True),
                    self._flow([b for b in in_area if b.fields.owner == 2 and b not in shared], colours, names,
                               right_x, side, y, toward_middle=False, text_colour=text_colour)]
            y = max(rows) + GAP * 2
        band = self.addRect(QRectF(middle_x, 30, MIDDLE_WIDTH, y - 30), QPen(Qt.PenStyle.NoPen),
                            QBrush(QColor(128, 128, 128, 28)))
        band.setZValue(-1)
        self.setSceneRect(QRectF(-10, -10, width + 20, y + 20))

    def _flow(self, buttons: list[Button], colours: dict[int, str], names: dict[int, str], x0: float, width: float,
              y0: float, toward_middle: bool, text_colour: QColor, keep_order: bool = False) -> float:
        """Place circles in rows from the middle outward (partner 1 right-aligned); return the bottom."""
        x, y, row_height = 0.0, y0, 0.0
        ordered = buttons if keep_order else sorted(buttons, key=lambda b: -b.fields.heat)
        for button in ordered:
            d = diameter(button.fields.heat)
            cell = max(d, 90.0)
            if x + cell > width and x > 0:
                x, y, row_height = 0.0, y + row_height + GAP, 0.0
            cx = (x0 + width - x - cell / 2) if toward_middle else (x0 + x + cell / 2)
            circle = QGraphicsEllipseItem(QRectF(cx - d / 2, y, d, d))
            colour = QColor(colours.get(button.fields.owner, "#888888"))
            circle.setBrush(colour)
            circle.setPen(QPen(colour.darker(130), 1.5))
            circle.setToolTip(tooltip(button, names.get(button.fields.owner, "")))
            circle.setData(0, button.uid)
            circle.setFlag(QGraphicsEllipseItem.GraphicsItemFlag.ItemIsSelectable)
            circle.setAcceptHoverEvents(True)
            self.addItem(circle)
            caption = QGraphicsSimpleTextItem(button.fields.topic)
            caption.setBrush(text_colour)
            metrics_width = caption.boundingRect().width()
            if metrics_width > cell:  # keep long topics inside their cell
                text = button.fields.topic
                while text and caption.boundingRect().width() > cell:
                    text = text[:-1]
                    caption.setText(text + "…")
            caption.setPos(cx - caption.boundingRect().width() / 2, y + d + 2)
            self.addItem(caption)
            x += cell + GAP
            row_height = max(row_height, d + 20)
        return y + row_height

    def circles(self) -> list[QGraphicsEllipseItem]:
        return [item for item in self.items() if isinstance(item, QGraphicsEllipseItem)]


def _paired(shared: list[Button]) -> list[Button]:
    """Shared topics as pairs, partner 1 then partner 2, hottest pairs first."""
    by_key: dict[str, list[Button]] = {}
    for button in shared:
        by_key.setdefault(topic_key(button.fields.topic), []).append(button)
    pairs = sorted(by_key.values(), key=lambda group: -max(b.fields.heat for b in group))
    return [b for group in pairs for b in sorted(group, key=lambda b: b.fields.owner)]


class MapView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map_scene = MapScene(self)
        self.setScene(self.map_scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAccessibleName(self.tr("Picture of both buttons maps"))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
        else:
            super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def fit(self) -> None:
        self.fitInView(self.map_scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def export_png(self, path: Path, background: QColor) -> None:
        rect = self.map_scene.sceneRect()
        image = QImage(int(rect.width() * 2), int(rect.height() * 2), QImage.Format.Format_ARGB32)
        image.fill(background)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.map_scene.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError(f"the picture couldn't be made for {path}")
        buffer.close()
        write_unencrypted(path, bytes(data.data()))
