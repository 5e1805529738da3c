"""P8 for the buttons map: a private draft is sealed whole in its owner's private space. Until it is shared,
the other partner — who knows the vault passphrase — sees nothing of it: not in the lists, the rows, the print
page, nor in the database's own columns."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.journal import EntryFields
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import buttons, journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

PERSONAL_1 = "lantern river quietly hums"
PERSONAL_2 = "orchard violet compass drifts"
CHEAP = KdfParams.cheap_for_tests()
TEXTS = ("story", "signs", "helps", "worse", "public_plan")


def marker(prefix: str) -> str:
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(16))


class Secret:
    """A draft whose every text field holds its own unique word."""

    def __init__(self, owner: int = 1) -> None:
        self.words = {name: marker(name[:2]) for name in ("topic", *TEXTS)}
        self.fields = ButtonFields(owner=owner, topic=f"Draft {self.words['topic']}", category="intimacy", heat=5,
                                   public_ok=True, printable=True, draft=True,
                                   **{name: f"{name} {self.words[name]} — naïve 東京" for name in TEXTS})

    def needles(self) -> list[bytes]:
        return [w.encode(enc) for w in self.words.values() for enc in ("utf-8", "utf-16-le")]


@pytest.fixture
def vault(paths: VaultPaths) -> VaultPaths:
    make_vault(paths)
    s = open_with_passphrase(paths)
    try:
        journal.create_private_space(s, 1, PERSONAL_1, PERSONAL_1, CHEAP)
        journal.create_private_space(s, 2, PERSONAL_2, PERSONAL_2, CHEAP)
    finally:
        s.close()
    return paths


@pytest.fixture
def session(vault: VaultPaths) -> Iterator[VaultSession]:
    """The vault open, partner 1's private space open (partner 2's closed)."""
    s = open_with_passphrase(vault)
    journal.unlock_private_space(s, 1, PERSONAL_1)
    yield s
    s.close()


def raw(session: VaultSession, uid: str) -> dict[str, Any]:
    cur = session.require_conn().execute("SELECT * FROM buttons WHERE uid = ?", (uid,))
    row = cur.fetchone()
    assert row is not None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def visible_uids(session: VaultSession) -> dict[str, set[str]]:
    """Every place a button can show up for the viewer of this session."""
    rows = buttons.side_by_side_rows(session)
    return {
        "list": {b.uid for b in buttons.list_buttons(session, include_archived=True)},
        "list 1": {b.uid for b in buttons.list_buttons(session, owner=1, include_archived=True)},
        "rows": {b.uid for r in rows for b in (r.left, r.right) if b},
        "print": {b.uid for b in buttons.printable_buttons(session)},
    }


def assert_invisible(session: VaultSession, uid: str, secret: Secret) -> None:
    for where, uids in visible_uids(session).items():
        assert uid not in uids, where
    with pytest.raises(ValidationError):
        buttons.get_button(session, uid)
    page = buttons.buttons_page(session).to_html()
    for word in secret.words.values():
        assert word not in page


def test_a_draft_round_trips_for_its_owner(session: VaultSession) -> None:
    secret = Secret()
    uid, changes = buttons.create_button(session, secret.fields)
    assert changes.buttons
    assert buttons.get_button(session, uid).fields == secret.fields
    [listed] = buttons.list_buttons(session)
    assert listed.fields == secret.fields and listed.uid == uid
    [row] = buttons.side_by_side_rows(session)
    assert row.left == listed
    assert buttons.printable_buttons(session) == []  # a draft is never printed, even marked OK to print

    edited = replace(secret.fields, topic="Still a draft", helps="edited help")
    buttons.update_button(session, uid, edited)
    assert buttons.get_button(session, uid).fields == edited
    buttons.set_archived(session, uid, True)
    assert buttons.list_buttons(session) == []
    assert [b.fields for b in buttons.list_buttons(session, include_archived=True)] == [edited]


def test_a_draft_needs_its_owners_space_open(session: VaultSession) -> None:
    with pytest.raises(ValidationError) as caught:
        buttons.create_button(session, ButtonFields(owner=2, topic="Hers", draft=True))  # partner 2's is closed
    assert caught.value.field == "draft"
    journal.lock_private_space(session, 1)
    with pytest.raises(ValidationError):
        buttons.create_button(session, ButtonFields(owner=1, topic="Mine", draft=True))
    assert session.require_conn().execute("SELECT count(*) FROM buttons").fetchone()[0] == 0


def test_after_locking_the_draft_is_gone_from_every_list(session: VaultSession) -> None:
    secret = Secret()
    uid, _ = buttons.create_button(session, secret.fields)
    shared, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Shared one", printable=True))
    theirs, _ = buttons.create_button(session, ButtonFields(owner=2, topic="Hers", category="intimacy"))
    assert uid in visible_uids(session)["rows"]

    journal.lock_private_space(session, 1)
    assert_invisible(session, uid, secret)
    assert visible_uids(session)["list"] == {shared, theirs}
    assert [r.shared for r in buttons.side_by_side_rows(session)] == [""]  # "Hers" doesn't line up with a hidden one

    journal.unlock_private_space(session, 2, PERSONAL_2)  # the other partner's own space doesn't open it
    assert_invisible(session, uid, secret)
    journal.unlock_private_space(session, 1, PERSONAL_1)
    assert buttons.get_button(session, uid).fields == secret.fields


def test_after_closing_and_reopening_the_draft_stays_closed(vault: VaultPaths) -> None:
    secret = Secret()
    s = open_with_passphrase(vault)
    journal.unlock_private_space(s, 1, PERSONAL_1)
    uid, _ = buttons.create_button(s, secret.fields)
    s.close()
    s = open_with_passphrase(vault)
    try:
        assert_invisible(s, uid, secret)
        assert buttons.list_buttons(s, include_archived=True) == []
        journal.unlock_private_space(s, 1, PERSONAL_1)
        assert buttons.get_button(s, uid).fields == secret.fields
    finally:
        s.close()


def test_the_database_holds_only_ciphertext_for_a_draft(session: VaultSession) -> None:
    secret = Secret()
    uid, _ = buttons.create_button(session, secret.fields)
    row = raw(session, uid)
    assert row["topic"] == "" and row["category"] == "" and row["heat"] is None
    assert all(row[name] == "" for name in TEXTS)
    assert (row["public_ok"], row["printable"], row["draft"], row["owner"]) == (0, 0, 1, 1)
    blob = bytes(row["sealed"])
    assert len(blob) > 100
    for needle in [*secret.needles(), b"intimacy", "東京".encode()]:
        assert needle not in blob
    for value in row.values():  # no column anywhere holds a word of it
        for needle in secret.needles():
            assert needle not in (value.encode() if isinstance(value, str) else bytes(value or b""))

    # an edit, too, leaves nothing readable
    buttons.update_button(session, uid, replace(secret.fields, topic=f"New {secret.words['topic']}"))
    row = raw(session, uid)
    assert row["topic"] == "" and secret.words["topic"].encode() not in bytes(row["sealed"])


def test_turning_a_button_into_a_draft_clears_its_columns(session: VaultSession) -> None:
    secret = Secret()
    uid, _ = buttons.create_button(session, replace(secret.fields, draft=False))
    assert raw(session, uid)["topic"] == secret.fields.topic
    buttons.update_button(session, uid, secret.fields)
    row = raw(session, uid)
    assert row["topic"] == "" and row["sealed"] is not None and all(row[n] == "" for n in TEXTS)
    journal.lock_private_space(session, 1)
    assert_invisible(session, uid, secret)


def test_the_other_partner_cannot_change_a_draft_they_cannot_see(session: VaultSession) -> None:
    secret = Secret()
    uid, _ = buttons.create_button(session, secret.fields)
    buttons.create_button(session, ButtonFields(owner=1, topic="Visible"))
    journal.lock_private_space(session, 1)
    before = raw(session, uid)
    attempts = [
        lambda: buttons.update_button(session, uid, ButtonFields(owner=1, topic="Overwritten")),
        lambda: buttons.update_button(session, uid, ButtonFields(owner=2, topic="Taken over")),
        lambda: buttons.share_draft(session, uid),
        lambda: buttons.set_archived(session, uid, True),
        lambda: buttons.delete_button(session, uid),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert raw(session, uid) == before
    journal.unlock_private_space(session, 1, PERSONAL_1)
    assert buttons.get_button(session, uid).fields == secret.fields


def test_undo_of_a_deleted_draft_needs_the_space_and_keeps_it_sealed(session: VaultSession) -> None:
    secret = Secret()
    uid, _ = buttons.create_button(session, secret.fields)
    gone, _ = buttons.delete_button(session, uid)
    journal.lock_private_space(session, 1)
    with pytest.raises(ValidationError):
        buttons.restore_button(session, gone)
    assert session.require_conn().execute("SELECT count(*) FROM buttons").fetchone()[0] == 0
    journal.unlock_private_space(session, 1, PERSONAL_1)
    buttons.restore_button(session, gone)
    assert raw(session, uid)["topic"] == ""
    assert buttons.get_button(session, uid).fields == secret.fields


def test_sharing_a_draft_makes_it_an_ordinary_button(vault: VaultPaths) -> None:
    secret = Secret()
    s = open_with_passphrase(vault)
    journal.unlock_private_space(s, 1, PERSONAL_1)
    uid, _ = buttons.create_button(s, secret.fields)
    assert buttons.share_draft(s, uid).buttons
    s.close()
    s = open_with_passphrase(vault)  # no private space open at all
    try:
        button = buttons.get_button(s, uid)
        assert button.fields == replace(secret.fields, draft=False)
        assert uid in visible_uids(s)["print"]  # shared and marked OK to print: it prints now
        row = raw(s, uid)
        assert row["sealed"] is None and row["draft"] == 0 and row["topic"] == secret.fields.topic
        assert secret.words["helps"] in buttons.buttons_page(s).to_html()
    finally:
        s.close()


@pytest.mark.parametrize("target", ["own draft", "own shared button", "other partner's draft"])
def test_a_sealed_blob_moved_to_another_row_does_not_open(session: VaultSession, target: str) -> None:
    journal.unlock_private_space(session, 2, PERSONAL_2)
    source, _ = buttons.create_button(session, Secret().fields)
    victim_fields = {"own draft": Secret().fields, "own shared button": ButtonFields(owner=1, topic="Shared"),
                     "other partner's draft": Secret(owner=2).fields}[target]
    victim, _ = buttons.create_button(session, victim_fields)
    conn = session.require_conn()
    conn.execute("UPDATE buttons SET sealed = (SELECT sealed FROM buttons WHERE uid = ?) WHERE uid = ?",
                 (source, victim))

    assert {b.uid for b in buttons.list_buttons(session, include_archived=True)} == {source}
    for where, uids in visible_uids(session).items():
        assert victim not in uids, where
    with pytest.raises(ValidationError):
        buttons.get_button(session, victim)
    buttons.buttons_page(session).to_html()
    assert buttons.get_button(session, source).fields.draft  # the original still opens


@pytest.mark.parametrize("blob", [b"", b"\x00" * 3, b"\x01" * 40])
def test_a_damaged_draft_is_skipped_not_a_crash(session: VaultSession, blob: bytes) -> None:
    uid, _ = buttons.create_button(session, Secret().fields)
    other, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Fine"))
    session.require_conn().execute("UPDATE buttons SET sealed = ? WHERE uid = ?", (blob, uid))
    assert [b.uid for b in buttons.list_buttons(session)] == [other]
    with pytest.raises(ValidationError):
        buttons.get_button(session, uid)


def test_a_sealed_journal_entry_cannot_pose_as_a_draft(session: VaultSession) -> None:
    """Same key, same id, same author: only the kind of record differs, and that is enough."""
    entry, _ = journal.create_entry(session, EntryFields(author=1, written_at=datetime(2024, 1, 1, tzinfo=UTC),
                                                         title="private", private=True))
    uid, _ = buttons.create_button(session, Secret().fields)
    conn = session.require_conn()
    conn.execute("UPDATE buttons SET uid = ?, sealed = (SELECT sealed FROM entries WHERE uid = ?) WHERE uid = ?",
                 (entry, entry, uid))
    assert buttons.list_buttons(session) == []
    with pytest.raises(ValidationError):
        buttons.get_button(session, entry)


def test_a_half_typed_form_stashed_at_lock_comes_back_and_a_private_one_stays_sealed(session: VaultSession) -> None:
    from sidebyside.core.services.drafts import load_draft

    secret = marker("FORM")
    shared = ButtonFields(owner=2, topic="Being late", category="other", helps="A text saying when.")
    buttons.stash_form(session, buttons.StashedForm("buttons", "", shared))
    assert buttons.stashed_form_origin(session) == "buttons"
    assert buttons.take_stashed_form(session, "talk") is None  # opened elsewhere: left for its own section
    back = buttons.take_stashed_form(session, "buttons")
    assert back is not None and back.fields == shared and back.uid == ""
    assert buttons.take_stashed_form(session, "buttons") is None  # given back once

    private = ButtonFields(owner=1, topic=secret, category="other", story=secret, draft=True)
    buttons.stash_form(session, buttons.StashedForm("buttons", "uid-1", private))
    raw = load_draft(session, buttons.FORM_DRAFT)
    assert raw is not None and secret not in raw  # sealed with partner 1's key, like the draft itself
    journal.lock_private_space(session, 1)
    assert buttons.take_stashed_form(session, "buttons") is None  # not readable yet: kept for later
    journal.unlock_private_space(session, 1, PERSONAL_1)
    back = buttons.take_stashed_form(session, "buttons")
    assert back is not None and back.fields == private and back.uid == "uid-1"
