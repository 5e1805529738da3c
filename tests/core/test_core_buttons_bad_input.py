"""What people actually type into the buttons form: nothing, too much, markup, right-to-left text, emoji,
stray NUL characters, the same topic twice, and a couple who fill in 200 buttons each."""

from __future__ import annotations

from dataclasses import replace

import pytest
from core_helpers import reopen

from sidebyside.core.domain.buttons import TEXT_MAX, TOPIC_MAX, ButtonFields
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import buttons
from sidebyside.core.storage.vault import VaultSession

TEXTS = ("story", "signs", "helps", "worse", "public_plan")
HOSTILE = '<b>bold</b> <img src="file:///etc/passwd"> &amp; \u202eevil\u202c שלום ☕👩‍❤️‍👨 a\x00b'


def refused(session: VaultSession, fields: ButtonFields, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        buttons.create_button(session, fields)
    assert caught.value.field == field
    assert caught.value.message.strip() and caught.value.message.endswith(".")  # a sentence a person can act on
    assert buttons.list_buttons(session, include_archived=True) == []  # nothing half-stored
    return caught.value


@pytest.mark.parametrize("topic", ["", " ", "   \t\n ", "\u00a0\u2003", "\x00", " \x00 \x00 ",
                                   "\u200b", "\u200e\u200f", "\ufeff \u200b", "\u202e"])
def test_a_button_needs_a_topic(session: VaultSession, topic: str) -> None:
    error = refused(session, ButtonFields(owner=1, topic=topic, story="a story without a topic"), "topic")
    assert error.message.startswith("Please give the button a topic")


def test_an_edit_that_empties_the_topic_is_refused_and_changes_nothing(session: VaultSession) -> None:
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money", helps="Plan together"))
    with pytest.raises(ValidationError, match="Please give the button a topic") as caught:
        buttons.update_button(session, uid, ButtonFields(owner=1, topic="  ", helps="changed"))
    assert caught.value.field == "topic"
    assert buttons.get_button(session, uid).fields == ButtonFields(owner=1, topic="Money", helps="Plan together")


def test_the_topic_is_kept_short(session: VaultSession) -> None:
    assert TOPIC_MAX == 80
    longest = "é" * 79 + "x"
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic=f"  {longest}\n"))
    assert buttons.get_button(session, uid).fields.topic == longest  # trimmed, then counted
    buttons.delete_button(session, uid)
    error = refused(session, ButtonFields(owner=1, topic=longest + "y"), "topic")
    assert "80" in error.message


def test_inner_whitespace_of_a_topic_is_tidied(session: VaultSession) -> None:
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic="  Money \n\t talk  "))
    assert buttons.get_button(session, uid).fields.topic == "Money talk"


@pytest.mark.parametrize("topic", ["💔", "!", "東", "\u200bx", "א"])
def test_one_visible_character_is_a_topic(session: VaultSession, topic: str) -> None:
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic=topic))
    assert buttons.get_button(session, uid).fields.topic == topic


@pytest.mark.parametrize("name", TEXTS)
def test_long_texts_have_room_up_to_twenty_thousand_characters(session: VaultSession, name: str) -> None:
    assert TEXT_MAX == 20_000
    exactly = ("Wörter und 東京 " * 2000)[:TEXT_MAX - 1] + "."
    assert len(exactly) == TEXT_MAX
    refused(session, replace(ButtonFields(owner=1, topic="Long"), **{name: exactly + "!"}), name)
    uid, _ = buttons.create_button(session, replace(ButtonFields(owner=2, topic="Long"), **{name: exactly}))
    session = reopen(session)
    try:
        assert getattr(buttons.get_button(session, uid).fields, name) == exactly
        with pytest.raises(ValidationError):
            buttons.update_button(session, uid, replace(ButtonFields(owner=2, topic="Long"), **{name: exactly + "!"}))
        assert getattr(buttons.get_button(session, uid).fields, name) == exactly
    finally:
        session.close()


def test_all_long_texts_at_once(session: VaultSession) -> None:
    texts = {name: chr(ord("a") + i) * TEXT_MAX for i, name in enumerate(TEXTS)}
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Everything", **texts))
    button = buttons.get_button(session, uid)
    assert {name: getattr(button.fields, name) for name in TEXTS} == texts


@pytest.mark.parametrize("category", ["", "Family", "unknown", "<b>family</b>", "family ", "other\x00"])
def test_only_known_topic_areas(session: VaultSession, category: str) -> None:
    refused(session, ButtonFields(owner=1, topic="Money", category=category), "category")


@pytest.mark.parametrize("heat", [0, 6, -1, 100, None])
def test_heat_is_one_to_five(session: VaultSession, heat: int | None) -> None:
    refused(session, ButtonFields(owner=1, topic="Money", heat=heat), "heat")  # type: ignore[arg-type]


@pytest.mark.parametrize("heat", [1, 5])
def test_the_ends_of_the_heat_scale_are_fine(session: VaultSession, heat: int) -> None:
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money", heat=heat))
    assert buttons.get_button(session, uid).fields.heat == heat


@pytest.mark.parametrize("owner", [0, 3, -1])
def test_a_button_belongs_to_one_of_the_two_partners(session: VaultSession, owner: int) -> None:
    refused(session, ButtonFields(owner=owner, topic="Money"), "owner")


def test_markup_rtl_emoji_and_nul_are_kept_as_text_in_every_field(session: VaultSession) -> None:
    stored = HOSTILE.replace("\x00", "")
    uid, _ = buttons.create_button(session, ButtonFields(owner=1, topic=HOSTILE, category="money",
                                                         **{name: f"{name}: {HOSTILE}" for name in TEXTS}))
    session = reopen(session)
    try:
        fields = buttons.get_button(session, uid).fields
        assert fields.topic == stored
        for name in TEXTS:
            assert getattr(fields, name) == f"{name}: {stored}"
        assert "\x00" not in repr(fields)
        [listed] = buttons.list_buttons(session)
        assert listed.fields == fields
    finally:
        session.close()


def test_two_buttons_with_the_same_topic_are_both_kept(session: VaultSession) -> None:
    first, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money", heat=2))
    second, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money", heat=5, helps="different"))
    third, _ = buttons.create_button(session, ButtonFields(owner=1, topic="money"))
    assert len({first, second, third}) == 3
    assert [b.uid for b in buttons.list_buttons(session)] == [first, second, third]
    assert buttons.get_button(session, second).fields.helps == "different"
    rows = buttons.side_by_side_rows(session)
    assert sorted(r.left.uid for r in rows if r.left) == sorted([first, second, third])


def test_two_hundred_buttons_each(session: VaultSession) -> None:
    areas = [c.id for c in buttons.categories()]
    made: dict[int, list[str]] = {1: [], 2: []}
    for i in range(200):
        for owner in (1, 2):
            uid, _ = buttons.create_button(session, ButtonFields(
                owner=owner, topic=f"Topic {i} of {owner}" if i % 7 else f"Shared {i}", category=areas[i % len(areas)],
                heat=1 + i % 5, helps="x" * 200, printable=i % 3 == 0))
            made[owner].append(uid)
    session = reopen(session)
    try:
        for owner in (1, 2):
            assert [b.uid for b in buttons.list_buttons(session, owner)] == made[owner]
        assert len(buttons.list_buttons(session)) == 400
        rows = buttons.side_by_side_rows(session)
        assert sorted(r.left.uid for r in rows if r.left) == sorted(made[1])
        assert sorted(r.right.uid for r in rows if r.right) == sorted(made[2])
        assert 200 <= len(rows) <= 400
        assert sum(r.shared == "topic" for r in rows) == len(range(0, 200, 7))  # "Shared 0", "Shared 7", …
        assert len(buttons.printable_buttons(session)) == 2 * len(range(0, 200, 3))
        assert len(buttons.buttons_page(session).partners) == 2
    finally:
        session.close()
