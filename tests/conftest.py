"""Shared fixtures. Qt runs offscreen; every test gets a fresh data folder, cheap KDF and in-memory keychain."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports Qt: no display here, and no trace of the real user's settings or temp files.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_SESSION_TMP = Path(tempfile.mkdtemp(prefix="sidebyside-tests-"))
os.environ["TMPDIR"] = str(_SESSION_TMP)
tempfile.tempdir = str(_SESSION_TMP)
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_TMP / "config")
os.environ["XDG_DATA_HOME"] = str(_SESSION_TMP / "data-home")
os.environ.pop("SIDEBYSIDE_DATA_DIR", None)
os.umask(0o022)  # a permissive umask, so the tests prove the app tightens it itself (P10)

import pytest  # noqa: E402

from sidebyside.core.crypto.kdf import KdfParams  # noqa: E402
from sidebyside.core.domain.partners import make_partners  # noqa: E402
from sidebyside.core.secrets import MemorySecretStore  # noqa: E402
from sidebyside.core.services import vault_service  # noqa: E402

PASSPHRASE = "kitchen table at dawn"


@pytest.fixture
def session_tmp() -> Path:
    """The temp folder every test in this run writes to (scanned by the P1 tests)."""
    return _SESSION_TMP


@pytest.fixture
def cheap_kdf() -> KdfParams:
    return KdfParams.cheap_for_tests()


@pytest.fixture
def paths(tmp_path: Path) -> vault_service.VaultPaths:
    return vault_service.VaultPaths(tmp_path / "data")


@pytest.fixture
def memory_store() -> MemorySecretStore:
    return MemorySecretStore()


@pytest.fixture
def created_vault(paths: vault_service.VaultPaths, cheap_kdf: KdfParams) -> tuple[vault_service.VaultPaths, str]:
    """A vault for Sam and Alex with PASSPHRASE; returns (paths, recovery code)."""
    partners = make_partners("Sam", "#d9485f", "Alex", "#2f7dd1")
    key = vault_service.new_database_key()
    code = vault_service.recovery_code_for(key)
    vault_service.create_vault(paths, partners, PASSPHRASE, PASSPHRASE, key, cheap_kdf)
    return paths, code


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leave nothing behind: every vault, temp file and setting of this run lives in _SESSION_TMP."""
    import shutil

    shutil.rmtree(_SESSION_TMP, ignore_errors=True)
