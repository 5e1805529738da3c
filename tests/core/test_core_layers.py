"""The layers point one way (ARCHITECTURE.md): the screens reach storage only through the services.

Read from the source (no import: this is a core test, and the ui imports Qt).
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "sidebyside" / "ui"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_screen_imports_storage_directly() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 40  # the walk really found the ui
    offenders = {str(f.relative_to(UI)): sorted(m for m in imported_modules(f)
                                                if m.startswith("sidebyside.core.storage")) for f in files}
    assert {name: mods for name, mods in offenders.items() if mods} == {}
