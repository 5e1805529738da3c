"""The two partners of a vault, and the rules their names and colours follow."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sidebyside.core.errors import ValidationError

NAME_MAX = 40
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

#: Colours offered in setup: distinct in hue, readable as text on light and dark backgrounds.
PALETTE: tuple[str, ...] = ("#d9485f", "#2f7dd1", "#2e9e6b", "#c77c0e", "#8a5cd1", "#1f9aa6", "#c2508f",
                            "#6b7b2c")


@dataclass(frozen=True)
class Partner:
    slot: int  # 1 or 2: stable identity inside the vault
    name: str
    colour: str  # "#rrggbb"


def clean_name(raw: str) -> str:
    """Normalise a typed name: NFC, inner whitespace collapsed, ends trimmed, control characters dropped."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if ch.isspace() else ch for ch in text)  # line breaks and tabs become spaces
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def validate_name(raw: str, who: str) -> str:
    name = clean_name(raw)
    if not name:
        raise ValidationError(f"Please enter a name for {who}.", "name")
    if len(name) > NAME_MAX:
        raise ValidationError(
            f"The name for {who} is {len(name)} characters long; please keep it to {NAME_MAX} or fewer "
            "(a first name or nickname works well).",
            "name",
        )
    return name


def validate_colour(raw: str) -> str:
    if not HEX_COLOUR.match(raw):
        raise ValidationError("Please pick a colour.", "colour")
    return raw.lower()


def make_partners(name1: str, colour1: str, name2: str, colour2: str) -> tuple[Partner, Partner]:
    """Validate both partners together; raise ValidationError with a message to show as it is."""
    first = Partner(1, validate_name(name1, "the first partner"), validate_colour(colour1))
    second = Partner(2, validate_name(name2, "the second partner"), validate_colour(colour2))
    if first.name.casefold() == second.name.casefold():
        raise ValidationError(
            "Both names are the same. Please make them different (a nickname or an initial will do), "
            "so the app can show who wrote what.",
            "name",
        )
    if first.colour == second.colour:
        raise ValidationError("Please pick a different colour for each of you.", "colour")
    return first, second
