"""The key file: damage is reported with the way out (the recovery code), tampering fails the unwrap,
and rewriting it is atomic."""

from __future__ import annotations

import base64
import errno
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from core_helpers import PASSPHRASE, make_vault, open_with_passphrase, partner_names

from sidebyside.core.errors import KeyFileError, WrongSecretError
from sidebyside.core.services import vault_service
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultPaths, VaultState

Doc = dict[str, Any]


def _edit(paths: VaultPaths, change: Callable[[Doc], object]) -> None:
    doc = json.loads(paths.key_file.read_text("utf-8"))
    change(doc)
    paths.key_file.write_text(json.dumps(doc), "utf-8")


def _set(path: str, value: object) -> Callable[[Doc], object]:
    """A change that sets doc[a][b]… = value, for a dotted path."""

    def change(doc: Doc) -> None:
        *parents, last = path.split(".")
        for name in parents:
            doc = doc[name]
        doc[last] = value

    return change


# Each damages the key file of a fresh vault in its own way.
DAMAGE: dict[str, Callable[[VaultPaths], object]] = {
    "missing": lambda p: p.key_file.unlink(),
    "empty": lambda p: p.key_file.write_bytes(b""),
    "truncated": lambda p: p.key_file.write_bytes(p.key_file.read_bytes()[:120]),
    "garbled bytes": lambda p: p.key_file.write_bytes(os.urandom(300)),
    "not json": lambda p: p.key_file.write_text("{ this is not json", "utf-8"),
    "a json list": lambda p: p.key_file.write_text("[1, 2, 3]", "utf-8"),
    "someone else's json": lambda p: p.key_file.write_text('{"format": "other-app", "version": 1}', "utf-8"),
    "kdf is text": lambda p: _edit(p, _set("kdf", "argon2id")),
    "memory is text": lambda p: _edit(p, _set("kdf.memory_kib", "lots")),
    "salt is a number": lambda p: _edit(p, _set("kdf.salt", 12345)),
    "salt is empty": lambda p: _edit(p, _set("kdf.salt", "")),
    "salt too short": lambda p: _edit(p, _set("kdf.salt", base64.b64encode(b"1234").decode())),
    "nonce is null": lambda p: _edit(p, _set("wrap.nonce", None)),
    "ciphertext not base64": lambda p: _edit(p, _set("wrap.ciphertext", "!!not base64!!")),
    "wrap is a list": lambda p: _edit(p, _set("wrap", [])),
    "vault id missing": lambda p: _edit(p, lambda d: d.pop("vault_id")),
    "unknown kdf": lambda p: _edit(p, _set("kdf.name", "scrypt")),
    "lanes beyond memory": lambda p: _edit(p, _set("kdf.parallelism", 64)),  # 8 KiB can't feed 64 lanes
    "absurd cost": lambda p: _edit(p, _set("kdf.time_cost", 10_000)),
    "version from the future": lambda p: _edit(p, _set("version", 2)),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_key_file_points_to_the_recovery_code_which_still_opens_the_vault(
    created_vault: tuple[VaultPaths, str], damage: Callable[[VaultPaths], object]
) -> None:
    paths, code = created_vault
    db_before = paths.db.read_bytes()
    damage(paths)
    key_file_before = paths.key_file.read_bytes() if paths.key_file.exists() else None

    probe = vault_service.inspect(paths)
    assert probe.state is VaultState.KEY_FILE_PROBLEM
    assert "recovery code" in probe.message
    with pytest.raises(KeyFileError) as caught:  # never a crash from deep inside the KDF
        vault_service.key_from_passphrase(paths, PASSPHRASE)
    assert "recovery code" in caught.value.message

    session = vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True)
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()
    assert paths.db.read_bytes() == db_before
    now = paths.key_file.read_bytes() if paths.key_file.exists() else None
    assert now == key_file_before, "the damaged key file must be left as it is"


def test_a_key_file_from_a_newer_app_says_so(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    _edit(paths, _set("version", 2))
    assert "newer version of SideBySide" in vault_service.inspect(paths).message


def _other_vault_id(doc: Doc) -> None:
    doc["vault_id"] = "0" * 32


TAMPERING: dict[str, Callable[[Doc], object]] = {
    "vault id": _other_vault_id,
    "memory": _set("kdf.memory_kib", 16),
    "time cost": _set("kdf.time_cost", 2),
    "memory and lanes": lambda d: (_set("kdf.memory_kib", 16)(d), _set("kdf.parallelism", 2)(d)),
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_changing_what_the_wrapped_key_is_bound_to_makes_the_passphrase_fail(
    created_vault: tuple[VaultPaths, str], tamper: Callable[[Doc], object]
) -> None:
    paths, code = created_vault
    _edit(paths, tamper)
    assert vault_service.inspect(paths).state is VaultState.READY  # it still parses: only the unwrap notices

    with pytest.raises(WrongSecretError):
        vault_service.key_from_passphrase(paths, PASSPHRASE)
    key = vault_service.key_from_recovery_code(code)
    vault_service.open_vault(paths, key, from_recovery_code=True).close()


def test_the_untampered_key_file_opens(created_vault: tuple[VaultPaths, str]) -> None:
    """The control for the tampering test: re-serialising the JSON alone changes nothing."""
    paths, _code = created_vault
    _edit(paths, lambda d: None)
    open_with_passphrase(paths).close()


def _leftovers(paths: VaultPaths) -> list[str]:
    return sorted(p.name for p in paths.data_dir.iterdir() if p.name not in {"vault.db", "vault.key"})


def test_rewriting_the_key_file_is_atomic_and_leaves_no_temp_file(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    assert _leftovers(paths) == []
    before = paths.key_file.read_bytes()

    storage.set_remember_flag(paths, True)

    assert paths.key_file.read_bytes() != before
    assert json.loads(paths.key_file.read_text("utf-8"))["remember_on_this_computer"] is True
    assert _leftovers(paths) == []
    assert paths.key_file.stat().st_mode & 0o777 == 0o600
    open_with_passphrase(paths).close()


def test_a_failed_key_file_rewrite_keeps_the_old_file_and_no_temp_file(
    created_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _code = created_vault
    before = paths.key_file.read_bytes()

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        storage.set_remember_flag(paths, True)
    monkeypatch.undo()

    assert paths.key_file.read_bytes() == before
    assert _leftovers(paths) == []
    open_with_passphrase(paths).close()


def test_the_key_file_holds_neither_the_passphrase_nor_the_database_key(paths: VaultPaths) -> None:
    key, _code = make_vault(paths)
    text = paths.key_file.read_bytes()
    for secret in (PASSPHRASE.encode(), key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key)):
        assert secret not in text
    assert json.loads(text)["vault_id"]  # the file is there and readable: the scan looked at something


@pytest.mark.parametrize("value", ["false", "true", 1, None])
def test_only_a_real_true_means_the_key_is_remembered(created_vault: tuple[VaultPaths, str], value: object) -> None:
    paths, _code = created_vault
    _edit(paths, _set("remember_on_this_computer", value))
    probe = vault_service.inspect(paths)
    assert probe.state is VaultState.READY and probe.key_file is not None
    assert probe.key_file.remember is False


def test_when_remember_cannot_be_saved_the_keychain_is_left_clean(
    created_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sidebyside.core.errors import DataFolderError
    from sidebyside.core.secrets import MemorySecretStore

    paths, _code = created_vault
    store = MemorySecretStore()
    session = open_with_passphrase(paths)
    try:
        def disk_full(_fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(DataFolderError) as caught:
            vault_service.set_remember_on_this_computer(session, store, True)
        monkeypatch.undo()
        assert "couldn't be saved" in caught.value.message
        assert store.values == {}  # no key left in the keychain that the vault doesn't know about
        probe = vault_service.inspect(paths)
        assert probe.key_file is not None and probe.key_file.remember is False
    finally:
        session.close()
