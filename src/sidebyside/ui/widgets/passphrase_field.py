"""A password line edit with a show/hide toggle and a wipe() that clears it after use."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLineEdit, QWidget

from sidebyside.ui.qt_names import set_by_name
from sidebyside.ui.widgets.icons import eye_icon


def _tr(text: str) -> str:
    return QCoreApplication.translate("PassphraseField", text)


class PassphraseField(QLineEdit):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        self.setMaxLength(4096)
        self.setClearButtonEnabled(False)
        self._toggle = self.addAction(self._icon(shown=False), QLineEdit.ActionPosition.TrailingPosition)
        self._toggle.setCheckable(True)
        self._toggle.setToolTip(_tr("Show what you typed"))
        self._toggle.toggled.connect(self._on_toggle_toggled)
        set_by_name(self, "contextMenuPolicy", "NoContextMenu")  # no context-menu copy of secrets

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self._toggle.setToolTip(_tr("Hide it again") if shown else _tr("Show what you typed"))
        self._toggle.setIcon(self._icon(shown))

    def _icon(self, shown: bool) -> QIcon:
        return eye_icon(self.palette().placeholderText().color(), crossed=shown)

    def wipe(self) -> None:
        """Clear the text and the undo history that would otherwise keep it."""
        self.setText("")  # unlike clear(), setText() also empties the undo history (Ctrl+Z can't bring it back)
        self.setModified(False)
        self._toggle.setChecked(False)
