"""SQL for repair conversations. Callers hold the transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sidebyside.core.storage.database import Connection

_COLUMNS = "uid, status, topic, created_at, updated_at, content"
Row = tuple[str, str, str, str, str, str]


def upsert(conn: Connection, uid: str, status: str, topic: str, created_at: str, now: str, content: str,
           button_uids: Iterable[str]) -> None:
    conn.execute(
        "INSERT INTO conversations(uid, status, topic, created_at, updated_at, content) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(uid) DO UPDATE SET status = excluded.status, topic = excluded.topic, "
        "updated_at = excluded.updated_at, content = excluded.content",
        (uid, status, topic, created_at, now, content))
    row_id = int(conn.execute("SELECT id FROM conversations WHERE uid = ?", (uid,)).fetchone()[0])
    conn.execute("DELETE FROM conversation_buttons WHERE conversation_id = ?", (row_id,))
    conn.executemany("INSERT OR IGNORE INTO conversation_buttons(conversation_id, button_uid) VALUES (?, ?)",
                     [(row_id, b) for b in button_uids])


def delete(conn: Connection, uid: str) -> None:
    conn.execute("DELETE FROM conversations WHERE uid = ?", (uid,))


def one(conn: Connection, uid: str) -> Row | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM conversations WHERE uid = ?", (uid,)).fetchone()
    return tuple(row) if row else None


def all_rows(conn: Connection) -> list[Row]:
    return [tuple(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM conversations ORDER BY created_at DESC, id DESC")]


def with_button(conn: Connection, button_uid: str) -> list[str]:
    """Uids of conversations in which this button was pressed, newest first."""
    return [str(r[0]) for r in conn.execute(
        "SELECT c.uid FROM conversations c JOIN conversation_buttons b ON b.conversation_id = c.id "
        "WHERE b.button_uid = ? ORDER BY c.created_at DESC", (button_uid,))]
