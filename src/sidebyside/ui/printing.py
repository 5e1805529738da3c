"""Turning our escaped HTML documents into pages: PDF files, printers and print preview.

Pages are always light (they are paper), whatever the app's theme. The document never loads
anything from outside (no files, no network): every resource request is refused.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QMarginsF, QUrl
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

MARGIN_MM = 18


class Paper(Enum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def page_size(self) -> QPageSize:
        return QPageSize(QPageSize.PageSizeId.A4 if self is Paper.A4 else QPageSize.PageSizeId.Letter)


def default_paper(locale: QLocale | None = None) -> Paper:
    """Letter where the locale measures in inches (US and a few others), A4 everywhere else."""
    system = (locale or QLocale()).measurementSystem()
    return Paper.LETTER if system == QLocale.MeasurementSystem.ImperialUSSystem else Paper.A4


class _SealedDocument(QTextDocument):
    """A QTextDocument that refuses to load images or anything else a page might ask for."""

    def loadResource(self, kind: int, name: QUrl) -> Any:
        return None


def build_document(html: str) -> QTextDocument:
    document = _SealedDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(11)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def print_document(document: QTextDocument, device: QPagedPaintDevice, paper: Paper) -> None:
    device.setPageSize(paper.page_size)
    device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    document.print_(device)


def write_pdf(html: str, path: Path, paper: Paper, title: str) -> None:
    """Write ``html`` as a PDF with real, selectable text and embedded fonts, owner-only (0600)."""
    tmp = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("SideBySide")
    print_document(build_document(html), writer, paper)
    del writer  # finishes the file
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
