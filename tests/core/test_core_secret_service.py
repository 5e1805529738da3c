"""P7 against a real keychain: GNOME Keyring's Secret Service in a private D-Bus session.

The other keychain tests use fake backends (working, absent, locked, raising). These start a real
gnome-keyring-daemon in ``dbus-run-session`` with its own HOME, so "remember on this computer" is
checked end to end: keyring picks the Secret Service, the key goes in and comes back, it is stored
encrypted, it is removed when remembering is turned off, and a locked keychain is reported, never
fatal. .ci/run installs gnome-keyring; without it these tests are skipped.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from keychain_session import LOCKED, NEVER_UNLOCKED, UNLOCKED, needs_gnome_keyring, run_in_keychain_session

pytestmark = needs_gnome_keyring

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
    done = run_in_keychain_session(tmp_path / "home", keychain, CHILD, str(tmp_path / "vault"))
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
