"""SQL for the journal. Callers hold the transaction; every function takes the connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sidebyside.core.domain.journal import (
    Cursor,
    Entry,
    EntryFields,
    EntrySummary,
    JournalFilter,
    Link,
    first_line,
    to_utc_key,
)
from sidebyside.core.domain.search_text import build_match, fold, fts_text
from sidebyside.core.storage.database import Connection

SUMMARY_COLUMNS = ("e.id, e.uid, e.author, e.written_utc, e.written_offset, e.title, substr(e.body, 1, 400), "
                   "e.mood, e.pinned, e.private, e.sealed IS NOT NULL")


def _moment(utc_key: str, offset_minutes: int) -> datetime:
    utc = datetime.fromisoformat(utc_key).replace(tzinfo=UTC)  # ~10x faster than strptime
    return utc.astimezone(timezone(timedelta(minutes=offset_minutes)))


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def insert_entry(conn: Connection, uid: str, fields: EntryFields, now: str, sealed: bytes | None = None) -> int:
    shared = sealed is None
    cur = conn.execute(
        "INSERT INTO entries(uid, author, written_utc, written_offset, created_at, updated_at, title, body, mood,"
        " pinned, private, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uid, fields.author, to_utc_key(fields.written_at), _offset_minutes(fields.written_at), now, now,
         fields.title if shared else "", fields.body if shared else "", fields.mood if shared else None,
         int(fields.pinned), int(fields.private), sealed),
    )
    rowid = int(cur.lastrowid)
    _write_children(conn, rowid, fields, shared)
    return rowid


def update_entry(conn: Connection, rowid: int, fields: EntryFields, now: str, sealed: bytes | None = None) -> None:
    shared = sealed is None
    _unindex(conn, rowid)
    conn.execute(
        "UPDATE entries SET author = ?, written_utc = ?, written_offset = ?, updated_at = ?, title = ?, body = ?,"
        " mood = ?, pinned = ?, private = ?, sealed = ? WHERE id = ?",
        (fields.author, to_utc_key(fields.written_at), _offset_minutes(fields.written_at), now,
         fields.title if shared else "", fields.body if shared else "", fields.mood if shared else None,
         int(fields.pinned), int(fields.private), sealed, rowid),
    )
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ?", (rowid,))
    conn.execute("DELETE FROM entry_links WHERE entry_id = ?", (rowid,))
    _write_children(conn, rowid, fields, shared)


def _write_children(conn: Connection, rowid: int, fields: EntryFields, shared: bool) -> None:
    if shared:  # a private entry's tags live only inside its sealed content
        conn.executemany("INSERT INTO entry_tags(entry_id, position, tag, folded) VALUES (?, ?, ?, ?)",
                         [(rowid, i, tag, fold(tag)) for i, tag in enumerate(fields.tags)])
        conn.execute("INSERT INTO entries_fts(rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                     (rowid, fts_text(fields.title), fts_text(fields.body), fts_text(" ".join(fields.tags))))
    conn.executemany("INSERT INTO entry_links(entry_id, kind, target) VALUES (?, ?, ?)",
                     [(rowid, link.kind, link.target) for link in fields.links])


def _unindex(conn: Connection, rowid: int) -> None:
    conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))


def delete_entry(conn: Connection, rowid: int) -> None:
    _unindex(conn, rowid)
    conn.execute("DELETE FROM entries WHERE id = ?", (rowid,))


def set_pinned(conn: Connection, rowid: int, pinned: bool, now: str) -> None:
    conn.execute("UPDATE entries SET pinned = ?, updated_at = ? WHERE id = ?", (int(pinned), now, rowid))


def rowid_of(conn: Connection, uid: str) -> int | None:
    row = conn.execute("SELECT id FROM entries WHERE uid = ?", (uid,)).fetchone()
    return int(row[0]) if row else None


def load_entry(conn: Connection, uid: str) -> tuple[int, Entry, bytes | None] | None:
    row = conn.execute(
        "SELECT id, author, written_utc, written_offset, title, body, mood, pinned, private, created_at,"
        " updated_at, sealed FROM entries WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        return None
    rowid = int(row[0])
    tags = tuple(t for (t,) in conn.execute("SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY position",
                                            (rowid,)))
    links = tuple(Link(k, t) for k, t in conn.execute("SELECT kind, target FROM entry_links WHERE entry_id = ? "
                                                      "ORDER BY kind, target", (rowid,)))
    fields = EntryFields(author=int(row[1]), written_at=_moment(row[2], int(row[3])), title=row[4], body=row[5],
                         mood=row[6], tags=tags, pinned=bool(row[7]), private=bool(row[8]), links=links)
    entry = Entry(uid=uid, fields=fields, created_at=datetime.fromisoformat(row[9]),
                  updated_at=datetime.fromisoformat(row[10]), sealed=row[11] is not None)
    return rowid, entry, row[11]


def _where(flt: JournalFilter, match: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if match is not None:
        clauses.append("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
        params.append(match)
    if flt.authors:
        clauses.append(f"e.author IN ({','.join('?' * len(flt.authors))})")
        params += list(flt.authors)
    if flt.moods:
        clauses.append(f"e.mood IN ({','.join('?' * len(flt.moods))})")
        params += list(flt.moods)
    for tag in flt.tags:
        clauses.append("EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.folded = ?)")
        params.append(fold(tag))
    if flt.start is not None:
        clauses.append("e.written_utc >= ?")
        params.append(to_utc_key(flt.start))
    if flt.end is not None:
        clauses.append("e.written_utc < ?")
        params.append(to_utc_key(flt.end))
    if not flt.include_private:
        clauses.append("e.private = 0")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_summaries(conn: Connection, flt: JournalFilter, after: Cursor | None, limit: int,
                   shared_only_for_text: bool = True) -> list[EntrySummary]:
    """A page of the list, newest first with pinned entries on top; ``after`` continues a previous page.

    With search text, only shared entries can match the index (private ones are matched in memory
    by the service, for their author only).
    """
    match = build_match(flt.text) if flt.text.strip() else None
    if flt.text.strip() and match is None:
        return []  # only punctuation typed: nothing can match
    where, params = _where(flt, match)
    # When many entries match (a common word, a frequent tag), walking the list index in order and
    # stopping after one page beats sorting every match (38 ms → 2 ms on 10,000 entries); when few
    # match, the other way round. A count that stops at COMMON_MATCHES tells which.
    hint = " INDEXED BY entries_list" if where and _is_common(conn, match, where, params) else ""
    if after is not None:
        where += (" AND " if where else " WHERE ") + "(e.pinned, e.written_utc, e.id) < (?, ?, ?)"
        params += [after.pinned, after.written_utc, after.rowid]
    columns = SUMMARY_COLUMNS
    if match is not None:  # a search: bring enough text for the snippet around the match
        columns = columns.replace("substr(e.body, 1, 400)", f"substr(e.body, 1, {SEARCH_SNIPPET_SOURCE})")
    sql = (f"SELECT {columns}, e.written_utc FROM entries e{hint}{where} "
           "ORDER BY e.pinned DESC, e.written_utc DESC, e.id DESC LIMIT ?")
    rows = conn.execute(sql, (*params, limit)).fetchall()
    return [_summary(conn, row) for row in rows]


COMMON_MATCHES = 2_000
SEARCH_SNIPPET_SOURCE = 20_000  # characters of each found entry's text searched for the snippet


def _is_common(conn: Connection, match: str | None, where: str, params: list[Any]) -> bool:
    if match is not None:  # the index alone answers this quickly
        sql, args = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?", [match]
    else:
        sql, args = f"SELECT 1 FROM entries e{where}", params
    found = conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {COMMON_MATCHES})", args).fetchone()[0]
    return int(found) >= COMMON_MATCHES


def _summary(conn: Connection, row: Sequence[Any]) -> EntrySummary:
    rowid, uid, author, written_utc, offset, title, body_start, mood, pinned, private, sealed = row[:11]
    tags = tuple(t for (t,) in conn.execute(
        "SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY position LIMIT 8", (rowid,)))
    return EntrySummary(uid=uid, author=int(author), written_at=_moment(written_utc, int(offset)),
                        heading=title or first_line(body_start), mood=mood, tags=tags, pinned=bool(pinned),
                        private=bool(private), sealed=bool(sealed), snippet=body_start, rowid=int(rowid))


def cursor_after(summary: EntrySummary) -> Cursor:
    return Cursor(int(summary.pinned), to_utc_key(summary.written_at), summary.rowid)


def count(conn: Connection, flt: JournalFilter) -> int:
    match = build_match(flt.text) if flt.text.strip() else None
    if flt.text.strip() and match is None:
        return 0
    where, params = _where(flt, match)
    return int(conn.execute(f"SELECT count(*) FROM entries e{where}", params).fetchone()[0])


def sealed_entries_of(conn: Connection, author: int) -> list[tuple[int, str, bytes]]:
    """(rowid, uid, sealed) of an author's private entries."""
    return [(int(r), str(u), bytes(s)) for r, u, s in conn.execute(
        "SELECT id, uid, sealed FROM entries WHERE author = ? AND sealed IS NOT NULL", (author,))]


def all_tags(conn: Connection) -> list[tuple[str, int]]:
    return [(str(t), int(n)) for t, n in conn.execute(
        "SELECT min(tag), count(*) FROM entry_tags GROUP BY folded ORDER BY count(*) DESC, folded")]


def moods_by_day(conn: Connection, start_key: str, end_key: str) -> list[tuple[int, str, int, int]]:
    """(author, UTC day, mood, offset) of shared entries with a mood in [start, end)."""
    return [(int(a), str(w), int(m), int(o)) for a, w, m, o in conn.execute(
        "SELECT author, written_utc, mood, written_offset FROM entries WHERE mood IS NOT NULL "
        "AND written_utc >= ? AND written_utc < ? ORDER BY written_utc", (start_key, end_key))]


def moments_between(conn: Connection, start_key: str, end_key: str) -> list[datetime]:
    """When entries were written in [start, end), each in its own time zone (for calendars)."""
    return [_moment(w, int(o)) for w, o in conn.execute(
        "SELECT written_utc, written_offset FROM entries WHERE written_utc >= ? AND written_utc < ?",
        (start_key, end_key))]


def on_this_day(conn: Connection, month_days: Sequence[str], before_year: int, limit: int) -> list[EntrySummary]:
    """Entries written on one of these month-days ("MM-DD", the writer's own calendar date) in earlier years."""
    near: set[str] = set()
    for month_day in month_days:
        centre = date(2000, int(month_day[:2]), int(month_day[3:]))  # a leap year, so 29 February has neighbours
        near.update((centre + timedelta(days=d)).strftime("%m-%d") for d in (-1, 0, 1))  # offsets are under a day
    local = "strftime('%m-%d %Y', substr(e.written_utc, 1, 19), e.written_offset || ' minutes')"
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS}, e.written_utc FROM entries e "
        f"WHERE substr(e.written_utc, 6, 5) IN ({', '.join('?' * len(near))}) "
        f"AND substr({local}, 1, 5) IN ({', '.join('?' * len(month_days))}) "
        f"AND CAST(substr({local}, 7) AS INTEGER) < ? ORDER BY e.written_utc DESC LIMIT ?",
        (*sorted(near), *month_days, before_year, limit)).fetchall()
    return [_summary(conn, row) for row in rows]


_SEP = "\x1f"


def iter_shared_for_export(conn: Connection, batch: int = 2_000) -> Iterator[dict[str, Any]]:
    """Every shared (not private) entry as plain data, oldest first, read in batches."""
    last = ""
    last_id = 0
    while True:
        rows = conn.execute(
            "SELECT e.id, e.uid, e.author, e.written_utc, e.written_offset, e.created_at, e.updated_at, e.title,"
            " e.body, e.mood, e.pinned,"
            f" (SELECT group_concat(tag, '{_SEP}') FROM (SELECT tag FROM entry_tags WHERE entry_id = e.id"
            "   ORDER BY position)),"
            f" (SELECT group_concat(kind || ':' || target, '{_SEP}') FROM entry_links WHERE entry_id = e.id)"
            " FROM entries e WHERE e.private = 0 AND (e.written_utc, e.id) > (?, ?)"
            " ORDER BY e.written_utc, e.id LIMIT ?", (last, last_id, batch)).fetchall()
        if not rows:
            return
        for (rowid, uid, author, written_utc, offset, created, updated, title, body, mood, pinned, tags,
             links) in rows:
            yield {
                "id": uid, "author": author, "written": _moment(written_utc, offset).isoformat(),
                "created": created, "updated": updated, "title": title, "body": body, "mood": mood,
                "tags": tags.split(_SEP) if tags else [], "pinned": bool(pinned),
                "links": [{"kind": k, "id": t} for k, _, t in (x.partition(":") for x in links.split(_SEP))]
                if links else [],
            }
            last, last_id = written_utc, rowid


def insert_imported(conn: Connection, uid: str, fields: EntryFields, created: str, updated: str,
                    sealed: bytes | None = None) -> bool:
    """Insert an imported entry unless one with the same id exists; True if added."""
    if rowid_of(conn, uid) is not None:
        return False
    rowid = insert_entry(conn, uid, fields, updated, sealed)
    conn.execute("UPDATE entries SET created_at = ? WHERE id = ?", (created, rowid))
    return True


def linked_uids(conn: Connection, kind: str, target: str) -> list[str]:
    """Entries linking to a button or a conversation, newest first."""
    return [str(u) for (u,) in conn.execute(
        "SELECT e.uid FROM entry_links l JOIN entries e ON e.id = l.entry_id WHERE l.kind = ? AND l.target = ? "
        "ORDER BY e.written_utc DESC", (kind, target))]
