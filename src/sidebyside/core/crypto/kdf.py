"""Argon2id key derivation with explicit, recorded parameters."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored beside the salt so old key files keep opening after defaults change."""

    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 4

    @classmethod
    def cheap_for_tests(cls) -> KdfParams:
        """Deliberately weak parameters for the test suite only; never used by the app."""
        return cls(memory_kib=8, time_cost=1, parallelism=1)

    def validate(self) -> None:
        if not (8 <= self.memory_kib <= 4 * 1024 * 1024):
            raise ValueError("memory_kib out of range")
        if not (1 <= self.time_cost <= 64) or not (1 <= self.parallelism <= 64):
            raise ValueError("time_cost or parallelism out of range")
        if self.memory_kib < 8 * self.parallelism:  # Argon2 needs 8 KiB per lane
            raise ValueError("memory_kib too small for parallelism")


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Derive a 256-bit wrapping key from a passphrase (slow by design; run it off the GUI thread)."""
    from argon2.low_level import Type, hash_secret_raw  # lazy: ~5 ms that start-up doesn't need

    params.validate()
    # NFC, so the same words typed on keyboards that compose accents differently give the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    raw = hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return bytearray(raw)
