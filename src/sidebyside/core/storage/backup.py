"""Encrypted, verified, self-contained backups.

A backup is one ``.sbsbackup`` file: a zip (stored, not compressed) holding

    manifest.json   format, app and schema version, vault id, when and why it was made
    vault.db        an encrypted copy of the database (``sqlcipher_export``, same key)
    vault.key       the key file as it was (so the passphrase opens it too; absent if it was damaged)

Nothing in it is readable without the passphrase or the recovery code. A backup is written under a
temporary name, checked (it opens with the key and passes SQLCipher's and SQLite's integrity
checks), and only then renamed into place, so a half-written backup never counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sidebyside import __version__
from sidebyside.core.errors import SideBySideError
from sidebyside.core.storage.database import Connection, DatabaseError, connect
from sidebyside.core.storage.files import create_private_file, ensure_private_dir, fsync_dir

FORMAT = "sidebyside-backup"
VERSION = 1
BACKUP_SUFFIX = ".sbsbackup"
DB_MEMBER, KEY_MEMBER, MANIFEST_MEMBER = "vault.db", "vault.key", "manifest.json"


class BackupError(SideBySideError):
    """A backup could not be written, read or used; the message says what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    schema_version: int
    app_version: str
    vault_id: str
    reason: str
    has_key_file: bool


#: No backup takes an hour: a hidden .partial file older than that was cut off (kill -9, a power cut).
STALE_PARTIAL_SECONDS = 3600


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"SideBySide-{stamp}-{reason}{BACKUP_SUFFIX}"


def _export(conn: Connection, key: bytes | bytearray, out: Path) -> int:
    """Copy the database behind ``conn`` into a new encrypted file ``out``; return its schema version."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(out), f"x'{bytes(key).hex()}'"))
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        conn.execute(f"PRAGMA backup.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE backup")
    return version


def verify_database_copy(path: Path, key: bytes | bytearray, expected_version: int) -> None:
    """Open a database copy with ``key`` and check it; raise BackupError if it isn't a complete copy."""
    check = connect(path, key, journal=False)
    try:
        problems = check.execute("PRAGMA cipher_integrity_check").fetchall()
        result = check.execute("PRAGMA quick_check").fetchone()[0]
        version = check.execute("PRAGMA user_version").fetchone()[0]
    except DatabaseError:  # so damaged that the check itself fails ("malformed")
        problems, result, version = ["unreadable"], "", None
    finally:
        check.close()
    if problems or result != "ok" or version != expected_version:
        raise BackupError("The backup copy failed its integrity check, so it was not kept.")


def write_backup(db_path: Path, key: bytes | bytearray, key_file_bytes: bytes | None, dest: Path, *,
                 vault_id: str, reason: str) -> BackupInfo:
    """Write a verified backup of the database at ``db_path`` to ``dest`` (slow for big vaults).

    Uses its own connection, so it can run on a worker thread while the app keeps the vault open
    (WAL lets a reader copy while the app writes; the copy is one consistent snapshot).
    """
    import zipfile  # lazy: zipfile pulls in compression modules start-up doesn't need

    db_tmp = dest.with_name(f".{dest.name}.db.partial")
    zip_tmp = dest.with_name(f".{dest.name}.partial")
    try:
        if not dest.parent.is_dir():  # a folder we create is owner-only; one the user chose keeps its mode
            ensure_private_dir(dest.parent)
        _remove_stale_partials(dest.parent)
        for leftover in (db_tmp, zip_tmp):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        create_private_file(db_tmp)
        source = connect(db_path, key)
        try:
            version = _export(source, key, db_tmp)
        finally:
            source.close()
        verify_database_copy(db_tmp, key, version)
        created = datetime.now(UTC)
        manifest = {
            "format": FORMAT, "version": VERSION, "app_version": __version__, "schema_version": version,
            "created": created.isoformat(timespec="microseconds"), "vault_id": vault_id, "reason": reason,
            "has_key_file": key_file_bytes is not None,
        }
        create_private_file(zip_tmp)
        with zipfile.ZipFile(zip_tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
            archive.write(db_tmp, DB_MEMBER)
            if key_file_bytes is not None:
                archive.writestr(KEY_MEMBER, key_file_bytes)
        with open(zip_tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(zip_tmp, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        raise BackupError(f"The backup couldn't be written to {dest.parent} ({exc.strerror or exc}). "
                          "Your vault is unchanged.") from None
    except DatabaseError as exc:  # SQLCipher writing the copy: disk full, file too large, I/O error
        raise BackupError(f"The backup couldn't be written to {dest.parent} ({exc}). "
                          "Your vault is unchanged.") from None
    finally:
        for leftover in (db_tmp, zip_tmp):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return read_backup_info(dest)


def _remove_stale_partials(folder: Path) -> None:
    """A backup cut off before it finished leaves its hidden .partial files behind (one is a whole encrypted
    copy of the vault); the next backup into the same folder removes them. Recent ones may still be written."""
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for leftover in folder.glob(".SideBySide-*.partial"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def read_backup_info(path: Path) -> BackupInfo:
    """Read a backup's manifest (no key needed); BackupError if it is not a usable SideBySide backup."""
    import zipfile  # lazy: zipfile pulls in compression modules start-up doesn't need

    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            manifest = json.loads(archive.read(MANIFEST_MEMBER).decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a SideBySide backup")
        if DB_MEMBER not in names:
            raise ValueError("no database inside")
        version = manifest.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise BackupError("This backup was made by a newer version of SideBySide. Please update the app to "
                              "restore it.")
        return BackupInfo(
            path=path,
            created=datetime.fromisoformat(str(manifest["created"])),
            size=size,
            schema_version=int(manifest["schema_version"]),
            app_version=str(manifest.get("app_version", "")),
            vault_id=str(manifest.get("vault_id", "")),
            reason=str(manifest.get("reason", "")),
            has_key_file=KEY_MEMBER in names,
        )
    except BackupError:
        raise
    except FileNotFoundError:
        raise BackupError(f"There is no backup at {path}.") from None
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        raise BackupError(f"{path.name} isn't a SideBySide backup, or it is damaged.") from None


def extract_member(path: Path, member: str, out: Path) -> bool:
    """Copy one member of a backup to ``out`` (owner-only), checking its CRC; False if it isn't there."""
    import zipfile  # lazy: zipfile pulls in compression modules start-up doesn't need

    try:
        with zipfile.ZipFile(path) as archive:
            if member not in archive.namelist():
                return False
            create_private_file(out)
            with archive.open(member) as src, open(out, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
    except zipfile.BadZipFile:
        raise BackupError(f"{path.name} is damaged and can't be restored; your vault is unchanged. "
                          "Please try another backup.") from None
    except OSError as exc:  # reading the backup or writing the copy: not necessarily damage
        raise BackupError(f"{path.name} couldn't be copied to {out.parent} ({exc.strerror or exc}).") from None
    return True


def read_member(path: Path, member: str) -> bytes | None:
    """A small member (the key file) as bytes, or None if the backup has none."""
    import zipfile  # lazy: zipfile pulls in compression modules start-up doesn't need

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(member) if member in archive.namelist() else None
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path.name} is damaged and can't be read ({exc}).") from None


def list_backups(folder: Path) -> list[BackupInfo]:
    """Readable backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.iterdir():
        if candidate.name.endswith(BACKUP_SUFFIX) and not candidate.name.startswith("."):
            with contextlib.suppress(BackupError):
                found.append(read_backup_info(candidate))
    return sorted(found, key=lambda info: info.created, reverse=True)


def prune_backups(folder: Path, keep: int, reason: str = "automatic") -> list[Path]:
    """Delete all but the ``keep`` newest backups made for ``reason`` in ``folder``; return what was removed.

    Only the rolling (automatic) backups are pruned: one made by hand, or before an update or a new
    recovery code, stays until the couple deletes it.
    """
    removed = []
    for info in [b for b in list_backups(folder) if b.reason == reason][max(keep, 1):]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    if removed:
        fsync_dir(folder)
    return removed
