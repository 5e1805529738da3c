"""SQL for the buttons map. Callers hold the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sidebyside.core.domain.buttons import Button, ButtonFields
from sidebyside.core.storage.database import Connection

_FIELDS = ("category", "heat", "topic", "story", "signs", "helps", "worse", "public_ok", "public_plan", "printable")
_COLUMNS = "id, uid, owner, position, archived, draft, " + ", ".join(_FIELDS) + ", sealed, created_at, updated_at"


def _values(fields: ButtonFields, sealed: bytes | None) -> tuple[Any, ...]:
    if sealed is not None:  # a private draft shows nothing but its owner
        return ("", None, "", "", "", "", "", 0, "", 0)
    return (fields.category, fields.heat, fields.topic, fields.story, fields.signs, fields.helps, fields.worse,
            int(fields.public_ok), fields.public_plan, int(fields.printable))


def insert(conn: Connection, uid: str, fields: ButtonFields, position: int, now: str, sealed: bytes | None) -> None:
    conn.execute(
        f"INSERT INTO buttons(uid, owner, position, draft, {', '.join(_FIELDS)}, sealed, created_at, updated_at) "
        f"VALUES (?, ?, ?, ?, {', '.join('?' * len(_FIELDS))}, ?, ?, ?)",
        (uid, fields.owner, position, int(fields.draft), *_values(fields, sealed), sealed, now, now))


def update(conn: Connection, uid: str, fields: ButtonFields, now: str, sealed: bytes | None) -> None:
    assignments = ", ".join(f"{name} = ?" for name in _FIELDS)
    conn.execute(f"UPDATE buttons SET owner = ?, draft = ?, {assignments}, sealed = ?, updated_at = ? WHERE uid = ?",
                 (fields.owner, int(fields.draft), *_values(fields, sealed), sealed, now, uid))


def set_archived(conn: Connection, uid: str, archived: bool, now: str) -> None:
    conn.execute("UPDATE buttons SET archived = ?, updated_at = ? WHERE uid = ?", (int(archived), now, uid))


def set_position(conn: Connection, uid: str, position: int) -> None:
    conn.execute("UPDATE buttons SET position = ? WHERE uid = ?", (position, uid))


def delete(conn: Connection, uid: str) -> None:
    conn.execute("DELETE FROM buttons WHERE uid = ?", (uid,))


def next_position(conn: Connection, owner: int) -> int:
    return int(conn.execute("SELECT coalesce(max(position), -1) + 1 FROM buttons WHERE owner = ?",
                            (owner,)).fetchone()[0])


def rows(conn: Connection, owner: int | None, include_archived: bool) -> list[tuple[Button, bytes | None]]:
    clauses, params = [], []
    if owner is not None:
        clauses.append("owner = ?")
        params.append(owner)
    if not include_archived:
        clauses.append("archived = 0")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_button(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM buttons{where} ORDER BY owner, position, id",
                                             params)]


def one(conn: Connection, uid: str) -> tuple[Button, bytes | None] | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM buttons WHERE uid = ?", (uid,)).fetchone()
    return _button(row) if row else None


def _button(row: Any) -> tuple[Button, bytes | None]:
    (_id, uid, owner, position, archived, draft, category, heat, topic, story, signs, helps, worse, public_ok,
     public_plan, printable, sealed, created, updated) = row
    fields = ButtonFields(owner=int(owner), topic=topic, category=category, heat=heat or 3, story=story, signs=signs,
                          helps=helps, worse=worse, public_ok=bool(public_ok), public_plan=public_plan,
                          printable=bool(printable), draft=bool(draft))
    button = Button(uid=uid, fields=fields, position=int(position), archived=bool(archived),
                    created_at=datetime.fromisoformat(created), updated_at=datetime.fromisoformat(updated))
    return button, (bytes(sealed) if sealed is not None else None)
