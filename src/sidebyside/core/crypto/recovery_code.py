"""The recovery code: the database key itself, in groups a person can copy by hand.

Layout: 32 key bytes + 3 checksum bytes = 280 bits = 56 Crockford base32 characters, shown as
14 groups of 4. Crockford's alphabet has no I, L, O or U, and reading ignores case, spaces and
dashes and takes I/L as 1 and O as 0, so the usual misreadings still decode. The checksum (24 bits
of SHA-256) catches a typo before any decryption is attempted.
"""

from __future__ import annotations

import hashlib

from sidebyside.core.errors import ValidationError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"I": 1, "L": 1, "O": 0}
KEY_BYTES = 32
CHECK_BYTES = 3
CODE_CHARS = (KEY_BYTES + CHECK_BYTES) * 8 // 5  # 56
GROUP = 4
_DOMAIN = b"sidebyside-recovery-v1"


def _checksum(key: bytes) -> bytes:
    return hashlib.sha256(_DOMAIN + key).digest()[:CHECK_BYTES]


def encode(key: bytes | bytearray) -> str:
    """Return the grouped recovery code for a 32-byte key."""
    if len(key) != KEY_BYTES:
        raise ValueError("recovery codes encode 32-byte keys")
    payload = bytes(key) + _checksum(bytes(key))
    number = int.from_bytes(payload, "big")
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_CHARS))]
    return "-".join("".join(chars[i : i + GROUP]) for i in range(0, CODE_CHARS, GROUP))


def normalise(text: str) -> str:
    """Upper-case the code and drop spaces and dashes (what the user may add or leave out)."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-–—_")


def decode(text: str) -> bytearray:
    """Return the key a recovery code encodes, or raise ValidationError saying what is wrong."""
    code = normalise(text)
    if not code:
        raise ValidationError("Please enter your recovery code.", "recovery_code")
    bad = sorted({ch for ch in code if ch not in _DECODE})
    if bad:
        shown = " ".join(bad[:5])
        raise ValidationError(
            f"A recovery code only has letters and digits; these characters don't belong: {shown}",
            "recovery_code",
        )
    if len(code) != CODE_CHARS:
        raise ValidationError(
            f"A recovery code has {CODE_CHARS} letters and digits; this one has {len(code)}. "
            "Please check for a missing or extra group.",
            "recovery_code",
        )
    number = 0
    for ch in code:
        number = (number << 5) | _DECODE[ch]
    payload = number.to_bytes(KEY_BYTES + CHECK_BYTES, "big")
    key, check = payload[:KEY_BYTES], payload[KEY_BYTES:]
    if _checksum(key) != check:
        raise ValidationError(
            "That recovery code has a typo somewhere. Please compare it group by group with your sheet.",
            "recovery_code",
        )
    return bytearray(key)
