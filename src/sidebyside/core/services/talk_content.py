"""The words of "Talk it through" — step texts, prompts, word lists and flagged phrases — read from
``resources/content/conversation.json`` so they can be reviewed and translated without touching code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sidebyside.core import content
from sidebyside.core.domain.conversation import Step


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class WordGroup:
    id: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class TalkContent:
    doc: dict[str, Any]

    def step(self, step: Step) -> dict[str, Any]:
        return dict(self.doc["steps"][step.value])

    def text(self, step: Step, key: str, **names: str) -> str:
        """A step's text with ``{speaker}``, ``{listener}``, ``{name}`` … filled in (names are plain text here:
        escape them where they go into rich text)."""
        return str(self.doc["steps"][step.value][key]).format_map(_Blank(names))

    def items(self, step: Step, key: str) -> list[str]:
        return [str(x) for x in self.doc["steps"][step.value][key]]

    def header(self, key: str, **names: str) -> str:
        return str(self.doc["header"][key]).format_map(_Blank(names))

    @property
    def feelings(self) -> list[WordGroup]:
        return [WordGroup(g["id"], g["label"], tuple(g["words"])) for g in self.doc["feelings"]["groups"]]

    @property
    def needs(self) -> list[WordGroup]:
        return [WordGroup(c["id"], c["label"], tuple(c["needs"])) for c in self.doc["needs"]["categories"]]

    @property
    def faux_feelings(self) -> dict[str, list[str]]:
        return {str(k): [str(s) for s in v] for k, v in self.doc["faux_feelings"].items()}

    @property
    def absolutes(self) -> list[str]:
        return [str(x) for x in self.doc["absolutes"]]

    @property
    def demands(self) -> list[str]:
        return [str(x) for x in self.doc["demands"]]

    @property
    def vague_requests(self) -> list[str]:
        return [str(x) for x in self.doc["vague_requests"]]

    @property
    def about_panel(self) -> tuple[str, list[str]]:
        panel = self.doc["about_panel"]
        return str(panel["title"]), [str(p) for p in panel["body"]]


@cache
def talk_content() -> TalkContent:
    return TalkContent(content.load("conversation"))
