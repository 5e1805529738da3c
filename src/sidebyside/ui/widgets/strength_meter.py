"""A bar with a word ("Weak", "Good", …) and a one-line hint, fed by the core's estimate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sidebyside.core.domain.passphrase import Strength, StrengthReport

_COLOURS = {Strength.TOO_WEAK: "#c0392b", Strength.WEAK: "#d35400", Strength.FAIR: "#c9a400",
            Strength.GOOD: "#5a9e3a", Strength.STRONG: "#2e8b57"}


class _Bar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0  # 0..5 segments
        self.colour = QColor(_COLOURS[Strength.TOO_WEAK])
        self.setMinimumHeight(max(6, self.fontMetrics().height() // 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = max(3, self.width() // 100)
        width = (self.width() - gap * 4) / 5
        radius = self.height() / 2
        track = self.palette().mid().color()
        for i in range(5):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour if i < self.level else track)
            painter.drawRoundedRect(int(i * (width + gap)), 0, int(width), self.height(), radius, radius)


class StrengthMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = _Bar(self)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        top = QHBoxLayout()
        top.addWidget(self._bar, 1)
        top.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        self.setAccessibleName("Passphrase strength")

    def show_report(self, report: StrengthReport) -> None:
        self._bar.level = int(report.strength) + 1 if report.label else 0
        self._bar.colour = QColor(_COLOURS[report.strength])
        self._bar.update()
        self.label.setText(report.label)
        self.hint.setText(report.hint)
        self.setAccessibleDescription(f"{report.label}. {report.hint}")
