"""Creating, unlocking and describing the vault."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sidebyside.core.crypto import recovery_code
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import Partner
from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.errors import DataFolderError, KeyFileError, SecretStoreError, WrongSecretError
from sidebyside.core.secrets import SecretStore
from sidebyside.core.services.changes import Changes
from sidebyside.core.services.vault_folder import VaultPaths, VaultProbe, VaultState, inspect, prepare_folder
from sidebyside.core.storage import schema
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultSession

if TYPE_CHECKING:
    from sidebyside.core.guide.recovery_sheet import RecoverySheet

__all__ = [
    "VaultOverview",
    "VaultPaths",
    "VaultProbe",
    "VaultSession",
    "VaultState",
    "checkpoint_job",
    "create_vault",
    "defer_checkpoints",
    "inspect",
    "key_from_keychain",
    "key_from_passphrase",
    "key_from_recovery_code",
    "new_database_key",
    "open_vault",
    "overview",
    "prepare_folder",
    "recovery_code_for",
    "recovery_sheet",
    "set_new_passphrase",
    "set_remember_on_this_computer",
]


@dataclass(frozen=True)
class VaultOverview:
    partners: tuple[Partner, ...]
    created: str
    schema_version: int
    last_backup: datetime | None
    remembered: bool


def new_database_key() -> bytearray:
    return bytearray(os.urandom(32))


def recovery_code_for(db_key: bytes | bytearray) -> str:
    return recovery_code.encode(db_key)


def create_vault(paths: VaultPaths, partners: tuple[Partner, Partner], passphrase: str, confirmation: str,
                 db_key: bytearray, kdf: KdfParams) -> str:
    """Create the vault (slow: runs the KDF). Returns the vault id."""
    validate_new_passphrase(passphrase, confirmation)
    return storage.create(paths, partners, passphrase, db_key, kdf)


def key_from_passphrase(paths: VaultPaths, passphrase: str) -> bytearray:
    """Slow (Argon2id); safe to call off the GUI thread."""
    return storage.unwrap_with_passphrase(paths, passphrase)


def key_from_recovery_code(code: str) -> bytearray:
    return storage.key_from_recovery_code(code)


def key_from_keychain(probe: VaultProbe, store: SecretStore) -> bytearray:
    """The key remembered on this computer, or WrongSecretError/SecretStoreError saying why not."""
    if probe.key_file is None or not probe.key_file.remember:
        raise WrongSecretError("This vault isn't remembered on this computer. Please use your passphrase.")
    key = store.get_key(probe.key_file.vault_id)
    if key is None:
        raise SecretStoreError("This computer's keychain no longer has the key. Please use your passphrase.")
    return key


def open_vault(paths: VaultPaths, key: bytearray, *, from_recovery_code: bool = False) -> VaultSession:
    """Open the database with a key from one of the key_from_* functions (fast)."""
    return storage.open_session(paths, key, from_recovery_code=from_recovery_code)


def overview(session: VaultSession) -> VaultOverview:
    conn = session.require_conn()
    partners = tuple(
        Partner(int(slot), str(name), str(colour))
        for slot, name, colour in conn.execute("SELECT slot, name, colour FROM partners ORDER BY slot")
    )
    row = conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
    from sidebyside.core.storage import backup  # not needed to show the unlock window

    backups = backup.list_backups(session.paths.backups)
    probe = inspect(session.paths)
    return VaultOverview(
        partners=partners,
        created=str(row[0]) if row else "",
        schema_version=schema.current_version(conn),
        last_backup=backups[0].created if backups else None,
        remembered=bool(probe.key_file and probe.key_file.remember),
    )


def set_remember_on_this_computer(session: VaultSession, store: SecretStore, enabled: bool) -> Changes:
    """Keep the database key in the OS keychain (never the passphrase), or remove it from there."""
    if enabled:
        status = store.availability()
        if not status.usable:
            raise SecretStoreError(status.reason)
        store.set_key(session.vault_id, session.key)
        try:
            storage.set_remember_flag(session.paths, True)
        except (OSError, KeyFileError) as exc:
            with contextlib.suppress(SecretStoreError):
                store.delete_key(session.vault_id)  # don't leave a key behind that nothing points to
            raise DataFolderError(f"The setting couldn't be saved in {session.paths.data_dir} "
                                  f"({getattr(exc, 'strerror', None) or 'key file problem'}).") from None
    else:
        # Keychain first: if it can't remove the key, nothing changes and the user can try again.
        store.delete_key(session.vault_id)
        try:
            storage.set_remember_flag(session.paths, False)
        except (OSError, KeyFileError) as exc:
            raise DataFolderError(f"The setting couldn't be saved in {session.paths.data_dir} "
                                  f"({getattr(exc, 'strerror', None) or 'key file problem'}).") from None
    return Changes(vault=True)


def set_new_passphrase(session: VaultSession, passphrase: str, confirmation: str,
                       kdf: KdfParams) -> Callable[[], Changes]:
    """Check the new passphrase and return the slow job that writes a fresh key file for it.

    Call this on the thread that owns the session; run the returned job anywhere (it runs the KDF and
    no longer touches the session). Used after opening with the recovery code.
    """
    from sidebyside.core.storage.key_management import write_new_key_file

    validate_new_passphrase(passphrase, confirmation)
    write = write_new_key_file(session, passphrase, kdf)

    def job() -> Changes:
        write()
        return Changes(vault=True)

    return job


def recovery_sheet(session: VaultSession, created_display: str) -> RecoverySheet:
    """The recovery sheet for the open vault (the recovery code is the database key itself)."""
    from sidebyside.core.guide.recovery_sheet import RecoverySheet

    info = overview(session)
    return RecoverySheet(code=recovery_code.encode(session.key), partner_names=tuple(p.name for p in info.partners),
                         created=created_display, data_folder=str(session.paths.data_dir))


def defer_checkpoints(session: VaultSession) -> None:
    """Stop saves from copying the WAL into the database themselves (the occasional 20–90 ms pause while
    typing); the app runs checkpoint_job in the background instead. Closing the vault checkpoints too."""
    session.require_conn().execute("PRAGMA wal_autocheckpoint = 0")


def checkpoint_job(session: VaultSession) -> Callable[[], int]:
    """A passive WAL checkpoint on its own connection (never blocks a save); returns pages copied."""
    from sidebyside.core.storage.database import connect

    db, key = session.paths.db, bytearray(session.key)

    def job() -> int:
        try:
            conn = connect(db, key, journal=False)
        finally:
            key[:] = bytes(len(key))
        try:
            row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            return int(row[2]) if row and row[2] is not None else 0
        finally:
            conn.close()

    return job
