"""The recovery code shown large, in two lines of seven groups, selectable but never editable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from sidebyside.ui.widgets.labels import plain_label


def recovery_code_label(accessible_name: str, parent: QWidget | None = None) -> QLabel:
    label = plain_label("", "code", parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


def show_code(label: QLabel, code: str) -> None:
    """Two lines of seven groups read (and copy by hand) more easily than one long line."""
    groups = code.split("-")
    label.setText("  ".join(groups[:7]) + "\n" + "  ".join(groups[7:]))
