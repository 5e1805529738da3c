"""The feelings and needs word lists (resources/content/conversation.json) as groups for an appendix page.

The lists belong to the conversation wizard's content file. When it is missing (or not in the shape
below), documents leave their word-list appendix out rather than fail:
``{"feelings": {"groups": [{"id", "label", "words": [...]}]}, "needs": {"categories": [{"id", "label",
"needs": [...]}]}}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sidebyside.core import content
from sidebyside.core.guide.document import WordGroup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordLists:
    feelings: tuple[WordGroup, ...]
    needs: tuple[WordGroup, ...]


def _groups(items: Any, words_key: str) -> tuple[WordGroup, ...]:
    return tuple(WordGroup(str(item["label"]), tuple(str(w) for w in item[words_key])) for item in items)


def word_lists() -> WordLists | None:
    """The lists, or None when the content file isn't there (or isn't in the expected shape)."""
    try:
        data = content.load("conversation")
    except FileNotFoundError:
        return None
    try:
        lists = WordLists(_groups(data["feelings"]["groups"], "words"), _groups(data["needs"]["categories"], "needs"))
    except (KeyError, TypeError) as exc:
        log.warning("conversation word lists not usable: %s", type(exc).__name__)
        return None
    return lists if lists.feelings or lists.needs else None
