"""The vault on disk: a SQLCipher database plus its key file, in one owner-only data folder (see layout)."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.crypto import recovery_code
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.domain.partners import Partner
from sidebyside.core.errors import (
    DataFolderError,
    KeyFileError,
    ValidationError,
    VaultDamagedError,
    VaultExistsError,
    VaultNotFoundError,
    WrongSecretError,
)
from sidebyside.core.storage import backup, schema
from sidebyside.core.storage.database import Connection, DatabaseError, OperationalError, Transaction, connect
from sidebyside.core.storage.files import create_private_file, ensure_private_dir, fsync_dir
from sidebyside.core.storage.layout import (  # the folder's layout lives apart, light enough for the unlock window
    DB_NAME,
    KEY_NAME,
    VaultPaths,
    VaultState,
    probe,
)


class VaultSession:
    """An open vault: the connection and the key. ``close()`` drops both (used by lock)."""

    def __init__(self, paths: VaultPaths, conn: Connection, key: bytearray, vault_id: str) -> None:
        self.paths = paths
        self.conn: Connection | None = conn
        self.key: bytearray = key
        self.vault_id = vault_id
        self.private_keys: dict[int, bytearray] = {}  # slot -> key, while that partner's private space is open

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def require_conn(self) -> Connection:
        if self.conn is None:
            raise RuntimeError("the vault is locked")
        return self.conn

    def require_private_key(self, slot: int, what: str, field: str) -> bytearray:
        """``slot``'s private-space key; refuses kindly, naming ``what`` the user tried, if that space is closed."""
        key = self.private_keys.get(slot)
        if key is None:
            raise ValidationError(f"Open your private space first (with your personal passphrase) to {what}.", field)
        return key

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None
        wipe(self.key)
        for slot in list(self.private_keys):
            wipe(self.private_keys.pop(slot))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create(paths: VaultPaths, partners: tuple[Partner, Partner], passphrase: str, db_key: bytearray,
           kdf: KdfParams) -> str:
    """Create a new vault and return its id. Everything is staged, then moved into place.

    Refuses to touch a folder that already holds a vault or other files.
    """
    state = probe(paths)
    if state.state is VaultState.NOT_A_FOLDER:
        raise DataFolderError(state.message)
    if state.state is not VaultState.NO_VAULT:
        raise VaultExistsError(state.message or "There is already a vault in this folder; nothing was changed.")
    try:
        ensure_private_dir(paths.data_dir)
        staging = paths.data_dir / f".creating-{uuid.uuid4().hex}"
        ensure_private_dir(staging)
    except OSError as exc:
        raise DataFolderError(
            f"SideBySide can't write to {paths.data_dir} ({exc.strerror}). "
            "Please choose a folder you own, or fix its permissions."
        ) from None
    vault_id = uuid.uuid4().hex
    created = now_iso()
    try:
        staged_db = staging / DB_NAME
        create_private_file(staged_db)
        conn = connect(staged_db, db_key)
        try:
            schema.migrate(conn)
            with Transaction(conn):
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                                 [("vault_id", vault_id), ("created", created)])
                conn.executemany("INSERT INTO partners(slot, name, colour) VALUES (?, ?, ?)",
                                 [(p.slot, p.name, p.colour) for p in partners])
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        wrapped = kf.wrap(db_key, passphrase, vault_id=vault_id, created=created, kdf=kdf)
        kf.write(staging / KEY_NAME, wrapped)
        # Database first: a crash between the two renames leaves a database whose recovery code the
        # user has already been shown, never a key file that opens nothing.
        os.replace(staged_db, paths.db)
        os.replace(staging / KEY_NAME, paths.key_file)
        fsync_dir(paths.data_dir)
    except OSError as exc:
        raise DataFolderError(
            f"The vault could not be written to {paths.data_dir} ({exc.strerror}). Nothing was saved."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return vault_id


_DAMAGED = ("The vault file is damaged and can't be read. Nothing has been changed. "
            "You can restore a backup.")


def unwrap_with_passphrase(paths: VaultPaths, passphrase: str) -> bytearray:
    """Return the database key (slow: runs Argon2id). Raises WrongSecretError or KeyFileError."""
    if not passphrase:
        raise WrongSecretError("Please enter your passphrase.")
    from sidebyside.core.storage import key_management

    if key_management.pending_key_file(paths).exists():  # a new recovery code was being made
        settled = key_management.settle_pending_key_file(paths, passphrase, lambda key: _opens(paths, key))
        if settled is not None:
            return settled
    return kf.unwrap(kf.read(paths.key_file), passphrase)


def _opens(paths: VaultPaths, key: bytearray) -> bool:
    try:
        connect(paths.db, key).close()
    except VaultDamagedError:
        return False
    return True


def key_from_recovery_code(code: str) -> bytearray:
    return recovery_code.decode(code)


def open_session(paths: VaultPaths, key: bytearray, *, from_recovery_code: bool = False) -> VaultSession:
    """Open the database with an authenticated key, migrating it (after a backup) if needed."""
    if not paths.db.exists():
        raise VaultNotFoundError(probe(paths).message or "There is no vault in this folder yet.")
    try:
        if paths.db.stat().st_size == 0:  # SQLCipher would "open" an empty file with any key
            raise VaultDamagedError(_DAMAGED)
        conn = connect(paths.db, key)
    except VaultDamagedError:
        if from_recovery_code:
            raise WrongSecretError(
                "That recovery code doesn't open this vault. If it is the right code, the vault file may be "
                "damaged: you can restore a backup."
            ) from None
        raise
    try:
        # create() only moves a database into place once it has a schema, so version 0 means an
        # empty or foreign file: never "open" it as a new, empty vault (P2).
        if schema.current_version(conn) == 0:
            raise VaultDamagedError(_DAMAGED)
        if schema.needs_migration(conn):
            take_backup(paths, key, _vault_id(conn), "before-upgrade")
        schema.migrate(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    except DatabaseError as exc:  # a damaged page past the first one (the key was already checked)
        conn.close()
        if isinstance(exc, OperationalError):  # busy, disk full, …: not damage
            raise
        raise VaultDamagedError(_DAMAGED) from exc
    except BaseException:
        conn.close()
        raise
    return VaultSession(paths, conn, key, str(row[0]) if row else "")


def _vault_id(conn: Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    return str(row[0]) if row else ""


def _key_file_bytes(paths: VaultPaths) -> bytes | None:
    """The key file as it is, if it is intact (a damaged one isn't worth carrying into a backup)."""
    try:
        data = paths.key_file.read_bytes()
        kf.parse(data)
    except (OSError, KeyFileError):
        return None
    return data


def take_backup(paths: VaultPaths, key: bytes | bytearray, vault_id: str, reason: str,
                folder: Path | None = None) -> backup.BackupInfo:
    """Write a verified backup of the vault into ``folder`` (default: the vault's backups/ folder)."""
    target = (folder or paths.backups) / backup.backup_name(reason)
    return backup.write_backup(paths.db, key, _key_file_bytes(paths), target, vault_id=vault_id, reason=reason)


def set_remember_flag(paths: VaultPaths, remember: bool) -> None:
    """Record in the key file whether the key is also kept in the OS keychain (not secret)."""
    current = kf.read(paths.key_file)
    if current.remember != remember:
        kf.write(paths.key_file, current.with_remember(remember))
