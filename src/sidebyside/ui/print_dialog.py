"""Printing one of our documents: paper size, print, preview, or save as PDF (after a warning, once).

The functions here are shared by the print dialog (recovery sheet, "Print our buttons…") and the Print
section; every path paints through ``printing.render`` — the PDF, the printer and the preview are the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QVBoxLayout, QWidget

from sidebyside.core.guide.document import Document
from sidebyside.ui import prompts
from sidebyside.ui.printing import Paper, default_paper, prepare_device, render, write_pdf
from sidebyside.ui.widgets.labels import plain_label


@dataclass(frozen=True)
class Printable:
    html: str  # already escaped by the core's guide builders
    title: str  # the PDF's title, the running header and the printer job's name
    window_title: str
    intro: str
    pdf_warning: str  # "" when the document holds nothing from the vault (no warning needed)
    file_name: str

    @classmethod
    def of(cls, document: Document, window_title: str, intro: str, pdf_warning: str, file_name: str) -> Printable:
        return cls(document.to_html(), document.title, window_title, intro,
                   pdf_warning if document.user_content else "", file_name)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


NO_PRINTER = ("No printer was found on this computer. You can save it as a PDF and print it elsewhere, or add a "
              "printer in your system's settings and try again.")


def paper_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_tr("A4"), Paper.A4.value)
    combo.addItem(_tr("US Letter"), Paper.LETTER.value)
    combo.setCurrentIndex(combo.findData(default_paper().value))
    combo.setAccessibleName(_tr("Paper size"))
    return combo


def _printer(printable: Printable, paper: Paper) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(printable.title)
    prepare_device(printer, paper)
    return printer


def print_on_printer(printable: Printable, paper: Paper, parent: QWidget) -> str:
    """Ask which printer, then print. Returns a message for the user when it couldn't ("" otherwise)."""
    if not QPrinterInfo.availablePrinters():
        return _tr(NO_PRINTER)
    printer = _printer(printable, paper)
    dialog = QPrintDialog(printer, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ""
    finally:
        dialog.deleteLater()
    ranged = printer.printRange() == QPrinter.PrintRange.PageRange
    try:
        render(printable.html, printable.title, printer, printer.fromPage() if ranged else 1,
               printer.toPage() if ranged else 0)
    except OSError:
        return _tr("The printer didn't accept the pages. Check that it is switched on and connected, or save a "
                   "PDF instead.")
    return ""


def preview(printable: Printable, paper: Paper, parent: QWidget) -> None:
    printer = _printer(printable, paper)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(printable.window_title)
    dialog.paintRequested.connect(lambda device: render(printable.html, printable.title, device))
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()  # its pages hold the document's text: don't keep them around


def ask_pdf_path(printable: Printable, parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, printable.window_title, str(Path.home() / printable.file_name),
                                          _tr("PDF files (*.pdf)"))
    return Path(name) if name else None


def save_pdf(printable: Printable, paper: Paper, path: Path) -> str:
    """Write the PDF; a message for the user when it couldn't ("" otherwise)."""
    try:
        write_pdf(printable.html, path, paper, printable.title)
    except OSError as exc:
        return _tr("The PDF couldn't be saved ({0}).").format(exc.strerror or exc)
    return ""


class PrintDialog(QDialog):
    def __init__(self, printable: Printable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printable = printable
        self.saved_to: Path | None = None
        self._warned = False
        self.setWindowTitle(printable.window_title)
        self.paper = paper_combo(self)
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

    def print_sheet(self) -> None:
        self.error.setText(print_on_printer(self.printable, self.selected_paper(), self))

    def preview(self) -> None:
        preview(self.printable, self.selected_paper(), self)

    def save_pdf(self, path: Path | None = None) -> bool:
        """Warn (once per dialog), ask where (unless ``path`` is given), write the PDF. True when written."""
        if self.printable.pdf_warning and not self._warned and not prompts.confirm(
                self, self.tr("A PDF is not encrypted"), self.printable.pdf_warning, self.tr("Save the PDF")):
            return False
        self._warned = True
        path = path or ask_pdf_path(self.printable, self)
        if path is None:
            return False
        problem = save_pdf(self.printable, self.selected_paper(), path)
        self.error.setText(problem)
        if problem:
            return False
        self.saved_to = path
        return True
