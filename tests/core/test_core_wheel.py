"""A wheel (what `pip install .` and pipx install) carries resources/ and finds it where it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_every_resource_and_finds_it_once_installed(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info into the tree it builds
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(tmp_path / "wheels"), str(source)],  # the test extra has the tools
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheels").glob("sidebyside-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    resources = {str(p.relative_to(ROOT)) for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert {f"sidebyside/{name}" for name in resources} <= names
    assert not any(name.startswith(("resources/", "tests/", "bench/", "packaging/")) for name in names)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SIDEBYSIDE_RESOURCES")}
    found = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "from sidebyside.core import content; print(content.resources_dir()); "
                            "print(sorted(content.load('guide')))", str(tmp_path / "site")],
                           capture_output=True, text=True, env=env, timeout=60)
    assert found.returncode == 0, found.stderr
    where, keys = found.stdout.splitlines()
    assert Path(where) == tmp_path / "site" / "sidebyside" / "resources"  # the installed copy, not the repository
    assert keys.startswith("[")
