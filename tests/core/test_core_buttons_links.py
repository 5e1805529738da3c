"""A button shows the journal entries linked to it, newest first; a private entry only to its author while
their space is open (P8), and never by its sealed text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.journal import EntryFields, Link
from sidebyside.core.services import buttons, journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

PERSONAL_1 = "lantern river quietly hums"
PERSONAL_2 = "orchard violet compass drifts"


@pytest.fixture
def session(paths: VaultPaths) -> Iterator[VaultSession]:
    make_vault(paths)
    s = open_with_passphrase(paths)
    journal.create_private_space(s, 1, PERSONAL_1, PERSONAL_1, KdfParams.cheap_for_tests())
    journal.create_private_space(s, 2, PERSONAL_2, PERSONAL_2, KdfParams.cheap_for_tests())
    journal.lock_private_space(s, 2)
    yield s
    s.close()


def entry(session: VaultSession, title: str, day: int, *targets: str, author: int = 1, private: bool = False) -> str:
    fields = EntryFields(author=author, written_at=datetime(2024, 3, day, 20, tzinfo=UTC), title=title,
                         body=f"About {title}", private=private, links=tuple(Link("button", t) for t in targets))
    return journal.create_entry(session, fields)[0]


def linked(session: VaultSession, uid: str) -> list[str]:
    return [s.heading for s in journal.entries_linked_to(session, "button", uid)]


def test_linked_entries_newest_first(session: VaultSession) -> None:
    money, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money"))
    family, _ = buttons.create_button(session, ButtonFields(owner=2, topic="Family"))
    lonely, _ = buttons.create_button(session, ButtonFields(owner=2, topic="Nothing linked"))
    entry(session, "Second", 10, money)
    entry(session, "Both", 20, money, family, author=2)
    entry(session, "First", 1, money)
    entry(session, "Unrelated", 15)
    entry(session, "Family only", 5, family)
    assert linked(session, money) == ["Both", "Second", "First"]
    assert linked(session, family) == ["Both", "Family only"]
    assert linked(session, lonely) == []
    assert journal.entries_linked_to(session, "conversation", money) == []  # the kind matters, not just the id
    [first] = [s for s in journal.entries_linked_to(session, "button", money) if s.heading == "First"]
    assert first.author == 1 and not first.sealed


def test_a_private_linked_entry_shows_only_while_its_space_is_open(session: VaultSession) -> None:
    button, _ = buttons.create_button(session, ButtonFields(owner=2, topic="Family"))
    entry(session, "Shared thought", 3, button, author=2)
    secret = entry(session, "My private worry", 9, button, private=True)
    assert linked(session, button) == ["My private worry", "Shared thought"]

    journal.lock_private_space(session, 1)
    summaries = journal.entries_linked_to(session, "button", button)
    assert [s.heading for s in summaries] == ["Shared thought"]
    assert secret not in {s.uid for s in summaries}
    journal.unlock_private_space(session, 2, PERSONAL_2)  # the other partner's own space doesn't open it
    assert linked(session, button) == ["Shared thought"]

    paths = session.paths
    session.close()
    s = open_with_passphrase(paths)
    try:
        assert linked(s, button) == ["Shared thought"]
        journal.unlock_private_space(s, 1, PERSONAL_1)
        assert linked(s, button) == ["My private worry", "Shared thought"]
    finally:
        s.close()


def test_entries_stay_linked_to_a_button_through_an_edit_and_an_undone_delete(session: VaultSession) -> None:
    button, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money"))
    entry(session, "Talked about it", 4, button)
    buttons.update_button(session, button, ButtonFields(owner=1, topic="Money and us", heat=5))
    assert linked(session, button) == ["Talked about it"]
    gone, _ = buttons.delete_button(session, button)
    buttons.restore_button(session, gone)
    assert linked(session, button) == ["Talked about it"]


def test_a_private_linked_entry_that_does_not_open_is_skipped_not_a_crash(session: VaultSession) -> None:
    button, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Money"))
    entry(session, "Shared", 2, button)
    source = entry(session, "Private source", 3, private=True)
    moved = entry(session, "Private target", 4, button, private=True)
    session.require_conn().execute(
        "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE uid = ?) WHERE uid = ?", (source, moved))
    assert linked(session, button) == ["Shared"]
