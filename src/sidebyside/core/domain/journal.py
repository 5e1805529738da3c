"""Journal entries: plain data and the rules their fields follow (no I/O)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sidebyside.core.errors import ValidationError

TITLE_MAX = 200
BODY_MAX = 5_000_000  # characters; a 1 MB entry is ordinary here
TAG_MAX = 64
TAGS_MAX = 10_000
YEAR_RANGE = (2, 9998)  # a day's margin each side, so any time zone converts
MOODS = (1, 2, 3, 4, 5)  # very low … very good; the words live in the UI, translated
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Link:
    kind: str  # "button" or "conversation"
    target: str  # the other record's id


@dataclass(frozen=True)
class EntryFields:
    """What a person edits. Validated by :func:`clean_fields` before it is stored."""

    author: int
    written_at: datetime
    title: str = ""
    body: str = ""
    mood: int | None = None
    tags: tuple[str, ...] = ()
    pinned: bool = False
    private: bool = False
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Entry:
    uid: str
    fields: EntryFields
    created_at: datetime
    updated_at: datetime
    sealed: bool = False  # private and its space locked: title/body/mood/tags are not available

    @property
    def heading(self) -> str:
        """The title, or else the first non-empty line of the body."""
        if self.fields.title:
            return self.fields.title
        return first_line(self.fields.body)


@dataclass(frozen=True)
class EntrySummary:
    """One row of the journal list (no full body: 100,000 of these must stay cheap)."""

    uid: str
    author: int
    written_at: datetime
    heading: str
    mood: int | None
    tags: tuple[str, ...]
    pinned: bool
    private: bool
    sealed: bool
    snippet: str = ""
    rowid: int = 0


@dataclass(frozen=True)
class JournalFilter:
    text: str = ""
    authors: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    moods: tuple[int, ...] = ()
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    include_private: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.authors or self.tags or self.moods or self.start or self.end)


@dataclass(frozen=True)
class Cursor:
    """Where the next page of the list starts (keyset paging: fast at any depth)."""

    pinned: int
    written_utc: str
    rowid: int


@dataclass
class MoodPoint:
    day: str  # YYYY-MM-DD
    author: int
    mood: float
    count: int = 1
    extra: dict[str, int] = field(default_factory=dict)


def first_line(text: str, limit: int = 120) -> str:
    for line in text.splitlines():
        stripped = line.strip().lstrip("#>*-").strip()
        if stripped:
            return stripped[:limit]
    return ""


def clean_text(text: str) -> str:
    """NFC, and no NUL characters (SQLite and most tools stop reading at one), nor lone surrogates
    (not text: they can't be stored, so each becomes U+FFFD; a pair given as two halves is joined)."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return unicodedata.normalize("NFC", text).replace("\x00", "")


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trimmed, '#' removed, duplicates (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in tags:
        tag = " ".join(clean_text(raw).strip().lstrip("#").split())
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise ValidationError(f"A tag can be up to {TAG_MAX} characters; “{tag[:20]}…” is longer.", "tags")
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise ValidationError(f"An entry can have up to {TAGS_MAX:,} tags.", "tags")
    return tuple(cleaned)


def clean_fields(fields: EntryFields) -> EntryFields:
    if fields.author not in (1, 2):
        raise ValidationError("Please choose who is writing.", "author")
    title = " ".join(clean_text(fields.title).split())
    if len(title) > TITLE_MAX:
        raise ValidationError(f"A title can be up to {TITLE_MAX} characters.", "title")
    body = clean_text(fields.body)
    if len(body) > BODY_MAX:
        raise ValidationError("This entry is too long to save. Please split it into two.", "body")
    if fields.mood is not None and fields.mood not in MOODS:
        raise ValidationError("Please pick a mood from the scale, or none.", "mood")
    written = fields.written_at
    if not YEAR_RANGE[0] <= written.year <= YEAR_RANGE[1]:
        raise ValidationError(f"Please choose a date between the years {YEAR_RANGE[0]} and {YEAR_RANGE[1]}.", "date")
    if written.tzinfo is None:
        written = written.astimezone()  # naive means local time
    for link in fields.links:
        if link.kind not in ("button", "conversation") or not link.target:
            raise ValidationError("A link must point to a button or a conversation.", "links")
    return EntryFields(author=fields.author, written_at=written, title=title, body=body, mood=fields.mood,
                       tags=clean_tags(fields.tags), pinned=fields.pinned, private=fields.private,
                       links=tuple(dict.fromkeys(fields.links)))


def to_utc_key(moment: datetime) -> str:
    """A sortable text key for a moment (UTC, fixed width, valid for years 1–9999)."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-{utc.strftime('%m-%dT%H:%M:%S.%f')}"
