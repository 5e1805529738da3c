"""A small, dependency-free passphrase strength estimate for the setup meter.

It estimates guessing entropy from length and character variety, then discounts what attackers
try first: common passwords, repeats, keyboard runs and sequences. Long passphrases of several
words score well, which is the advice the meter gives.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import IntEnum

from sidebyside.core.errors import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 1024

_COMMON = frozenset((
    "password", "passw0rd", "password1", "123456", "12345678", "123456789", "1234567890", "qwerty",
    "qwertyuiop", "abc123", "111111", "iloveyou", "letmein", "welcome", "monkey", "dragon", "sunshine",
    "princess", "football", "baseball", "master", "trustno1", "whatever", "starwars", "shadow", "superman",
    "loveyou", "lovely", "love123", "together", "forever", "ourlove", "mylove", "sweetheart", "darling",
    "honey", "babygirl", "iloveyou1", "qwerty123", "admin", "secret",
))
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm")


class Strength(IntEnum):
    TOO_WEAK = 0
    WEAK = 1
    FAIR = 2
    GOOD = 3
    STRONG = 4


@dataclass(frozen=True)
class StrengthReport:
    strength: Strength
    bits: float
    label: str
    hint: str

    @property
    def acceptable(self) -> bool:
        return self.strength >= Strength.FAIR


_LABELS = {
    Strength.TOO_WEAK: "Too easy to guess",
    Strength.WEAK: "Weak",
    Strength.FAIR: "Fair",
    Strength.GOOD: "Good",
    Strength.STRONG: "Strong",
}


def _pool_size(text: str) -> int:
    pool = 0
    if re.search(r"[a-z]", text):
        pool += 26
    if re.search(r"[A-Z]", text):
        pool += 26
    if re.search(r"[0-9]", text):
        pool += 10
    if re.search(r"[ -/:-@\[-`{-~]", text):
        pool += 33
    if any(ord(ch) > 127 for ch in text):
        pool += 100
    return max(pool, 1)


def _predictable_chars(text: str) -> int:
    """Count characters that continue a repeat or a keyboard/alphabet run (cheap for attackers)."""
    lower = text.lower()
    cheap = 0
    for i in range(1, len(lower)):
        a, b = lower[i - 1], lower[i]
        if a == b or any(a + b in run or b + a in run for run in _RUNS):
            cheap += 1
    return cheap


def estimate(passphrase: str) -> StrengthReport:
    """Rate a passphrase; pure and fast enough to run on every keystroke."""
    if not passphrase:
        return StrengthReport(Strength.TOO_WEAK, 0.0, "", "Choose something long you can remember.")
    folded = passphrase.lower().strip()
    if folded in _COMMON or re.sub(r"[\d!.?]+$", "", folded) in _COMMON:
        return StrengthReport(Strength.TOO_WEAK, 0.0, _LABELS[Strength.TOO_WEAK],
                              "That one is on every list attackers try first.")
    effective = len(passphrase) - _predictable_chars(passphrase) * 0.75
    distinct = len(set(passphrase))
    bits = max(0.0, effective) * math.log2(_pool_size(passphrase))
    bits = min(bits, distinct * 8.0)
    words = [w for w in re.split(r"\s+", passphrase.strip()) if len(w) >= 3]
    if len(words) >= 4:
        bits = max(bits, len(words) * 11.0)
    if bits < 28 or len(passphrase) < MIN_LENGTH:
        strength = Strength.TOO_WEAK
    elif bits < 40:
        strength = Strength.WEAK
    elif bits < 60:
        strength = Strength.FAIR
    elif bits < 80:
        strength = Strength.GOOD
    else:
        strength = Strength.STRONG
    if len(passphrase) < MIN_LENGTH:
        hint = f"Use at least {MIN_LENGTH} characters; a few unrelated words are easiest to remember."
    elif strength <= Strength.WEAK:
        hint = "Add another word or two; an odd little sentence only you two would make up works well."
    elif strength == Strength.FAIR:
        hint = "That will do. One more word would make it much stronger."
    else:
        hint = "A good choice. Make sure you will both remember it."
    return StrengthReport(strength, bits, _LABELS[strength], hint)


def validate_new_passphrase(passphrase: str, confirmation: str) -> None:
    """Raise ValidationError unless the passphrase is usable and typed the same twice."""
    if not passphrase:
        raise ValidationError("Please choose a passphrase.", "passphrase")
    if len(passphrase) > MAX_LENGTH:
        raise ValidationError(f"Please keep the passphrase to {MAX_LENGTH} characters or fewer.", "passphrase")
    if passphrase != passphrase.strip():
        raise ValidationError(
            "The passphrase starts or ends with a space, which is easy to forget. Please remove it.",
            "passphrase",
        )
    report = estimate(passphrase)
    if not report.acceptable:
        raise ValidationError(report.hint, "passphrase")
    if passphrase != confirmation:
        raise ValidationError("The two passphrases don't match yet. Please type it again.", "confirmation")
