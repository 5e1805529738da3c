"""The blank conversation guide: the steps of "Talk it through" with sentence starters and ruled space
to write on by hand, the ground rules, and the feelings and needs lists on an appendix page.

Its texts live in resources/content/guide.json (so they can be translated); it holds nothing from the vault.
"""

from __future__ import annotations

from typing import Any

from sidebyside.core import content
from sidebyside.core.guide.document import (
    Block,
    Bullets,
    Document,
    Page,
    Paragraph,
    Section,
    WordGroups,
    WritingLines,
)
from sidebyside.core.guide.word_lists import WordLists, word_lists

STARTER_GAP = "\u2003·\u2003"  # between two sentence starters on one line (em spaces around a dot)


def _step(step: dict[str, Any], new_page: bool) -> Section:
    blocks: list[Block] = [Paragraph(str(step["text"]), user=False),
                           Paragraph(STARTER_GAP.join(str(s) for s in step["starters"]), user=False, kind="starters"),
                           WritingLines(int(step["lines"]), tuple(str(label) for label in step["fields"]))]
    return Section(str(step["heading"]), tuple(blocks), note=str(step["who"]), new_page=new_page)


def word_list_page(texts: dict[str, Any], lists: WordLists) -> Page:
    """The appendix page with the feelings and the needs (shared with the personalised guide)."""
    return Page(str(texts["title"]), intro=str(texts["intro"]), blocks=(
        Section(str(texts["feelings"]), (WordGroups(lists.feelings, columns=4),)),
        Section(str(texts["needs"]), (WordGroups(lists.needs, columns=4),)),
    ))


def blank_guide() -> Document:
    texts = content.load("guide")["blank"]
    blocks: list[Block] = [Paragraph(str(texts["credit"]), user=False, kind="small"),
                           Section(str(texts["ground_rules"]["heading"]),
                                   (Bullets(tuple(str(i) for i in texts["ground_rules"]["items"]), user=False),))]
    for part in texts["parts"]:
        for index, step in enumerate(part["steps"]):
            blocks.append(_step(step, new_page=bool(part["new_page"]) and index == 0))
    blocks.append(Paragraph(str(texts["swap"]), user=False, kind="note"))
    lists = word_lists()
    appendix = (word_list_page(texts["appendix"], lists),) if lists is not None else ()
    return Document(str(texts["title"]), tuple(blocks), subtitle=str(texts["subtitle"]), user_subtitle=False,
                    appendix=appendix, user_content=False)
