"""Words to pick, shown as chips that wrap like text (feelings, needs, what set me up)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QToolButton, QWidget

from sidebyside.ui.widgets.flow_layout import flow_widget
from sidebyside.ui.widgets.labels import plain_label


class ChipPicker(QWidget):
    """Groups of checkable words; ``changed`` fires when the choice changes."""

    changed = Signal()

    def __init__(self, groups: Iterable[tuple[str, Iterable[str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: dict[str, QToolButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(6)
        layout.setColumnStretch(1, 1)
        for row, (label, words) in enumerate(groups):
            if label:
                title = plain_label(label, "group", self, wrap=False)
                layout.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            holder, flow = flow_widget(self)
            for word in words:
                chip = QToolButton(holder)
                chip.setText(word)
                chip.setCheckable(True)
                chip.setProperty("chip", True)
                chip.setAccessibleName(word if not label else f"{word} ({label})")
                chip.toggled.connect(lambda _on: self.changed.emit())
                flow.addWidget(chip)
                self.chips[word] = chip
            layout.addWidget(holder, row, 1)

    def selected(self) -> list[str]:
        return [word for word, chip in self.chips.items() if chip.isChecked()]

    def set_selected(self, words: Iterable[str]) -> None:
        wanted = set(words)
        self.blockSignals(True)
        for word, chip in self.chips.items():
            chip.setChecked(word in wanted)
        self.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for chip in self.chips.values():
            chip.setEnabled(not read_only or chip.isChecked())
