"""The data folder's layout, and a look at what is in it — without opening anything.

Layout of the data folder::

    vault.db          the encrypted database (SQLCipher 4, raw 256-bit key)
    vault.key         the database key wrapped under the passphrase (JSON, see key_file)
    backups/          encrypted, verified copies (taken before every migration)
    .sidebyside.lock  the single-instance lock
    .restoring/       a restore in progress (see restore)

This module is what the unlock window needs before it appears, so it stays light: no SQLCipher,
no KDF, no cryptography (the key file is only parsed here, never unwrapped).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.errors import KeyFileError
from sidebyside.core.storage.instance_lock import LOCK_NAME

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
BACKUPS_NAME = "backups"
STAGING_NAME = ".restoring"
_OURS = {DB_NAME, KEY_NAME, BACKUPS_NAME, LOCK_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}


@dataclass(frozen=True)
class VaultPaths:
    data_dir: Path

    @property
    def db(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / BACKUPS_NAME


class VaultState(Enum):
    NO_VAULT = "no_vault"            # nothing here yet: run setup
    READY = "ready"                  # database and key file present
    KEY_FILE_PROBLEM = "key_file"    # database present, key file missing or damaged: recovery code
    DATABASE_MISSING = "db_missing"  # key file without a database
    FOREIGN_FOLDER = "foreign"       # the folder holds files that are not ours
    NOT_A_FOLDER = "not_a_folder"


@dataclass(frozen=True)
class VaultProbe:
    state: VaultState
    message: str = ""
    key_file: kf.KeyFile | None = None


def probe(paths: VaultPaths) -> VaultProbe:
    """Look at the data folder without changing anything and say what is there."""
    folder = paths.data_dir
    if folder.exists() and not folder.is_dir():
        return VaultProbe(VaultState.NOT_A_FOLDER,
                          f"The data folder {folder} is a file, not a folder. Please choose another location.")
    try:
        names = {p.name for p in folder.iterdir()} if folder.exists() else set()
    except OSError as exc:
        return VaultProbe(VaultState.NOT_A_FOLDER, f"The data folder {folder} can't be read ({exc.strerror}).")
    has_db, has_key = DB_NAME in names, KEY_NAME in names
    if not has_db and not has_key:
        foreign = {n for n in names - _OURS if not n.startswith((".creating-", ".restoring", "replaced-"))}
        if foreign:
            return VaultProbe(
                VaultState.FOREIGN_FOLDER,
                f"The folder {folder} already holds other files, so SideBySide won't create a vault there. "
                "Please choose an empty folder.",
            )
        return VaultProbe(VaultState.NO_VAULT)
    if not has_db:
        return VaultProbe(
            VaultState.DATABASE_MISSING,
            "The vault's key file is here, but the vault itself is missing. "
            "If you moved the data folder, please move vault.db back; otherwise restore a backup.",
        )
    try:
        return VaultProbe(VaultState.READY, key_file=kf.read(paths.key_file))
    except KeyFileError as exc:
        return VaultProbe(VaultState.KEY_FILE_PROBLEM, exc.message)


def restore_pending(paths: VaultPaths) -> bool:
    """A restore was cut off and left its staging folder behind (restore.finish_interrupted_restore ends it)."""
    return (paths.data_dir / STAGING_NAME).is_dir()
