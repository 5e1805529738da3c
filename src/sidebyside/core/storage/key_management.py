"""Writing a new key file for an open vault (new passphrase, or repairing a lost or damaged key file).

The database key does not change, so nothing is re-encrypted. The new key file is written
atomically and verified by unwrapping it before it counts. A damaged key file is moved aside
(never deleted), so a later expert look at it stays possible.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.errors import DataFolderError, KeyFileError, WrongSecretError
from sidebyside.core.storage.files import fsync_dir
from sidebyside.core.storage.layout import VaultPaths
from sidebyside.core.storage.vault import VaultSession, now_iso


def write_new_key_file(session: VaultSession, passphrase: str, kdf: KdfParams) -> Callable[[], None]:
    """Prepare (now, on the caller's thread) a job that writes a key file for ``passphrase``.

    Everything the job needs is read from the session up front and the key is copied, so the
    slow part (the KDF) can run on a worker thread even if the vault is locked meanwhile.
    """
    paths = session.paths
    row = session.require_conn().execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
    created = str(row[0]) if row else now_iso()
    vault_id = session.vault_id
    key = bytearray(session.key)

    def job() -> None:
        try:
            _write(paths, key, vault_id, created, passphrase, kdf)
        finally:
            wipe(key)

    return job


def _write(paths: VaultPaths, key: bytearray, vault_id: str, created: str, passphrase: str,
           kdf: KdfParams) -> None:
    try:
        previous: kf.KeyFile | None = kf.read(paths.key_file)
    except KeyFileError:
        previous = None
        if paths.key_file.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            os.replace(paths.key_file, paths.key_file.with_name(f"{paths.key_file.name}.damaged-{stamp}"))
            fsync_dir(paths.data_dir)
    remember = previous.remember if previous is not None else False
    kf.write(paths.key_file, wrap_verified(key, passphrase, vault_id, created, kdf, remember))


def wrap_verified(key: bytearray, passphrase: str, vault_id: str, created: str, kdf: KdfParams,
                  remember: bool) -> kf.KeyFile:
    """Wrap ``key`` and check the result gives it back, before anything is written (slow: two KDF runs)."""
    fresh = kf.wrap(key, passphrase, vault_id=vault_id, created=created, kdf=kdf, remember=remember)
    check = kf.unwrap(fresh, passphrase)
    try:
        if bytes(check) != bytes(key):
            raise KeyFileError("The new key file did not verify; nothing was changed.")
    finally:
        wipe(check)
    return fresh


def change_passphrase(paths: VaultPaths, old: str, new: str, kdf: KdfParams) -> None:
    """Re-wrap the database key under ``new`` (slow). The database is not touched.

    The key file is replaced atomically, so after an interruption it opens with the old or the new
    passphrase — never neither. A wrong ``old`` raises WrongSecretError and changes nothing.
    """
    current = kf.read(paths.key_file)
    key = kf.unwrap(current, old)
    try:
        kf.write(paths.key_file, wrap_verified(key, new, current.vault_id, current.created, kdf, current.remember))
    except OSError as exc:  # disk full, read-only folder, …: the old key file is still in place
        raise DataFolderError(f"The new passphrase couldn't be saved in {paths.data_dir} ({exc.strerror or exc}). "
                              "Your passphrase is unchanged.") from None
    finally:
        wipe(key)


PENDING_SUFFIX = ".pending"


def pending_key_file(paths: VaultPaths) -> Path:
    return paths.key_file.with_name(paths.key_file.name + PENDING_SUFFIX)


def rotate_database_key(session: VaultSession, passphrase: str, new_key: bytearray, kdf: KdfParams) -> None:
    """Re-key the database to ``new_key`` (a new recovery code), keeping the passphrase.

    Order, so that an interruption at any point leaves a vault that opens with the passphrase:
    1. the passphrase is checked against the key file; 2. a backup is taken; 3. the new key is
    wrapped into ``vault.key.pending``; 4. ``PRAGMA rekey`` (one SQLite transaction); 5. the pending
    key file replaces ``vault.key``. :func:`settle_pending_key_file` finishes or discards step 3/5
    on the next unlock. The caller shows the new recovery code *before* calling this, so whichever
    key the database ends up with, the couple holds a code for it.
    """
    from sidebyside.core.storage import vault as storage
    from sidebyside.core.storage.database import key_pragma_value

    paths = session.paths
    current = kf.read(paths.key_file)
    check = kf.unwrap(current, passphrase)  # WrongSecretError if the passphrase is wrong
    try:
        if bytes(check) != bytes(session.key):
            raise KeyFileError("The key file doesn't match the open vault; nothing was changed.")
    finally:
        wipe(check)
    storage.take_backup(paths, session.key, session.vault_id, "before-new-recovery-code")
    pending = wrap_verified(new_key, passphrase, current.vault_id, current.created, kdf, current.remember)
    kf.write(pending_key_file(paths), pending)
    conn = session.require_conn()
    conn.execute(f"PRAGMA rekey = {key_pragma_value(new_key)}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the new key really reads it
    os.replace(pending_key_file(paths), paths.key_file)
    fsync_dir(paths.data_dir)
    session.key[:] = new_key


def settle_pending_key_file(paths: VaultPaths, passphrase: str, opens: Callable[[bytearray], bool]) -> bytearray | None:
    """After an interrupted re-key: return the key that opens the database, fixing the key files.

    Called only when ``vault.key.pending`` exists. ``opens(key)`` tries a key on the database.
    """
    pending_path = pending_key_file(paths)
    try:
        pending = kf.read(pending_path)
        new_key = kf.unwrap(pending, passphrase)
    except (KeyFileError, WrongSecretError):
        return None
    if opens(new_key):  # the re-key happened: make the pending file the key file
        os.replace(pending_path, paths.key_file)
        fsync_dir(paths.data_dir)
        return new_key
    wipe(new_key)
    pending_path.unlink(missing_ok=True)  # the re-key never happened: the old key file is right
    fsync_dir(paths.data_dir)
    return None
