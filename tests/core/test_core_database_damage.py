"""P5 for the database: a truncated or bit-flipped vault.db gives a plain message and is never overwritten.

What happens, measured: damage in the first page (salt, header, schema) or the second (the vault's
own metadata) stops open_vault with VaultDamagedError. Damage further in opens the vault; reading a
damaged page fails, and SQLCipher then refuses writes on that connection, so nothing is written over
the damaged file. One gap (xfail below): SQLCipher zero-fills a page that fails its HMAC, and when that
page is the last of a long text's overflow chain the zeros come back as text, without an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, partner_names

from sidebyside.core.errors import VaultDamagedError, WrongSecretError
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage.database import DatabaseError
from sidebyside.core.storage.vault import VaultPaths, VaultSession

PAGE = 4096
# Short enough to sit inside the b-tree pages (no overflow pages: see the long letter further down).
DRAFTS = {f"entry-{i:03}": f"draft number {i}: " + "we talked about the holidays. " * 8 for i in range(400)}


@pytest.fixture
def big_vault(paths: VaultPaths) -> Iterator[tuple[VaultPaths, bytes, str]]:
    """A closed vault with enough drafts to span many pages; yields (paths, key, recovery code)."""
    key, code = make_vault(paths)
    session = vault_service.open_vault(paths, bytearray(key))
    for draft_key, content in DRAFTS.items():
        drafts.save_draft(session, draft_key, content)
    session.close()
    assert set(file_hashes(paths.data_dir)) == {"vault.db", "vault.key"}  # the WAL was folded in on close
    assert paths.db.stat().st_size > 25 * PAGE
    yield paths, key, code


def _plain(message: str) -> None:
    assert "backup" in message  # the way out
    for jargon in ("malformed", "sqlite", "sqlcipher", "Errno", "Traceback", "HMAC"):
        assert jargon.lower() not in message.lower()


def _passphrase_key(paths: VaultPaths) -> bytearray:
    return vault_service.key_from_passphrase(paths, PASSPHRASE)


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("keep", [0, 10, 1000, PAGE, "half"], ids=lambda k: f"keep {k}")
def test_a_truncated_database_is_reported_and_left_as_it_is(
    big_vault: tuple[VaultPaths, bytes, str], keep: int | str
) -> None:
    paths, _key, _code = big_vault
    data = paths.db.read_bytes()
    size = len(data) // 2 if keep == "half" else int(keep)
    paths.db.write_bytes(data[:size])
    before = file_hashes(paths.data_dir)

    with pytest.raises(VaultDamagedError) as caught:
        vault_service.open_vault(paths, _passphrase_key(paths))

    _plain(caught.value.message)
    assert file_hashes(paths.data_dir) == before


def test_an_empty_database_never_opens_as_an_empty_vault_even_with_another_vaults_code(
    big_vault: tuple[VaultPaths, bytes, str], tmp_path: Path
) -> None:
    paths, _key, _code = big_vault
    _other_key, other_code = make_vault(VaultPaths(tmp_path / "other"))
    paths.db.write_bytes(b"")

    with pytest.raises(WrongSecretError):
        vault_service.open_vault(paths, vault_service.key_from_recovery_code(other_code), from_recovery_code=True)
    assert paths.db.read_bytes() == b""


@pytest.mark.parametrize("offset", [0, 15, 16, 100, 2000, PAGE - 1, PAGE + 100],
                         ids=["salt start", "salt end", "header", "schema", "mid page 1", "page 1 end", "page 2"])
def test_flipped_bytes_early_in_the_file_stop_the_open_with_a_plain_message(
    big_vault: tuple[VaultPaths, bytes, str], offset: int
) -> None:
    paths, _key, code = big_vault
    _flip(paths.db, offset)
    before = file_hashes(paths.data_dir)

    with pytest.raises(VaultDamagedError) as caught:
        vault_service.open_vault(paths, _passphrase_key(paths))
    _plain(caught.value.message)
    assert file_hashes(paths.data_dir) == before

    # The recovery code cannot tell damage from a wrong code; it says both, and still changes nothing.
    key = vault_service.key_from_recovery_code(code)
    with pytest.raises((WrongSecretError, VaultDamagedError)) as by_code:
        vault_service.open_vault(paths, key, from_recovery_code=True)
    _plain(by_code.value.message)
    assert file_hashes(paths.data_dir) == before


def _read_everything(session: VaultSession, expected: dict[str, str]) -> int:
    """Read every draft; return how many reads failed. A read that succeeds must return the exact text."""
    failures = 0
    for draft_key, content in expected.items():
        try:
            loaded = drafts.load_draft(session, draft_key)
        except (VaultDamagedError, DatabaseError):
            failures += 1
        else:
            assert loaded == content, f"{draft_key} read back as different text"
    return failures


@pytest.mark.parametrize("where", [0.3, 0.5, 0.9], ids=["early", "middle", "late"])
def test_flipped_bytes_in_a_later_page_are_noticed_on_reading_and_never_overwritten(
    big_vault: tuple[VaultPaths, bytes, str], where: float
) -> None:
    paths, _key, _code = big_vault
    pages = paths.db.stat().st_size // PAGE
    _flip(paths.db, int(pages * where) * PAGE + 1000)
    damaged = paths.db.read_bytes()

    try:
        session = vault_service.open_vault(paths, _passphrase_key(paths))
    except VaultDamagedError as exc:  # what a full check at open would do
        _plain(exc.message)
    else:  # what happens today: the vault opens and the damage shows when its page is read
        try:
            assert partner_names(session) == ["Sam", "Alex"]  # the vault's own pages are fine
            noticed_by_reading = _read_everything(session, DRAFTS) > 0
            # A damaged page of another table (the journal's, say) shows in the vault check instead.
            noticed_by_check = not safety.check_integrity(session, full=True).ok
            assert noticed_by_reading or noticed_by_check, "the damage went unnoticed"
            with contextlib.suppress(VaultDamagedError, DatabaseError):
                drafts.save_draft(session, "after the damage", "new text")
        finally:
            session.close()
    assert paths.db.read_bytes() == damaged


LETTER = "we talked and listened. " * 1250  # 30,000 characters: spills over a chain of overflow pages


@pytest.fixture
def letter_vault(paths: VaultPaths) -> VaultPaths:
    """A vault holding one long draft, whose text ends in the file's last page."""
    key, _code = make_vault(paths)
    session = vault_service.open_vault(paths, bytearray(key))
    drafts.save_draft(session, "letter", LETTER)
    session.close()
    _flip(paths.db, paths.db.stat().st_size - PAGE + 1000)
    return paths


def test_a_long_text_with_a_damaged_last_page_is_not_overwritten(letter_vault: VaultPaths) -> None:
    damaged = letter_vault.db.read_bytes()
    with contextlib.suppress(VaultDamagedError):  # refusing to open at all is fine too
        session = vault_service.open_vault(letter_vault, _passphrase_key(letter_vault))
        try:
            with contextlib.suppress(VaultDamagedError, DatabaseError):
                drafts.load_draft(session, "letter")
            with pytest.raises((VaultDamagedError, DatabaseError)):  # SQLCipher is in its error state by now
                drafts.save_draft(session, "letter", "a fresh start")
        finally:
            session.close()
    assert letter_vault.db.read_bytes() == damaged


@pytest.mark.xfail(
    strict=True,
    reason="SQLCipher zero-fills a page that fails its HMAC; when that page ends an overflow chain the "
    "zeros are returned as text without an error. Needs a check at open (PRAGMA cipher_integrity_check).",
)
def test_a_long_text_with_a_damaged_last_page_is_never_shown_as_different_text(letter_vault: VaultPaths) -> None:
    try:
        session = vault_service.open_vault(letter_vault, _passphrase_key(letter_vault))
    except VaultDamagedError:
        return  # noticed when opening: that is fine too
    try:
        _read_everything(session, {"letter": LETTER})
    finally:
        session.close()
