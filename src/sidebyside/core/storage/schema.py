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


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1,)
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
