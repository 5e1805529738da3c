"""P10: everything the core creates is owner-only (files 0600, folders 0700), even under umask 022.

The core must not rely on the app having called restrict_process_umask(): these tests set a
permissive umask themselves (tests/core/conftest.py puts the old one back).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.services import drafts
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.instance_lock import InstanceLock
from sidebyside.core.storage.vault import VaultPaths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def _permissive_umask() -> None:
    os.umask(0o022)


def _modes(folder: Path) -> dict[str, int]:
    """Permission bits of the folder and of everything under it, by relative path."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _assert_owner_only(folder: Path) -> dict[str, int]:
    modes = _modes(folder)
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert wrong == {}, f"not owner-only: {wrong}"
    return modes


def test_everything_in_an_open_vault_is_owner_only(paths: VaultPaths) -> None:
    key, _code = make_vault(paths)
    lock = InstanceLock(paths.data_dir)
    lock.acquire()
    session = open_with_passphrase(paths)
    try:
        drafts.save_draft(session, "journal", "dear diary")
        storage.take_backup(paths, key, session.vault_id, "manual")
        storage.set_remember_flag(paths, True)  # rewrites the key file
        modes = _assert_owner_only(paths.data_dir)
        assert {"vault.db", "vault.key", "vault.db-wal", "vault.db-shm", ".sidebyside.lock", "backups"} <= set(modes)
        assert any(name.startswith("backups/") for name in modes)
    finally:
        session.close()
        lock.release()
    assert set(_assert_owner_only(paths.data_dir)) >= {"vault.db", "vault.key", ".sidebyside.lock", "backups"}


def test_an_existing_open_folder_is_tightened_when_the_vault_is_created(paths: VaultPaths) -> None:
    paths.data_dir.mkdir()
    os.chmod(paths.data_dir, 0o755)
    make_vault(paths)
    assert _assert_owner_only(paths.data_dir)["."] == 0o700


def test_the_permissive_umask_is_really_in_force(tmp_path: Path) -> None:
    """The control: without the core's care, a new file here would be readable by others."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644
