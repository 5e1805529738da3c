"""Partner names and colours: what setup accepts, refuses and how it says so."""

from __future__ import annotations

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.domain.partners import NAME_MAX, PALETTE, clean_name, make_partners
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import vault_service
from sidebyside.core.storage.vault import VaultPaths

RED, BLUE = "#d9485f", "#2f7dd1"


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("", "Alex", "Please enter a name for the first partner."),
        ("Sam", "", "Please enter a name for the second partner."),
        ("   \t ", "Alex", "Please enter a name for the first partner."),
        ("Sam", "\x00\x07\u200b", "Please enter a name for the second partner."),
    ],
    ids=["first empty", "second empty", "whitespace only", "control characters only"],
)
def test_a_missing_name_says_whose(first: str, second: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_partners(first, RED, second, BLUE)
    assert caught.value.message == message
    assert caught.value.field == "name"


@pytest.mark.parametrize(
    ("first", "second"),
    [("Sam", "Sam"), ("Sam", "sam"), ("Sam", "  SAM "), ("ÉLODIE", "élodie"), ("Zo\u00eb", "Zoe\u0308")],
    ids=["same", "other case", "spaces and case", "accented case", "composed vs decomposed"],
)
def test_identical_names_are_refused(first: str, second: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_partners(first, RED, second, BLUE)
    assert "Both names are the same" in caught.value.message


def test_a_500_character_name_is_refused_with_the_limit() -> None:
    with pytest.raises(ValidationError) as caught:
        make_partners("Sam", RED, "A" * 500, BLUE)
    assert "500 characters" in caught.value.message
    assert f"{NAME_MAX} or fewer" in caught.value.message


def test_the_name_limit_is_exact() -> None:
    first, _second = make_partners("A" * NAME_MAX, RED, "Alex", BLUE)
    assert first.name == "A" * NAME_MAX
    with pytest.raises(ValidationError):
        make_partners("A" * (NAME_MAX + 1), RED, "Alex", BLUE)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Sam   Lee \t", "Sam Lee"),
        ("Sa\x00m", "Sam"),
        ("Sam\u202e", "Sam"),  # a right-to-left override would flip whatever is shown after the name
        ("Sam\u200b", "Sam"),
        ("Sa\x1bm", "Sam"),
        ("Zoe\u0308", "Zo\u00eb"),
    ],
    ids=["spaces", "NUL", "RTL override", "zero-width space", "escape", "NFC"],
)
def test_names_are_cleaned_of_invisible_and_control_characters(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept
    assert make_partners(typed, RED, "Alex", BLUE)[0].name == kept


def test_a_line_break_in_a_name_becomes_a_space() -> None:
    assert clean_name("Sam\nLee") == "Sam Lee"
    assert clean_name("Sam\r\nLee") == "Sam Lee"


@pytest.mark.parametrize("name", ["<b>Sam</b>", "<img src=x onerror=alert(1)>", "Tom &amp; Jerry", "O'Brien \"Bo\""])
def test_names_that_look_like_markup_are_kept_verbatim_through_the_vault(paths: VaultPaths, name: str) -> None:
    make_vault(paths, names=(name, "Alex"))
    session = open_with_passphrase(paths)
    try:
        assert vault_service.overview(session).partners[0].name == name  # text, to be escaped when shown
    finally:
        session.close()


def test_colours_must_be_picked_and_differ() -> None:
    with pytest.raises(ValidationError) as same:
        make_partners("Sam", RED, "Alex", RED.upper())
    assert same.value.field == "colour"
    for bad in ["", "red", "#fff", "#12345g", "d9485f"]:
        with pytest.raises(ValidationError) as caught:
            make_partners("Sam", bad, "Alex", BLUE)
        assert caught.value.message == "Please pick a colour."
    assert make_partners("Sam", "#D9485F", "Alex", BLUE)[0].colour == "#d9485f"


def test_the_palette_offers_distinct_valid_colours() -> None:
    assert len(set(PALETTE)) == len(PALETTE) >= 2
    make_partners("Sam", PALETTE[0], "Alex", PALETTE[1])
