"""`sidebyside check | backup | restore | change-passphrase`: each works from a pipe as its help says,
and every user error is exit 2 with one plain line on stderr (never a traceback), changing nothing."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault
from safety_helpers import (
    OTHER_PASSPHRASE,
    FailOn,
    assert_one_plain_line,
    contents,
    make_other_vault,
    opened,
    opened_with_code,
    rewrite_backup,
    run_cli,
    save_drafts,
    take_backup,
)

from sidebyside.core.storage import backup, restore
from sidebyside.core.storage.instance_lock import InstanceLock
from sidebyside.core.storage.vault import VaultPaths

NEW = "lantern over the quiet harbour"


@pytest.fixture
def vault(paths: VaultPaths) -> tuple[VaultPaths, str]:
    _key, code = make_vault(paths)
    save_drafts(paths, {"journal": "ours"})
    return paths, code


def _hashes(folder: Path) -> dict[str, str]:
    """file_hashes without the lock file, which any command may create."""
    found = file_hashes(folder)
    found.pop(".sidebyside.lock", None)
    return found


# --- happy paths ----------------------------------------------------------------------------------

def test_check(vault: tuple[VaultPaths, str]) -> None:
    paths, code = vault
    assert run_cli(["check", "--data-dir", str(paths.data_dir)], PASSPHRASE + "\n") == (0, "No problems found.\n", "")
    assert run_cli(["--data-dir", str(paths.data_dir), "check", "--recovery-code"], f"{code}\n")[0] == 0


def test_backup_into_the_vaults_folder_and_to_a_chosen_one(vault: tuple[VaultPaths, str], tmp_path: Path) -> None:
    paths, code = vault
    status, out, err = run_cli(["backup", "--data-dir", str(paths.data_dir)], PASSPHRASE + "\n")
    assert (status, err) == (0, "")
    written = backup.list_backups(paths.backups)
    assert len(written) == 1
    assert re.fullmatch(rf"Backup written and checked: {re.escape(str(written[0].path))} \(\d+\.\d KB\)\n", out)

    usb = tmp_path / "usb"
    status, out, err = run_cli(["backup", "--data-dir", str(paths.data_dir), "--to", str(usb), "--recovery-code"],
                               code + "\n")
    assert (status, err) == (0, "")
    assert str(usb) in out
    assert len(backup.list_backups(usb)) == 1


def test_restore_with_the_passphrase_and_with_the_recovery_code(
    vault: tuple[VaultPaths, str], tmp_path: Path,
) -> None:
    paths, code = vault
    info = take_backup(paths)
    save_drafts(paths, {"later": "after the backup"})

    status, out, err = run_cli(["restore", "--data-dir", str(paths.data_dir), str(info.path)], PASSPHRASE + "\n")
    assert (status, err) == (0, "")
    assert out.startswith("Restored the backup from ") and "The previous vault was kept in" in out
    kept = Path(out.rsplit(" ", 1)[1].strip())
    assert kept.parent == paths.data_dir and kept.name.startswith(restore.REPLACED_PREFIX)
    with opened(paths) as session:
        assert contents(session)[1] == {"journal": "ours"}
    with opened(VaultPaths(kept)) as session:
        assert contents(session)[1] == {"journal": "ours", "later": "after the backup"}

    elsewhere = VaultPaths(tmp_path / "new-computer" / "data")  # a folder that doesn't exist yet
    status, out, err = run_cli(["restore", "--recovery-code", "--data-dir", str(elsewhere.data_dir), str(info.path)],
                               code + "\n")
    assert (status, err) == (0, "")
    assert out.startswith("Restored the backup from ") and "kept" not in out  # there was nothing to keep …
    assert list(elsewhere.data_dir.glob(f"{restore.REPLACED_PREFIX}*")) == []  # … and no empty folder says so
    with opened_with_code(elsewhere, code) as session:
        assert contents(session) == (["Sam", "Alex"], {"journal": "ours"})


def test_restore_of_a_backup_without_key_file_says_to_use_the_recovery_code(
    vault: tuple[VaultPaths, str], tmp_path: Path,
) -> None:
    paths, code = vault
    keyless = rewrite_backup(take_backup(paths).path, tmp_path / "keyless.sbsbackup", drop=(backup.KEY_MEMBER,))
    status, out, err = run_cli(["restore", "--recovery-code", "--data-dir", str(paths.data_dir), str(keyless)],
                               code + "\n")
    assert (status, err) == (0, "")
    assert "recovery code" in out.splitlines()[-1]
    with opened_with_code(paths, code) as session:
        assert contents(session)[1] == {"journal": "ours"}


def test_change_passphrase(vault: tuple[VaultPaths, str]) -> None:
    paths, code = vault
    status, out, err = run_cli(["change-passphrase", "--data-dir", str(paths.data_dir)], f"{PASSPHRASE}\n{NEW}\n")
    assert (status, err) == (0, "")
    assert "recovery code stays the same" in out
    with opened(paths, NEW) as session:
        assert contents(session)[1] == {"journal": "ours"}
    with opened_with_code(paths, code):
        pass


# --- user errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "backup", "change-passphrase"])
@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_no_vault_in_the_folder(tmp_path: Path, command: str, folder: str) -> None:
    data_dir = tmp_path / "nothing-here"
    if folder == "empty":
        data_dir.mkdir()
    status, out, err = run_cli([command, "--data-dir", str(data_dir)], f"{PASSPHRASE}\n{NEW}\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "no vault")
    if folder == "empty":
        assert _hashes(data_dir) == {}
    else:
        assert not data_dir.exists()


@pytest.mark.parametrize("command", ["check", "backup", "restore", "change-passphrase"])
def test_a_wrong_passphrase(vault: tuple[VaultPaths, str], tmp_path: Path, command: str) -> None:
    paths, _code = vault
    argv = [command, "--data-dir", str(paths.data_dir)]
    if command == "restore":
        argv.append(str(take_backup(paths, tmp_path / "usb").path))
    before = _hashes(paths.data_dir)
    status, out, err = run_cli(argv, f"kitchen table at dusk\n{NEW}\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "doesn't open")
    assert _hashes(paths.data_dir) == before


@pytest.mark.parametrize("command", ["check", "backup", "restore"])
def test_a_mistyped_recovery_code(vault: tuple[VaultPaths, str], tmp_path: Path, command: str) -> None:
    paths, code = vault
    argv = [command, "--recovery-code", "--data-dir", str(paths.data_dir)]
    if command == "restore":
        argv.append(str(take_backup(paths, tmp_path / "usb").path))
    typo = ("B" if code[0] != "B" else "C") + code[1:]
    before = _hashes(paths.data_dir)
    status, out, err = run_cli(argv, typo + "\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "recovery code")
    assert _hashes(paths.data_dir) == before


@pytest.mark.parametrize(("command", "stdin", "missing"), [
    ("check", "", "No passphrase"),
    ("backup", "", "No passphrase"),
    ("restore", "", "No passphrase"),
    ("check --recovery-code", "", "No recovery code"),
    ("change-passphrase", "", "No current passphrase"),
    ("change-passphrase", PASSPHRASE + "\n", "No new passphrase"),
])
def test_a_missing_line_on_standard_input(
    vault: tuple[VaultPaths, str], tmp_path: Path, command: str, stdin: str, missing: str,
) -> None:
    paths, _code = vault
    argv = [*command.split(), "--data-dir", str(paths.data_dir)]
    if command == "restore":
        argv.append(str(take_backup(paths, tmp_path / "usb").path))
    before = _hashes(paths.data_dir)
    status, out, err = run_cli(argv, stdin)
    assert (status, out) == (2, "")
    assert_one_plain_line(err, missing, "standard input")
    assert _hashes(paths.data_dir) == before


@pytest.mark.parametrize("what", ["a text file", "a missing file", "a folder", "a newer backup", "another vault's"])
def test_restore_of_something_that_is_not_a_usable_backup(
    vault: tuple[VaultPaths, str], tmp_path: Path, what: str,
) -> None:
    paths, _code = vault
    target = tmp_path / "thing.sbsbackup"
    expected = "backup"
    stdin = PASSPHRASE + "\n"
    if what == "a text file":
        target.write_text("not a backup\n")
        expected = "isn't a SideBySide backup"
    elif what == "a missing file":
        expected = "There is no backup"
    elif what == "a folder":
        target.mkdir()
    elif what == "a newer backup":
        rewrite_backup(take_backup(paths).path, target, manifest={"version": 99})
        expected = "newer version"
    else:  # restoring another vault's backup asks for *its* passphrase; ours doesn't open it
        other = VaultPaths(tmp_path / "other")
        make_other_vault(other)
        shutil.copy(take_backup(other, passphrase=OTHER_PASSPHRASE).path, target)
        expected = "doesn't open this backup"
    before = _hashes(paths.data_dir)
    status, out, err = run_cli(["restore", "--data-dir", str(paths.data_dir), str(target)], stdin)
    assert (status, out) == (2, "")
    assert_one_plain_line(err, expected)
    assert _hashes(paths.data_dir) == before


def test_a_failed_restore_into_a_new_folder_leaves_no_folder_behind(vault: tuple[VaultPaths, str],
                                                                    tmp_path: Path) -> None:
    paths, _code = vault
    info = take_backup(paths)
    fresh = tmp_path / "new-computer"
    status, _out, err = run_cli(["restore", "--data-dir", str(fresh), str(info.path)], "wrong passphrase here\n")
    assert status == 2
    assert_one_plain_line(err, "doesn't open")
    assert not fresh.exists()


def test_restore_while_the_app_has_the_vault_open(vault: tuple[VaultPaths, str]) -> None:
    paths, _code = vault
    info = take_backup(paths)
    before = _hashes(paths.data_dir)
    lock = InstanceLock(paths.data_dir)
    lock.acquire()
    try:
        status, out, err = run_cli(["restore", "--data-dir", str(paths.data_dir), str(info.path)], PASSPHRASE + "\n")
    finally:
        lock.release()
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "already open")
    assert _hashes(paths.data_dir) == before


@pytest.mark.parametrize("new", ["password1", "dawn", f" {NEW}"])
def test_change_passphrase_to_a_weak_one(vault: tuple[VaultPaths, str], new: str) -> None:
    paths, _code = vault
    before = _hashes(paths.data_dir)
    status, out, err = run_cli(["change-passphrase", "--data-dir", str(paths.data_dir)], f"{PASSPHRASE}\n{new}\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err)
    assert _hashes(paths.data_dir) == before


def test_change_passphrase_on_a_full_disk(vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch) -> None:
    paths, _code = vault
    key_file = paths.key_file.read_bytes()
    FailOn(monkeypatch, os, "fsync", 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    status, out, err = run_cli(["change-passphrase", "--data-dir", str(paths.data_dir)], f"{PASSPHRASE}\n{NEW}\n")
    monkeypatch.undo()
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "No space left on device", "unchanged")
    assert paths.key_file.read_bytes() == key_file


def test_a_restore_cut_off_by_the_disk_is_finished_by_the_next_command(
    vault: tuple[VaultPaths, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, _code = vault
    other = VaultPaths(tmp_path / "other")
    make_other_vault(other)
    info = take_backup(other, passphrase=OTHER_PASSPHRASE)
    FailOn(monkeypatch, os, "replace", 4)  # 1-2: the journal marks, 3: vault.db aside, 4: vault.key aside
    status, out, err = run_cli(["restore", "--data-dir", str(paths.data_dir), str(info.path)], OTHER_PASSPHRASE + "\n")
    monkeypatch.undo()
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "next time")
    assert (paths.data_dir / restore.STAGING_NAME / restore.READY_MARK).exists()

    status, out, _err = run_cli(["check", "--data-dir", str(paths.data_dir)], OTHER_PASSPHRASE + "\n")
    assert (status, out) == (0, "No problems found.\n")
    with opened(paths, OTHER_PASSPHRASE) as session:
        assert contents(session)[0] == ["Kim", "Lee"]


def test_a_restore_that_still_cannot_be_finished_is_one_plain_line(
    vault: tuple[VaultPaths, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, _code = vault
    info = take_backup(paths)
    FailOn(monkeypatch, os, "replace", 3)  # cut off after READY
    assert run_cli(["restore", "--data-dir", str(paths.data_dir), str(info.path)], PASSPHRASE + "\n")[0] == 2
    monkeypatch.undo()
    FailOn(monkeypatch, os, "replace", 1, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    status, out, err = run_cli(["check", "--data-dir", str(paths.data_dir)], PASSPHRASE + "\n")
    monkeypatch.undo()
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "interrupted restore", "Permission denied")
    assert (paths.data_dir / restore.STAGING_NAME / restore.READY_MARK).exists()  # still there for next time
    assert run_cli(["check", "--data-dir", str(paths.data_dir)], PASSPHRASE + "\n")[0] == 0


def test_an_unknown_option_is_one_plain_line(vault: tuple[VaultPaths, str]) -> None:
    paths, _code = vault
    status, out, err = run_cli(["backup", "--data-dir", str(paths.data_dir), "--too", "/x"], PASSPHRASE + "\n")
    assert (status, out) == (2, "")
    assert_one_plain_line(err, "--too")


@pytest.mark.parametrize("command", ["check", "backup", "restore", "change-passphrase"])
def test_help_for_each_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli([command, "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert text.startswith(f"usage: sidebyside {command}")
    assert "standard input" in text
    assert "--data-dir DIR" in text
    if command != "change-passphrase":
        assert "--recovery-code" in text
    if command == "backup":
        assert "--to DIR" in text
    if command == "restore":
        assert "FILE" in text


@pytest.mark.parametrize("argv", [["check", "--version"], ["-"], ["-hx"], ["backup", "--data-dir"]])
def test_what_is_not_a_window_option_goes_to_the_whole_command_line(argv: list[str]) -> None:
    """A plain start parses only the window's options; anything else gets the whole parser's judgement."""
    status, out, err = run_cli(argv)
    assert (status, out) == (2, "")
    assert_one_plain_line(err)


def test_the_main_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for command in ("check", "backup", "restore", "change-passphrase"):
        assert command in text
