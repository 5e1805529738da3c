"""Changing the passphrase: checked before anything is written, and safe to interrupt at any step —
afterwards the vault opens with the old or the new passphrase, never neither, and nothing else changed."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault
from safety_helpers import FailOn, Snapshots, assert_plain, contents, opened, opened_with_code, save_drafts

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError, ValidationError, WrongSecretError
from sidebyside.core.services import safety
from sidebyside.core.storage import files
from sidebyside.core.storage.vault import VaultPaths

NEW = "lantern over the quiet harbour"
CHEAP = KdfParams.cheap_for_tests()
EXPECTED = (["Sam", "Alex"], {"journal": "before the change"})


@pytest.fixture
def vault(paths: VaultPaths) -> tuple[VaultPaths, str]:
    _key, code = make_vault(paths)
    save_drafts(paths, {"journal": "before the change"})
    return paths, code


def _opens_with(paths: VaultPaths) -> list[str]:
    """Which of the two passphrases open the vault (each with its contents intact)."""
    found = []
    for name, passphrase in (("old", PASSPHRASE), ("new", NEW)):
        try:
            with opened(paths, passphrase) as session:
                assert contents(session) == EXPECTED
        except WrongSecretError:
            continue
        found.append(name)
    return found


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in {"vault.db", "vault.key"})


def test_the_new_passphrase_opens_the_vault_and_the_old_one_no_longer_does(vault: tuple[VaultPaths, str]) -> None:
    paths, code = vault
    db_before = paths.db.read_bytes()
    safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    assert _opens_with(paths) == ["new"]
    with opened_with_code(paths, code) as session:  # the recovery code stays the same
        assert contents(session) == EXPECTED
    assert _leftovers(paths.data_dir) == []
    with opened(paths, NEW):
        pass
    assert paths.db.read_bytes() == db_before  # a re-wrap: the database isn't re-encrypted


@pytest.mark.parametrize(("old", "new", "again", "error", "words"), [
    ("kitchen table at dusk", NEW, NEW, WrongSecretError, "doesn't open"),
    ("", NEW, NEW, WrongSecretError, "current passphrase"),
    (PASSPHRASE, "password1", "password1", ValidationError, "attackers"),
    (PASSPHRASE, "dawn", "dawn", ValidationError, "8 characters"),
    (PASSPHRASE, NEW, NEW + "!", ValidationError, "don't match"),
    (PASSPHRASE, "", "", ValidationError, "choose a passphrase"),
], ids=["wrong current", "empty current", "common new", "short new", "mismatch", "empty new"])
def test_a_refused_change_leaves_the_key_file_as_it_was(
    vault: tuple[VaultPaths, str], old: str, new: str, again: str, error: type[Exception], words: str,
) -> None:
    paths, _code = vault
    before = file_hashes(paths.data_dir)
    with pytest.raises(error) as caught:
        safety.change_passphrase(paths, old, new, again, CHEAP)
    assert words.lower() in str(caught.value).lower()
    assert_plain(str(caught.value))
    assert file_hashes(paths.data_dir) == before
    assert _opens_with(paths) == ["old"]


@pytest.mark.parametrize(("name", "n"), [("write", 1), ("fsync", 1), ("replace", 1)])
def test_a_change_that_fails_while_writing_keeps_the_old_passphrase(
    vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch, name: str, n: int,
) -> None:
    paths, _code = vault
    key_file = paths.key_file.read_bytes()
    with monkeypatch.context() as patch:
        FailOn(patch, os, name, n, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        with pytest.raises(SideBySideError) as caught:  # a message for the user, not a raw OSError
            safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    assert_plain(caught.value.message)
    assert "No space left on device" in caught.value.message
    assert paths.key_file.read_bytes() == key_file
    assert _opens_with(paths) == ["old"]


def test_a_change_that_fails_at_the_rename_leaves_no_temp_file(
    vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, _code = vault
    with monkeypatch.context() as patch:
        FailOn(patch, os, "replace", 1)
        with pytest.raises((SideBySideError, OSError)):
            safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    assert _leftovers(paths.data_dir) == []


@pytest.mark.parametrize("name", ["write", "fsync"])
def test_a_change_that_fails_before_the_rename_leaves_no_temp_file(
    vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch, name: str,
) -> None:
    paths, _code = vault
    with monkeypatch.context() as patch:
        FailOn(patch, os, name, 1)
        with pytest.raises((SideBySideError, OSError)):
            safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    assert _leftovers(paths.data_dir) == []


def test_a_failed_folder_sync_after_the_rename_still_counts(
    vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Some systems can't fsync a folder: the change is made all the same (fsync_dir tolerates it)."""
    paths, _code = vault
    with monkeypatch.context() as patch:
        FailOn(patch, os, "fsync", 2)  # 1: the new key file, 2: the folder
        safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    assert _opens_with(paths) == ["new"]
    assert _leftovers(paths.data_dir) == []


def test_a_change_killed_at_any_step_opens_with_the_old_or_the_new_passphrase(
    vault: tuple[VaultPaths, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, code = vault
    snapshots = Snapshots(monkeypatch, paths.data_dir, tmp_path / "snapshots")
    monkeypatch.setattr(files.os, "write", _chunked_write_that_snapshots(snapshots))
    safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, CHEAP)
    snapshots.finish()
    monkeypatch.undo()

    seen = []
    for label, folder in snapshots.each():
        after = VaultPaths(folder)
        opens = _opens_with(after)
        assert len(opens) == 1, f"{label}: {opens}"
        seen.append(opens[0])
        with opened_with_code(after, code) as session:
            assert contents(session) == EXPECTED, label
        # A kill can leave the temp file behind; it holds only the wrapped key, never the passphrase.
        for leftover in _leftovers(folder):
            assert leftover.startswith(".vault.key.tmp-"), label
            assert PASSPHRASE.encode() not in (folder / leftover).read_bytes()
            assert NEW.encode() not in (folder / leftover).read_bytes()
    assert seen[0] == "old" and seen[-1] == "new"
    assert seen == sorted(seen, key=["old", "new"].index)  # once new, never old again
    assert len(snapshots.steps) >= 4


def _chunked_write_that_snapshots(snapshots: Snapshots) -> Callable[[int, bytes], int]:
    """os.write in small pieces, with a snapshot before each: a kill mid-write leaves a torn temp file."""
    real = os.write

    def write(fd: int, data: bytes) -> int:
        snapshots.take("before os.write")
        return real(fd, bytes(data[:160]))

    return write
