"""Journal entries through the services: create, edit, delete with undo, pin — and everything survives
closing and reopening the vault."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from core_helpers import make_vault
from journal_helpers import add, at, fields, found, opened, uids

from sidebyside.core.domain.journal import EntryFields, Link
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths

BODY = "# What we learned\n\n**Bold** and *italic* and `code`\n\n- one\n- two\n\n1. first\n> quoted\n"


def test_every_field_survives_closing_and_reopening(paths: VaultPaths) -> None:
    make_vault(paths)
    written = at(2023, 3, 14, 21, 5, offset=5 * 60 + 30, second=9).replace(microsecond=123456)
    links = (Link("conversation", "c-42"), Link("button", "b-7"), Link("button", "b-7"))
    before = datetime.now(UTC).replace(microsecond=0)
    with opened(paths) as s:
        uid = add(s, author=2, written_at=written, title="  Our   first   talk ", body=BODY, mood=4,
                  tags=("Kitchen", "#money", "kitchen", " KITCHEN ", "Money", "plans  for   June"),
                  links=links, pinned=True)
    with opened(paths) as s:
        entry = journal.get_entry(s, uid)
        listed = journal.list_entries(s)
    f = entry.fields
    assert entry.uid == uid and not entry.sealed
    assert f.author == 2
    assert f.written_at == written
    assert f.written_at.utcoffset() == timedelta(hours=5, minutes=30)  # the clock the writer saw, kept
    assert (f.written_at.hour, f.written_at.minute, f.written_at.second, f.written_at.microsecond) == (
        21, 5, 9, 123456)
    assert f.title == "Our first talk"
    assert f.body == BODY  # Markdown kept as typed
    assert f.mood == 4
    assert f.tags == ("Kitchen", "money", "plans for June")  # order kept, '#' dropped, duplicates ignoring case
    assert sorted(f.links, key=lambda link: (link.kind, link.target)) == [Link("button", "b-7"),
                                                                           Link("conversation", "c-42")]
    assert f.pinned and not f.private
    assert before <= entry.created_at <= datetime.now(UTC) + timedelta(seconds=1)
    assert entry.updated_at == entry.created_at
    assert entry.heading == "Our first talk"
    [row] = listed
    assert (row.uid, row.author, row.written_at, row.heading, row.mood, row.tags, row.pinned, row.private,
            row.sealed) == (uid, 2, written, "Our first talk", 4, ("Kitchen", "money", "plans for June"), True,
                            False, False)


def test_an_entry_without_a_title_is_headed_by_its_first_line(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        uid = add(s, body="\n\n  ## Sunday walk  \nlong text")
        assert journal.get_entry(s, uid).heading == "Sunday walk"
        assert journal.list_entries(s)[0].heading == "Sunday walk"


def test_editing_changes_every_field_and_the_search_index(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        uid = add(s, author=1, written_at=at(2022, 1, 2), title="Old title", body="about the garden",
                  mood=1, tags=("garden", "spring"), links=(Link("button", "b-1"),), pinned=True)
        created = journal.get_entry(s, uid).created_at
        new_time = at(2021, 12, 31, 23, 59, offset=-8 * 60)
        changes = journal.update_entry(s, uid, EntryFields(
            author=2, written_at=new_time, title="New title", body="about the holidays", mood=5,
            tags=("Holidays",), links=(Link("conversation", "c-9"),), pinned=False))
        assert changes.journal
    with opened(paths) as s:
        entry = journal.get_entry(s, uid)
        f = entry.fields
        assert (f.author, f.written_at, f.title, f.body, f.mood, f.tags, f.links, f.pinned) == (
            2, new_time, "New title", "about the holidays", 5, ("Holidays",), (Link("conversation", "c-9"),), False)
        assert f.written_at.utcoffset() == timedelta(hours=-8)
        assert entry.created_at == created
        assert entry.updated_at >= created
        assert found(s, "holidays") == {uid}
        assert found(s, "garden") == set()  # the old words left the index
        assert found(s, "old") == set()
        assert journal.all_tags(s) == [("Holidays", 1)]
        assert journal.count_entries(s) == 1


def test_editing_an_entry_that_no_longer_exists_is_refused_plainly(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        with pytest.raises(ValidationError, match="no longer exists"):
            journal.update_entry(s, "0" * 32, fields(body="x"))
        with pytest.raises(ValidationError, match="no longer exists"):
            journal.get_entry(s, "0" * 32)
        with pytest.raises(ValidationError, match="no longer exists"):
            journal.set_pinned(s, "0" * 32, True)
        assert journal.count_entries(s) == 0


def test_delete_then_undo_brings_the_same_entry_back(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        keep = add(s, written_at=at(2024, 1, 1), body="the other entry")
        uid = add(s, author=2, written_at=at(2024, 2, 1, offset=60), title="Trip", body="mountain cabin plans",
                  mood=3, tags=("travel",), links=(Link("button", "b-3"),))
        # Written a while ago and edited since (the clock here only has seconds).
        s.require_conn().execute("UPDATE entries SET created_at = '2024-02-01T11:00:00+00:00', "
                                 "updated_at = '2024-03-05T08:30:00+00:00' WHERE uid = ?", (uid,))
        original = journal.get_entry(s, uid)
        assert original.created_at != original.updated_at

        deleted, changes = journal.delete_entry(s, uid)
        assert changes.journal
        assert deleted == original
        with pytest.raises(ValidationError):
            journal.get_entry(s, uid)
        assert uids(journal.list_entries(s)) == [keep]
        assert found(s, "mountain") == set()
        assert journal.all_tags(s) == []
        with pytest.raises(ValidationError):
            journal.delete_entry(s, uid)  # twice: plain message, nothing else removed
        assert journal.count_entries(s) == 1

    with opened(paths) as s:  # the delete was committed
        assert journal.count_entries(s) == 1
        assert journal.restore_entry(s, deleted).journal
        assert not journal.restore_entry(s, deleted).journal  # a second undo changes nothing
        assert journal.count_entries(s) == 2

    with opened(paths) as s:
        back = journal.get_entry(s, uid)
        assert back.uid == uid
        assert back.created_at == original.created_at
        assert back.updated_at == original.updated_at
        assert back.fields == original.fields
        assert uids(journal.list_entries(s)) == [uid, keep]
        assert found(s, "mountain") == {uid}
        assert journal.all_tags(s) == [("travel", 1)]


def test_pinning_moves_an_entry_to_the_top_and_unpinning_puts_it_back(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        oldest = add(s, written_at=at(2020, 1, 1), body="oldest")
        middle = add(s, written_at=at(2021, 1, 1), body="middle")
        newest = add(s, written_at=at(2022, 1, 1), body="newest")
        assert uids(journal.list_entries(s)) == [newest, middle, oldest]
        assert journal.set_pinned(s, oldest, True).journal
    with opened(paths) as s:
        listed = journal.list_entries(s)
        assert uids(listed) == [oldest, newest, middle]
        assert [e.pinned for e in listed] == [True, False, False]
        assert journal.get_entry(s, oldest).fields.pinned
        journal.set_pinned(s, middle, True)
        assert uids(journal.list_entries(s)) == [middle, oldest, newest]  # pinned ones newest first too
        journal.set_pinned(s, oldest, False)
        journal.set_pinned(s, middle, False)
        assert uids(journal.list_entries(s)) == [newest, middle, oldest]
