"""Words to pick, shown as chips that wrap like text (feelings, needs, what set me up)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QToolButton, QWidget

from sidebyside.ui.widgets.flow_layout import flow_widget
from sidebyside.ui.widgets.labels import plain_label


class ChipPicker(QWidget):
    """Groups of checkable words; ``changed`` fires when the choice changes.

    Keyboard: Tab stops once per group (on its first word), the arrow keys move from word to word, Space
    picks or unpicks — so 90 feeling words don't take 90 presses of Tab to get past.
    """

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
            for position, word in enumerate(words):
                chip = QToolButton(holder)
                chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus if position == 0 else Qt.FocusPolicy.ClickFocus)
                chip.installEventFilter(self)
                chip.setText(word)
                chip.setCheckable(True)
                chip.setProperty("chip", True)
                chip.setAccessibleName(word if not label else f"{word} ({label})")
                chip.toggled.connect(lambda _on: self.changed.emit())
                flow.addWidget(chip)
                self.chips[word] = chip
            layout.addWidget(holder, row, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QToolButton):
            key = event.key()  # type: ignore[attr-defined]
            step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(key)
            if step is not None:
                chips = list(self.chips.values())
                index = chips.index(watched) + step if watched in chips else -1
                if 0 <= index < len(chips):
                    chips[index].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

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
