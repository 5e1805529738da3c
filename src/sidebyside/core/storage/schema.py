"""The schema, versioned with ``PRAGMA user_version`` and changed only by ordered migrations.

Each migration runs in its own transaction together with the version bump, so an interrupted
migration leaves the previous version intact. Before migrating an existing vault the caller takes
an encrypted backup (see :mod:`sidebyside.core.storage.vault`).
"""

from __future__ import annotations

from collections.abc import Callable

from sidebyside.core.errors import VaultTooNewError
from sidebyside.core.storage.database import Connection, Transaction


def _v1(conn: Connection) -> None:
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    conn.execute(
        "CREATE TABLE partners ("
        " slot INTEGER PRIMARY KEY CHECK (slot IN (1, 2)),"
        " name TEXT NOT NULL,"
        " colour TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE drafts ("
        " draft_key TEXT PRIMARY KEY,"
        " content TEXT NOT NULL,"
        " updated_at TEXT NOT NULL) WITHOUT ROWID"
    )


def _v2(conn: Connection) -> None:
    """The journal: entries, their tags and links, and a full-text index (private text never in it)."""
    conn.execute(
        "CREATE TABLE entries ("
        " id INTEGER PRIMARY KEY,"  # the FTS rowid
        " uid TEXT NOT NULL UNIQUE,"  # the id used in exports and links
        " author INTEGER NOT NULL REFERENCES partners(slot),"
        " written_utc TEXT NOT NULL,"  # sortable UTC key (domain.journal.to_utc_key)
        " written_offset INTEGER NOT NULL DEFAULT 0,"  # minutes east of UTC where it was written
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " title TEXT NOT NULL DEFAULT '',"
        " body TEXT NOT NULL DEFAULT '',"
        " mood INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 5),"
        " pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),"
        " private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),"
        " sealed BLOB)"  # private entries: title, body, mood and tags sealed with the author's key
    )
    conn.execute("CREATE INDEX entries_list ON entries(pinned DESC, written_utc DESC, id DESC)")
    conn.execute("CREATE INDEX entries_by_author ON entries(author, written_utc)")
    conn.execute("CREATE INDEX entries_by_date ON entries(written_utc)")
    conn.execute(
        "CREATE TABLE entry_tags ("
        " entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL,"
        " tag TEXT NOT NULL,"
        " folded TEXT NOT NULL,"
        " PRIMARY KEY (entry_id, position))"
    )
    conn.execute("CREATE INDEX entry_tags_by_tag ON entry_tags(folded, entry_id)")
    conn.execute(
        "CREATE TABLE entry_links ("
        " entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,"
        " kind TEXT NOT NULL CHECK (kind IN ('button', 'conversation')),"
        " target TEXT NOT NULL,"
        " PRIMARY KEY (entry_id, kind, target))"
    )
    conn.execute("CREATE INDEX entry_links_by_target ON entry_links(kind, target)")
    conn.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        " title, body, tags, content='', contentless_delete=1,"
        " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    conn.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('secure-delete', 1)")
    conn.execute(
        "CREATE TABLE private_spaces ("  # a partner's own key, wrapped under their personal passphrase
        " slot INTEGER PRIMARY KEY REFERENCES partners(slot),"
        " kdf TEXT NOT NULL,"  # JSON: Argon2id parameters
        " salt BLOB NOT NULL,"
        " nonce BLOB NOT NULL,"
        " wrapped BLOB NOT NULL,"
        " created_at TEXT NOT NULL)"
    )


def _v3(conn: Connection) -> None:
    """The buttons map: each partner's tender topics (a private draft keeps everything sealed)."""
    conn.execute(
        "CREATE TABLE buttons ("
        " id INTEGER PRIMARY KEY,"
        " uid TEXT NOT NULL UNIQUE,"
        " owner INTEGER NOT NULL REFERENCES partners(slot),"
        " position INTEGER NOT NULL DEFAULT 0,"
        " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
        " draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),"
        " category TEXT NOT NULL DEFAULT '',"
        " heat INTEGER CHECK (heat IS NULL OR heat BETWEEN 1 AND 5),"
        " topic TEXT NOT NULL DEFAULT '',"
        " story TEXT NOT NULL DEFAULT '',"
        " signs TEXT NOT NULL DEFAULT '',"
        " helps TEXT NOT NULL DEFAULT '',"
        " worse TEXT NOT NULL DEFAULT '',"
        " public_ok INTEGER NOT NULL DEFAULT 0,"
        " public_plan TEXT NOT NULL DEFAULT '',"
        " printable INTEGER NOT NULL DEFAULT 0,"
        " sealed BLOB,"  # a private draft: every field above sealed with the owner's key
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX buttons_by_owner ON buttons(owner, archived, position)")


def _v4(conn: Connection) -> None:
    """Repair conversations: each saved whole (as JSON) after every step; the buttons it touched, for links."""
    conn.execute(
        "CREATE TABLE conversations ("
        " id INTEGER PRIMARY KEY,"
        " uid TEXT NOT NULL UNIQUE,"
        " status TEXT NOT NULL CHECK (status IN ('draft', 'paused', 'finished')),"
        " topic TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " content TEXT NOT NULL)"  # domain.conversation.Conversation.to_json()
    )
    conn.execute("CREATE INDEX conversations_by_date ON conversations(created_at DESC)")
    conn.execute(
        "CREATE TABLE conversation_buttons ("
        " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
        " button_uid TEXT NOT NULL,"
        " PRIMARY KEY (conversation_id, button_uid)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX conversation_buttons_by_button ON conversation_buttons(button_uid)")


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3, _v4)
LATEST_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def needs_migration(conn: Connection) -> bool:
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise VaultTooNewError(
            "This vault was last used by a newer version of SideBySide. Please update the app to open it; "
            "nothing has been changed."
        )
    return version < LATEST_VERSION


def migrate(conn: Connection) -> list[int]:
    """Bring the schema to LATEST_VERSION; return the versions applied."""
    applied: list[int] = []
    while needs_migration(conn):
        target = current_version(conn) + 1
        with Transaction(conn):
            MIGRATIONS[target - 1](conn)
            conn.execute(f"PRAGMA user_version = {target}")
        applied.append(target)
    return applied
