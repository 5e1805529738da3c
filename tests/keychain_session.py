"""Shared by the core and GUI tests: a real GNOME Keyring in a private D-Bus session (no Qt here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

needs_gnome_keyring = pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring-daemon and dbus-run-session (.ci/run installs them)",
)

#: Shell commands that set up the session's keychain before the child runs.
UNLOCKED = 'printf %s "login password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
#: A keyring that exists but was locked again, as after a screen lock on some desktops.
LOCKED = (UNLOCKED + ' && python -c "import secretstorage as s; '
          's.get_default_collection(s.dbus_init()).lock()"')
#: The daemon runs, but nobody ever unlocked or created a keyring (and there is no prompt to ask).
NEVER_UNLOCKED = "gnome-keyring-daemon --start --components=secrets >/dev/null"


def run_in_keychain_session(home: Path, keychain: str, child: str, *args: str,
                            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -c child args…`` in a fresh D-Bus session whose keychain ``keychain`` set up, with its own HOME
    (the keyring files live there): the desktop's own session and keychain are never seen."""
    home.mkdir(parents=True, exist_ok=True)
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("DBUS_", "XDG_", "GNOME_KEYRING", "DISPLAY", "WAYLAND", "PYTHON_KEYRING"))}
    clean |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
              "XDG_CACHE_HOME": str(home / "cache"), "PATH": f"{Path(sys.executable).parent}:{clean.get('PATH', '')}",
              "CHILD": child, **(env or {})}
    script = f'{keychain} && exec python -c "$CHILD" "$@"'
    return subprocess.run(["dbus-run-session", "--", "sh", "-c", script, "sh", *args], capture_output=True,
                          text=True, timeout=120, env=clean)
