"""Drafts: what someone is typing is kept in the vault, survives locking, and can be thrown away."""

from __future__ import annotations

import pytest
from core_helpers import open_with_passphrase

from sidebyside.core.services import drafts
from sidebyside.core.storage.vault import VaultPaths

TEXT = "We could take turns choosing 🌅\nFirst line\n\tindented — «quoted» 'single' \"double\"\n"


def test_save_load_overwrite_and_discard(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    session = open_with_passphrase(paths)
    try:
        assert drafts.load_draft(session, "journal/new") is None
        assert drafts.save_draft(session, "journal/new", TEXT).drafts
        assert drafts.load_draft(session, "journal/new") == TEXT
        drafts.save_draft(session, "journal/new", "second thoughts")
        assert drafts.load_draft(session, "journal/new") == "second thoughts"
        drafts.save_draft(session, "talk/step-2", "")  # an emptied field is still a draft
        assert drafts.load_draft(session, "talk/step-2") == ""
        assert drafts.discard_draft(session, "journal/new").drafts
        assert drafts.load_draft(session, "journal/new") is None
        assert drafts.load_draft(session, "talk/step-2") == ""  # the other draft is untouched
        drafts.discard_draft(session, "never saved")  # nothing to discard: fine
    finally:
        session.close()


def test_drafts_survive_lock_and_unlock(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    long_text = "a long evening of writing. " * 4000
    session = open_with_passphrase(paths)
    drafts.save_draft(session, "journal/new", TEXT)
    drafts.save_draft(session, "journal/long", long_text)
    session.close()

    with pytest.raises(RuntimeError):  # locked: no reading through the old session
        drafts.load_draft(session, "journal/new")

    again = open_with_passphrase(paths)
    try:
        assert drafts.load_draft(again, "journal/new") == TEXT
        assert drafts.load_draft(again, "journal/long") == long_text
    finally:
        again.close()
