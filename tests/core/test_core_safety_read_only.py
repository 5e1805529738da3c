"""A read-only data folder (P5): backing up, changing the passphrase or running a command there gives
one plain message, never a traceback, and changes nothing. Simulated with monkeypatch (root may write
anywhere), plus a real read-only bind mount where this machine allows one."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault
from safety_helpers import assert_one_plain_line, assert_plain, child_env, make_read_only, opened, run_cli, take_backup

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import DataFolderError, SideBySideError
from sidebyside.core.services import safety
from sidebyside.core.storage import backup
from sidebyside.core.storage.backup import BackupError
from sidebyside.core.storage.vault import VaultPaths

NEW = "lantern over the quiet harbour"


@pytest.mark.parametrize("backups_folder", ["not yet made", "already there"])
def test_backup_in_a_read_only_data_folder_is_a_plain_error(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch, backups_folder: str,
) -> None:
    make_vault(paths)
    if backups_folder == "already there":
        take_backup(paths)
    before = file_hashes(paths.data_dir)
    with opened(paths) as session:
        job = safety.backup_job(session)
    make_read_only(monkeypatch, paths.data_dir)

    with pytest.raises(BackupError) as caught:
        job()

    monkeypatch.undo()
    assert_plain(caught.value.message)
    assert "Read-only file system" in caught.value.message and "unchanged" in caught.value.message
    assert file_hashes(paths.data_dir) == before


def test_a_backup_to_another_folder_works_while_the_data_folder_is_read_only(
    paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_vault(paths)
    with opened(paths) as session:
        job = safety.backup_job(session, tmp_path / "usb")
    make_read_only(monkeypatch, paths.data_dir)
    info = job()
    monkeypatch.undo()
    assert backup.list_backups(tmp_path / "usb") == [info]


def test_a_backup_to_a_read_only_folder_is_a_plain_error(
    paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_vault(paths)
    stick = tmp_path / "write-protected-stick"
    stick.mkdir()
    with opened(paths) as session:
        job = safety.backup_job(session, stick / "SideBySide")
    make_read_only(monkeypatch, stick)
    with pytest.raises(BackupError) as caught:
        job()
    monkeypatch.undo()
    assert_plain(caught.value.message)
    assert str(stick) in caught.value.message
    assert list(stick.iterdir()) == []


def test_change_passphrase_in_a_read_only_folder_is_a_plain_error(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_vault(paths)
    before = file_hashes(paths.data_dir)
    make_read_only(monkeypatch, paths.data_dir)
    with pytest.raises(SideBySideError) as caught:
        safety.change_passphrase(paths, PASSPHRASE, NEW, NEW, KdfParams.cheap_for_tests())
    monkeypatch.undo()
    assert_plain(caught.value.message)
    assert "unchanged" in caught.value.message
    assert file_hashes(paths.data_dir) == before


@pytest.mark.parametrize("command", ["check", "backup", "restore", "change-passphrase"])
def test_every_command_in_a_read_only_folder_is_one_plain_line(
    paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str,
) -> None:
    make_vault(paths)
    argv = [command, "--data-dir", str(paths.data_dir)]
    if command == "restore":
        argv.append(str(take_backup(paths, tmp_path / "usb").path))
    before = file_hashes(paths.data_dir)
    make_read_only(monkeypatch, paths.data_dir)
    status, out, err = run_cli(argv, f"{PASSPHRASE}\n{NEW}\n")
    monkeypatch.undo()
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "Read-only file system")
    assert file_hashes(paths.data_dir) == before


# --- a real read-only folder ------------------------------------------------------------------------

@pytest.fixture
def read_only_mount(paths: VaultPaths) -> Iterator[VaultPaths]:
    """The vault's folder, bind-mounted read-only over itself (needs root and mount; skipped otherwise)."""
    make_vault(paths)
    take_backup(paths)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to make a read-only bind mount")
    folder = str(paths.data_dir)
    done = subprocess.run(["mount", "--bind", folder, folder], capture_output=True, text=True, env=child_env())
    if done.returncode != 0:
        pytest.skip(f"can't bind-mount here: {done.stderr.strip()}")
    try:
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", folder], capture_output=True, text=True,
                                 env=child_env())
        if remount.returncode != 0:
            pytest.skip(f"can't remount read-only here: {remount.stderr.strip()}")
        yield paths
    finally:
        subprocess.run(["umount", folder], check=True)


@pytest.mark.parametrize("command", ["check", "backup", "change-passphrase"])
def test_commands_in_a_really_read_only_folder(read_only_mount: VaultPaths, command: str) -> None:
    status, out, err = run_cli([command, "--data-dir", str(read_only_mount.data_dir)], f"{PASSPHRASE}\n{NEW}\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "Read-only file system")


def test_opening_a_vault_in_a_really_read_only_folder_does_not_call_it_damaged(read_only_mount: VaultPaths) -> None:
    with pytest.raises(DataFolderError) as caught, opened(read_only_mount):  # not VaultDamagedError
        pass
    assert "read-only" in caught.value.message and "damaged" not in caught.value.message
