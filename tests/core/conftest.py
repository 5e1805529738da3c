"""Fixtures for the core tests only (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _restore_umask() -> Iterator[None]:
    """The CLI tightens the process umask; put the caller's back so later tests see the permissive one."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)
