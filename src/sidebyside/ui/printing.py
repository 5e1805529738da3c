"""Turning our escaped HTML documents into pages: PDF files, printers and print preview — one page loop.

``render()`` lays the document out for the page's body (so fonts are measured at the device's own
resolution), keeps headings with what follows them, then paints each page's slice of the document
with the running header (the document's title) and an "N of M" footer. The layout never splits a
line across pages: a line that would cross the bottom of the body moves to the next page, and the
body height is a whole number of device pixels so no line sits on a boundary by rounding.

Pages are always light (they are paper), whatever the app's theme. The document never loads
anything from outside (no files, no network): every resource request is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter

from sidebyside.core.guide.document import Document
from sidebyside.core.guide.html import plain
from sidebyside.core.services.transfer import write_unencrypted

MARGIN_MM = 15  # left and right; also from the paper's top to the header and from the footer to its bottom
BAND_MM = 6  # the header's and the footer's height (the body sits between them)
PDF_DPI = 300
INK = QColor("#111111")
GREY = QColor("#666666")
RULE = QColor("#bbbbbb")


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
    document.setDocumentMargin(0)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


@dataclass(frozen=True)
class PageGeometry:
    header: QRectF
    body: QRectF  # whole device pixels high, so page slices never fall between two pixels
    footer: QRectF


def page_geometry(width: float, height: float, dpi: float) -> PageGeometry:
    mm = dpi / 25.4
    left, top, band = round(MARGIN_MM * mm), round(MARGIN_MM * mm), round(BAND_MM * mm)
    body_width = math.floor(width - 2 * left)
    body_height = math.floor(height - 2 * top - 2 * band)
    return PageGeometry(header=QRectF(left, top, body_width, band),
                        body=QRectF(left, top + band, body_width, body_height),
                        footer=QRectF(left, top + band + body_height, body_width, band))


def prepare_device(device: QPagedPaintDevice, paper: Paper) -> None:
    """The paper size, and no device margins: the page loop places everything itself from the paper's edge."""
    if isinstance(device, QPrinter):
        device.setFullPage(True)
    device.setPageLayout(QPageLayout(paper.page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def lay_out(html: str, device: QPagedPaintDevice) -> tuple[QTextDocument, PageGeometry]:
    """The document laid out in pages for ``device``'s paper, headings kept with what follows them."""
    geometry = page_geometry(device.width(), device.height(), device.logicalDpiY())
    document = build_document(html)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(geometry.body.width(), geometry.body.height()))
    keep_headings_with_next(document)
    split_blocks_at_page_breaks(document)
    return document, geometry


def _lines(document: QTextDocument, start: QTextBlock | None = None) -> list[tuple[QTextBlock, float, float]]:
    """Every laid-out line (from block ``start`` on) as (block, top, bottom) in document coordinates, in order."""
    layout = document.documentLayout()
    found = []
    block = start if start is not None else document.begin()
    while block.isValid():
        text_layout = block.layout()
        if text_layout is not None:
            top = layout.blockBoundingRect(block).top()
            for index in range(text_layout.lineCount()):
                line = text_layout.lineAt(index)
                found.append((block, top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return found


def split_blocks_at_page_breaks(document: QTextDocument, rounds: int = 500) -> None:
    """End each paragraph that runs over a page at the page's end, and go on in a new one on the next page.

    Qt draws a paragraph whole on every page it touches (hidden by the clip, but still in the PDF: copied
    or read aloud twice). Split at the page break, each paragraph lies on one page and is drawn only there.
    List items are left whole (a split would add a bullet).
    """
    height = document.pageSize().height()
    block = document.begin()
    for _ in range(rounds):
        position = _first_break_inside_a_block(document, height, block)
        if position is None:
            return
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.insertBlock()
        block = cursor.block()  # nothing before it moved: go on from here


def _first_break_inside_a_block(document: QTextDocument, height: float, block: QTextBlock) -> int | None:
    layout = document.documentLayout()
    while block.isValid():
        text_layout = block.layout()
        if text_layout is not None and text_layout.lineCount() > 1 and block.textList() is None:
            top = layout.blockBoundingRect(block).top()
            first_page = _page_of(top + text_layout.lineAt(0).y(), height)
            for index in range(1, text_layout.lineCount()):
                line = text_layout.lineAt(index)
                if _page_of(top + line.y(), height) != first_page:
                    return block.position() + line.textStart()
        block = block.next()
    return None


def _page_of(y: float, page_height: float) -> int:
    return int(y // page_height)


def cut_lines(document: QTextDocument) -> list[str]:
    """Lines that cross a page boundary (each would be cut in two); empty when the pagination is clean."""
    height = document.pageSize().height()
    return [block.text()[:40] for block, top, bottom in _lines(document)
            if _page_of(top, height) != _page_of(bottom - 0.5, height)]


def keep_headings_with_next(document: QTextDocument, rounds: int = 40) -> None:
    """Move a heading to the top of the next page when it would be left alone at the bottom of one, or when
    the short part it heads (under a third of a page, up to the next heading) would be split across two."""
    height = document.pageSize().height()
    ours: set[int] = set()  # block numbers we gave a page break (the author's own breaks stay)
    start = document.begin()
    for _ in range(rounds):
        lines = _lines(document, start)
        block = _heading_to_move(lines, height)
        if block is None:
            return
        start = block  # nothing before it moved: look on from here
        _set_break(block, True)
        ours.add(block.blockNumber())
        following = block.next()  # a run of headings moves as one: drop our breaks further down it
        while following.isValid() and following.blockFormat().headingLevel():
            if following.blockNumber() in ours:
                _set_break(following, False)
                ours.discard(following.blockNumber())
            following = following.next()


def _heading_to_move(lines: list[tuple[QTextBlock, float, float]], height: float) -> QTextBlock | None:
    for index, (block, top, _bottom) in enumerate(lines):
        fmt = block.blockFormat()
        if fmt.headingLevel() == 0 or fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            continue
        if top % height <= 1:
            continue  # already at the top of a page
        after = _last_line_index(lines, index, block) + 1
        if after >= len(lines):
            continue
        if _page_of(lines[after][1], height) > _page_of(top, height):
            return block  # alone at the bottom
        end = after
        while end + 1 < len(lines) and not lines[end + 1][0].blockFormat().headingLevel():
            end += 1
        bottom = lines[end][2]
        if _page_of(bottom - 0.5, height) > _page_of(top, height) and bottom - top < height / 3:
            return block  # a short part split in two
    return None


def _last_line_index(lines: list[tuple[QTextBlock, float, float]], start: int, block: QTextBlock) -> int:
    index = start
    while index + 1 < len(lines) and lines[index + 1][0] == block:
        index += 1
    return index


def _set_break(block: QTextBlock, on: bool) -> None:
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore if on
                           else QTextFormat.PageBreakFlag.PageBreak_Auto)
    QTextCursor(block).mergeBlockFormat(fmt)


def page_label(page: int, pages: int) -> str:
    return QCoreApplication.translate("Printing", "{0} of {1}").format(page, pages)


def _small_font(device: QPagedPaintDevice) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7.5)
    return font


def render(html: str, title: str, device: QPagedPaintDevice, first: int = 1, last: int = 0) -> int:
    """Paint the document's pages ``first``..``last`` (1-based; 0 = to the end) onto ``device``.

    The one page loop behind PDFs, printers and the print preview. Returns the document's page count.
    """
    document, geometry = lay_out(html, device)
    pages = document.pageCount()
    last = pages if last <= 0 else min(last, pages)
    header_text = plain(title)
    body = geometry.body
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the page could not be drawn (the printer or file refused it)")
    try:
        palette = QPalette()
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
            palette.setColor(role, INK)
        for number, page in enumerate(range(max(1, first), last + 1)):
            if number:
                device.newPage()
            painter.fillRect(QRectF(0, 0, device.width(), device.height()), QColor("white"))
            painter.setFont(_small_font(device))
            painter.setPen(GREY)
            painter.drawText(geometry.header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, header_text)
            painter.setPen(QPen(RULE, max(1.0, device.logicalDpiY() / 200)))
            rule_y = geometry.header.top() + geometry.header.height() * 0.55
            painter.drawLine(int(body.left()), int(rule_y), int(body.right()), int(rule_y))
            painter.save()
            slice_ = QRectF(0, (page - 1) * body.height(), body.width(), body.height())
            painter.translate(body.left(), body.top() - slice_.top())
            painter.setClipRect(slice_)
            context = QAbstractTextDocumentLayout.PaintContext()
            # Qt draws every line that touches the clip, also one that only touches its edge: shrink it by a
            # hair so the line just above or below this page isn't drawn (invisibly, but copyable) here too.
            context.clip = slice_.adjusted(0, 0.5, 0, -0.5)
            context.palette = palette
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setPen(GREY)  # after the body, so the text reads header, body, footer (extraction, readers)
            painter.drawText(geometry.footer, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             page_label(page, pages))
    finally:
        painter.end()
    return pages


def pdf_bytes(html: str, paper: Paper, title: str) -> bytes:
    """The PDF of ``html``: real, selectable text, fonts embedded, made in memory (no temp file)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(plain(title))
    writer.setCreator("SideBySide")
    prepare_device(writer, paper)
    render(html, title, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def write_pdf(html: str, path: Path, paper: Paper, title: str) -> None:
    """Write ``html`` as a PDF, atomically and owner-only (0600): never a torn or world-readable file."""
    write_unencrypted(path, pdf_bytes(html, paper, title))


def write_document_pdf(document: Document, path: Path, paper: Paper) -> None:
    """The same PDF the print section saves, for the command line and tests."""
    write_pdf(document.to_html(), path, paper, document.title)
