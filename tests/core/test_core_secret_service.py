"""P7 against a real keychain: GNOME Keyring's Secret Service in a private D-Bus session.

The other keychain tests use fake backends (working, absent, locked, raising). These start a real
gnome-keyring-daemon in ``dbus-run-session`` with its own HOME, so "remember on this computer" is
checked end to end: keyring picks the Secret Service, the key goes in and comes back, it is stored
encrypted, it is removed when remembering is turned off, and a locked keychain is reported, never
fatal. .ci/run installs gnome-keyring; without it these tests are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring-daemon and dbus-run-session (.ci/run installs them)",
)

UNLOCKED = 'printf %s "login password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
#: A keyring that exists but was locked again, as after a screen lock on some desktops.
LOCKED = (UNLOCKED + ' && python -c "import secretstorage as s; '
          's.get_default_collection(s.dbus_init()).lock()"')
#: The daemon runs, but nobody ever unlocked or created a keyring (and there is no prompt to ask).
NEVER_UNLOCKED = "gnome-keyring-daemon --start --components=secrets >/dev/null"

PASSPHRASE = "kitchen table at dawn"

CHILD = textwrap.dedent(f"""
    import json, sys
    from pathlib import Path
    from sidebyside.core.crypto.kdf import KdfParams
    from sidebyside.core.domain.partners import make_partners
    from sidebyside.core.errors import SecretStoreError
    from sidebyside.core.secrets import KeyringSecretStore
    from sidebyside.core.services import vault_service

    paths = vault_service.VaultPaths(Path(sys.argv[1]))
    store = KeyringSecretStore()
    availability = store.availability()
    report = {{"usable": availability.usable, "reason": availability.reason,
               "backend": type(store._keyring_backend()).__module__}}
    key = vault_service.new_database_key()
    report["key"] = bytes(key).hex()
    vault_service.create_vault(paths, make_partners("Sam", "#d9485f", "Alex", "#2f7dd1"), {PASSPHRASE!r},
                               {PASSPHRASE!r}, key, KdfParams.cheap_for_tests())
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, {PASSPHRASE!r}))
    try:
        vault_service.set_remember_on_this_computer(session, store, True)
        report["remembered"] = True
    except SecretStoreError as exc:
        report["remembered"] = False
        report["remember_error"] = exc.message
    vault_id = session.vault_id
    session.close()
    if report["remembered"]:
        key_again = vault_service.key_from_keychain(vault_service.inspect(paths), store)
        report["keychain_opens"] = vault_service.open_vault(paths, key_again).vault_id == vault_id
        session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, {PASSPHRASE!r}))
        vault_service.set_remember_on_this_computer(session, store, False)
        session.close()
        report["kept_after_forgetting"] = store.get_key(vault_id) is not None
    print(json.dumps(report))
""")


def run_with_keychain(tmp_path: Path, keychain: str) -> dict[str, Any]:
    """Run CHILD in a fresh D-Bus session whose keychain is set up by the shell command ``keychain``."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DBUS_", "XDG_", "GNOME_KEYRING", "DISPLAY", "WAYLAND", "PYTHON_KEYRING"))}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}"}
    script = f'{keychain} && exec python -c "$CHILD" "$VAULT"'
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], capture_output=True, text=True,
                          timeout=120, env=env | {"CHILD": CHILD, "VAULT": str(tmp_path / "vault")})
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def files_holding(folder: Path, key: bytes) -> list[str]:
    hexed = key.hex().encode()
    return [str(p) for p in folder.rglob("*") if p.is_file() and (key in (data := p.read_bytes()) or
                                                                  hexed in data.lower())]


def test_an_unlocked_keychain_keeps_the_key_encrypted_opens_the_vault_and_forgets_it(tmp_path: Path) -> None:
    report = run_with_keychain(tmp_path, UNLOCKED)
    assert report["backend"] == "keyring.backends.SecretService"
    assert report["usable"] and report["remembered"]
    assert report["keychain_opens"] is True
    assert report["kept_after_forgetting"] is False
    key = bytes.fromhex(report["key"])
    assert files_holding(tmp_path, key) == []  # neither the keyring file nor the vault folder has it in the clear
    assert any((tmp_path / "home" / "data" / "keyrings").iterdir())  # (the keychain did write its file)


@pytest.mark.parametrize("keychain", [LOCKED, NEVER_UNLOCKED], ids=["locked-again", "never-unlocked"])
def test_a_locked_keychain_is_reported_and_the_vault_still_opens_by_passphrase(
    tmp_path: Path, keychain: str
) -> None:
    report = run_with_keychain(tmp_path, keychain)
    assert report["usable"] is False
    assert report["reason"] == "This computer's keychain is locked or not responding."
    assert report["remembered"] is False and report["remember_error"]
    assert "Traceback" not in report["remember_error"]
    assert files_holding(tmp_path, bytes.fromhex(report["key"])) == []
