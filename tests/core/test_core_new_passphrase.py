"""A new passphrase after opening with the recovery code: the key file is rewritten (the damaged one kept
aside), the new passphrase opens the vault, and nothing is written when the new passphrase is refused."""

from __future__ import annotations

import os
import stat

import pytest
from core_helpers import PASSPHRASE, file_hashes, open_with_passphrase, partner_names

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import ValidationError, WrongSecretError
from sidebyside.core.services import vault_service
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultPaths, VaultSession, VaultState

NEW = "lantern orbit under the willow"


def _open_by_code(paths: VaultPaths, code: str) -> VaultSession:
    return vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True)


@pytest.mark.parametrize("damage", ["missing", "garbled", "healthy"])
def test_a_new_passphrase_repairs_the_key_file_and_keeps_the_damaged_one(
    created_vault: tuple[VaultPaths, str], cheap_kdf: KdfParams, damage: str
) -> None:
    paths, code = created_vault
    os.umask(0o022)
    garbled = b'{"format": "sidebyside-key-file", "vers'
    if damage == "missing":
        paths.key_file.unlink()
    elif damage == "garbled":
        paths.key_file.write_bytes(garbled)

    session = _open_by_code(paths, code)
    try:
        job = vault_service.set_new_passphrase(session, NEW, NEW, cheap_kdf)
    finally:
        session.close()  # the job copied what it needs: locking meanwhile is fine
    assert job().vault

    assert vault_service.inspect(paths).state is VaultState.READY
    assert stat.S_IMODE(paths.key_file.stat().st_mode) == 0o600
    reopened = open_with_passphrase(paths, NEW)
    try:
        assert partner_names(reopened) == ["Sam", "Alex"]
    finally:
        reopened.close()
    with pytest.raises(WrongSecretError):
        vault_service.key_from_passphrase(paths, PASSPHRASE)

    set_aside = [p for p in paths.data_dir.iterdir() if p.name.startswith("vault.key.damaged-")]
    if damage == "garbled":
        assert len(set_aside) == 1 and set_aside[0].read_bytes() == garbled  # kept, never deleted
    else:
        assert set_aside == []
    assert not [p for p in paths.data_dir.iterdir() if ".tmp-" in p.name]


def test_remember_on_this_computer_survives_a_new_passphrase(
    created_vault: tuple[VaultPaths, str], cheap_kdf: KdfParams
) -> None:
    paths, code = created_vault
    storage.set_remember_flag(paths, True)
    session = _open_by_code(paths, code)
    try:
        vault_service.set_new_passphrase(session, NEW, NEW, cheap_kdf)()
    finally:
        session.close()
    probe = vault_service.inspect(paths)
    assert probe.key_file is not None and probe.key_file.remember


@pytest.mark.parametrize(("new", "again"), [("password1", "password1"), (NEW, NEW + "!"), ("", "")],
                         ids=["weak", "mismatch", "empty"])
def test_a_refused_new_passphrase_writes_nothing(
    created_vault: tuple[VaultPaths, str], cheap_kdf: KdfParams, new: str, again: str
) -> None:
    paths, code = created_vault
    before = file_hashes(paths.data_dir)
    session = _open_by_code(paths, code)
    try:
        with pytest.raises(ValidationError):
            vault_service.set_new_passphrase(session, new, again, cheap_kdf)
    finally:
        session.close()
    assert file_hashes(paths.data_dir) == before
    open_with_passphrase(paths).close()
