"""The core must never import Qt (ARCHITECTURE.md): it is checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import sidebyside.core


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(sidebyside.core.__path__, "sidebyside.core.")]
    assert "sidebyside.core.storage.vault" in modules  # the walk really found the core
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import sidebyside.cli\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Qt was imported by the core or the CLI: {result.stdout}"
