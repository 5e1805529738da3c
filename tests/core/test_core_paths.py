"""Where the vault lives: --data-dir, then SIDEBYSIDE_DATA_DIR, then the platform's data folder."""

from __future__ import annotations

import sys
from pathlib import Path

from sidebyside.core.paths import ENV_DATA_DIR, default_data_dir, resolve_data_dir


def test_the_command_line_wins_over_the_environment(tmp_path: Path) -> None:
    chosen = resolve_data_dir(str(tmp_path / "cli"), {ENV_DATA_DIR: str(tmp_path / "env")})
    assert chosen == tmp_path / "cli"


def test_the_environment_is_used_without_a_command_line_choice(tmp_path: Path) -> None:
    assert resolve_data_dir(None, {ENV_DATA_DIR: str(tmp_path / "env")}) == tmp_path / "env"


def test_a_relative_or_home_relative_choice_becomes_absolute() -> None:
    assert resolve_data_dir("~/vault", {}) == Path("~/vault").expanduser()
    assert resolve_data_dir("relative/vault", {}) == Path.cwd() / "relative" / "vault"


def test_without_a_choice_the_platform_data_folder_is_used(session_tmp: Path) -> None:
    chosen = resolve_data_dir(None, {})
    assert chosen == default_data_dir()
    assert chosen.name == "SideBySide"
    if sys.platform.startswith("linux"):  # XDG_DATA_HOME points into the test temp folder, never the real home
        assert chosen.is_relative_to(session_tmp)
