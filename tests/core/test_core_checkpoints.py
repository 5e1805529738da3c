"""Saves don't checkpoint the WAL themselves while the app is open; a background checkpoint does, and
nothing is lost either way."""

from __future__ import annotations

from datetime import datetime

from core_helpers import open_with_passphrase

from sidebyside.core.domain.journal import EntryFields
from sidebyside.core.services import journal, vault_service
from sidebyside.core.storage.vault import VaultPaths


def test_deferred_checkpoints_keep_every_save_and_the_background_job_copies_the_wal(
    created_vault: tuple[VaultPaths, str],
) -> None:
    paths, _code = created_vault
    session = open_with_passphrase(paths)
    try:
        vault_service.defer_checkpoints(session)
        now = datetime.now().astimezone()
        uids = [journal.create_entry(session, EntryFields(1, now, f"Entry {i}", "x" * 3000))[0] for i in range(300)]
        wal = paths.db.with_name("vault.db-wal")
        assert wal.stat().st_size > 1000 * 4096  # past the usual 1,000-page auto-checkpoint: it was deferred
        copied = vault_service.checkpoint_job(session)()
        assert copied > 0
        assert journal.count_entries(session) == 300
    finally:
        session.close()
    reopened = open_with_passphrase(paths)
    try:
        assert [journal.get_entry(reopened, u).fields.title for u in uids[-2:]] == ["Entry 298", "Entry 299"]
    finally:
        reopened.close()
