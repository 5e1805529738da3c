"""Writing a new key file for an open vault (new passphrase, or repairing a lost or damaged key file).

The database key does not change, so nothing is re-encrypted. The new key file is written
atomically and verified by unwrapping it before it counts. A damaged key file is moved aside
(never deleted), so a later expert look at it stays possible.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.errors import DataFolderError, KeyFileError
from sidebyside.core.storage.files import fsync_dir
from sidebyside.core.storage.vault import VaultPaths, VaultSession, now_iso


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
