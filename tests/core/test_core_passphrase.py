"""The passphrase strength estimate and the rules for a new passphrase."""

from __future__ import annotations

import pytest

from sidebyside.core.domain.passphrase import MAX_LENGTH, Strength, estimate, validate_new_passphrase
from sidebyside.core.errors import ValidationError

COMMON = ["password", "Password1!", "PASSWORD", "iloveyou", "qwerty123", "letmein", "12345678", "sunshine2024!"]


@pytest.mark.parametrize("weak", COMMON)
def test_common_passwords_are_too_weak(weak: str) -> None:
    report = estimate(weak)
    assert report.strength is Strength.TOO_WEAK
    assert not report.acceptable
    assert "every list attackers try first" in report.hint
    with pytest.raises(ValidationError) as caught:
        validate_new_passphrase(weak, weak)
    assert caught.value.message == report.hint


@pytest.mark.parametrize("weak", ["dawn", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "1234567890123"])
def test_short_or_predictable_passphrases_are_not_accepted(weak: str) -> None:
    assert not estimate(weak).acceptable


@pytest.mark.parametrize(
    "strong", ["kitchen table at dawn", "correct horse battery staple", "purple otter juggles seven lanterns quietly"]
)
def test_long_multi_word_phrases_are_strong(strong: str) -> None:
    report = estimate(strong)
    assert report.strength is Strength.STRONG
    assert report.label == "Strong"
    validate_new_passphrase(strong, strong)  # accepted


def test_the_meter_rises_as_words_are_added() -> None:
    steps = ["otter", "purple otter", "purple otter juggles", "purple otter juggles seven lanterns"]
    strengths = [estimate(s).strength for s in steps]
    assert strengths == sorted(strengths)
    assert strengths[0] < strengths[-1]


def test_an_empty_passphrase_has_no_label_but_a_hint() -> None:
    report = estimate("")
    assert (report.strength, report.label) == (Strength.TOO_WEAK, "")
    assert report.hint


@pytest.mark.parametrize(
    ("passphrase", "confirmation", "field", "message"),
    [
        ("", "", "passphrase", "Please choose a passphrase."),
        ("kitchen table at dawn", "kitchen table at dusk", "confirmation", "don't match"),
        (" kitchen table at dawn", " kitchen table at dawn", "passphrase", "starts or ends with a space"),
        ("kitchen table at dawn ", "kitchen table at dawn ", "passphrase", "starts or ends with a space"),
        ("maple lantern " * 80, "maple lantern " * 80, "passphrase", f"{MAX_LENGTH} characters or fewer"),
    ],
    ids=["empty", "mismatch", "leading space", "trailing space", "too long"],
)
def test_new_passphrase_rules_say_what_to_change(passphrase: str, confirmation: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_new_passphrase(passphrase, confirmation)
    assert message in caught.value.message
    assert caught.value.field == field


def test_the_longest_allowed_passphrase_is_accepted() -> None:
    longest = ("maple lantern orbit " * 60)[: MAX_LENGTH - 1] + "x"
    assert len(longest) == MAX_LENGTH
    validate_new_passphrase(longest, longest)
