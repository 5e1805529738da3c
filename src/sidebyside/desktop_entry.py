"""``sidebyside --install-desktop-entry``: the menu entry, icons and AppStream metainfo in the user's XDG folders.

For a pip/pipx install or an unpacked bundle: after this, SideBySide is in the applications menu with its icon.
No Qt here. Files go under ``$XDG_DATA_HOME`` (default ``~/.local/share``):
``applications/<id>.desktop``, ``icons/hicolor/<size>/apps/<id>.png|svg`` and ``metainfo/<id>.metainfo.xml``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from sidebyside import APP_ID
from sidebyside.core.content import resources_dir

# Characters that make an Exec argument need quoting (Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` when it is an absolute path, else ``~/.local/share`` (XDG Base Directory spec)."""
    value = (environ if environ is not None else os.environ).get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """How to start this very installation, as absolute paths: the bundle, else the venv's ``sidebyside``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]  # the bundle's own executable
    script_dir = Path(sys.executable).parent  # not resolved: a venv's python is a symlink out of the venv
    for name in ("sidebyside", "sidebyside.exe"):
        script = script_dir / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    found = shutil.which("sidebyside")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "sidebyside"]


def exec_value(command: list[str]) -> str:
    """``command`` as a desktop file's Exec value: quoted where the spec asks, then escaped as a string value."""
    parts = []
    for arg in command:
        if not arg or any(ch in _RESERVED for ch in arg):
            arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
        parts.append(arg.replace("%", "%%"))
    return " ".join(parts).replace("\\", "\\\\")


def desktop_file_text(template: str, command: list[str]) -> str:
    """The shipped desktop file with Exec (and TryExec, so a deleted install hides its entry) for ``command``."""
    lines = []
    for line in template.splitlines():
        if line.startswith("TryExec="):
            continue
        if line.startswith("Exec="):
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
            line = "Exec=" + exec_value(command)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _planned_files(home: Path) -> list[tuple[Path | None, Path]]:
    """(source, target) pairs; a None source is the desktop file, which is written rather than copied."""
    res = resources_dir()
    pairs: list[tuple[Path | None, Path]] = [
        (None, home / "applications" / f"{APP_ID}.desktop"),
        (res / "desktop" / f"{APP_ID}.metainfo.xml", home / "metainfo" / f"{APP_ID}.metainfo.xml"),
    ]
    hicolor = res / "icons" / "hicolor"
    for icon in sorted(hicolor.glob(f"*/apps/{APP_ID}.*")):
        pairs.append((icon, home / "icons" / "hicolor" / icon.relative_to(hicolor)))
    return pairs


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry, metainfo and icons; return the files written."""
    home = home or data_home()
    command = command or launcher_command()
    template = (resources_dir() / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    written = []
    for source, target in _planned_files(home):
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            partial = target.with_name(target.name + ".part")
            partial.write_text(desktop_file_text(template, command), encoding="utf-8")
            partial.replace(target)  # a menu never sees half a file
        else:
            shutil.copyfile(source, target)
        target.chmod(0o644)  # desktop environments and their caches read these; nothing private in them
        written.append(target)
    icons = home / "icons" / "hicolor"
    os.utime(icons)  # icon caches look at the theme folder's time to notice a new icon
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install() writes (every icon size under our id); return the files removed."""
    home = home or data_home()
    targets = [home / "applications" / f"{APP_ID}.desktop", home / "metainfo" / f"{APP_ID}.metainfo.xml",
               *sorted((home / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*"))]
    removed = []
    for target in targets:
        if target.is_file():
            target.unlink()
            removed.append(target)
    return removed
