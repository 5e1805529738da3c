"""Links (LinkButton): a quiet way to another path, which never takes Enter from a dialog's main button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout
from pytestqt.qtbot import QtBot

from sidebyside.ui.widgets.link_button import LinkButton


def test_enter_on_a_focused_link_in_a_dialog_goes_to_the_dialogs_main_button(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    link = LinkButton("About this conversation", dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, dialog)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(link)
    layout.addWidget(buttons)
    clicked: list[bool] = []
    link.clicked.connect(lambda: clicked.append(True))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    link.setFocus()
    qtbot.keyClick(link, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert clicked == []
