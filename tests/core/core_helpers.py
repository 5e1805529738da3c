"""Small helpers shared by the core tests (plain functions, no fixtures, no Qt)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import make_partners
from sidebyside.core.services import vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultSession

PASSPHRASE = "kitchen table at dawn"  # the same passphrase tests/conftest.py gives created_vault


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path (folders themselves are not listed)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_vault(paths: VaultPaths, passphrase: str = PASSPHRASE, names: tuple[str, str] = ("Sam", "Alex"),
               key: bytearray | None = None) -> tuple[bytes, str]:
    """Create a vault with the cheap KDF; return (a copy of the database key, the recovery code)."""
    partners = make_partners(names[0], "#d9485f", names[1], "#2f7dd1")
    db_key = key if key is not None else vault_service.new_database_key()
    code = vault_service.recovery_code_for(db_key)
    vault_service.create_vault(paths, partners, passphrase, passphrase, db_key, KdfParams.cheap_for_tests())
    return bytes(db_key), code


def open_with_passphrase(paths: VaultPaths, passphrase: str = PASSPHRASE) -> VaultSession:
    return vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, passphrase))


def reopen(session: VaultSession) -> VaultSession:
    """Lock (the session closes, the key is wiped) and unlock again."""
    paths = session.paths
    session.close()
    return open_with_passphrase(paths)


def partner_names(session: VaultSession) -> list[str]:
    return [p.name for p in vault_service.overview(session).partners]


def scan_for(roots: Iterable[Path], needles: dict[str, bytes]) -> tuple[int, list[str]]:
    """Every file under ``roots``: (how many were read, 'needle in file' for every hit). For P1 tests."""
    scanned, hits = 0, []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                data = path.read_bytes()
            except OSError:  # vanished meanwhile (another test's temp file)
                continue
            scanned += 1
            hits += [f"{name} in {path}" for name, needle in needles.items() if needle in data]
    return scanned, hits
