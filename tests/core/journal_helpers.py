"""Small helpers shared by the journal core tests (plain functions, no fixtures, no Qt)."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from core_helpers import open_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.journal import EntryFields, EntrySummary, JournalFilter
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

PERSONAL_1 = "lantern river quietly hums"  # partner 1's personal passphrase
PERSONAL_2 = "orchard violet compass drifts"  # partner 2's
CHEAP = KdfParams.cheap_for_tests()


def tz(minutes: int) -> timezone:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def at(year: int = 2024, month: int = 5, day: int = 1, hour: int = 12, minute: int = 0, offset: int = 0,
       second: int = 0) -> datetime:
    """A moment with an explicit UTC offset in minutes (never the machine's time zone)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=tz(offset))


def fields(**kw: Any) -> EntryFields:
    kw.setdefault("author", 1)
    kw.setdefault("written_at", at())
    return EntryFields(**kw)


def add(session: VaultSession, **kw: Any) -> str:
    uid, changes = journal.create_entry(session, fields(**kw))
    assert changes.journal
    return uid


def marker(prefix: str = "") -> str:
    """A unique lowercase word (letters only, so FTS keeps it as one token, as it is)."""
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(18))


def uids(summaries: list[EntrySummary]) -> list[str]:
    return [s.uid for s in summaries]


def found(session: VaultSession, text: str, **kw: Any) -> set[str]:
    """The uids a search (plus filters) shows, checked against count_entries."""
    flt = JournalFilter(text=text, **kw)
    page = journal.list_entries(session, flt, limit=10_000)
    assert journal.count_entries(session, flt) == len(page)
    return set(uids(page))


def every_page(session: VaultSession, flt: JournalFilter, size: int) -> list[list[EntrySummary]]:
    pages: list[list[EntrySummary]] = []
    after = None
    while True:
        page = journal.list_entries(session, flt, after=after, limit=size)
        if not page:
            return pages
        assert len(page) <= size
        pages.append(page)
        after = journal.cursor_after(page[-1])
        assert len(pages) < 10_000  # never loops forever


@contextmanager
def opened(paths: VaultPaths) -> Iterator[VaultSession]:
    session = open_with_passphrase(paths)
    try:
        yield session
    finally:
        session.close()


def raw_row(session: VaultSession, uid: str) -> tuple[Any, ...]:
    """(title, body, mood, private, sealed) exactly as the database holds them."""
    row = session.require_conn().execute(
        "SELECT title, body, mood, private, sealed FROM entries WHERE uid = ?", (uid,)).fetchone()
    assert row is not None
    return tuple(row)


def fts_count(session: VaultSession, word: str) -> int:
    return int(session.require_conn().execute(
        "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?", (f'"{word}"',)).fetchone()[0])
