"""Help ▸ About SideBySide: version, licence, credits for the methods, and that SideBySide is not therapy.

``show_about(parent)`` opens it (non-blocking, modal to its window); ``AboutDialog`` is the box itself.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sidebyside import APP_NAME, __version__
from sidebyside.ui.app_icon import app_icon
from sidebyside.ui.widgets.labels import plain_label

ICON_SIDE = 96  # device-independent pixels: the 128 and 256 px renderings serve 100% to 200% scaling


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {0}").format(APP_NAME))
        self.setObjectName("about_dialog")

        self.icon = QLabel(self)
        self.icon.setPixmap(app_icon().pixmap(ICON_SIDE, ICON_SIDE))
        self.icon.setAccessibleName(self.tr("{0} icon").format(APP_NAME))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.name = plain_label(APP_NAME, "title", self, wrap=False)
        self.version = plain_label(self.tr("Version {0}").format(__version__), "", self, wrap=False)
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = plain_label(self.tr(
            "A private, encrypted journal, buttons map and repair conversations for the two of you. "
            "Everything stays on this computer."), "", self)
        self.not_therapy = plain_label(self.tr(
            "SideBySide is not therapy. If the same problems keep coming back, or feel bigger than one "
            "evening, a couples therapist can help."), "", self)
        bold = QFont(self.not_therapy.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self.not_therapy.setFont(bold)

        self.credits_heading = plain_label(self.tr("The methods behind it"), "subtitle", self)
        self.credits = [plain_label(text, "", self) for text in (
            self.tr("The Aftermath of a Fight or Regrettable Incident, flooding and taking breaks: after the "
                    "Gottman Institute."),
            self.tr("Feelings and needs: our own word lists, organised the way Nonviolent Communication "
                    "(Marshall Rosenberg) organises them. Credit for the structure of the feelings and needs "
                    "lists goes to the Center for Nonviolent Communication."),
            self.tr("Raw spots, the cycle that is the real enemy, and a shared signal to stop it: after "
                    "Emotionally Focused Therapy (Sue Johnson, \u201cHold Me Tight\u201d)."),
            self.tr("Mirroring, validating and empathising in turn: after Imago Intentional Dialogue "
                    "(Harville Hendrix and Helen LaKelly Hunt)."),
            self.tr("All wording in SideBySide is our own. None of these people or organisations made or "
                    "endorse it."),
        )]
        self.licence = plain_label(self.tr(
            "Licence: GNU General Public License, version 3 or later. You may share and change SideBySide "
            "under its terms; it comes with no warranty."), "muted", self)
        self.built_with = plain_label(self.tr("Python {0} \u00b7 Qt for Python (PySide6) {1} \u00b7 SQLCipher")
                                      .format(platform.python_version(), pyside_version), "muted", self)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.name)
        text.addWidget(self.version)
        text.addSpacing(4)
        for label in (self.summary, self.not_therapy):
            text.addWidget(label)
        text.addSpacing(8)
        text.addWidget(self.credits_heading)
        for label in self.credits:
            text.addWidget(label)
        text.addSpacing(8)
        text.addWidget(self.licence)
        text.addWidget(self.built_with)
        text.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        # Wide enough that the credits read as paragraphs, not a narrow column; then tall enough for all of it
        # (wrapped labels need their width fixed before the dialog can know its height).
        width = self.fontMetrics().averageCharWidth() * 110
        height = self.heightForWidth(width)  # the layout's own size hint assumes narrow, tall labels
        self.setMinimumSize(width, height)
        self.resize(width, height)


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the About box, modal to ``parent``'s window; it deletes itself when closed."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.open()
    return dialog
