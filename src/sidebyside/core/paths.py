"""Where the vault lives: ``--data-dir``, then ``SIDEBYSIDE_DATA_DIR``, then the platform's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_DATA_DIR = "SIDEBYSIDE_DATA_DIR"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("SideBySide", appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    chosen = cli_value or environ.get(ENV_DATA_DIR) or ""
    if chosen:
        return Path(os.path.expanduser(chosen)).absolute()
    return default_data_dir()
