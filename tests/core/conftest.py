"""Fixtures for the core tests only (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.services.vault_service import VaultPaths, VaultSession


@pytest.fixture(autouse=True)
def _restore_umask() -> Iterator[None]:
    """The CLI tightens the process umask; put the caller's back so later tests see the permissive one."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture
def vault(paths: VaultPaths) -> VaultPaths:
    """A vault for Sam and Alex in this test's data folder."""
    make_vault(paths)
    return paths


@pytest.fixture
def session(vault: VaultPaths) -> Iterator[VaultSession]:
    """That vault, open; closed after the test."""
    s = open_with_passphrase(vault)
    yield s
    s.close()
