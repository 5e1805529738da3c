"""A partner's private space: a random key, wrapped under their personal passphrase, that seals
their private content inside the (already encrypted) vault — so the other partner, who knows the
vault passphrase, still can't read it (SECURITY.md P8).

Sealing is AES-256-GCM; the associated data binds each sealed blob to its record (kind, id and
author), so a blob copied onto another row does not open.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from sidebyside.core.crypto.kdf import KdfParams, derive_key, new_salt
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.errors import SealedRecordError, WrongSecretError

NONCE = 12
_WRAP_AAD = b"sidebyside-private-space-v1"


@dataclass(frozen=True)
class WrappedSpaceKey:
    slot: int
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def kdf_json(self) -> str:
        k = self.kdf
        return json.dumps({"memory_kib": k.memory_kib, "time_cost": k.time_cost, "parallelism": k.parallelism})

    @staticmethod
    def kdf_from_json(text: str) -> KdfParams:
        doc = json.loads(text)
        params = KdfParams(int(doc["memory_kib"]), int(doc["time_cost"]), int(doc["parallelism"]))
        params.validate()
        return params


def _aad(slot: int) -> bytes:
    return _WRAP_AAD + f"|{slot}".encode()


def new_space(slot: int, passphrase: str, kdf: KdfParams) -> tuple[WrappedSpaceKey, bytearray]:
    """A fresh private key for ``slot`` and its wrapped form (slow: runs the KDF)."""
    key = bytearray(os.urandom(32))
    return wrap_space_key(slot, key, passphrase, kdf), key


def wrap_space_key(slot: int, key: bytes | bytearray, passphrase: str, kdf: KdfParams) -> WrappedSpaceKey:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = new_salt(), os.urandom(NONCE)
    kek = derive_key(passphrase, salt, kdf)
    try:
        wrapped = AESGCM(bytes(kek)).encrypt(nonce, bytes(key), _aad(slot))
    finally:
        wipe(kek)
    return WrappedSpaceKey(slot, kdf, salt, nonce, wrapped)


def unwrap_space_key(record: WrappedSpaceKey, passphrase: str) -> bytearray:
    """The private key, or WrongSecretError (slow: runs the KDF)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_key(passphrase, record.salt, record.kdf)
    try:
        return bytearray(AESGCM(bytes(kek)).decrypt(record.nonce, record.wrapped, _aad(record.slot)))
    except InvalidTag:
        raise WrongSecretError("That personal passphrase doesn't open this private space.") from None
    finally:
        wipe(kek)


def seal(key: bytes | bytearray, kind: str, record_id: str, author: int, payload: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE)
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return nonce + AESGCM(bytes(key)).encrypt(nonce, data, f"{kind}|{record_id}|{author}".encode())


def unseal(key: bytes | bytearray, kind: str, record_id: str, author: int, blob: bytes) -> dict[str, Any]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        data = AESGCM(bytes(key)).decrypt(blob[:NONCE], blob[NONCE:], f"{kind}|{record_id}|{author}".encode())
        payload = json.loads(data.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError):
        raise SealedRecordError("A private record couldn't be opened: it is damaged or belongs elsewhere.") from None
    if not isinstance(payload, dict):
        raise SealedRecordError("A private record couldn't be opened: it is damaged.")
    return payload
