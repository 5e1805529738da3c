"""Checking the vault: a quick look at unlock, a full check (every page's HMAC too) on demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sidebyside.core.storage.database import Connection, DatabaseError

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    full: bool
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        if self.ok:
            return "No problems found." if self.full else "The quick check found no problems."
        return ("The vault file is damaged in places. Please restore the newest backup that passes this check; "
                "nothing will be lost from the backup, only what was written after it.")


def _lines(rows: list[Any]) -> list[str]:
    """One finding per line: SQLite may pack many findings, newline-separated, into one row."""
    return [line for row in rows for line in str(row[0]).splitlines() if line.strip()][:MAX_PROBLEMS]


def quick_check(conn: Connection) -> IntegrityReport:
    """``PRAGMA quick_check``: the structure of every page, fast enough for each unlock."""
    try:
        rows = _lines(conn.execute("PRAGMA quick_check").fetchmany(MAX_PROBLEMS))
    except DatabaseError as exc:
        return IntegrityReport(False, False, (str(exc),))
    return IntegrityReport(rows == ["ok"], False, () if rows == ["ok"] else tuple(rows))


def full_check(conn: Connection) -> IntegrityReport:
    """SQLCipher's check of every page's HMAC, then SQLite's full ``integrity_check``."""
    problems: list[str] = []
    try:
        problems += _lines(conn.execute("PRAGMA cipher_integrity_check").fetchmany(MAX_PROBLEMS))
        rows = _lines(conn.execute("PRAGMA integrity_check").fetchmany(MAX_PROBLEMS))
        if rows != ["ok"]:
            problems += rows
    except DatabaseError as exc:
        problems.append(str(exc))
    return IntegrityReport(not problems, True, tuple(problems[:MAX_PROBLEMS]))
