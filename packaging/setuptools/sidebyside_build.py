"""The build backend: setuptools, plus the repository's ``resources/`` inside the package.

Wheels (``pip install .``, pipx) carry the content files, icons and desktop files as
``sidebyside/resources``. An editable install reads ``resources/`` from the repository instead
(``sidebyside.core.content.resources_dir``), and the PyInstaller bundle carries its own copy. The sdist
holds every file git tracks (setuptools-scm's file finder), so a wheel built from it has them too.
pyproject.toml names this module as the backend (``backend-path``) and its command in
``[tool.setuptools.cmdclass]``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.build_meta import *  # noqa: F403 - the PEP 517 hooks, unchanged
from setuptools.command.build_py import build_py

RESOURCES = "resources"


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the repository's resources/ is found directly
        target = Path(self.build_lib) / "sidebyside" / RESOURCES
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("*~", ".*"))
