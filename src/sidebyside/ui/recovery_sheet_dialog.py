"""Print the recovery sheet, preview it, or save it as a PDF (after a warning: a PDF isn't encrypted)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QVBoxLayout, QWidget

from sidebyside.core.guide.recovery_sheet import RecoverySheet
from sidebyside.ui import prompts
from sidebyside.ui.printing import Paper, build_document, default_paper, print_document, write_pdf
from sidebyside.ui.widgets.labels import plain_label

PDF_TITLE = "SideBySide recovery sheet"


class RecoverySheetDialog(QDialog):
    def __init__(self, sheet: RecoverySheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sheet = sheet
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Recovery sheet"))
        self.paper = QComboBox(self)
        self.paper.addItem(self.tr("A4"), Paper.A4.value)
        self.paper.addItem(self.tr("US Letter"), Paper.LETTER.value)
        self.paper.setCurrentIndex(self.paper.findData(default_paper().value))
        self.paper.setAccessibleName(self.tr("Paper size"))
        self.error = plain_label("", "error", self)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton(self.tr("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button = buttons.addButton(self.tr("Pre&view…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton(self.tr("Save as P&DF…"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_sheet)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        form = QFormLayout()
        form.addRow(self.tr("P&aper"), self.paper)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr(
            "The recovery sheet has your recovery code in large type, with what to do if the passphrase is ever "
            "forgotten. Print it and keep it somewhere safe, away from the computer."), parent=self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def selected_paper(self) -> Paper:
        return Paper(self.paper.currentData())

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(PDF_TITLE)
        return printer

    def print_sheet(self) -> None:
        printer = self._printer()
        if not printer.isValid():
            self.error.setText(self.tr("No printer was found on this computer. You can save the sheet as a PDF "
                                       "and print it elsewhere."))
            return
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_document(build_document(self._sheet.to_html()), printer, self.selected_paper())

    def preview(self) -> None:
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self)
        document = build_document(self._sheet.to_html())
        dialog.paintRequested.connect(lambda p: print_document(document, p, self.selected_paper()))
        dialog.exec()

    def save_pdf(self, path: Path | None = None) -> bool:
        """Warn once, ask where (unless ``path`` is given), write the PDF. True when written."""
        if not prompts.confirm(self, self.tr("A PDF is not encrypted"), self.tr(
                "Anyone who opens the PDF can read your recovery code, and with it open the vault. Save it only "
                "where others can't reach it, print it, then delete the file."), self.tr("Save the PDF")):
            return False
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the recovery sheet"),
                                                  str(Path.home() / "SideBySide recovery sheet.pdf"),
                                                  self.tr("PDF files (*.pdf)"))
            if not name:
                return False
            path = Path(name)
        try:
            write_pdf(self._sheet.to_html(), path, self.selected_paper(), PDF_TITLE)
        except OSError as exc:
            self.error.setText(self.tr("The PDF couldn't be saved ({0}).").format(exc.strerror or exc))
            return False
        self.saved_to = path
        self.error.clear()
        return True
