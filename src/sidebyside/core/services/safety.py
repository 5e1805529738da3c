"""Keeping the vault safe: backups, restore, integrity checks and changing the passphrase.

Slow work is handed back as a job (a function of no arguments) that no longer touches the
session, so the caller can run it on a worker thread; everything that reads the session happens
here, on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.errors import SecretStoreError, ValidationError, VaultDamagedError, WrongSecretError
from sidebyside.core.secrets import SecretStore
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import backup, integrity, key_management, layout, restore
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.backup import BackupError, BackupInfo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.integrity import IntegrityReport
from sidebyside.core.storage.layout import VaultPaths
from sidebyside.core.storage.vault import VaultSession

__all__ = [
    "BackupError", "BackupInfo", "IntegrityReport", "automatic_backup_job", "backup_info", "backup_job",
    "backups_to_keep", "change_passphrase", "check_integrity", "full_check_job", "key_for_backup", "list_backups",
    "new_recovery_code", "restore_backup", "rotate_recovery_code", "set_backups_to_keep",
]

DEFAULT_KEEP = 10
KEEP_RANGE = (1, 100)
AUTOMATIC = "automatic"
AUTOMATIC_EVERY = timedelta(days=1)


def backups_to_keep(session: VaultSession) -> int:
    row = session.require_conn().execute("SELECT value FROM meta WHERE key = 'backups_to_keep'").fetchone()
    try:
        return min(max(int(row[0]), KEEP_RANGE[0]), KEEP_RANGE[1]) if row else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def set_backups_to_keep(session: VaultSession, keep: int) -> Changes:
    if not KEEP_RANGE[0] <= keep <= KEEP_RANGE[1]:
        raise ValidationError(f"Please keep between {KEEP_RANGE[0]} and {KEEP_RANGE[1]} backups.", "keep")
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute("INSERT INTO meta(key, value) VALUES ('backups_to_keep', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(keep),))
    return Changes(settings=True)


def list_backups(paths: VaultPaths) -> list[BackupInfo]:
    return backup.list_backups(paths.backups)


def backup_info(path: Path) -> BackupInfo:
    return backup.read_backup_info(path)


def backup_job(session: VaultSession, folder: Path | None = None, reason: str = "manual",
               keep: int | None = None) -> Callable[[], BackupInfo]:
    """Prepare a backup into ``folder`` (default: the vault's backups/), pruning to ``keep`` there."""
    paths, vault_id, key = session.paths, session.vault_id, bytearray(session.key)
    keep = backups_to_keep(session) if keep is None and folder is None else keep

    def job() -> BackupInfo:
        try:
            info = storage.take_backup(paths, key, vault_id, reason, folder)
        finally:
            wipe(key)
        if keep is not None:
            backup.prune_backups(info.path.parent, keep, reason)
        return info

    return job


def automatic_backup_job(session: VaultSession, now: datetime | None = None) -> Callable[[], BackupInfo] | None:
    """The once-a-day backup on unlock: a job when one is due, else None."""
    newest = next((b for b in backup.list_backups(session.paths.backups) if b.reason == AUTOMATIC), None)
    moment = now or datetime.now(UTC)
    if newest is not None and moment - newest.created < AUTOMATIC_EVERY:
        return None
    return backup_job(session, reason=AUTOMATIC)


def check_integrity(session: VaultSession, full: bool = True) -> IntegrityReport:
    conn = session.require_conn()
    return integrity.full_check(conn) if full else integrity.quick_check(conn)


def full_check_job(session: VaultSession, full: bool = True) -> Callable[[], IntegrityReport]:
    """The check, on its own connection, so it can run off the GUI thread on a big vault.

    ``full=False`` is the quick check done after every unlock (about 0.5 s on 20,000 entries: too
    slow to make a person wait for before they see their journal).
    """
    from sidebyside.core.storage.database import connect

    db, key = session.paths.db, bytearray(session.key)

    def job() -> IntegrityReport:
        try:
            conn = connect(db, key, journal=False)  # only reads: leaves the journal mode to the app
        except VaultDamagedError as exc:  # so damaged it doesn't even open: that is the check's answer
            return IntegrityReport(False, full, (exc.message,))
        finally:
            wipe(key)
        try:
            return integrity.full_check(conn) if full else integrity.quick_check(conn)
        finally:
            conn.close()

    return job


def change_passphrase(paths: VaultPaths, old: str, new: str, confirmation: str, kdf: KdfParams) -> Changes:
    """Re-wrap the key under a new passphrase (slow). WrongSecretError if ``old`` is wrong."""
    if not old:
        raise WrongSecretError("Please enter the current passphrase.")
    validate_new_passphrase(new, confirmation)
    key_management.change_passphrase(paths, old, new, kdf)
    return Changes(vault=True)


def key_for_backup(backup_path: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> bytearray:
    """The key that opens a backup: from its own key file and the passphrase, or from a recovery code."""
    if recovery_code is not None:
        return storage.key_from_recovery_code(recovery_code)
    data = backup.read_member(backup_path, backup.KEY_MEMBER)
    if data is None:
        raise BackupError("This backup has no key file, so it opens only with the recovery code.")
    try:
        return kf.unwrap(kf.parse(data), passphrase or "")
    except WrongSecretError:
        raise WrongSecretError("That passphrase doesn't open this backup (it may be the one you used when the "
                               "backup was made). You can use the recovery code instead.") from None


def restore_backup(paths: VaultPaths, backup_path: Path, key: bytearray) -> Path | None:
    """Put the backup in the vault's place (the vault must be locked). Returns where the old vault went
    (None if there was none)."""
    try:
        return restore.restore(paths, backup_path, key)
    finally:
        wipe(key)


def new_recovery_code() -> tuple[bytearray, str]:
    """A fresh database key and its recovery code, to show (and have written down) before re-keying."""
    import os

    from sidebyside.core.crypto import recovery_code

    key = bytearray(os.urandom(32))
    return key, recovery_code.encode(key)


def rotate_recovery_code(session: VaultSession, passphrase: str, new_key: bytearray, kdf: KdfParams,
                         store: SecretStore | None = None) -> Changes:
    """Re-key the vault to ``new_key`` (slow: KDF, backup, re-encrypting every page). On the session's thread.

    The passphrase stays the same; the old recovery code stops working (older backups still open
    with it). If the key is remembered in the keychain, the keychain gets the new one.
    """
    try:
        key_management.rotate_database_key(session, passphrase, new_key, kdf)
    finally:
        wipe(new_key)
    if store is not None:
        probe = layout.probe(session.paths)
        if probe.key_file is not None and probe.key_file.remember:
            try:
                store.set_key(session.vault_id, session.key)
            except SecretStoreError:
                storage.set_remember_flag(session.paths, False)  # never leave a stale key remembered
    return Changes(vault=True)
