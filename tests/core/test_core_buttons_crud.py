"""Adding, editing, archiving, deleting (with undo) and ordering buttons: what a couple does in the
side-by-side editor, and what they find again after closing and reopening the vault."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from core_helpers import open_with_passphrase, reopen

from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import buttons
from sidebyside.core.storage.vault import VaultPaths, VaultSession

FULL = ButtonFields(
    owner=1, topic="My mother's phone calls", category="family", heat=4,
    story="She still talks to me as if I were twelve.\nIt started when I moved out.",
    signs="I go quiet and start tidying.", helps="A hand on my shoulder; asking later how it went.",
    worse="Saying “she means well”.", public_ok=True, public_plan="Squeeze my hand twice; change the subject.",
    printable=True)
EDITED = ButtonFields(
    owner=1, topic="Phone calls with Mum", category="past-relationships", heat=2, story="Less raw these days.",
    signs="Sighing.", helps="Tea.", worse="Jokes about it.", public_ok=False, public_plan="", printable=False)


def add(session: VaultSession, topic: str, owner: int = 1, **kw: object) -> str:
    uid, changes = buttons.create_button(session, ButtonFields(owner=owner, topic=topic, **kw))  # type: ignore[arg-type]
    assert changes.buttons
    return uid


def topics(session: VaultSession, owner: int | None = None, include_archived: bool = False) -> list[str]:
    return [b.fields.topic for b in buttons.list_buttons(session, owner, include_archived)]


def test_every_field_round_trips_across_close_and_reopen(vault: VaultPaths) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    s = open_with_passphrase(vault)
    uid, changes = buttons.create_button(s, FULL)
    assert changes.buttons and len(uid) >= 16
    assert buttons.get_button(s, uid).fields == FULL
    s = reopen(s)
    try:
        button = buttons.get_button(s, uid)
        assert button.fields == FULL
        assert button.uid == uid and not button.archived and button.position == 0
        assert before <= button.created_at <= datetime.now(UTC)
        assert button.created_at.tzinfo is not None and button.updated_at >= button.created_at
        assert [b.uid for b in buttons.list_buttons(s)] == [uid]
        assert buttons.list_buttons(s, owner=2) == []
    finally:
        s.close()


def test_an_edit_replaces_every_field_and_keeps_the_button(vault: VaultPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    s = open_with_passphrase(vault)
    uid, _ = buttons.create_button(s, FULL)
    other = add(s, "Being late", owner=2)
    created = buttons.get_button(s, uid).created_at
    monkeypatch.setattr(buttons, "now_iso", lambda: "2031-01-02T03:04:05+00:00")  # edited much later
    assert buttons.update_button(s, uid, EDITED).buttons
    s = reopen(s)
    try:
        button = buttons.get_button(s, uid)
        assert button.fields == EDITED
        assert button.created_at == created and button.position == 0 and not button.archived
        assert button.updated_at == datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert buttons.get_button(s, other).fields.topic == "Being late"  # the other partner's is untouched
        assert len(buttons.list_buttons(s)) == 2
        # and back again: nothing of the edit lingers
        buttons.update_button(s, uid, FULL)
        assert buttons.get_button(s, uid).fields == FULL
    finally:
        s.close()


def test_editing_a_button_that_is_gone_is_refused(session: VaultSession) -> None:
    uid = add(session, "Money talk")
    buttons.delete_button(session, uid)
    with pytest.raises(ValidationError):
        buttons.update_button(session, uid, EDITED)
    with pytest.raises(ValidationError):
        buttons.set_archived(session, uid, True)
    with pytest.raises(ValidationError):
        buttons.get_button(session, "no-such-button")
    assert buttons.list_buttons(session, include_archived=True) == []


def test_archive_hides_a_button_until_it_is_brought_back(vault: VaultPaths) -> None:
    s = open_with_passphrase(vault)
    keep, hide = add(s, "Chores"), add(s, "Holidays with family")
    assert buttons.set_archived(s, hide, True).buttons
    s = reopen(s)
    try:
        assert topics(s) == ["Chores"]
        assert topics(s, owner=1) == ["Chores"]
        assert topics(s, include_archived=True) == ["Chores", "Holidays with family"]
        archived = buttons.get_button(s, hide)
        assert archived.archived and archived.fields.topic == "Holidays with family"
        assert [r.left.uid for r in buttons.side_by_side_rows(s) if r.left] == [keep]
        buttons.set_archived(s, hide, False)
    finally:
        s.close()
    s = open_with_passphrase(vault)
    try:
        assert topics(s) == ["Chores", "Holidays with family"]
        assert not buttons.get_button(s, hide).archived
    finally:
        s.close()


@pytest.mark.parametrize("archived", [False, True])
def test_undo_of_a_delete_brings_the_same_button_back(session: VaultSession, archived: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first, middle, last = add(session, "One"), add(session, "Two", heat=5, story="why"), add(session, "Three")
    buttons.set_archived(session, middle, archived)
    before = buttons.get_button(session, middle)

    gone, changes = buttons.delete_button(session, middle)
    assert changes.buttons and gone == before
    assert topics(session, include_archived=True) == ["One", "Three"]
    with pytest.raises(ValidationError):
        buttons.get_button(session, middle)

    monkeypatch.setattr(buttons, "now_iso", lambda: "2031-01-02T03:04:05+00:00")  # the undo comes much later
    assert buttons.restore_button(session, gone).buttons
    back = buttons.get_button(session, middle)
    assert (back.uid, back.position, back.archived, back.fields) == (middle, before.position, archived, before.fields)
    assert (back.created_at, back.updated_at) == (before.created_at, before.updated_at)  # no jump to "today"
    assert [b.uid for b in buttons.list_buttons(session, include_archived=True)] == [first, middle, last]
    assert topics(session) == (["One", "Three"] if archived else ["One", "Two", "Three"])

    buttons.restore_button(session, gone)  # undo twice (a repeated signal) doesn't make a copy
    assert len(buttons.list_buttons(session, include_archived=True)) == 3

    session = reopen(session)
    try:
        assert buttons.get_button(session, middle).fields == before.fields
    finally:
        session.close()


def test_new_buttons_go_to_the_end_of_their_partners_list(session: VaultSession) -> None:
    a, b = add(session, "A"), add(session, "B")
    x = add(session, "X", owner=2)
    c = add(session, "C")
    positions = {u: buttons.get_button(session, u).position for u in (a, b, c, x)}
    assert positions[a] < positions[b] < positions[c]
    assert positions[x] == 0  # each partner's list has its own order
    assert topics(session, owner=1) == ["A", "B", "C"]


def test_a_new_order_is_kept(vault: VaultPaths) -> None:
    s = open_with_passphrase(vault)
    a, b, c = add(s, "Mild", heat=1), add(s, "Raw", heat=5), add(s, "Sore", heat=3)
    add(s, "Hers", owner=2)
    assert buttons.set_order(s, 1, [b, c, a]).buttons
    s = reopen(s)
    try:
        assert topics(s, owner=1) == ["Raw", "Sore", "Mild"]
        assert [r.left.fields.topic for r in buttons.side_by_side_rows(s) if r.left] == ["Raw", "Sore", "Mild"]
        assert topics(s, owner=2) == ["Hers"]
        assert buttons.get_button(s, c).position == 1
    finally:
        s.close()


@pytest.mark.parametrize("intruder", ["other partner's", "unknown"])
def test_an_order_with_a_button_that_isnt_theirs_changes_nothing(session: VaultSession, intruder: str) -> None:
    a, b = add(session, "First"), add(session, "Second")
    hers = add(session, "Hers", owner=2)
    stranger = hers if intruder == "other partner's" else "f" * 32
    before = {u: buttons.get_button(session, u).position for u in (a, b, hers)}
    with pytest.raises(ValidationError):
        buttons.set_order(session, 1, [b, a, stranger])  # the valid moves come first: they must be undone too
    assert {u: buttons.get_button(session, u).position for u in (a, b, hers)} == before
    assert topics(session, owner=1) == ["First", "Second"]
    assert topics(session, owner=2) == ["Hers"]
    assert buttons.get_button(session, hers).fields.owner == 2


def test_a_button_stays_with_its_partner_and_a_bool_is_not_a_heat(created_vault: tuple[VaultPaths, str]) -> None:
    from dataclasses import replace

    from sidebyside.core.errors import ValidationError as Refused

    paths, _code = created_vault
    session = open_with_passphrase(paths)
    try:
        uid, _ = buttons.create_button(session, ButtonFields(2, "Being late", "work", 2))
        before = buttons.get_button(session, uid)
        with pytest.raises(Refused, match="stays with the partner"):
            buttons.update_button(session, uid, replace(before.fields, owner=1))
        with pytest.raises(Refused):
            buttons.create_button(session, ButtonFields(1, "Money talk", "money", True))  # type: ignore[arg-type]
        assert buttons.get_button(session, uid).fields.owner == 2
    finally:
        session.close()
