"""Shared by the core and GUI tests: stand-in content files (no Qt here)."""

from __future__ import annotations

from typing import Any

import pytest

from sidebyside.core import content


def use_word_lists(monkeypatch: pytest.MonkeyPatch, lists: dict[str, Any] | None) -> None:
    """Make content.load("conversation") return ``lists`` (or fail as if the file were missing)."""
    real = content.load

    def load(name: str) -> dict[str, Any]:
        if name != "conversation":
            return real(name)
        if lists is None:
            raise FileNotFoundError(name)
        return lists

    monkeypatch.setattr(content, "load", load)
