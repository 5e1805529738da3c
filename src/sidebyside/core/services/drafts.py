"""Drafts: whatever a person is typing, kept encrypted in the vault so that lock or crash loses nothing."""

from __future__ import annotations

from sidebyside.core.services.changes import Changes
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultSession, now_iso


def save_draft(session: VaultSession, draft_key: str, content: str) -> Changes:
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute(
            "INSERT INTO drafts(draft_key, content, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(draft_key) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
            (draft_key, content, now_iso()),
        )
    return Changes(drafts=True)


def load_draft(session: VaultSession, draft_key: str) -> str | None:
    row = session.require_conn().execute("SELECT content FROM drafts WHERE draft_key = ?", (draft_key,)).fetchone()
    return None if row is None else str(row[0])


def discard_draft(session: VaultSession, draft_key: str) -> Changes:
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute("DELETE FROM drafts WHERE draft_key = ?", (draft_key,))
    return Changes(drafts=True)
