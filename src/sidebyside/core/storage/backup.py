"""Encrypted, verified copies of the vault database (``sqlcipher_export``)."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from sidebyside.core.storage.database import Connection, connect
from sidebyside.core.storage.files import create_private_file, ensure_private_dir, fsync_dir

BACKUP_SUFFIX = ".sbsbackup"


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"vault-{stamp}-{reason}{BACKUP_SUFFIX}"


def write_backup(conn: Connection, key: bytes | bytearray, dest: Path) -> Path:
    """Copy the open database to ``dest`` under the same key, verify the copy, then move it into place.

    The copy is written beside ``dest`` under a temporary name and only renamed once it opens and
    passes an integrity check, so a half-written backup never takes the name of a good one.
    """
    ensure_private_dir(dest.parent)
    tmp = dest.with_name(f".{dest.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    create_private_file(tmp)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(tmp), f"x'{bytes(key).hex()}'"))
        try:
            conn.execute("SELECT sqlcipher_export('backup')")
            conn.execute(f"PRAGMA backup.user_version = {int(version)}")
        finally:
            conn.execute("DETACH DATABASE backup")
        verify_backup(tmp, key, expected_version=int(version))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return dest


def verify_backup(path: Path, key: bytes | bytearray, expected_version: int) -> None:
    """Open a backup and check it; raise if it is not a complete, readable copy."""
    check = connect_readonly(path, key)
    try:
        problems = check.execute("PRAGMA cipher_integrity_check").fetchall()
        result = check.execute("PRAGMA quick_check").fetchone()[0]
        version = check.execute("PRAGMA user_version").fetchone()[0]
    finally:
        check.close()
    if problems or result != "ok" or version != expected_version:
        raise OSError("the backup copy failed its integrity check")


def connect_readonly(path: Path, key: bytes | bytearray) -> Connection:
    return connect(path, key, journal=False)


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first (by the time in their name)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.name.endswith(BACKUP_SUFFIX)), reverse=True)


def backup_time(path: Path) -> datetime | None:
    """The UTC time encoded in a backup's name."""
    try:
        stamp = path.name.split("-")[1]
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except (IndexError, ValueError):
        return None
