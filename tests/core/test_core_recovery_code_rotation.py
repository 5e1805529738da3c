"""A new recovery code re-keys the vault; an interruption at any step leaves it opening with the passphrase."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, partner_names

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import WrongSecretError
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage import key_management
from sidebyside.core.storage.vault import VaultPaths

CHEAP = KdfParams.cheap_for_tests()


def _open(paths: VaultPaths, passphrase: str = PASSPHRASE) -> vault_service.VaultSession:
    return vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, passphrase))


def _opens_with_code(paths: VaultPaths, code: str) -> bool:
    try:
        vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True).close()
    except WrongSecretError:
        return False
    return True


def test_the_new_code_opens_the_old_one_does_not_and_nothing_is_lost(paths: VaultPaths) -> None:
    _key, old_code = make_vault(paths)
    store = MemorySecretStore()
    session = _open(paths)
    drafts.save_draft(session, "journal", "what we said on Sunday")
    vault_service.set_remember_on_this_computer(session, store, True)
    new_key, new_code = safety.new_recovery_code()
    safety.rotate_recovery_code(session, PASSPHRASE, new_key, CHEAP, store)
    assert drafts.load_draft(session, "journal") == "what we said on Sunday"  # the open session goes on
    session.close()

    assert new_code != old_code
    assert _opens_with_code(paths, new_code)
    assert not _opens_with_code(paths, old_code)
    again = _open(paths)  # the passphrase is unchanged
    try:
        assert partner_names(again) == ["Sam", "Alex"]
        assert drafts.load_draft(again, "journal") == "what we said on Sunday"
    finally:
        again.close()
    keychain = vault_service.open_vault(paths, vault_service.key_from_keychain(vault_service.inspect(paths), store))
    keychain.close()  # the remembered key was updated too
    reasons = [b.reason for b in safety.list_backups(paths)]
    assert "before-new-recovery-code" in reasons
    assert not key_management.pending_key_file(paths).exists()


def test_a_wrong_passphrase_changes_nothing(paths: VaultPaths) -> None:
    _key, old_code = make_vault(paths)
    session = _open(paths)
    before = file_hashes(paths.data_dir)
    new_key, _new_code = safety.new_recovery_code()
    with pytest.raises(WrongSecretError):
        safety.rotate_recovery_code(session, "not our passphrase", new_key, CHEAP)
    session.close()
    assert file_hashes(paths.data_dir)["vault.key"] == before["vault.key"]
    assert _opens_with_code(paths, old_code)


def test_interrupted_before_the_rekey_the_old_code_and_passphrase_still_open(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _key, old_code = make_vault(paths)
    session = _open(paths)

    real_write = key_management.kf.write

    def power_cut_after_pending(path: Path, key_file: object) -> None:
        real_write(path, key_file)  # type: ignore[arg-type]
        if path.name.endswith(".pending"):
            raise OSError("power cut")  # the pending file is written; the re-key never starts

    monkeypatch.setattr(key_management.kf, "write", power_cut_after_pending)
    new_key, _new_code = safety.new_recovery_code()
    with pytest.raises(OSError):
        safety.rotate_recovery_code(session, PASSPHRASE, new_key, CHEAP)
    monkeypatch.undo()
    session.close()
    assert key_management.pending_key_file(paths).exists()  # the state this test is about

    reopened = _open(paths)  # the next unlock settles it: the pending file was never used
    reopened.close()
    assert not key_management.pending_key_file(paths).exists()
    assert _opens_with_code(paths, old_code)


def test_interrupted_after_the_rekey_the_passphrase_and_the_new_code_open(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _key, old_code = make_vault(paths)
    session = _open(paths)
    drafts.save_draft(session, "journal", "kept through the re-key")
    real_replace = os.replace

    def fail_on_the_key_file(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith("vault.key") and str(src).endswith(".pending"):
            raise OSError("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(key_management.os, "replace", fail_on_the_key_file)
    new_key, new_code = safety.new_recovery_code()
    with pytest.raises(OSError):
        safety.rotate_recovery_code(session, PASSPHRASE, new_key, CHEAP)
    monkeypatch.undo()
    session.close()
    assert key_management.pending_key_file(paths).exists()

    reopened = _open(paths)  # the old key file no longer fits; the pending one does, and takes its place
    try:
        assert drafts.load_draft(reopened, "journal") == "kept through the re-key"
    finally:
        reopened.close()
    assert not key_management.pending_key_file(paths).exists()
    assert _opens_with_code(paths, new_code)
    assert not _opens_with_code(paths, old_code)
    _open(paths).close()  # and again, now from the settled key file
