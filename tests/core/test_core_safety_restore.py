"""Restore: a wrong secret, a backup from a newer app or a damaged backup changes nothing; a restore keeps
the previous vault aside, whole; and a restore cut off at any step finishes (or is undone) on the next
start, so the folder opens as the old vault or as the backup — never neither, never a mix."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, make_vault
from safety_helpers import (
    OTHER_PASSPHRASE,
    FailOn,
    Snapshots,
    assert_plain,
    contents,
    flip_byte,
    make_other_vault,
    opened,
    rewrite_backup,
    save_drafts,
    take_backup,
)

from sidebyside.core.errors import SideBySideError, VaultDamagedError, WrongSecretError
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage import backup, restore
from sidebyside.core.storage.backup import BackupError, BackupInfo
from sidebyside.core.storage.vault import VaultPaths

OURS = {"journal": "the old vault's journal", "after": "written after the backup was taken"}
THEIRS = {"letter": "the backup's letter"}


def _state(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by relative path: 'nothing changed' means this is equal."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def vault_and_backup(tmp_path: Path) -> tuple[VaultPaths, str, BackupInfo]:
    """Our vault (Sam and Alex, with OURS) and a backup of it taken before the 'after' draft."""
    paths = VaultPaths(tmp_path / "data")
    _key, code = make_vault(paths)
    save_drafts(paths, {"journal": OURS["journal"]})
    info = take_backup(paths)
    save_drafts(paths, {"after": OURS["after"]})
    return paths, code, info


@pytest.fixture
def two_vaults(tmp_path: Path) -> tuple[VaultPaths, BackupInfo]:
    """Our vault (Sam and Alex, PASSPHRASE, OURS) and a backup of another vault (Kim and Lee, their own key)."""
    paths = VaultPaths(tmp_path / "data")
    make_vault(paths)
    save_drafts(paths, OURS)
    theirs = VaultPaths(tmp_path / "theirs")
    make_other_vault(theirs)
    save_drafts(theirs, THEIRS, OTHER_PASSPHRASE)
    info = take_backup(theirs, tmp_path / "carried", OTHER_PASSPHRASE)
    shutil.rmtree(theirs.data_dir)
    return paths, info


def test_after_a_restore_the_previous_vault_is_kept_aside_whole(
    vault_and_backup: tuple[VaultPaths, str, BackupInfo],
) -> None:
    paths, code, info = vault_and_backup

    replaced = safety.restore_backup(paths, info.path, safety.key_for_backup(info.path, passphrase=PASSPHRASE))

    assert replaced.parent == paths.data_dir and replaced.name.startswith("replaced-")
    with opened(paths) as session:
        assert contents(session) == (["Sam", "Alex"], {"journal": OURS["journal"]})  # "after" is gone here
    with opened(VaultPaths(replaced)) as session:  # … and kept there, with its own key file
        assert contents(session) == (["Sam", "Alex"], OURS)
    key = vault_service.key_from_recovery_code(code)
    with opened(paths) as session:
        assert bytes(session.key) == bytes(key)
    assert info.path.exists() and backup.list_backups(paths.backups)[0].path == info.path  # backups stay
    assert not (paths.data_dir / restore.STAGING_NAME).exists()


def test_a_vault_left_by_a_crash_is_moved_aside_with_its_write_ahead_log(tmp_path: Path) -> None:
    """The -wal holds committed data: it must go with the database, and never meet the restored one."""
    paths = VaultPaths(tmp_path / "data")
    make_vault(paths)
    info = take_backup(paths)
    crashed = VaultPaths(tmp_path / "crashed")
    with opened(paths) as session:
        drafts.save_draft(session, "only in the wal", "committed just before the crash")
        shutil.copytree(paths.data_dir, crashed.data_dir)  # the folder as a crash would leave it
    assert (crashed.data_dir / "vault.db-wal").stat().st_size > 0

    replaced = safety.restore_backup(crashed, info.path, safety.key_for_backup(info.path, passphrase=PASSPHRASE))

    with opened(crashed) as session:
        assert contents(session) == (["Sam", "Alex"], {})
    with opened(VaultPaths(replaced)) as session:
        assert contents(session)[1] == {"only in the wal": "committed just before the crash"}


def test_restoring_a_backup_of_another_vault_brings_its_own_key_file(
    two_vaults: tuple[VaultPaths, BackupInfo],
) -> None:
    paths, info = two_vaults
    replaced = safety.restore_backup(paths, info.path, safety.key_for_backup(info.path, passphrase=OTHER_PASSPHRASE))
    with opened(paths, OTHER_PASSPHRASE) as session:
        assert contents(session) == (["Kim", "Lee"], THEIRS)
    with pytest.raises(WrongSecretError):
        opened(paths, PASSPHRASE).__enter__()
    with opened(VaultPaths(replaced)) as session:
        assert contents(session) == (["Sam", "Alex"], OURS)


def test_a_wrong_passphrase_for_the_backup_changes_nothing(
    vault_and_backup: tuple[VaultPaths, str, BackupInfo], tmp_path: Path,
) -> None:
    _paths, _code, info = vault_and_backup
    before = _state(tmp_path)
    for wrong in ("kitchen table at dusk", "", f" {PASSPHRASE}", "\"'; DROP TABLE drafts; --", "küchentisch 🌅"):
        with pytest.raises(WrongSecretError) as caught:
            safety.key_for_backup(info.path, passphrase=wrong)
        assert_plain(caught.value.message)
        assert "recovery code" in caught.value.message  # the way out
    assert _state(tmp_path) == before


def test_another_vaults_recovery_code_is_refused_and_changes_nothing(
    vault_and_backup: tuple[VaultPaths, str, BackupInfo], tmp_path: Path,
) -> None:
    paths, _code, info = vault_and_backup
    _key, other_code = make_other_vault(VaultPaths(tmp_path / "other"))
    before = _state(tmp_path)

    with pytest.raises(WrongSecretError) as caught:
        safety.restore_backup(paths, info.path, safety.key_for_backup(info.path, recovery_code=other_code))

    assert_plain(caught.value.message)
    assert "Nothing was changed" in caught.value.message
    assert _state(tmp_path) == before
    with opened(paths) as session:
        assert contents(session) == (["Sam", "Alex"], OURS)


@pytest.mark.parametrize("change", [{"version": 99}, {"schema_version": 999}], ids=["format", "schema"])
def test_a_backup_from_a_newer_app_is_refused_and_changes_nothing(
    vault_and_backup: tuple[VaultPaths, str, BackupInfo], tmp_path: Path, change: dict[str, int],
) -> None:
    paths, code, info = vault_and_backup
    newer = rewrite_backup(info.path, tmp_path / "from-the-future.sbsbackup", manifest=change)
    before = _state(tmp_path)

    with pytest.raises(BackupError) as caught:
        safety.restore_backup(paths, newer, safety.key_for_backup(newer, recovery_code=code))

    assert "newer version" in caught.value.message
    assert_plain(caught.value.message)
    assert _state(tmp_path) == before
    with opened(paths) as session:
        assert contents(session) == (["Sam", "Alex"], OURS)


def _member_offset(path: Path, name: str) -> int:
    """Where a stored member's bytes start in the zip (after its 30-byte local header, name and extra)."""
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo(name)
    return member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)


DAMAGE = ["truncated to half", "truncated to 100 bytes", "empty", "random bytes", "a text file",
          "flipped byte in the database", "flipped byte in the key file", "no manifest", "no database",
          "plain SQLite inside", "damaged page inside, checksums fixed", "not there"]


STRUCTURAL = [*DAMAGE[:5], "no manifest", "no database", "not there"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_backup_is_refused_and_changes_nothing(
    vault_and_backup: tuple[VaultPaths, str, BackupInfo], tmp_path: Path, damage: str,
) -> None:
    paths, code, info = vault_and_backup
    bad = tmp_path / "bad.sbsbackup"
    data = info.path.read_bytes()
    if damage == "truncated to half":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "truncated to 100 bytes":
        bad.write_bytes(data[:100])
    elif damage == "empty":
        bad.write_bytes(b"")
    elif damage == "random bytes":
        bad.write_bytes(os.urandom(len(data)))
    elif damage == "a text file":
        bad.write_text("shopping list: eggs, milk\n")
    elif damage == "flipped byte in the database":
        bad.write_bytes(data)
        flip_byte(bad, _member_offset(bad, backup.DB_MEMBER) + 3 * 4096 + 77)
    elif damage == "flipped byte in the key file":
        bad.write_bytes(data)
        flip_byte(bad, _member_offset(bad, backup.KEY_MEMBER) + 40)
    elif damage == "no manifest":
        rewrite_backup(info.path, bad, drop=(backup.MANIFEST_MEMBER,))
    elif damage == "no database":
        rewrite_backup(info.path, bad, drop=(backup.DB_MEMBER,))
    elif damage == "plain SQLite inside":
        rewrite_backup(info.path, bad, replace={backup.DB_MEMBER: b"SQLite format 3\x00" + bytes(8192)})
    elif damage == "damaged page inside, checksums fixed":
        with zipfile.ZipFile(info.path) as archive:
            inner = bytearray(archive.read(backup.DB_MEMBER))
        inner[len(inner) - 4096 + 500] ^= 0xFF
        rewrite_backup(info.path, bad, replace={backup.DB_MEMBER: bytes(inner)})
    before = _state(tmp_path)

    with pytest.raises((BackupError, WrongSecretError)) as caught:
        safety.restore_backup(paths, bad, safety.key_for_backup(bad, recovery_code=code))
    assert_plain(caught.value.message)
    assert _state(tmp_path) == before
    if damage in STRUCTURAL:
        with pytest.raises(BackupError):  # describing or listing it says so before any secret is asked
            safety.backup_info(bad)
        assert [b.path for b in backup.list_backups(tmp_path)] == []
    with opened(paths) as session:
        assert contents(session) == (["Sam", "Alex"], OURS)


# --- interruptions ---------------------------------------------------------------------------------

def _which_vault_opens(paths: VaultPaths, label: str) -> str:
    """'ours' or 'theirs': exactly one of the two passphrases opens the folder, with that vault's contents."""
    opens = {}
    for name, passphrase, expected in (("ours", PASSPHRASE, (["Sam", "Alex"], OURS)),
                                       ("theirs", OTHER_PASSPHRASE, (["Kim", "Lee"], THEIRS))):
        try:
            with opened(paths, passphrase) as session:
                assert contents(session) == expected, label
                assert safety.check_integrity(session).ok, label
            opens[name] = True
        except (WrongSecretError, VaultDamagedError):
            opens[name] = False
    assert sum(opens.values()) == 1, f"{label}: {opens}"
    return "ours" if opens["ours"] else "theirs"


def _assert_ours_is_kept(paths: VaultPaths, label: str) -> None:
    """After the backup took its place, our vault is whole in replaced-*/."""
    aside = [p for p in paths.data_dir.iterdir() if p.name.startswith(restore.REPLACED_PREFIX)]
    assert len(aside) == 1, label
    with opened(VaultPaths(aside[0])) as session:
        assert contents(session) == (["Sam", "Alex"], OURS), label


def _clean_run_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> int:
    """How many times a restore calls os.<name> when nothing goes wrong (the same setup as two_vaults)."""
    paths = VaultPaths(tmp_path / "count" / "data")
    make_vault(paths)
    save_drafts(paths, OURS)
    theirs = VaultPaths(tmp_path / "count" / "theirs")
    make_other_vault(theirs)
    info = take_backup(theirs, passphrase=OTHER_PASSPHRASE)
    key = safety.key_for_backup(info.path, passphrase=OTHER_PASSPHRASE)
    with monkeypatch.context() as patch:
        counter = FailOn(patch, os, name, 0)
        safety.restore_backup(paths, info.path, key)
    return len(counter.calls)


@pytest.mark.parametrize("name", ["replace", "fsync"])
def test_a_restore_that_fails_at_any_step_is_finished_or_undone_on_the_next_start(
    two_vaults: tuple[VaultPaths, BackupInfo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
) -> None:
    paths, info = two_vaults
    steps = _clean_run_calls(tmp_path, monkeypatch, name)
    assert steps >= (6 if name == "replace" else 4)
    original = tmp_path / "original"
    shutil.copytree(paths.data_dir, original)
    outcomes = []
    for n in range(1, steps + 1):
        label = f"os.{name} fails on call {n} of {steps}"
        shutil.rmtree(paths.data_dir)
        shutil.copytree(original, paths.data_dir)
        key = safety.key_for_backup(info.path, passphrase=OTHER_PASSPHRASE)
        with monkeypatch.context() as patch:
            FailOn(patch, os, name, n)
            try:
                safety.restore_backup(paths, info.path, key)
            except SideBySideError as exc:  # a message for the user, never a raw OSError
                assert_plain(exc.message)
                failed = True
            else:
                failed = False  # an fsync of a folder may fail harmlessly
        ready = (paths.data_dir / restore.STAGING_NAME / restore.READY_MARK).exists()

        vault_service.prepare_folder(paths)  # the next start

        assert not (paths.data_dir / restore.STAGING_NAME).exists(), label
        which = _which_vault_opens(paths, label)
        assert which == ("theirs" if ready or not failed else "ours"), label
        if which == "theirs":
            _assert_ours_is_kept(paths, label)
        outcomes.append(which)
    assert "ours" in outcomes and "theirs" in outcomes  # the failures hit both sides of READY


def test_a_restore_killed_at_any_step_is_finished_or_undone_on_the_next_start(
    two_vaults: tuple[VaultPaths, BackupInfo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, info = two_vaults
    key = safety.key_for_backup(info.path, passphrase=OTHER_PASSPHRASE)
    snapshots = Snapshots(monkeypatch, paths.data_dir, tmp_path / "snapshots")
    safety.restore_backup(paths, info.path, key)
    snapshots.finish()
    monkeypatch.undo()

    outcomes = []
    for label, folder in snapshots.each():
        after = VaultPaths(folder)
        ready = (folder / restore.STAGING_NAME / restore.READY_MARK).exists()
        staged = (folder / restore.STAGING_NAME).exists()
        vault_service.prepare_folder(after)  # the next start
        assert not (folder / restore.STAGING_NAME).exists(), label
        which = _which_vault_opens(after, label)
        if ready:
            assert which == "theirs", label
        elif staged:
            assert which == "ours", label
        if which == "theirs":
            _assert_ours_is_kept(after, label)
        outcomes.append(which)
    assert outcomes[0] == "ours" and outcomes[-1] == "theirs"
    assert len(snapshots.steps) >= 8
