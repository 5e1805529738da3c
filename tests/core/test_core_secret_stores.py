"""P7: the OS keychain is optional; only real backends are trusted; no secret ever falls back to plaintext."""

from __future__ import annotations

import base64
from typing import Any

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest
from core_helpers import PASSPHRASE, open_with_passphrase, partner_names

from sidebyside.core.errors import SecretStoreError, WrongSecretError
from sidebyside.core.secrets import KeyringSecretStore, MemorySecretStore, SecretStore
from sidebyside.core.services import vault_service
from sidebyside.core.storage.vault import VaultPaths

VAULT_ID = "0123456789abcdef0123456789abcdef"
KEY = bytes(range(32))


class WorkingBackend:
    """An in-memory stand-in for a real keychain (Secret Service, macOS Keychain, Windows Credential Locker)."""

    priority = 1

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.passwords[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.passwords.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("not found") from None


class LockedBackend(WorkingBackend):
    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        raise keyring.errors.KeyringLocked("the collection is locked")


class ForgetfulBackend(WorkingBackend):
    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return "something else"


class BreaksOnReadBackend(WorkingBackend):
    """Works for the probe, then fails (e.g. the keychain was locked since)."""

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        if username.startswith("vault-"):
            raise RuntimeError("D-Bus went away")
        return self.passwords.get((service, username))


# A plaintext file backend as keyrings.alt installs it (rejected by module, before anything is written).
PlaintextFileBackend = type("Keyring", (WorkingBackend,), {"__module__": "keyrings.alt.file"})
# Any backend calling itself plaintext, wherever it lives.
PlaintextNamedBackend = type("PlaintextKeyring", (WorkingBackend,), {"__module__": "some.vendor"})
# A negative-priority backend (keyring's way of saying "not viable").
NotViableBackend = type("Keyring", (WorkingBackend,), {"priority": -1})


class Chainer:
    """Like keyring's ChainerBackend: several backends, tried in turn."""

    priority = 10

    def __init__(self, *backends: Any) -> None:
        self.backends = list(backends)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.backends[0].set_password(service, username, password)

    def get_password(self, service: str, username: str) -> str | None:
        return self.backends[0].get_password(service, username)

    def delete_password(self, service: str, username: str) -> None:
        self.backends[0].delete_password(service, username)


def test_a_working_keychain_is_usable_and_keeps_the_key() -> None:
    backend = WorkingBackend()
    store = KeyringSecretStore(backend=backend)
    assert store.availability().usable
    assert backend.passwords == {}  # the probe cleaned up after itself

    store.set_key(VAULT_ID, KEY)
    assert store.get_key(VAULT_ID) == KEY
    assert list(backend.passwords.values()) == [KEY.hex()]
    store.delete_key(VAULT_ID)
    assert store.get_key(VAULT_ID) is None
    store.delete_key(VAULT_ID)  # already gone: not an error


def test_the_keychain_is_probed_once_only() -> None:
    backend = WorkingBackend()
    store = KeyringSecretStore(backend=backend)
    for _ in range(3):
        assert store.availability().usable
    assert backend.calls == ["set", "get", "delete"]


UNUSABLE = {
    "no keyring (fail)": (keyring.backends.fail.Keyring, "no secure keychain"),
    "null keyring": (keyring.backends.null.Keyring, "no secure keychain"),
    "keyrings.alt plaintext file": (PlaintextFileBackend, "no secure keychain"),
    "a plaintext backend elsewhere": (PlaintextNamedBackend, "no secure keychain"),
    "negative priority": (NotViableBackend, "no secure keychain"),
    "chain with a plaintext member": (lambda: Chainer(WorkingBackend(), PlaintextFileBackend()), "no secure keychain"),
    "locked": (LockedBackend, "locked or not responding"),
    "keeps a different value": (ForgetfulBackend, "didn't keep a test value"),
}


@pytest.mark.parametrize(("make_backend", "reason"), UNUSABLE.values(), ids=UNUSABLE.keys())
def test_a_keychain_that_is_absent_locked_plaintext_or_broken_is_not_used(make_backend: Any, reason: str) -> None:
    backend = make_backend()
    store = KeyringSecretStore(backend=backend)
    status = store.availability()
    assert not status.usable
    assert reason in status.reason and "\n" not in status.reason
    with pytest.raises(SecretStoreError):
        store.set_key(VAULT_ID, KEY)
    with pytest.raises(SecretStoreError):
        store.get_key(VAULT_ID)
    members = getattr(backend, "backends", [backend])
    for member in members:  # nothing of ours was left in any of them
        assert not getattr(member, "passwords", {})
    if reason == "no secure keychain":  # rejected by kind: not even the probe value was handed over
        assert all(not getattr(member, "calls", []) for member in members)


def test_a_chain_of_real_backends_is_usable() -> None:
    store = KeyringSecretStore(backend=Chainer(WorkingBackend()))
    assert store.availability().usable


def test_when_keyring_itself_cannot_load_the_keychain_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise keyring.errors.InitError("no D-Bus session")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    status = KeyringSecretStore().availability()
    assert not status.usable
    assert "couldn't be reached" in status.reason


def test_a_keychain_that_breaks_after_the_probe_raises_only_secret_store_errors() -> None:
    store = KeyringSecretStore(backend=BreaksOnReadBackend())
    assert store.availability().usable
    with pytest.raises(SecretStoreError):
        store.get_key(VAULT_ID)
    with pytest.raises(SecretStoreError):
        store.set_key(VAULT_ID, KEY)  # it can't read back what it stored, so it doesn't promise


def test_memory_store_round_trip_and_broken_modes() -> None:
    store = MemorySecretStore()
    assert store.availability().usable
    store.set_key(VAULT_ID, KEY)
    assert store.get_key(VAULT_ID) == KEY
    store.delete_key(VAULT_ID)
    assert store.get_key(VAULT_ID) is None

    absent = MemorySecretStore(usable=False, reason="No keychain here.")
    assert absent.availability().reason == "No keychain here."
    with pytest.raises(SecretStoreError):
        absent.get_key(VAULT_ID)
    with pytest.raises(SecretStoreError):
        MemorySecretStore(fail=True).set_key(VAULT_ID, KEY)


def _key_file_secrets_absent(paths: VaultPaths, key: bytes) -> None:
    text = paths.key_file.read_bytes()
    for secret in (PASSPHRASE.encode(), key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key)):
        assert secret not in text


@pytest.mark.parametrize("make_store", [MemorySecretStore, lambda: KeyringSecretStore(backend=WorkingBackend())],
                         ids=["memory", "keyring"])
def test_remember_on_this_computer_then_forget(created_vault: tuple[VaultPaths, str], make_store: Any) -> None:
    paths, _code = created_vault
    store: SecretStore = make_store()
    session = open_with_passphrase(paths)
    key = bytes(session.key)
    vault_id = session.vault_id

    vault_service.set_remember_on_this_computer(session, store, True)
    assert vault_service.overview(session).remembered
    assert store.get_key(vault_id) == key  # the database key, never the passphrase
    _key_file_secrets_absent(paths, key)
    session.close()

    probe = vault_service.inspect(paths)
    assert probe.key_file is not None and probe.key_file.remember
    again = vault_service.open_vault(paths, vault_service.key_from_keychain(probe, store))
    try:
        assert partner_names(again) == ["Sam", "Alex"]
        vault_service.set_remember_on_this_computer(again, store, False)
        assert not vault_service.overview(again).remembered
    finally:
        again.close()

    assert store.get_key(vault_id) is None
    with pytest.raises(WrongSecretError):
        vault_service.key_from_keychain(vault_service.inspect(paths), store)
    _key_file_secrets_absent(paths, key)


def test_the_keychain_holds_the_key_and_not_the_passphrase(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    backend = WorkingBackend()
    session = open_with_passphrase(paths)
    try:
        vault_service.set_remember_on_this_computer(session, KeyringSecretStore(backend=backend), True)
        stored = list(backend.passwords.values())
        assert stored == [bytes(session.key).hex()]
        assert all(PASSPHRASE not in value for value in stored)
    finally:
        session.close()


@pytest.mark.parametrize(
    "make_store",
    [
        lambda: MemorySecretStore(usable=False),
        lambda: MemorySecretStore(fail=True),
        lambda: KeyringSecretStore(backend=keyring.backends.fail.Keyring()),
        lambda: KeyringSecretStore(backend=LockedBackend()),
        lambda: KeyringSecretStore(backend=PlaintextFileBackend()),
    ],
    ids=["absent", "raises", "fail backend", "locked", "plaintext"],
)
def test_remembering_with_an_unusable_keychain_fails_and_changes_nothing(
    created_vault: tuple[VaultPaths, str], make_store: Any
) -> None:
    paths, _code = created_vault
    key_file_before = paths.key_file.read_bytes()
    session = open_with_passphrase(paths)
    try:
        with pytest.raises(SecretStoreError) as caught:
            vault_service.set_remember_on_this_computer(session, make_store(), True)
        assert caught.value.message and "\n" not in caught.value.message
        assert not vault_service.overview(session).remembered
    finally:
        session.close()
    assert paths.key_file.read_bytes() == key_file_before
    probe = vault_service.inspect(paths)
    assert probe.key_file is not None and not probe.key_file.remember
    open_with_passphrase(paths).close()  # the passphrase still works as always


def test_a_keychain_that_lost_the_key_says_so(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    store = MemorySecretStore()
    session = open_with_passphrase(paths)
    vault_service.set_remember_on_this_computer(session, store, True)
    session.close()
    store.values.clear()  # e.g. the user cleaned up their keychain

    with pytest.raises(SecretStoreError) as caught:
        vault_service.key_from_keychain(vault_service.inspect(paths), store)
    assert "use your passphrase" in caught.value.message
