"""The journal: one function per thing a person does with entries, each in one transaction.

Private entries are sealed with their author's private-space key (crypto.private_space): the row
keeps only who wrote it, when, and whether it is pinned. While the author's space is locked the
entry appears as "private" and nothing else; it is never in the full-text index, so search finds
it only for its author, while their space is open (decrypted and matched in memory).
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sidebyside.core.crypto import private_space
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.domain.journal import (
    Cursor,
    Entry,
    EntryFields,
    EntrySummary,
    JournalFilter,
    MoodPoint,
    clean_fields,
    first_line,
    to_utc_key,
)
from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.domain.search_text import fold, highlight_spans, query_terms
from sidebyside.core.errors import SealedRecordError, ValidationError, WrongSecretError
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import journal_repo as repo
from sidebyside.core.storage.database import Connection, Transaction
from sidebyside.core.storage.vault import VaultSession, now_iso

ENTRY = "entry"
CHANGED = Changes(journal=True)
EVERYTHING = JournalFilter()


# -- private spaces ------------------------------------------------------------------------------
def has_private_space(session: VaultSession, slot: int) -> bool:
    row = session.require_conn().execute("SELECT 1 FROM private_spaces WHERE slot = ?", (slot,)).fetchone()
    return row is not None


def _space_record(session: VaultSession, slot: int) -> private_space.WrappedSpaceKey:
    row = session.require_conn().execute(
        "SELECT kdf, salt, nonce, wrapped FROM private_spaces WHERE slot = ?", (slot,)).fetchone()
    if row is None:
        raise ValidationError("This partner hasn't set a personal passphrase yet.", "private")
    return private_space.WrappedSpaceKey(slot, private_space.WrappedSpaceKey.kdf_from_json(row[0]), bytes(row[1]),
                                         bytes(row[2]), bytes(row[3]))


def create_private_space(session: VaultSession, slot: int, passphrase: str, confirmation: str,
                         kdf: KdfParams) -> Changes:
    """Set a partner's personal passphrase (slow: KDF). Their space is open afterwards."""
    if has_private_space(session, slot):
        raise ValidationError("This partner already has a personal passphrase.", "private")
    record, key = prepare_private_space(slot, passphrase, confirmation, kdf)
    return save_private_space(session, record, key)


def prepare_private_space(slot: int, passphrase: str, confirmation: str,
                          kdf: KdfParams) -> tuple[private_space.WrappedSpaceKey, bytearray]:
    """The slow half of creating a private space (KDF); touches no database, so any thread may run it."""
    validate_new_passphrase(passphrase, confirmation)
    return private_space.new_space(slot, passphrase, kdf)


def save_private_space(session: VaultSession, record: private_space.WrappedSpaceKey, key: bytearray) -> Changes:
    """The fast half, on the session's thread: store the wrapped key and open the space."""
    slot = record.slot
    if has_private_space(session, slot):
        wipe(key)
        raise ValidationError("This partner already has a personal passphrase.", "private")
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute("INSERT INTO private_spaces(slot, kdf, salt, nonce, wrapped, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (slot, record.kdf_json(), record.salt, record.nonce, record.wrapped, now_iso()))
    session.private_keys[slot] = key
    return CHANGED


def unlock_private_space(session: VaultSession, slot: int, passphrase: str) -> Changes:
    """Open a partner's private space with their personal passphrase (slow: KDF)."""
    return adopt_private_key(session, slot, open_space_key(space_record(session, slot), passphrase))


def space_record(session: VaultSession, slot: int) -> private_space.WrappedSpaceKey:
    """The wrapped key, read on the session's thread (then open_space_key may run elsewhere)."""
    return _space_record(session, slot)


def open_space_key(record: private_space.WrappedSpaceKey, passphrase: str) -> bytearray:
    """The slow half of opening a private space (KDF); touches no database."""
    if not passphrase:
        raise WrongSecretError("Please enter the personal passphrase.")
    return private_space.unwrap_space_key(record, passphrase)


def adopt_private_key(session: VaultSession, slot: int, key: bytearray) -> Changes:
    wipe(session.private_keys.pop(slot, None))
    session.private_keys[slot] = key
    return CHANGED


def lock_private_space(session: VaultSession, slot: int) -> Changes:
    wipe(session.private_keys.pop(slot, None))
    return CHANGED


def change_personal_passphrase(session: VaultSession, slot: int, old: str, new: str, confirmation: str,
                               kdf: KdfParams) -> Changes:
    return save_rewrapped_space(session, rewrap_private_space(_space_record(session, slot), old, new, confirmation,
                                                              kdf))


def rewrap_private_space(record: private_space.WrappedSpaceKey, old: str, new: str, confirmation: str,
                         kdf: KdfParams) -> private_space.WrappedSpaceKey:
    """The slow half of changing a personal passphrase (two KDF runs); touches no database."""
    validate_new_passphrase(new, confirmation)
    key = open_space_key(record, old)
    try:
        return private_space.wrap_space_key(record.slot, key, new, kdf)
    finally:
        wipe(key)


def save_rewrapped_space(session: VaultSession, record: private_space.WrappedSpaceKey) -> Changes:
    slot = record.slot
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute("UPDATE private_spaces SET kdf = ?, salt = ?, nonce = ?, wrapped = ? WHERE slot = ?",
                     (record.kdf_json(), record.salt, record.nonce, record.wrapped, slot))
    return CHANGED


def remove_private_space(session: VaultSession, slot: int, passphrase: str) -> Changes:
    """Remove a personal passphrase: that partner's private entries become shared entries (after asking)."""
    return remove_private_space_with_key(session, slot, open_space_key(_space_record(session, slot), passphrase))


def remove_private_space_with_key(session: VaultSession, slot: int, key: bytearray) -> Changes:
    """The fast half of removing a private space, once open_space_key has checked the passphrase."""
    conn = session.require_conn()
    now = now_iso()
    try:
        with Transaction(conn):
            for rowid, uid, blob in repo.sealed_entries_of(conn, slot):
                loaded = repo.load_entry(conn, uid)
                assert loaded is not None
                fields = _unsealed_fields(key, loaded[1], blob)
                repo.update_entry(conn, rowid, replace(fields, private=False), now)
            conn.execute("DELETE FROM private_spaces WHERE slot = ?", (slot,))
    finally:
        wipe(key)
    lock_private_space(session, slot)
    return CHANGED


# -- entries -------------------------------------------------------------------------------------
def sealed_payload(fields: EntryFields) -> dict[str, object]:
    return {"title": fields.title, "body": fields.body, "mood": fields.mood, "tags": list(fields.tags)}


def _seal_if_private(session: VaultSession, uid: str, fields: EntryFields) -> bytes | None:
    if not fields.private:
        return None
    key = session.require_private_key(fields.author, "write a private entry", "private")
    return private_space.seal(key, ENTRY, uid, fields.author, sealed_payload(fields))


def _unsealed_fields(key: bytes | bytearray, entry: Entry, blob: bytes) -> EntryFields:
    payload = private_space.unseal(key, ENTRY, entry.uid, entry.fields.author, blob)
    mood = payload.get("mood")
    return replace(entry.fields, title=str(payload.get("title", "")), body=str(payload.get("body", "")),
                   mood=mood if isinstance(mood, int) else None,
                   tags=tuple(str(t) for t in payload.get("tags", []) if isinstance(t, str)))


def create_entry(session: VaultSession, fields: EntryFields) -> tuple[str, Changes]:
    cleaned = clean_fields(fields)
    uid = uuid.uuid4().hex
    sealed = _seal_if_private(session, uid, cleaned)
    conn = session.require_conn()
    with Transaction(conn):
        repo.insert_entry(conn, uid, cleaned, now_iso(), sealed)
    return uid, CHANGED


def update_entry(session: VaultSession, uid: str, fields: EntryFields) -> Changes:
    cleaned = clean_fields(fields)
    sealed = _seal_if_private(session, uid, cleaned)
    conn = session.require_conn()
    with Transaction(conn):
        rowid = _existing(conn, uid)
        _require_unsealed(session, conn, rowid, "change")  # as delete_entry: never replace it unseen
        repo.update_entry(conn, rowid, cleaned, now_iso(), sealed)
    return CHANGED


def get_entry(session: VaultSession, uid: str) -> Entry:
    """The entry; a private one whose space is locked comes back with ``sealed=True`` and no text."""
    loaded = repo.load_entry(session.require_conn(), uid)
    if loaded is None:
        raise ValidationError("That entry no longer exists.", "entry")
    _rowid, entry, blob = loaded
    if blob is None:
        return entry
    key = session.private_keys.get(entry.fields.author)
    if key is None:
        return entry
    return replace(entry, fields=_unsealed_fields(key, entry, blob), sealed=False)


def delete_entry(session: VaultSession, uid: str) -> tuple[Entry, Changes]:
    """Delete an entry; returns what is needed to undo it (held in memory only, dropped on lock)."""
    entry = get_entry(session, uid)
    if entry.sealed:
        raise ValidationError("Open the private space of its author to delete a private entry.", "private")
    conn = session.require_conn()
    with Transaction(conn):
        repo.delete_entry(conn, _existing(conn, uid))
    return entry, CHANGED


def restore_entry(session: VaultSession, entry: Entry) -> Changes:
    """Undo a delete: the entry comes back with the same id and dates."""
    sealed = _seal_if_private(session, entry.uid, entry.fields)
    conn = session.require_conn()
    with Transaction(conn):
        if repo.rowid_of(conn, entry.uid) is not None:
            return Changes()
        rowid = repo.insert_entry(conn, entry.uid, entry.fields, entry.updated_at.isoformat(timespec="seconds"),
                                  sealed)
        conn.execute("UPDATE entries SET created_at = ? WHERE id = ?",
                     (entry.created_at.isoformat(timespec="seconds"), rowid))
    return CHANGED


def set_pinned(session: VaultSession, uid: str, pinned: bool) -> Changes:
    conn = session.require_conn()
    with Transaction(conn):
        rowid = _existing(conn, uid)
        _require_unsealed(session, conn, rowid, "pin or unpin")
        repo.set_pinned(conn, rowid, pinned, now_iso())
    return CHANGED


def _require_unsealed(session: VaultSession, conn: Connection, rowid: int, doing: str) -> None:
    """A private entry is its author's alone: nothing about it changes while their space is closed."""
    author, sealed = conn.execute("SELECT author, sealed IS NOT NULL FROM entries WHERE id = ?", (rowid,)).fetchone()
    if sealed and author not in session.private_keys:
        raise ValidationError(f"Open the private space of its author to {doing} a private entry.", "private")


def _existing(conn: Connection, uid: str) -> int:
    rowid = repo.rowid_of(conn, uid)
    if rowid is None:
        raise ValidationError("That entry no longer exists.", "entry")
    return rowid


# -- reading the list ----------------------------------------------------------------------------
def _opened(session: VaultSession, summary: EntrySummary) -> EntrySummary:
    """A private summary shown with its content when its author's space is open."""
    if not summary.sealed or summary.author not in session.private_keys:
        return summary
    try:
        entry = get_entry(session, summary.uid)
    except SealedRecordError:  # damaged, or moved from another row: listed as a private entry that doesn't open
        return summary
    return replace(summary, heading=entry.heading, mood=entry.fields.mood, tags=entry.fields.tags[:8], sealed=False,
                   snippet=entry.fields.body[:400])


def list_entries(session: VaultSession, flt: JournalFilter = EVERYTHING, after: Cursor | None = None,
                 limit: int = 100) -> list[EntrySummary]:
    """A page of the list (newest first, pinned on top). Pass ``cursor_after(last)`` for the next page.

    Search text matches shared entries through the index; private entries match only for their
    author while their space is open (merged into the first page by date).
    """
    conn = session.require_conn()
    page = [_opened(session, s) for s in repo.list_summaries(conn, flt, after, limit)]
    if _private_in_memory(flt) and session.private_keys:
        page = _merge_private_matches(session, flt, after, limit, page)
    return page


def _private_in_memory(flt: JournalFilter) -> bool:
    """Whether the filter needs a private entry's sealed content (text, tags, mood) to decide."""
    return bool(flt.text.strip() or flt.tags or flt.moods) and flt.include_private


def _merge_private_matches(session: VaultSession, flt: JournalFilter, after: Cursor | None, limit: int,
                           page: list[EntrySummary]) -> list[EntrySummary]:
    conn = session.require_conn()
    terms = query_terms(flt.text)
    if flt.text.strip() and not terms:
        return page  # only punctuation typed: nothing matches, here as in the index
    found: list[EntrySummary] = []
    for slot in session.private_keys:
        if flt.authors and slot not in flt.authors:
            continue
        for _rowid, uid, _blob in repo.sealed_entries_of(conn, slot):
            try:
                entry = get_entry(session, uid)
            except SealedRecordError:  # a private entry that doesn't open matches nothing
                continue
            if _matches(entry, terms, flt):
                found.append(_summary_of(entry, _rowid))
    def key(s: EntrySummary) -> tuple[int, str, int]:
        return int(s.pinned), to_utc_key(s.written_at), s.rowid

    if after is not None:
        found = [s for s in found if key(s) < (after.pinned, after.written_utc, after.rowid)]
    merged = sorted([*page, *found], key=key, reverse=True)
    return merged[:limit]


def _matches(entry: Entry, terms: list[str], flt: JournalFilter) -> bool:
    f = entry.fields
    if flt.moods and f.mood not in flt.moods:
        return False
    if flt.tags and not {fold(t) for t in flt.tags} <= {fold(t) for t in f.tags}:
        return False
    if (flt.start and f.written_at < flt.start) or (flt.end and f.written_at >= flt.end):
        return False
    words = set(query_terms(" ".join((f.title, f.body, " ".join(f.tags)))))
    return all(any(w.startswith(t) for w in words) for t in terms)


def _summary_of(entry: Entry, rowid: int) -> EntrySummary:
    f = entry.fields
    return EntrySummary(uid=entry.uid, author=f.author, written_at=f.written_at, heading=entry.heading, mood=f.mood,
                        tags=f.tags[:8], pinned=f.pinned, private=f.private, sealed=False, snippet=f.body[:400],
                        rowid=rowid)


def cursor_after(summary: EntrySummary) -> Cursor:
    return repo.cursor_after(summary)


def count_entries(session: VaultSession, flt: JournalFilter = EVERYTHING) -> int:
    """How many entries the filter shows (private matches of an open space included)."""
    total = repo.count(session.require_conn(), flt)
    if _private_in_memory(flt) and session.private_keys:
        total += len(_merge_private_matches(session, flt, None, 1_000_000, []))
    return total


def highlights(text: str, query: str) -> list[tuple[int, int]]:
    return highlight_spans(text, query)


def snippet(text: str, query: str, width: int = 160) -> str:
    from sidebyside.core.domain.search_text import snippet as make_snippet

    return make_snippet(text, query, width)


def all_tags(session: VaultSession) -> list[tuple[str, int]]:
    return repo.all_tags(session.require_conn())


def on_this_day(session: VaultSession, today: date, limit: int = 20) -> list[EntrySummary]:
    """Entries from this day in earlier years (shared, and private ones whose space is open). In a year
    without 29 February, 28 February also shows what was written on a 29th."""
    days = [f"{today.month:02d}-{today.day:02d}"]
    if days == ["02-28"] and not calendar.isleap(today.year):
        days.append("02-29")
    summaries = repo.on_this_day(session.require_conn(), days, today.year, limit)
    return [_opened(session, s) for s in summaries]


def mood_series(session: VaultSession, start: datetime, end: datetime) -> list[MoodPoint]:
    """Each partner's average mood per day (shared entries; a private mood stays private)."""
    by_key: dict[tuple[int, str], list[int]] = {}
    for author, written_utc, mood, offset in repo.moods_by_day(session.require_conn(), to_utc_key(start),
                                                                to_utc_key(end)):
        local = datetime.fromisoformat(written_utc).replace(tzinfo=UTC) + timedelta(minutes=offset)
        by_key.setdefault((author, local.date().isoformat()), []).append(mood)
    return [MoodPoint(day=day, author=author, mood=sum(v) / len(v), count=len(v))
            for (author, day), v in sorted(by_key.items(), key=lambda kv: (kv[0][1], kv[0][0]))]


def days_with_entries(session: VaultSession, first: date, last: date) -> set[date]:
    """The local dates, from ``first`` to ``last`` inclusive, on which something was written."""
    start = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
    end = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
    moments = repo.moments_between(session.require_conn(), to_utc_key(start), to_utc_key(end))
    return {m.date() for m in moments if first <= m.date() <= last}


def day_filter(day: date, base: JournalFilter = EVERYTHING) -> JournalFilter:
    """``base`` narrowed to one local day."""
    start = datetime.combine(day, datetime.min.time()).astimezone()
    return replace(base, start=start, end=start + timedelta(days=1))


def heading_of(entry: Entry) -> str:
    return entry.heading or first_line(entry.fields.body)


def entries_linked_to(session: VaultSession, kind: str, target: str) -> list[EntrySummary]:
    """Entries that link to a button or a conversation (a private one only while its space is open)."""
    conn = session.require_conn()
    found = []
    for uid in repo.linked_uids(conn, kind, target):
        loaded = repo.load_entry(conn, uid)
        if loaded is None:
            continue
        rowid = loaded[0]
        try:
            visible = get_entry(session, uid)
        except SealedRecordError:  # damaged or moved from another row: listed nowhere, as in list_entries
            continue
        if visible.sealed:
            continue
        found.append(_summary_of(visible, rowid))
    return found
