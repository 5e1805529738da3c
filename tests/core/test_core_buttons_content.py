"""The buttons map's topic areas and heat words come from resources/content/buttons.json: each area has
an id, a label and a warm prompt a couple reads aloud; the five heat levels each have a word."""

from __future__ import annotations

import re

from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.domain.buttons import HEATS, ButtonFields
from sidebyside.core.services import buttons
from sidebyside.core.storage.vault import VaultPaths

_PLACEHOLDER = re.compile(r"\b(todo|tbd|fixme|xxx|lorem|placeholder)\b|\?\?\?|\{\w*\}", re.IGNORECASE)
_ISSUE_AREAS = {"family", "money", "politics", "work", "friends", "past-relationships", "body-health", "chores",
                "intimacy", "parenting", "faith", "other"}


def test_every_area_has_an_id_a_label_and_a_prompt() -> None:
    areas = buttons.categories()
    assert len(areas) >= len(_ISSUE_AREAS)
    for area in areas:
        for value in (area.id, area.label, area.prompt):
            assert isinstance(value, str) and value.strip() == value and value, area
            assert not _PLACEHOLDER.search(value), area
        assert re.fullmatch(r"[a-z][a-z-]*", area.id), area.id  # an id, never shown
        assert area.prompt.endswith("?"), area.prompt  # a question the partner answers
        assert len(area.prompt) >= 30, area.prompt  # a real sentence, not a word
    ids = [a.id for a in areas]
    assert len(set(ids)) == len(ids), ids
    assert len({a.label.casefold() for a in areas}) == len(areas)
    assert len({a.prompt for a in areas}) == len(areas)


def test_the_areas_are_those_the_issue_lists_with_other_last() -> None:
    ids = [a.id for a in buttons.categories()]
    assert set(ids) >= _ISSUE_AREAS
    assert ids[-1] == "other"  # the catch-all comes after the specific areas


def test_a_word_for_every_heat_level() -> None:
    words = buttons.heat_words()
    assert set(words) == set(HEATS) == {1, 2, 3, 4, 5}
    for heat, word in words.items():
        assert word.strip() and not _PLACEHOLDER.search(word), heat
    assert len(set(words.values())) == 5  # each level reads differently


def test_every_area_can_hold_a_button(paths: VaultPaths) -> None:
    """The areas the content file offers are the ones a button accepts."""
    make_vault(paths)
    s = open_with_passphrase(paths)
    try:
        for area in buttons.categories():
            uid, changes = buttons.create_button(s, ButtonFields(owner=1, topic=f"About {area.label}",
                                                                 category=area.id))
            assert changes.buttons
            assert buttons.get_button(s, uid).fields.category == area.id
        assert len(buttons.list_buttons(s)) == len(buttons.categories())
    finally:
        s.close()
