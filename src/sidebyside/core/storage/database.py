"""Opening the SQLCipher database with a raw 256-bit key.

``PRAGMA key`` cannot take a bound parameter, so the statement is built only from the hex of a
32-byte key this code holds — never from user text. A wrong key or a damaged file only shows on
the first read, so :func:`open_database` reads right away and maps the failure.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from sidebyside.core.errors import DataFolderError, VaultDamagedError

Connection = Any  # sqlcipher3's Connection has no type information
DatabaseError: type[Exception] = sqlcipher.DatabaseError
OperationalError: type[Exception] = sqlcipher.OperationalError
KEY_BYTES = 32


def key_pragma_value(key: bytes | bytearray) -> str:
    """The literal for ``PRAGMA key``/``ATTACH … KEY``: a raw key, so SQLCipher's own KDF is skipped."""
    if len(key) != KEY_BYTES:
        raise ValueError("database keys are 32 bytes")
    return "\"x'" + bytes(key).hex() + "'\""


def _apply_pragmas(conn: Connection, journal: bool) -> None:
    conn.execute("PRAGMA busy_timeout = 5000")  # first: a second connection (backup, check) may wait briefly
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    if journal:
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed transaction survives a power cut, not only a crash of the app (P3).
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path, key: bytes | bytearray, *, journal: bool = True) -> Connection:
    """Open and key the database at ``path``; raise VaultDamagedError if it cannot be read.

    The caller has already authenticated ``key`` (AES-GCM unwrap or recovery-code checksum), so
    "file is not a database" here means the file itself is damaged, not that the key is wrong.
    The connection may be used from any one thread at a time (``check_same_thread=False``).
    ``journal=False`` leaves the journal mode alone (for checking a backup without turning it to WAL).
    """
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_pragma_value(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _apply_pragmas(conn, journal)
    except (sqlcipher.OperationalError, sqlite3.OperationalError) as exc:
        # Can't open, can't create the -wal/-shm files, read-only: the folder, not the vault.
        conn.close()
        raise DataFolderError(
            f"SideBySide can't open the vault for writing in {path.parent} ({exc}). Is the folder read-only, "
            "or the disk full? Nothing has been changed."
        ) from exc
    except (sqlcipher.DatabaseError, sqlite3.DatabaseError) as exc:
        conn.close()
        raise VaultDamagedError(
            "The vault file can't be read: it looks damaged, or it belongs to a different key. "
            "Nothing has been changed. You can restore a backup."
        ) from exc
    return conn


class Transaction:
    """``with Transaction(conn):`` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __enter__(self) -> Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self._conn.execute("COMMIT")
        else:
            self._conn.execute("ROLLBACK")
