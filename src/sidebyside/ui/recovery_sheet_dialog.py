"""Print the recovery sheet, preview it, or save it as a PDF (after a warning: a PDF isn't encrypted)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from sidebyside.core.guide.recovery_sheet import RecoverySheet
from sidebyside.ui.print_dialog import Printable, PrintDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoverySheetDialog", text)


class RecoverySheetDialog(PrintDialog):
    def __init__(self, sheet: RecoverySheet, parent: QWidget | None = None) -> None:
        self._sheet = sheet
        super().__init__(Printable.of(
            sheet.to_document(), window_title=_tr("Recovery sheet"),
            intro=_tr("The recovery sheet has your recovery code in large type, with what to do if the passphrase is "
                      "ever forgotten. Print it and keep it somewhere safe, away from the computer."),
            pdf_warning=_tr("Anyone who opens the PDF can read your recovery code, and with it open the vault. Save "
                            "it only where others can't reach it, print it, then delete the file."),
            file_name="SideBySide recovery sheet.pdf"), parent)
