"""P1: nothing a user types reaches the disk unencrypted — not the database, its -wal/-shm, backups or temp files.

Unique markers go in as partner names, a draft and the passphrase; every file under the data folder
and the temp folder is then scanned for them (UTF-8 and UTF-16), with the vault open and after closing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path

from core_helpers import make_vault, scan_for

from sidebyside.core.services import drafts, vault_service
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultPaths


def _needles(markers: Iterable[str], key: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for marker in markers:
        found[f"{marker} utf-8"] = marker.encode("utf-8")
        found[f"{marker} utf-16"] = marker.encode("utf-16-le")
    found["database key"] = key
    found["database key hex"] = key.hex().encode()
    found["database key HEX"] = key.hex().upper().encode()
    return found


def test_names_draft_passphrase_and_key_never_reach_the_disk_in_plaintext(
    paths: VaultPaths, session_tmp: Path
) -> None:
    name1, name2 = uuid.uuid4().hex[:20], uuid.uuid4().hex[:20]
    draft_text = f"draft {uuid.uuid4().hex} about the weekend"
    passphrase = f"{uuid.uuid4().hex} lantern orbit"
    key, _code = make_vault(paths, passphrase=passphrase, names=(name1, name2))
    needles = _needles([name1, name2, draft_text, passphrase], key)
    roots = [paths.data_dir, session_tmp]

    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, passphrase))
    try:
        drafts.save_draft(session, "journal", draft_text)
        storage.take_backup(paths, key, session.vault_id, "manual")
        # The markers are really in there: readable back through the services.
        assert [p.name for p in vault_service.overview(session).partners] == [name1, name2]
        assert drafts.load_draft(session, "journal") == draft_text
        assert (paths.data_dir / "vault.db-wal").stat().st_size > 0  # the draft sits in the WAL right now

        scanned, hits = scan_for(roots, needles)
        assert hits == []
        assert scanned >= 5  # vault.db, -wal, -shm, vault.key, the backup
    finally:
        session.close()

    scanned, hits = scan_for(roots, needles)
    assert hits == []
    assert scanned >= 3


def test_the_scan_finds_a_marker_written_in_plaintext(paths: VaultPaths, session_tmp: Path) -> None:
    """The control: the scanner does see a marker when one is on disk, in either encoding."""
    marker = uuid.uuid4().hex
    paths.data_dir.mkdir(parents=True)
    (paths.data_dir / "leak-utf16.txt").write_bytes(f"name: {marker}".encode("utf-16-le"))
    _scanned, hits = scan_for([paths.data_dir, session_tmp], _needles([marker], b"not-a-key"))
    inside_tmp = paths.data_dir.is_relative_to(session_tmp)  # pytest's tmp_path lives in the temp folder
    assert len(hits) == (2 if inside_tmp else 1)
    assert all(f"{marker} utf-16 in" in hit for hit in hits)
