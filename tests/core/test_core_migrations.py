"""Schema migrations: an encrypted backup first, one transaction per step, and a newer vault left alone."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, open_with_passphrase, partner_names

from sidebyside.core.errors import VaultTooNewError
from sidebyside.core.services import vault_service
from sidebyside.core.storage import backup, schema
from sidebyside.core.storage.database import Connection, connect
from sidebyside.core.storage.vault import VaultPaths


def _v2_adds_a_table(conn: Connection) -> None:
    conn.execute("CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")


def _v2_fails_halfway(conn: Connection) -> None:
    conn.execute("CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    raise RuntimeError("power cut, more or less")


CURRENT = schema.LATEST_VERSION  # the version a fresh vault has today
NEXT = CURRENT + 1


def _with_v2(monkeypatch: pytest.MonkeyPatch, step: object) -> None:
    """Pretend the app has one more migration than today (called "v2" here: the next version)."""
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, step))
    monkeypatch.setattr(schema, "LATEST_VERSION", NEXT)


@contextlib.contextmanager
def _raw(paths: VaultPaths, key: bytes) -> Iterator[Connection]:
    conn = connect(paths.db, bytearray(key))
    try:
        yield conn
    finally:
        conn.close()


def _tables(conn: Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _key(paths: VaultPaths) -> bytes:
    return bytes(vault_service.key_from_passphrase(paths, PASSPHRASE))


def test_a_fresh_vault_is_at_the_latest_version_and_needs_nothing(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    session = open_with_passphrase(paths)
    try:
        assert vault_service.overview(session).schema_version == schema.LATEST_VERSION == len(schema.MIGRATIONS)
        assert schema.migrate(session.require_conn()) == []
    finally:
        session.close()
    assert not paths.backups.exists()  # no upgrade, no backup


def test_an_upgrade_takes_a_verified_backup_first(
    created_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths, _code = created_vault
    key = _key(paths)
    _with_v2(monkeypatch, _v2_adds_a_table)

    session = vault_service.open_vault(paths, bytearray(key))
    try:
        info = vault_service.overview(session)
        assert info.schema_version == NEXT
        assert "topics" in _tables(session.require_conn())
        assert info.last_backup is not None  # the home screen can show it
    finally:
        session.close()

    saved = backup.list_backups(paths.backups)
    assert len(saved) == 1
    assert saved[0].reason == "before-upgrade" and saved[0].schema_version == CURRENT and saved[0].has_key_file
    inner = tmp_path / "inside-the-backup.db"
    assert backup.extract_member(saved[0].path, backup.DB_MEMBER, inner)
    copy = connect(inner, key, journal=False)  # the same key opens it
    try:
        assert schema.current_version(copy) == CURRENT
        assert "topics" not in _tables(copy)
        assert [row[0] for row in copy.execute("SELECT name FROM partners ORDER BY slot")] == ["Sam", "Alex"]
    finally:
        copy.close()
    assert [p.name for p in paths.backups.iterdir()] == [saved[0].path.name]  # no partial copy left behind

    again = vault_service.open_vault(paths, bytearray(key))  # already upgraded: no second backup
    again.close()
    assert len(backup.list_backups(paths.backups)) == 1


def test_a_migration_that_fails_halfway_leaves_the_old_version(
    created_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _code = created_vault
    key = _key(paths)
    with monkeypatch.context() as patched:
        _with_v2(patched, _v2_fails_halfway)
        with pytest.raises(RuntimeError):
            vault_service.open_vault(paths, bytearray(key))
        assert len(backup.list_backups(paths.backups)) == 1  # the backup was taken before trying

    with _raw(paths, key) as conn:
        assert schema.current_version(conn) == CURRENT
        assert "topics" not in _tables(conn)
    session = vault_service.open_vault(paths, bytearray(key))  # today's app opens it as before
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()


def test_a_vault_from_a_newer_app_is_refused_and_left_unchanged(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    key = _key(paths)
    with _raw(paths, key) as conn:
        conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
    before = file_hashes(paths.data_dir)

    with pytest.raises(VaultTooNewError) as caught:
        vault_service.open_vault(paths, bytearray(key))

    assert "newer version of SideBySide" in caught.value.message
    assert file_hashes(paths.data_dir) == before
    assert not paths.backups.exists()
