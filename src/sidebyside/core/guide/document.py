"""Printable documents as structured data, rendered to one style of escaped HTML (no Qt here).

A document is a ``Document``: a title, an optional subtitle, a tuple of blocks, and appendix pages
that each start on a new page. Blocks are small frozen dataclasses, each rendering itself to HTML:

- ``Paragraph``      a paragraph (``kind``: "" / "note" / "small")
- ``Section``        a heading with blocks under it; left out entirely when all its blocks are empty
- ``Subheading``     a smaller heading inside a section (e.g. one button's topic), with a grey note
- ``Answer``         a label and what someone wrote; left out when the answer is empty
- ``Bullets``        a bullet list (``kind="starters"`` for sentence starters)
- ``WritingLines``   ruled lines to write on by hand, then labelled ones ("Our signal ____")
- ``Table``          a two-column table of (label, value); rows with an empty value are left out
- ``WordGroups``     labelled groups of words in a grid (the feelings and needs lists)
- ``CodeBox``        large monospace lines in a shaded box (the recovery code)

Escaping (SECURITY.md P9): no block takes HTML. Every string goes through ``html.text()`` (user text:
escaped and direction-isolated) or ``html.fixed()`` (our own words: escaped). A field holds user text
when its name says so (``value``, ``rows``' values) or when ``user=True`` — the default wherever text
may come from a person, so forgetting the flag is never unsafe.

Adding a document: write a function in the core that gathers its data and returns a ``Document``;
take its texts from a content file (``resources/content/*.json``) so they can be translated. For example::

    Document(title="Talk it through", subtitle=f"{a} and {b}, {date}", user_content=True, blocks=(
        Section("What happened", (Answer(a, what_a_saw), Answer(b, what_b_saw))),
        Section("Our plan", (Table(((f"{a} will", plan_a), (f"{b} will", plan_b), ("Signal", signal))),)),
    ))

The UI turns ``document.to_html()`` into pages (``sidebyside.ui.printing.write_document_pdf``; the print
section and the command line list documents by name). ``user_content=True`` makes the UI warn that a PDF
is not encrypted before saving one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sidebyside.core.guide.html import fixed, text

#: The page style: compact (10 pt body) so a typical guide fits one page; always dark text on white paper.
#: Spacing is in CSS px (1/96 inch, scaled to the printer): Qt's rich text misreads pt in margins and paddings.
STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: %(pt)spt; color: #111111; }
h1 { font-size: %(h1)spt; font-weight: bold; margin: 0 0 2px 0; }
h1.newpage, h2.newpage { page-break-before: always; }
h2 { font-size: %(h2)spt; font-weight: bold; margin: 10px 0 2px 0; }
h3 { font-size: %(h3)spt; font-weight: bold; margin: 9px 0 2px 0; }
h4 { color: #555555; font-size: %(small)spt; font-weight: normal; margin: 6px 0 0 0; }
p { margin: 0 0 4px 0; }
p.sub { color: #444444; margin: 0 0 6px 0; }
p.note { color: #333333; margin: 8px 0 4px 0; }
p.small { color: #555555; font-size: %(small)spt; }
p.answer { margin: 0 0 2px 0; }
span.label, span.who { color: #666666; font-weight: normal; font-size: %(small)spt; }
span.topic { font-weight: bold; }
ul, ol { margin: 0 0 3px 0; -qt-list-indent: 1; }
li { margin: 0 0 1px 0; }
ul.starters li { color: #333333; font-style: italic; }
p.starters { color: #333333; font-style: italic; margin: 0 0 0 0; }
td { vertical-align: top; padding: 1px 8px 1px 0; }
td.label { color: #555555; padding-right: 14px; }
td.rule { border-bottom: 1px solid #9a9a9a; padding: %(rule)spx 0 1px 0; }
td.rulelabel { color: #555555; padding: %(rule)spx 8px 1px 0; white-space: nowrap; }
td.group { padding: 0 10px 7px 0; }
p.group { font-weight: bold; margin: 0 0 1px 0; }
p.words { color: #222222; margin: 0; }
table.box { margin: 14px 0 10px 0; }
p.code { font-family: 'DejaVu Sans Mono', monospace; font-size: 14pt; font-weight: bold; line-height: 150%%; }
"""


class Block(Protocol):
    def to_html(self) -> str:
        """The block's HTML, or "" when it has nothing to show (it is then left out, heading and all)."""
        ...


def _esc(value: str, user: bool) -> str:
    return text(value) if user else fixed(value)


def _blank(value: str) -> bool:
    return not value.strip()


@dataclass(frozen=True)
class Paragraph:
    content: str
    user: bool = True
    kind: str = ""  # "", "note", "small", "sub", "starters"

    def to_html(self) -> str:
        if _blank(self.content):
            return ""
        cls = f' class="{fixed(self.kind)}"' if self.kind else ""
        return f"<p{cls}>{_esc(self.content, self.user)}</p>"


@dataclass(frozen=True)
class TitleBlock:
    title: str
    subtitle: str = ""
    user_subtitle: bool = True
    new_page: bool = False

    def to_html(self) -> str:
        cls = ' class="newpage"' if self.new_page else ""
        sub = Paragraph(self.subtitle, self.user_subtitle, "sub").to_html()
        return f"<h1{cls}>{fixed(self.title)}</h1>{sub}"


@dataclass(frozen=True)
class Subheading:
    content: str
    note: str = ""  # ours, shown smaller and grey after the heading
    user: bool = True

    def to_html(self) -> str:
        if _blank(self.content):
            return ""
        note = f' <span class="label">{fixed(self.note)}</span>' if self.note else ""
        return f'<h3><span class="topic">{_esc(self.content, self.user)}</span>{note}</h3>'


@dataclass(frozen=True)
class Answer:
    label: str  # ours
    value: str  # what someone wrote
    user_label: bool = False

    def to_html(self) -> str:
        if _blank(self.value):
            return ""
        return f'<h4>{_esc(self.label, self.user_label)}</h4><p class="answer">{text(self.value)}</p>'


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    user: bool = True
    kind: str = ""  # "" or "starters"

    def to_html(self) -> str:
        items = [i for i in self.items if not _blank(i)]
        if not items:
            return ""
        cls = f' class="{fixed(self.kind)}"' if self.kind else ""
        return f"<ul{cls}>" + "".join(f"<li>{_esc(i, self.user)}</li>" for i in items) + "</ul>"


@dataclass(frozen=True)
class Steps:
    items: tuple[str, ...]
    user: bool = False

    def to_html(self) -> str:
        items = [i for i in self.items if not _blank(i)]
        if not items:
            return ""
        return "<ol>" + "".join(f"<li>{_esc(i, self.user)}</li>" for i in items) + "</ol>"


@dataclass(frozen=True)
class WritingLines:
    count: int = 0  # plain ruled lines
    labels: tuple[str, ...] = ()  # then one ruled line per label (ours), the label in front of it

    def to_html(self) -> str:
        if self.count < 1 and not self.labels:
            return ""
        span = ' colspan="2"' if self.labels else ""
        rows = [f'<tr><td class="rule"{span} width="100%">&nbsp;</td></tr>'] * max(0, self.count)
        rows += [f'<tr><td class="rulelabel">{fixed(label)}</td><td class="rule" width="100%">&nbsp;</td></tr>'
                 for label in self.labels]
        return '<table width="100%" cellspacing="0" cellpadding="0">' + "".join(rows) + "</table>"


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, str], ...]  # (our label, user value)
    user_labels: bool = False

    def to_html(self) -> str:
        rows = [(label, value) for label, value in self.rows if not _blank(value)]
        if not rows:
            return ""
        cells = "".join(f'<tr><td class="label">{_esc(label, self.user_labels)}</td><td>{text(value)}</td></tr>'
                        for label, value in rows)
        return f'<table cellspacing="0" cellpadding="0">{cells}</table>'


@dataclass(frozen=True)
class WordGroup:
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class WordGroups:
    groups: tuple[WordGroup, ...]
    columns: int = 3
    user: bool = False

    def to_html(self) -> str:
        groups = [g for g in self.groups if g.words]
        if not groups:
            return ""
        width = 100 // max(1, self.columns)
        rows = []
        for start in range(0, len(groups), self.columns):
            cells = []
            for group in groups[start:start + self.columns]:
                words = ", ".join(_esc(w, self.user) for w in group.words)
                cells.append(f'<td class="group" width="{width}%"><p class="group">{_esc(group.label, self.user)}'
                             f'</p><p class="words">{words}</p></td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return '<table width="100%" cellspacing="0" cellpadding="0">' + "".join(rows) + "</table>"


@dataclass(frozen=True)
class CodeBox:
    lines: tuple[str, ...]  # ours (e.g. the recovery code's groups), shown big and unambiguous

    def to_html(self) -> str:
        inner = "<br>".join(fixed(line) for line in self.lines)
        return ('<table class="box" width="100%" cellspacing="0" cellpadding="10" bgcolor="#eeeeee">'
                f'<tr><td><p class="code" align="center">{inner}</p></td></tr></table>')


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    note: str = ""  # ours, grey after the heading (e.g. who speaks in this step)
    user_heading: bool = False
    new_page: bool = False

    def to_html(self) -> str:
        body = "".join(b.to_html() for b in self.blocks)
        if not body:
            return ""  # nothing to show: no empty heading either
        note = f' <span class="who">{fixed(self.note)}</span>' if self.note else ""
        cls = ' class="newpage"' if self.new_page else ""
        return f"<h2{cls}>{_esc(self.heading, self.user_heading)}{note}</h2>{body}"


@dataclass(frozen=True)
class Page:
    """An appendix page: starts on a new page with its own title."""

    title: str
    blocks: tuple[Block, ...]
    intro: str = ""

    def to_html(self) -> str:
        body = "".join(b.to_html() for b in self.blocks)
        if not body:
            return ""
        return TitleBlock(self.title, self.intro, user_subtitle=False, new_page=True).to_html() + body


@dataclass(frozen=True)
class Document:
    title: str  # ours; also the running header on every page and the PDF's title
    blocks: tuple[Block, ...]
    subtitle: str = ""
    user_subtitle: bool = True
    appendix: tuple[Page, ...] = ()
    user_content: bool = True  # holds what the couple wrote: the UI warns before saving a PDF
    font_pt: float = 10.0

    def style(self) -> str:
        pt = self.font_pt
        sizes = {"pt": _num(pt), "h1": _num(pt * 1.7), "h2": _num(pt * 1.2), "h3": _num(pt * 1.05),
                 "small": _num(pt * 0.88), "rule": _num(pt * 1.0)}
        return STYLE % sizes

    def to_html(self) -> str:
        parts = ['<html><head><meta charset="utf-8"><style>', self.style(), "</style></head><body>",
                 TitleBlock(self.title, self.subtitle, self.user_subtitle).to_html()]
        parts += [b.to_html() for b in self.blocks]
        parts += [p.to_html() for p in self.appendix]
        parts.append("</body></html>")
        return "\n".join(p for p in parts if p)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
