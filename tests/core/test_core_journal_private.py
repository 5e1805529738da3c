"""P8: a partner's private entries stay closed to the other partner, who knows the vault passphrase.

Sealed with the author's own key (personal passphrase); kept out of the search index, the tag list and the
mood chart; readable again only with that passphrase.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from core_helpers import make_vault
from journal_helpers import (
    CHEAP,
    PERSONAL_1,
    PERSONAL_2,
    add,
    at,
    fields,
    found,
    fts_count,
    marker,
    opened,
    raw_row,
    uids,
)

from sidebyside.core.domain.journal import JournalFilter
from sidebyside.core.errors import SideBySideError, ValidationError, WrongSecretError
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession


@pytest.fixture
def space(paths: VaultPaths) -> Iterator[tuple[VaultPaths, VaultSession]]:
    """A vault where partner 1 has a personal passphrase and their private space is open."""
    make_vault(paths)
    with opened(paths) as s:
        assert not journal.has_private_space(s, 1)
        assert journal.create_private_space(s, 1, PERSONAL_1, PERSONAL_1, CHEAP).journal
        assert journal.has_private_space(s, 1) and not journal.has_private_space(s, 2)
        yield paths, s


class Secret:
    """The words of one private entry, each unique, so any leak of any of them can be seen."""

    def __init__(self) -> None:
        self.title_word, self.body_word, self.tag = marker("t"), marker("b"), marker("g")
        self.title = f"Title {self.title_word}"
        self.body = f"Dear diary, {self.body_word} — café 東京の夜"

    def write(self, session: VaultSession, **kw: object) -> str:
        kw.setdefault("written_at", at(2023, 6, 15, 20))
        return add(session, author=1, title=self.title, body=self.body, mood=1, tags=(self.tag, "Shared-Tag"),
                   private=True, **kw)

    @property
    def full_words(self) -> tuple[str, ...]:
        return (self.title_word, self.body_word, self.tag)

    @property
    def words(self) -> tuple[str, ...]:
        return (*self.full_words, self.body_word[:6])  # and a prefix, as typed


def _assert_readable(session: VaultSession, uid: str, secret: Secret) -> None:
    entry = journal.get_entry(session, uid)
    assert not entry.sealed and entry.fields.private
    assert (entry.fields.title, entry.fields.body, entry.fields.mood, entry.fields.tags) == (
        secret.title, secret.body, 1, (secret.tag, "Shared-Tag"))
    [row] = [r for r in journal.list_entries(session) if r.uid == uid]
    assert (row.heading, row.mood, row.tags, row.sealed, row.private) == (
        secret.title, 1, (secret.tag, "Shared-Tag"), False, True)
    for word in secret.words:
        assert uid in found(session, word), word  # its author finds it while the space is open


def _assert_closed(session: VaultSession, uid: str, secret: Secret) -> None:
    entry = journal.get_entry(session, uid)
    assert entry.sealed and entry.fields.private
    assert (entry.fields.title, entry.fields.body, entry.fields.mood, entry.fields.tags) == ("", "", None, ())
    assert entry.fields.author == 1 and entry.fields.written_at == at(2023, 6, 15, 20)  # who and when stay
    assert entry.heading == ""
    [row] = [r for r in journal.list_entries(session) if r.uid == uid]
    assert (row.heading, row.mood, row.tags, row.sealed, row.private, row.snippet) == ("", None, (), True, True, "")
    for word in (*secret.words, "café", "東京", "diary"):
        assert uid not in found(session, word), word
    assert secret.tag not in [t for t, _n in journal.all_tags(session)]
    assert journal.mood_series(session, at(2023, 1, 1), at(2024, 1, 1)) == []
    [today] = journal.on_this_day(session, date(2024, 6, 15))
    assert today.uid == uid and today.sealed and today.heading == ""


def test_a_private_entry_round_trips_and_is_sealed_when_the_space_is_locked(
        space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    shared = add(s, author=2, body="a shared note about café", written_at=at(2020, 1, 1))
    _assert_readable(s, uid, secret)
    assert journal.count_entries(s, JournalFilter(text=secret.body_word)) == 1

    assert journal.lock_private_space(s, 1).journal
    _assert_closed(s, uid, secret)
    assert found(s, "café") == {shared}
    assert uids(journal.list_entries(s)) == [uid, shared]  # still listed, by date, as a private entry
    with pytest.raises(ValidationError):
        journal.delete_entry(s, uid)  # can't be deleted unseen
    assert journal.count_entries(s) == 2

    journal.unlock_private_space(s, 1, PERSONAL_1)
    _assert_readable(s, uid, secret)


def test_closing_the_vault_locks_the_private_space(space: tuple[VaultPaths, VaultSession]) -> None:
    paths, s = space
    secret = Secret()
    uid = secret.write(s)
    s.close()
    with opened(paths) as again:
        _assert_closed(again, uid, secret)
        journal.unlock_private_space(again, 1, PERSONAL_1)
        _assert_readable(again, uid, secret)


def test_the_database_itself_holds_only_ciphertext(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    control_word = marker("c")
    control = add(s, body=f"shared {control_word}", tags=("visible",))
    conn = s.require_conn()

    # The control shows what raw SQL would reveal for a shared entry, so the checks below can fail.
    assert raw_row(s, control)[1] == f"shared {control_word}"
    assert fts_count(s, control_word) == 1

    title, body, mood, private, sealed = raw_row(s, uid)
    assert (title, body, mood, private) == ("", "", None, 1)
    assert isinstance(sealed, bytes) and len(sealed) > 12 + 16
    for text in (*secret.words, secret.title, secret.body, "東京", "café", "Shared-Tag"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert text.encode(encoding) not in sealed
    for word in secret.full_words:
        assert fts_count(s, word) == 0
    assert conn.execute("SELECT count(*) FROM entry_tags e JOIN entries x ON x.id = e.entry_id WHERE x.uid = ?",
                        (uid,)).fetchone()[0] == 0
    rowid = conn.execute("SELECT id FROM entries WHERE uid = ?", (uid,)).fetchone()[0]
    assert conn.execute("SELECT count(*) FROM entries_fts WHERE rowid = ?", (rowid,)).fetchone()[0] == 0
    # Nothing else in the database carries the words either (drafts, meta, …).
    for table, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'entries_fts%'"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            dump = repr(row)
            assert all(w not in dump for w in secret.words), table


def test_the_other_partner_cannot_read_it_even_with_their_own_space_open(
        space: tuple[VaultPaths, VaultSession]) -> None:
    paths, s = space
    secret = Secret()
    uid = secret.write(s)
    s.close()
    with opened(paths) as s2:  # partner 2 at the same laptop: knows the vault passphrase, not partner 1's
        journal.create_private_space(s2, 2, PERSONAL_2, PERSONAL_2, CHEAP)
        theirs = add(s2, author=2, body=f"mine {marker()}", private=True)
        assert not journal.get_entry(s2, theirs).sealed
        _assert_closed(s2, uid, secret)
        for guess in (PERSONAL_2, "kitchen table at dawn", "", PERSONAL_1 + " ", PERSONAL_1.upper()):
            with pytest.raises(WrongSecretError):
                journal.unlock_private_space(s2, 1, guess)
        _assert_closed(s2, uid, secret)
        # Nor can they overwrite it unseen, or pass it off as theirs.
        with pytest.raises(ValidationError):
            journal.update_entry(s2, uid, fields(author=1, body="overwritten", private=True))
        with pytest.raises(ValidationError):
            journal.create_entry(s2, fields(author=1, body="as partner 1", private=True))
        assert journal.get_entry(s2, uid).sealed
    with opened(paths) as s1:
        journal.unlock_private_space(s1, 1, PERSONAL_1)
        _assert_readable(s1, uid, secret)


def test_a_sealed_entry_cannot_be_overwritten_as_shared_by_the_other_partner(
        space: tuple[VaultPaths, VaultSession]) -> None:
    """As delete_entry: an entry nobody present can read can't be replaced either (it was, before)."""
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    journal.lock_private_space(s, 1)
    with pytest.raises(ValidationError):
        journal.update_entry(s, uid, fields(author=2, body="overwritten"))
    journal.unlock_private_space(s, 1, PERSONAL_1)
    _assert_readable(s, uid, secret)


def test_a_wrong_personal_passphrase_is_refused_and_the_space_stays_locked(
        space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    journal.lock_private_space(s, 1)
    for wrong in ("", "lantern river quietly hum", "kitchen table at dawn", "\x00", "é" * 2000):
        with pytest.raises(WrongSecretError) as info:
            journal.unlock_private_space(s, 1, wrong)
        assert info.value.message and "Traceback" not in info.value.message
    _assert_closed(s, uid, secret)
    with pytest.raises(ValidationError):
        journal.unlock_private_space(s, 2, PERSONAL_2)  # partner 2 has none yet: a plain message
    with pytest.raises(ValidationError):
        journal.create_private_space(s, 1, PERSONAL_2, PERSONAL_2, CHEAP)  # already set: never replaced


def test_changing_the_personal_passphrase(space: tuple[VaultPaths, VaultSession]) -> None:
    paths, s = space
    secret = Secret()
    uid = secret.write(s)
    new = "marble window softly turning"
    with pytest.raises(WrongSecretError):
        journal.change_personal_passphrase(s, 1, "not it at all friend", new, new, CHEAP)
    with pytest.raises(ValidationError):
        journal.change_personal_passphrase(s, 1, PERSONAL_1, new, new + "x", CHEAP)  # confirmation differs
    assert journal.change_personal_passphrase(s, 1, PERSONAL_1, new, new, CHEAP).journal
    _assert_readable(s, uid, secret)  # the space stays open
    s.close()
    with opened(paths) as again:
        with pytest.raises(WrongSecretError):
            journal.unlock_private_space(again, 1, PERSONAL_1)  # the old one stops working
        _assert_closed(again, uid, secret)
        journal.unlock_private_space(again, 1, new)
        _assert_readable(again, uid, secret)
        later = Secret()
        later_uid = later.write(again, written_at=at(2022, 1, 1))
        assert not journal.get_entry(again, later_uid).sealed


def test_removing_the_private_space_makes_its_entries_shared(space: tuple[VaultPaths, VaultSession]) -> None:
    paths, s = space
    secret = Secret()
    uid = secret.write(s)
    other = Secret()
    other_uid = other.write(s, written_at=at(2022, 2, 2))
    journal.lock_private_space(s, 1)
    with pytest.raises(WrongSecretError):
        journal.remove_private_space(s, 1, PERSONAL_2)
    _assert_closed(s, uid, secret)
    assert journal.has_private_space(s, 1)

    assert journal.remove_private_space(s, 1, PERSONAL_1).journal
    assert not journal.has_private_space(s, 1)
    s.close()
    with opened(paths) as again:  # everyone can read them now, no personal passphrase involved
        for u, sec in ((uid, secret), (other_uid, other)):
            entry = journal.get_entry(again, u)
            assert not entry.sealed and not entry.fields.private
            assert (entry.fields.title, entry.fields.body, entry.fields.mood, entry.fields.tags) == (
                sec.title, sec.body, 1, (sec.tag, "Shared-Tag"))
            assert raw_row(again, u)[4] is None  # no sealed blob left
            for word in sec.words:
                assert found(again, word) == {u}
            for word in sec.full_words:
                assert fts_count(again, word) == 1
        assert ("Shared-Tag", 2) in journal.all_tags(again)
        assert [p.mood for p in journal.mood_series(again, at(2022, 1, 1), at(2024, 1, 1))] == [1.0, 1.0]
        assert found(again, "shared-tag", tags=("shared-tag",)) == {uid, other_uid}
        with pytest.raises(ValidationError):
            journal.unlock_private_space(again, 1, PERSONAL_1)


def _swap_blob(s: VaultSession, source: str, target: str) -> None:
    s.require_conn().execute("UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE uid = ?) WHERE uid = ?",
                             (source, target))


def test_a_sealed_blob_copied_onto_another_row_does_not_open(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret, decoy = Secret(), Secret()
    uid = secret.write(s)
    other = decoy.write(s, written_at=at(2021, 1, 1))
    _swap_blob(s, uid, other)  # someone with the vault passphrase rearranges rows
    with pytest.raises(SideBySideError) as info:
        journal.get_entry(s, other)
    message = info.value.message
    assert message and all(w not in message for w in secret.words)
    assert all(w not in repr(info.value.__cause__) for w in secret.words)
    assert journal.get_entry(s, uid).fields.body == secret.body  # the original still opens


def test_a_blob_moved_to_another_author_does_not_open(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    journal.create_private_space(s, 2, PERSONAL_2, PERSONAL_2, CHEAP)
    secret = Secret()
    uid = secret.write(s)
    s.require_conn().execute("UPDATE entries SET author = 2 WHERE uid = ?", (uid,))
    with pytest.raises(SideBySideError):
        journal.get_entry(s, uid)


def test_one_damaged_private_row_does_not_break_the_list(space: tuple[VaultPaths, VaultSession]) -> None:
    """It is listed as a private entry that doesn't open (before, the whole list and search raised)."""
    _paths, s = space
    secret, decoy = Secret(), Secret()
    uid = secret.write(s)
    other = decoy.write(s, written_at=at(2021, 1, 1))
    _swap_blob(s, uid, other)
    listed = {r.uid: r for r in journal.list_entries(s)}
    assert listed[uid].heading == secret.title
    assert listed[other].sealed and listed[other].heading == ""  # shown as unreadable, never with uid's text
    assert found(s, secret.body_word) == {uid}


def test_writing_a_private_entry_needs_the_space_open(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    shared = add(s, body="shared first")
    journal.lock_private_space(s, 1)
    for bad in (fields(body="hidden", private=True), fields(author=2, body="no space at all", private=True)):
        with pytest.raises(ValidationError) as info:
            journal.create_entry(s, bad)
        assert info.value.field == "private"
    with pytest.raises(ValidationError):
        journal.update_entry(s, shared, fields(body="make it private", private=True))
    assert journal.get_entry(s, shared).fields.body == "shared first"
    assert journal.count_entries(s) == 1


def test_nothing_about_a_sealed_entry_changes_while_its_authors_space_is_closed(
    space: tuple[VaultPaths, VaultSession]
) -> None:
    _paths, s = space
    hidden = add(s, body="only mine", private=True)
    journal.lock_private_space(s, 1)
    for change in (lambda: journal.set_pinned(s, hidden, True),
                   lambda: journal.update_entry(s, hidden, fields(body="overwritten unseen")),
                   lambda: journal.delete_entry(s, hidden)):
        with pytest.raises(ValidationError) as info:
            change()
        assert info.value.field == "private" and "private space" in info.value.message
    assert not journal.get_entry(s, hidden).fields.pinned
    journal.unlock_private_space(s, 1, PERSONAL_1)
    journal.set_pinned(s, hidden, True)  # the author, with the space open
    assert journal.get_entry(s, hidden).fields.pinned and journal.get_entry(s, hidden).fields.body == "only mine"


def test_making_an_entry_private_takes_it_out_of_the_index_and_back(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    word, tag = marker("w"), marker("g")
    uid = add(s, body=f"was shared {word}", tags=(tag,), mood=3)
    assert fts_count(s, word) == 1 and (tag, 1) in journal.all_tags(s)
    journal.update_entry(s, uid, fields(body=f"was shared {word}", tags=(tag,), mood=3, private=True))
    assert fts_count(s, word) == 0 and fts_count(s, tag) == 0
    assert journal.all_tags(s) == []
    assert raw_row(s, uid)[:3] == ("", "", None)
    assert found(s, word) == {uid}  # its author, space open, still finds it
    journal.lock_private_space(s, 1)
    assert found(s, word) == set()
    journal.unlock_private_space(s, 1, PERSONAL_1)
    journal.update_entry(s, uid, fields(body=f"shared again {word}", tags=(tag,), mood=3))
    journal.lock_private_space(s, 1)
    assert found(s, word) == {uid} and fts_count(s, word) == 1
    assert not journal.get_entry(s, uid).sealed


def test_delete_and_undo_of_a_private_entry_keeps_it_private(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    entry, _changes = journal.delete_entry(s, uid)
    assert entry.fields.body == secret.body
    journal.restore_entry(s, entry)
    assert raw_row(s, uid)[:3] == ("", "", None) and raw_row(s, uid)[4] is not None
    assert all(fts_count(s, w) == 0 for w in secret.full_words)
    _assert_readable(s, uid, secret)
    journal.lock_private_space(s, 1)
    _assert_closed(s, uid, secret)


def test_the_author_can_filter_their_private_entries_by_tag_and_mood(space: tuple[VaultPaths, VaultSession]) -> None:
    """Tags and mood live only in the sealed content, so these filters match in memory too (as search does)."""
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    assert found(s, "", tags=(secret.tag,)) == {uid}
    assert found(s, "", moods=(1,)) == {uid}
    journal.lock_private_space(s, 1)
    assert found(s, "", tags=(secret.tag,)) == set()
    assert found(s, "", moods=(1,)) == set()


def test_search_filters_apply_to_private_matches_too(space: tuple[VaultPaths, VaultSession]) -> None:
    _paths, s = space
    secret = Secret()
    uid = secret.write(s)
    word = secret.body_word
    assert found(s, word, tags=(secret.tag.upper(),)) == {uid}
    assert found(s, word, tags=("other",)) == set()
    assert found(s, word, moods=(1,)) == {uid}
    assert found(s, word, moods=(5,)) == set()
    assert found(s, word, authors=(2,)) == set()
    assert found(s, word, start=at(2023, 6, 15, 20)) == {uid}
    assert found(s, word, end=at(2023, 6, 15, 20)) == set()
    assert found(s, word, include_private=False) == set()
    assert found(s, "!!!") == set()
