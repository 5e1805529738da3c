"""Printing one of our documents: paper size, print, preview, or save as PDF (after a warning, once)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QVBoxLayout, QWidget

from sidebyside.ui import prompts
from sidebyside.ui.printing import Paper, build_document, default_paper, print_document, write_pdf
from sidebyside.ui.widgets.labels import plain_label


@dataclass(frozen=True)
class Printable:
    html: str  # already escaped by the core's guide builders
    title: str  # the PDF's title and the printer job's name
    window_title: str
    intro: str
    pdf_warning: str
    file_name: str


class PrintDialog(QDialog):
    def __init__(self, printable: Printable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printable = printable
        self.saved_to: Path | None = None
        self._warned = False
        self.setWindowTitle(printable.window_title)
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
        layout.addWidget(plain_label(printable.intro, parent=self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def selected_paper(self) -> Paper:
        return Paper(self.paper.currentData())

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.printable.title)
        return printer

    def print_sheet(self) -> None:
        printer = self._printer()
        if not printer.isValid():
            self.error.setText(self.tr("No printer was found on this computer. You can save it as a PDF and print "
                                       "it elsewhere."))
            return
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_document(build_document(self.printable.html), printer, self.selected_paper())

    def preview(self) -> None:
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self)
        document = build_document(self.printable.html)
        dialog.paintRequested.connect(lambda p: print_document(document, p, self.selected_paper()))
        dialog.exec()

    def save_pdf(self, path: Path | None = None) -> bool:
        """Warn (once per dialog), ask where (unless ``path`` is given), write the PDF. True when written."""
        if not self._warned and not prompts.confirm(self, self.tr("A PDF is not encrypted"),
                                                    self.printable.pdf_warning, self.tr("Save the PDF")):
            return False
        self._warned = True
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.printable.window_title,
                                                  str(Path.home() / self.printable.file_name),
                                                  self.tr("PDF files (*.pdf)"))
            if not name:
                return False
            path = Path(name)
        try:
            write_pdf(self.printable.html, path, self.selected_paper(), self.printable.title)
        except OSError as exc:
            self.error.setText(self.tr("The PDF couldn't be saved ({0}).").format(exc.strerror or exc))
            return False
        self.saved_to = path
        self.error.clear()
        return True
