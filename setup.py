"""Ship the repository's ``resources/`` inside the built package as ``sidebyside/resources``.

Everything else is in pyproject.toml. Wheels (``pip install .``, pipx) get the content files, icons and desktop
files this way; an editable install reads ``resources/`` from the repository instead (see
``sidebyside.core.content.resources_dir``), and the PyInstaller bundle carries its own copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the repository's resources/ is found directly
        target = Path(self.build_lib) / "sidebyside" / "resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("*~", ".*"))


setup(cmdclass={"build_py": BuildPyWithResources})
