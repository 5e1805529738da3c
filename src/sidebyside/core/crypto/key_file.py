"""The key file: the database key wrapped under a passphrase-derived key (Argon2id + AES-256-GCM).

The file is small versioned JSON. The associated data binds the wrapped key to the file format,
the vault id and the KDF parameters, so none of them can be swapped without the unwrap failing.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sidebyside.core.crypto.kdf import SALT_BYTES, KdfParams, derive_key, new_salt
from sidebyside.core.crypto.wipe import wipe
from sidebyside.core.errors import KeyFileError, WrongSecretError
from sidebyside.core.storage.files import atomic_write

FORMAT = "sidebyside-key-file"
VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file. ``remember`` says the database key is also in the OS keychain."""

    vault_id: str
    created: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    remember: bool = False

    def _aad(self) -> bytes:
        k = self.kdf
        return f"{FORMAT}|{VERSION}|{self.vault_id}|{k.memory_kib}|{k.time_cost}|{k.parallelism}".encode()

    def to_json(self) -> bytes:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "created": self.created,
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.kdf.memory_kib,
                "time_cost": self.kdf.time_cost,
                "parallelism": self.kdf.parallelism,
                "salt": _b64(self.salt),
            },
            "wrap": {"cipher": "aes-256-gcm", "nonce": _b64(self.nonce), "ciphertext": _b64(self.wrapped_key)},
            "remember_on_this_computer": self.remember,
        }
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    def with_remember(self, remember: bool) -> KeyFile:
        return replace(self, remember=remember)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(value.encode("ascii"), validate=True)


def wrap(db_key: bytes | bytearray, passphrase: str, *, vault_id: str, created: str,
         kdf: KdfParams, remember: bool = False) -> KeyFile:
    """Wrap ``db_key`` under ``passphrase`` (runs the KDF: slow)."""
    if len(db_key) != KEY_BYTES:
        raise ValueError("database keys are 32 bytes")
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # lazy: not needed to show the unlock screen

    salt = new_salt()
    nonce = os.urandom(NONCE_BYTES)
    draft = KeyFile(vault_id, created, kdf, salt, nonce, b"", remember)
    kek = derive_key(passphrase, salt, kdf)
    try:
        wrapped = AESGCM(bytes(kek)).encrypt(nonce, bytes(db_key), draft._aad())
    finally:
        wipe(kek)
    return replace(draft, wrapped_key=wrapped)


def unwrap(key_file: KeyFile, passphrase: str) -> bytearray:
    """Return the database key, or raise WrongSecretError (runs the KDF: slow)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_key(passphrase, key_file.salt, key_file.kdf)
    try:
        plain = AESGCM(bytes(kek)).decrypt(key_file.nonce, key_file.wrapped_key, key_file._aad())
    except InvalidTag:
        raise WrongSecretError("That passphrase doesn't open this vault. Please try again.") from None
    finally:
        wipe(kek)
    return bytearray(plain)


def parse(data: bytes) -> KeyFile:
    """Parse key file bytes, raising KeyFileError for anything malformed."""
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("not a SideBySide key file")
        version = doc.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise KeyFileError(
                "This vault's key file was made by a newer version of SideBySide. "
                "Please update the app, or open the vault with your recovery code."
            )
        kdf_doc = doc["kdf"]
        wrap_doc = doc["wrap"]
        if kdf_doc.get("name") != "argon2id" or wrap_doc.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown algorithm")
        kdf = KdfParams(int(kdf_doc["memory_kib"]), int(kdf_doc["time_cost"]), int(kdf_doc["parallelism"]))
        kdf.validate()
        key_file = KeyFile(
            vault_id=str(doc["vault_id"]),
            created=str(doc["created"]),
            kdf=kdf,
            salt=_unb64(kdf_doc["salt"]),
            nonce=_unb64(wrap_doc["nonce"]),
            wrapped_key=_unb64(wrap_doc["ciphertext"]),
            remember=doc.get("remember_on_this_computer", False) is True,
        )
        if (len(key_file.salt) != SALT_BYTES or len(key_file.nonce) != NONCE_BYTES
                or len(key_file.wrapped_key) != KEY_BYTES + 16):
            raise ValueError("wrong lengths")
        return key_file
    except KeyFileError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise KeyFileError(
            "The vault's key file is damaged, so your passphrase can't be checked. "
            "Your recovery code still opens the vault."
        ) from None


def read(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(
            "The vault's key file is missing, so your passphrase can't be checked. "
            "Your recovery code still opens the vault."
        ) from None
    except OSError as exc:
        raise KeyFileError(f"The vault's key file can't be read ({exc.strerror}).") from None
    return parse(data)


def write(path: Path, key_file: KeyFile) -> None:
    """Atomically replace the key file (temp file, fsync, rename, fsync folder)."""
    atomic_write(path, key_file.to_json())

