"""Buttons: the topics that are tender for one partner, and the rules their fields follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sidebyside.core.domain.journal import clean_text
from sidebyside.core.domain.search_text import fold, query_terms
from sidebyside.core.errors import ValidationError

TOPIC_MAX = 80
TEXT_MAX = 20_000
HEATS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    prompt: str


@dataclass(frozen=True)
class ButtonFields:
    owner: int
    topic: str
    category: str = "other"
    heat: int = 3
    story: str = ""
    signs: str = ""
    helps: str = ""
    worse: str = ""
    public_ok: bool = False
    public_plan: str = ""
    printable: bool = False
    draft: bool = False  # a private draft: sealed in the owner's private space, invisible to the other


@dataclass(frozen=True)
class Button:
    uid: str
    fields: ButtonFields
    position: int
    archived: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SideBySideRow:
    """One line of the side-by-side editor: a button of each partner (or a gap), shared when they match."""

    left: Button | None
    right: Button | None
    shared: str = ""  # "topic", "category" or "" (nothing in common)


@dataclass
class TogetherSummary:
    added: dict[int, int] = field(default_factory=dict)  # slot -> new buttons
    shared_topics: int = 0


def clean_button(fields: ButtonFields, categories: set[str]) -> ButtonFields:
    if isinstance(fields.owner, bool) or fields.owner not in (1, 2):
        raise ValidationError("Please choose whose button this is.", "owner")
    topic = " ".join(clean_text(fields.topic).split())
    if not any(ch.isprintable() and not ch.isspace() for ch in topic):  # nothing visible (e.g. only U+200B)
        raise ValidationError("Please give the button a topic — a few words are enough.", "topic")
    if len(topic) > TOPIC_MAX:
        raise ValidationError(f"Please keep the topic to {TOPIC_MAX} characters; the story has room for more.",
                              "topic")
    if fields.category not in categories:
        raise ValidationError("Please choose a topic area.", "category")
    if isinstance(fields.heat, bool) or not isinstance(fields.heat, int) or fields.heat not in HEATS:
        raise ValidationError("Please choose how tender it is, from 1 to 5.", "heat")
    texts = {}
    for name in ("story", "signs", "helps", "worse", "public_plan"):
        value = clean_text(getattr(fields, name)).strip()
        if len(value) > TEXT_MAX:
            raise ValidationError(f"That text is longer than {TEXT_MAX:,} characters; please shorten it.", name)
        texts[name] = value
    return ButtonFields(owner=fields.owner, topic=topic, category=fields.category, heat=fields.heat,
                        public_ok=fields.public_ok, printable=fields.printable, draft=fields.draft, **texts)


def side_by_side(buttons: list[Button]) -> list[SideBySideRow]:
    """Both partners' buttons in rows: the same topic (ignoring case and accents) side by side first,
    then the same topic area, then the rest, hottest first."""
    left = sorted((b for b in buttons if b.fields.owner == 1), key=_order)
    right = sorted((b for b in buttons if b.fields.owner == 2), key=_order)
    rows: list[SideBySideRow] = []
    by_topic: dict[str, list[Button]] = {}  # a topic may be there twice: each pair lines up
    for button in right:
        by_topic.setdefault(topic_key(button.fields.topic), []).append(button)
    for button in list(left):
        waiting = by_topic.get(topic_key(button.fields.topic))
        match = waiting.pop(0) if waiting else None
        if match is not None:
            rows.append(SideBySideRow(button, match, "topic"))
            left.remove(button)
            right.remove(match)
    for button in list(left):
        match = next((b for b in right if b.fields.category == button.fields.category), None)
        if match is not None:
            rows.append(SideBySideRow(button, match, "category"))
            left.remove(button)
            right.remove(match)
    for index in range(max(len(left), len(right))):
        rows.append(SideBySideRow(left[index] if index < len(left) else None,
                                  right[index] if index < len(right) else None))
    return rows


def topic_key(topic: str) -> str:
    """Topics count as the same when their words are (case, accents and punctuation aside); a topic
    without words (emoji, "!!!") only matches itself."""
    return " ".join(query_terms(topic)) or " ".join(fold(topic).split())


def _order(button: Button) -> tuple[int, int, str]:
    return button.position, -button.fields.heat, fold(button.fields.topic)
