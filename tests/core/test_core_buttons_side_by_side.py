"""The two maps side by side: where both partners are tender about the same topic (or the same area), their
buttons line up across the middle; everything else fills the rows, each button exactly once."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.domain.buttons import Button, ButtonFields, SideBySideRow, side_by_side, topic_key
from sidebyside.core.services import buttons
from sidebyside.core.storage.vault import VaultPaths, VaultSession

_WHEN = datetime(2024, 5, 1, tzinfo=UTC)
_counter = iter(range(10**9))


def btn(owner: int, topic: str, category: str = "other", heat: int = 3, position: int | None = None) -> Button:
    n = next(_counter)
    return Button(uid=f"u{n}", fields=ButtonFields(owner=owner, topic=topic, category=category, heat=heat),
                  position=n if position is None else position, archived=False, created_at=_WHEN, updated_at=_WHEN)


def shape(rows: list[SideBySideRow]) -> list[tuple[str | None, str | None, str]]:
    return [(r.left.fields.topic if r.left else None, r.right.fields.topic if r.right else None, r.shared)
            for r in rows]


def assert_well_formed(given: list[Button], rows: list[SideBySideRow]) -> None:
    """Each button exactly once, on its partner's side; the shared label tells the truth; nothing that
    could have lined up is left apart."""
    assert Counter(r.left.uid for r in rows if r.left) == Counter(b.uid for b in given if b.fields.owner == 1)
    assert Counter(r.right.uid for r in rows if r.right) == Counter(b.uid for b in given if b.fields.owner == 2)
    for row in rows:
        assert row.left is not None or row.right is not None  # never an empty row
        assert row.left is None or row.left.fields.owner == 1
        assert row.right is None or row.right.fields.owner == 2
        if row.shared:
            assert row.left is not None and row.right is not None
        if row.shared == "topic":
            assert topic_key(row.left.fields.topic) == topic_key(row.right.fields.topic)  # type: ignore[union-attr]
        elif row.shared == "category":
            assert row.left.fields.category == row.right.fields.category  # type: ignore[union-attr]
        else:
            assert row.shared == ""
    kinds = [r.shared for r in rows]
    assert kinds == sorted(kinds, key=["topic", "category", ""].index)  # same topic first, then area, then the rest
    alone_left = [r.left for r in rows if r.left and r.shared != "topic"]
    alone_right = [r.right for r in rows if r.right and r.shared != "topic"]
    assert not ({topic_key(b.fields.topic) for b in alone_left} & {topic_key(b.fields.topic) for b in alone_right})
    alone_left = [r.left for r in rows if r.left and not r.shared]
    alone_right = [r.right for r in rows if r.right and not r.shared]
    assert not ({b.fields.category for b in alone_left} & {b.fields.category for b in alone_right})


@pytest.mark.parametrize(("mine", "yours"), [
    ("Mom’s job", "mom's JOB"),
    ("Café culture", "CAFE CULTURE"),
    ("Ex-partners", "ex partners"),
    ("  Money  ", "money"),
    ("Straße", "STRASSE"),
    ("東京", "東京"),
    ("💔", "💔"),
])
def test_the_same_topic_lines_up_whatever_the_spelling(mine: str, yours: str) -> None:
    given = [btn(1, "Chores", "chores"), btn(1, mine, "family"), btn(2, "Work stress", "work"), btn(2, yours, "money")]
    rows = side_by_side(given)
    assert rows[0].shared == "topic"
    assert (rows[0].left.fields.topic, rows[0].right.fields.topic) == (mine, yours)  # type: ignore[union-attr]
    assert shape(rows)[1:] == [("Chores", "Work stress", "")]
    assert_well_formed(given, rows)


@pytest.mark.parametrize(("mine", "yours"), [
    ("Money", "Monday"),
    ("Mom", "Mom’s job"),
    ("💔", "💸"),  # two different emoji are not the same topic
    ("!!!", "???"),
    ("Work", "Work stress"),
])
def test_different_topics_do_not_count_as_the_same(mine: str, yours: str) -> None:
    given = [btn(1, mine, "family"), btn(2, yours, "work")]
    rows = side_by_side(given)
    assert shape(rows) == [(mine, yours, "")]
    assert_well_formed(given, rows)


def test_the_same_area_lines_up_after_the_same_topics() -> None:
    given = [btn(1, "Rent", "money"), btn(1, "Being interrupted", "other"), btn(1, "Dad", "family"),
             btn(2, "Gifts", "money"), btn(2, "rent", "chores"), btn(2, "My sister", "family"),
             btn(2, "Gym", "body-health")]
    rows = side_by_side(given)
    assert shape(rows) == [
        ("Rent", "rent", "topic"),  # the topic wins over Gifts' matching area
        ("Dad", "My sister", "category"),
        ("Being interrupted", "Gifts", ""),
        (None, "Gym", ""),
    ]
    assert_well_formed(given, rows)


def test_two_pairs_of_the_same_topic_both_line_up() -> None:
    """Two buttons may share a topic; when both partners have two, both pairs meet in the middle."""
    given = [btn(1, "Money", "money"), btn(1, "money", "family"), btn(2, "MONEY", "work"), btn(2, "Money", "chores")]
    rows = side_by_side(given)
    assert [r.shared for r in rows] == ["topic", "topic"]
    assert_well_formed(given, rows)


def test_the_rest_fill_rows_with_gaps_in_each_partners_order() -> None:
    given = [btn(1, "A", "family", position=2), btn(1, "B", "money", position=0), btn(1, "C", "work", position=1),
             btn(2, "X", "faith", position=0)]
    assert shape(side_by_side(given)) == [("B", "X", ""), ("C", None, ""), ("A", None, "")]


def test_a_partner_with_no_buttons_leaves_their_side_empty() -> None:
    mine = [btn(1, "A", "family"), btn(1, "B", "money"), btn(1, "C", "family")]
    assert shape(side_by_side(mine)) == [("A", None, ""), ("B", None, ""), ("C", None, "")]
    yours = [btn(2, "X", "family"), btn(2, "Y", "work")]
    assert shape(side_by_side(yours)) == [(None, "X", ""), (None, "Y", "")]
    assert side_by_side([]) == []


@pytest.mark.parametrize("seed", range(40))
def test_every_button_appears_exactly_once(seed: int) -> None:
    rnd = random.Random(seed)
    topics = ["Money", "money", "Mom’s job", "mom's job", "Work", "Café", "cafe", "Sex", "💔", "Chores", "Past"]
    areas = ["family", "money", "work", "other", "chores"]
    given = [btn(owner, rnd.choice(topics), rnd.choice(areas), rnd.randint(1, 5), rnd.randint(0, 5))
             for owner in (1, 2) for _ in range(rnd.randint(0, 14))]
    rnd.shuffle(given)
    assert_well_formed(given, side_by_side(given))


# -- through the services: only what the viewer may see, each once ----------------------------------------------------
@pytest.fixture
def session(paths: VaultPaths) -> Iterator[VaultSession]:
    make_vault(paths)
    s = open_with_passphrase(paths)
    yield s
    s.close()


def add(session: VaultSession, owner: int, topic: str, category: str = "other", heat: int = 3) -> str:
    return buttons.create_button(session, ButtonFields(owner=owner, topic=topic, category=category, heat=heat))[0]


def test_the_rows_show_every_visible_button_once(session: VaultSession) -> None:
    add(session, 1, "Mom’s job", "family")
    add(session, 1, "Budget", "money")
    add(session, 1, "Being late")
    archived = add(session, 1, "Old fight", "past-relationships")
    buttons.set_archived(session, archived, True)
    add(session, 2, "MOM'S JOB", "work")
    add(session, 2, "Debts", "money")
    add(session, 2, "Old fight", "past-relationships")  # the left one is archived: no partner to meet
    rows = buttons.side_by_side_rows(session)
    assert shape(rows) == [("Mom’s job", "MOM'S JOB", "topic"), ("Budget", "Debts", "category"),
                           ("Being late", "Old fight", "")]
    assert_well_formed(buttons.list_buttons(session), rows)


def test_rows_when_only_one_partner_has_buttons(session: VaultSession) -> None:
    assert buttons.side_by_side_rows(session) == []
    for topic in ("A", "B", "C"):
        add(session, 2, topic, "family")
    rows = buttons.side_by_side_rows(session)
    assert len(rows) == 3 and all(r.left is None and r.right is not None and not r.shared for r in rows)
