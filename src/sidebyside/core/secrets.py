"""Where "remember on this computer" keeps the database key: the OS keychain, or memory in tests.

The keyring store accepts only backends that really protect secrets. keyring is imported lazily
(it costs about 0.1 s), its backend is checked once per process with a set-then-get round trip,
and every keyring error is turned into SecretStoreError — the app never falls back to plaintext.
"""

from __future__ import annotations

import binascii
import os
from dataclasses import dataclass
from typing import Any, Protocol

from sidebyside import APP_ID
from sidebyside.core.errors import SecretStoreError

_PROBE_USER = "sidebyside-probe"
_REJECTED_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt", "keyrings.cryptfile")


@dataclass(frozen=True)
class Availability:
    usable: bool
    reason: str = ""  # one line for the user when not usable


class SecretStore(Protocol):
    def availability(self) -> Availability: ...

    def get_key(self, vault_id: str) -> bytearray | None: ...

    def set_key(self, vault_id: str, key: bytes | bytearray) -> None: ...

    def delete_key(self, vault_id: str) -> None: ...


def _account(vault_id: str) -> str:
    return f"vault-{vault_id}"


def _decode(value: str | None) -> bytearray | None:
    if value is None:
        return None
    try:
        raw = bytearray(binascii.unhexlify(value))
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


class MemorySecretStore:
    """An in-memory store for tests; ``usable=False`` or ``fail=True`` mimic broken keychains."""

    def __init__(self, usable: bool = True, fail: bool = False, reason: str = "No keychain in tests.") -> None:
        self._usable, self._fail, self._reason = usable, fail, reason
        self.values: dict[str, str] = {}

    def availability(self) -> Availability:
        return Availability(True) if self._usable else Availability(False, self._reason)

    def _check(self) -> None:
        if self._fail or not self._usable:
            raise SecretStoreError("The keychain didn't answer.")

    def get_key(self, vault_id: str) -> bytearray | None:
        self._check()
        return _decode(self.values.get(_account(vault_id)))

    def set_key(self, vault_id: str, key: bytes | bytearray) -> None:
        self._check()
        self.values[_account(vault_id)] = bytes(key).hex()

    def delete_key(self, vault_id: str) -> None:
        self._check()
        self.values.pop(_account(vault_id), None)


class KeyringSecretStore:
    """The OS keychain through ``keyring``; checked once, on first use."""

    def __init__(self, service: str = APP_ID, backend: Any = None) -> None:
        self._service = service
        self._backend = backend  # injected in tests; otherwise keyring's choice
        self._availability: Availability | None = None

    def _keyring_backend(self) -> Any:
        if self._backend is None:
            import keyring  # lazy: only when the keychain is actually needed

            self._backend = keyring.get_keyring()
        return self._backend

    def availability(self) -> Availability:
        if self._availability is None:
            self._availability = self._probe()
        return self._availability

    def _probe(self) -> Availability:
        try:
            backend = self._keyring_backend()
        except Exception:
            return Availability(False, "This computer's keychain couldn't be reached.")
        if not _is_real_backend(backend):
            return Availability(False, "This computer has no secure keychain that SideBySide can use.")
        token = "probe-" + binascii.hexlify(os.urandom(8)).decode()
        try:
            backend.set_password(self._service, _PROBE_USER, token)
            ok = backend.get_password(self._service, _PROBE_USER) == token
            backend.delete_password(self._service, _PROBE_USER)
        except Exception:
            return Availability(False, "This computer's keychain is locked or not responding.")
        if not ok:
            return Availability(False, "This computer's keychain didn't keep a test value.")
        return Availability(True)

    def _require(self) -> Any:
        status = self.availability()
        if not status.usable:
            raise SecretStoreError(status.reason)
        return self._backend

    def get_key(self, vault_id: str) -> bytearray | None:
        backend = self._require()
        try:
            return _decode(backend.get_password(self._service, _account(vault_id)))
        except Exception:
            raise SecretStoreError("The keychain couldn't be read just now.") from None

    def set_key(self, vault_id: str, key: bytes | bytearray) -> None:
        backend = self._require()
        value = bytes(key).hex()
        try:
            backend.set_password(self._service, _account(vault_id), value)
            if backend.get_password(self._service, _account(vault_id)) != value:
                raise SecretStoreError("The keychain didn't keep the key.")
        except SecretStoreError:
            raise
        except Exception:
            raise SecretStoreError("The keychain couldn't store the key.") from None

    def delete_key(self, vault_id: str) -> None:
        backend = self._require()
        try:
            backend.delete_password(self._service, _account(vault_id))
        except Exception as exc:
            if type(exc).__name__ == "PasswordDeleteError":
                return  # nothing stored: already gone
            raise SecretStoreError("The keychain couldn't remove the key.") from None


def _is_real_backend(backend: Any) -> bool:
    """True only for backends that keep secrets protected (no fail, null or plaintext files)."""
    candidates = list(getattr(backend, "backends", None) or [backend])  # a ChainerBackend holds several
    real = []
    for candidate in candidates:
        module = type(candidate).__module__
        if module.startswith(_REJECTED_MODULE_PREFIXES):
            continue
        if "plaintext" in type(candidate).__name__.lower():
            continue
        try:
            if float(getattr(type(candidate), "priority", 1)) <= 0:
                continue
        except Exception:
            continue
        real.append(candidate)
    return bool(real) and len(real) == len(candidates)
