"""Every modal question and message goes through here, so tests can answer them in one place.

``QtWidgets.QMessageBox`` and ``QtCore.Qt`` are looked up when a box is shown: PySide makes their Python
types (and enums) on first use, and the unlock window appears without ever needing them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("prompts", text)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    _show(parent, title, message, warning=True)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    _show(parent, title, message, warning=False)


def confirm(parent: QWidget | None, title: str, message: str, accept_label: str) -> bool:
    boxes = QtWidgets.QMessageBox
    box = boxes(boxes.Icon.Question, title, message, boxes.StandardButton.NoButton, parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    yes = box.addButton(accept_label, boxes.ButtonRole.AcceptRole)
    box.addButton(_tr("Cancel"), boxes.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


def _show(parent: QWidget | None, title: str, message: str, *, warning: bool) -> None:
    boxes = QtWidgets.QMessageBox
    icon = boxes.Icon.Warning if warning else boxes.Icon.Information
    box = boxes(icon, title, message, boxes.StandardButton.Ok, parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.exec()
