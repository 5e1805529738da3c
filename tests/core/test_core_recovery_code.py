"""The recovery code: it round-trips any key, and its checksum catches a mistyped character."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sidebyside.core.crypto import recovery_code
from sidebyside.core.errors import ValidationError

KEYS = st.binary(min_size=32, max_size=32)
SETTINGS = settings(database=None, deadline=None)  # keep .hypothesis/ out of the repository
LAYOUT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){13}$")  # 14 groups of 4, no I L O U


@SETTINGS
@given(KEYS)
def test_any_key_round_trips_through_its_code(key: bytes) -> None:
    code = recovery_code.encode(key)
    assert LAYOUT.match(code)
    assert recovery_code.decode(code) == key
    assert recovery_code.decode(code.lower().replace("-", " ")) == key


@SETTINGS
@given(KEYS, st.data())
def test_any_single_mistyped_character_is_caught(key: bytes, data: st.DataObject) -> None:
    """A 24-bit checksum: a substitution slips through with odds of 1 in 16 million per try."""
    chars = list(recovery_code.encode(key).replace("-", ""))
    i = data.draw(st.integers(0, len(chars) - 1), label="position")
    chars[i] = data.draw(st.sampled_from([c for c in recovery_code.ALPHABET if c != chars[i]]), label="typed")
    with pytest.raises(ValidationError) as caught:
        recovery_code.decode("".join(chars))
    assert "typo" in caught.value.message


@SETTINGS
@given(KEYS, st.data())
def test_two_swapped_neighbours_are_caught(key: bytes, data: st.DataObject) -> None:
    chars = list(recovery_code.encode(key).replace("-", ""))
    pairs = [i for i in range(len(chars) - 1) if chars[i] != chars[i + 1]]
    i = data.draw(st.sampled_from(pairs), label="position")
    chars[i], chars[i + 1] = chars[i + 1], chars[i]
    with pytest.raises(ValidationError):
        recovery_code.decode("".join(chars))


def test_every_single_substitution_of_one_code_is_caught() -> None:
    """Exhaustively, for one key: 56 positions x 31 wrong characters."""
    code = recovery_code.encode(bytes(range(32))).replace("-", "")
    caught = 0
    for i, original in enumerate(code):
        for typed in recovery_code.ALPHABET:
            if typed == original:
                continue
            with pytest.raises(ValidationError):
                recovery_code.decode(code[:i] + typed + code[i + 1 :])
            caught += 1
    assert caught == 56 * 31


def test_only_32_byte_keys_have_codes() -> None:
    for size in (0, 16, 31, 33):
        with pytest.raises(ValueError):
            recovery_code.encode(bytes(size))
