"""Guidance content (prompts, word lists, categories) lives in data files under ``resources/`` so it
can be reviewed and translated without touching code. This module finds and reads them."""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

ENV_RESOURCES = "SIDEBYSIDE_RESOURCES"


def resources_dir() -> Path:
    """``$SIDEBYSIDE_RESOURCES``, a bundle's, an installed wheel's, or the repository's ``resources/`` folder."""
    candidates = []
    if os.environ.get(ENV_RESOURCES):
        candidates.append(Path(os.environ[ENV_RESOURCES]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    package = Path(__file__).resolve().parents[1]
    candidates.append(package / "resources")  # a wheel: the build backend (packaging/setuptools) puts it there
    candidates.append(package.parents[1] / "resources")  # editable: src/sidebyside -> the repository
    for candidate in candidates:
        if (candidate / "content").is_dir():
            return candidate
    raise FileNotFoundError("SideBySide's resources folder is missing; please reinstall the app.")


@cache
def load(name: str) -> dict[str, Any]:
    """A content file from ``resources/content`` (read once)."""
    with open(resources_dir() / "content" / f"{name}.json", encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"content file {name} is not an object")
    return data
