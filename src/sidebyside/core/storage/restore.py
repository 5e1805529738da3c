"""Putting a backup in the vault's place — safely, even if interrupted.

The current vault is never deleted: it is moved into ``replaced-<time>/`` inside the data folder.
The restore is journalled in a ``.restoring/`` folder: first the backup's files are staged there
and checked, then a READY marker is written; only after that is anything live moved. If the app
or the computer stops midway, :func:`finish_interrupted_restore` completes it on the next start
(before READY it just removes the staging folder: nothing live was touched yet).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.errors import KeyFileError, VaultDamagedError, WrongSecretError
from sidebyside.core.storage import backup, schema
from sidebyside.core.storage.backup import BackupError
from sidebyside.core.storage.files import atomic_write, ensure_private_dir, fsync_dir
from sidebyside.core.storage.layout import DB_NAME, KEY_NAME, STAGING_NAME, VaultPaths

READY_MARK = "READY"
TARGET_MARK = "REPLACED_INTO"
REPLACED_PREFIX = "replaced-"
_LIVE_NAMES = (f"{DB_NAME}-wal", f"{DB_NAME}-shm", DB_NAME, KEY_NAME)


def restore(paths: VaultPaths, backup_path: Path, key: bytes | bytearray) -> Path | None:
    """Replace the vault with ``backup_path``; return the folder the previous vault was moved into (None
    when there was no vault here to keep, e.g. restoring onto a new computer).

    ``key`` must open the backup's database: it is checked (integrity too) before anything live
    is touched. The vault must not be open (the caller holds the instance lock and has locked it).
    """
    info = backup.read_backup_info(backup_path)
    if info.schema_version > schema.LATEST_VERSION:
        raise BackupError("This backup was made by a newer version of SideBySide. Please update the app to "
                          "restore it; nothing was changed.")
    finish_interrupted_restore(paths)
    staging = paths.data_dir / STAGING_NAME
    ensure_private_dir(paths.data_dir)
    try:
        ensure_private_dir(staging)
        backup.extract_member(backup_path, backup.DB_MEMBER, staging / DB_NAME)
        _check_staged_database(staging / DB_NAME)
        try:
            backup.verify_database_copy(staging / DB_NAME, key, info.schema_version)
        except VaultDamagedError:
            raise WrongSecretError("That passphrase or recovery code doesn't open this backup, or the backup "
                                   "is damaged. Nothing was changed.") from None
        if backup.extract_member(backup_path, backup.KEY_MEMBER, staging / KEY_NAME):
            kf.parse((staging / KEY_NAME).read_bytes())
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        replaced = paths.data_dir / f"{REPLACED_PREFIX}{stamp}"
        atomic_write(staging / TARGET_MARK, replaced.name.encode())
        atomic_write(staging / READY_MARK, b"ready\n")  # from here on, the restore completes even if cut off
    except (OSError, KeyFileError, BackupError, WrongSecretError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, BackupError | WrongSecretError):
            raise
        raise BackupError(f"The backup couldn't be prepared ({getattr(exc, 'strerror', None) or exc}); "
                          "your vault is unchanged.") from None
    try:
        _roll_forward(paths, staging)
    except OSError as exc:  # READY is written: the next start (prepare_folder) finishes the job
        raise BackupError(f"The restore was interrupted ({exc.strerror or exc}). It will be finished the next time "
                          "SideBySide starts; your previous vault is kept either way.") from None
    return replaced if replaced.is_dir() else None


def _check_staged_database(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if len(head) < 16 or head.startswith(b"SQLite format 3"):
        raise BackupError("The database inside this backup is empty or not encrypted, so it won't be restored.")


def finish_interrupted_restore(paths: VaultPaths) -> bool:
    """Complete (or discard, if nothing live was touched) a restore that was cut off. True if completed."""
    staging = paths.data_dir / STAGING_NAME
    if not staging.is_dir():
        return False
    if not (staging / READY_MARK).exists() or not (staging / TARGET_MARK).exists():
        shutil.rmtree(staging, ignore_errors=True)
        return False
    _roll_forward(paths, staging)
    return True


def _roll_forward(paths: VaultPaths, staging: Path) -> None:
    """Move the live vault aside and the staged one in. Safe to run again after any interruption."""
    replaced = paths.data_dir / (staging / TARGET_MARK).read_text("utf-8").strip()
    ensure_private_dir(replaced)
    staged_db, staged_key = staging / DB_NAME, staging / KEY_NAME
    if staged_db.exists():
        for name in _LIVE_NAMES:  # WAL files first: they must never meet the restored database
            live = paths.data_dir / name
            if live.exists():
                os.replace(live, replaced / name)
        fsync_dir(replaced)
        os.replace(staged_db, paths.db)
    if staged_key.exists():
        os.replace(staged_key, paths.key_file)
    with contextlib.suppress(OSError):  # nothing was there to keep (a new computer): no empty folder
        replaced.rmdir()
    fsync_dir(paths.data_dir)
    shutil.rmtree(staging, ignore_errors=True)
    fsync_dir(paths.data_dir)
