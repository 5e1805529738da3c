"""Backups: self-contained (they open on another computer with the passphrase or the recovery code),
encrypted, owner-only, pruned to the newest N, taken once a day, consistent while the app writes,
and never half-written — a failure leaves no partial file and a plain message."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault
from safety_helpers import (
    FailOn,
    Snapshots,
    all_drafts,
    assert_plain,
    contents,
    database_in_backup,
    opened,
    opened_with_code,
    save_drafts,
    take_backup,
)

from sidebyside.core.errors import ValidationError
from sidebyside.core.services import drafts, safety
from sidebyside.core.storage import backup
from sidebyside.core.storage.backup import BackupError
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultPaths

LETTER = "We sat on the steps and talked about moving closer to your sister."


@pytest.mark.parametrize("secret", ["passphrase", "recovery code"])
def test_a_backup_alone_opens_on_another_computer(tmp_path: Path, secret: str) -> None:
    home = VaultPaths(tmp_path / "laptop" / "data")
    _key, code = make_vault(home)
    save_drafts(home, {"journal": LETTER})
    info = take_backup(home, tmp_path / "usb-stick")

    # The other computer has only the file, and an empty data folder.
    elsewhere = tmp_path / "desktop"
    elsewhere.mkdir()
    carried = Path(shutil.copy(info.path, elsewhere / info.path.name))
    shutil.rmtree(tmp_path / "laptop")
    fresh = VaultPaths(elsewhere / "data")
    fresh.data_dir.mkdir()

    if secret == "passphrase":
        key = safety.key_for_backup(carried, passphrase=PASSPHRASE)
    else:
        key = safety.key_for_backup(carried, recovery_code=code)
    safety.restore_backup(fresh, carried, key)

    with opened(fresh) as session:  # the passphrase opens it: the key file came along
        assert contents(session) == (["Sam", "Alex"], {"journal": LETTER})
    with opened_with_code(fresh, code) as session:
        assert contents(session) == (["Sam", "Alex"], {"journal": LETTER})


def test_a_restore_creates_a_missing_data_folder(tmp_path: Path) -> None:
    """A new computer may not have the data folder yet."""
    home = VaultPaths(tmp_path / "home")
    make_vault(home)
    info = take_backup(home)
    fresh = VaultPaths(tmp_path / "new-computer" / "data")

    safety.restore_backup(fresh, info.path, safety.key_for_backup(info.path, passphrase=PASSPHRASE))

    with opened(fresh) as session:
        assert contents(session)[0] == ["Sam", "Alex"]
    assert stat.S_IMODE(fresh.data_dir.stat().st_mode) == 0o700


def test_a_backup_holds_no_plaintext(tmp_path: Path) -> None:
    names = (f"N{uuid.uuid4().hex[:16]}", f"M{uuid.uuid4().hex[:16]}")
    passphrase = f"{uuid.uuid4().hex} orbit lantern"
    text = f"secret draft {uuid.uuid4().hex}"
    paths = VaultPaths(tmp_path / "data")
    key, _code = make_vault(paths, passphrase=passphrase, names=names)
    save_drafts(paths, {"journal": text}, passphrase)
    infos = [take_backup(paths, passphrase=passphrase), take_backup(paths, tmp_path / "usb", passphrase)]

    needles = {key.hex().encode(), key.hex().upper().encode(), key}
    for marker in (*names, passphrase, text):
        needles |= {marker.encode("utf-8"), marker.encode("utf-16-le")}
    for info in infos:
        data = info.path.read_bytes()
        assert len(data) > 4 * 4096
        assert [n for n in needles if n in data] == []
    # The control: the same markers are there once decrypted.
    assert database_in_backup(infos[0].path, key, tmp_path) == {"journal": text}


def test_backup_files_are_owner_only_and_their_folders_too(tmp_path: Path) -> None:
    os.umask(0o022)  # permissive, as a user might have (the core tests' conftest puts it back)
    paths = VaultPaths(tmp_path / "data")
    make_vault(paths)
    own = take_backup(paths)
    chosen = take_backup(paths, tmp_path / "new" / "folder")

    assert stat.S_IMODE(paths.backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(chosen.path.parent.stat().st_mode) == 0o700  # a folder the backup created
    for info in (own, chosen):
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
        assert [p.name for p in info.path.parent.iterdir()] == [info.path.name]  # no temp files


def test_backing_up_into_a_folder_of_the_users_leaves_its_permissions_alone(tmp_path: Path) -> None:
    """Like /tmp or a USB stick: the backup is owner-only, the folder is not ours to change."""
    paths = VaultPaths(tmp_path / "data")
    make_vault(paths)
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)

    info = take_backup(paths, shared)

    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def test_pruning_keeps_the_newest_backups(paths: VaultPaths, tmp_path: Path) -> None:
    make_vault(paths)
    paths.backups.mkdir(mode=0o700)
    (paths.backups / "notes.txt").write_text("not a backup")
    made = []
    with opened(paths) as session:
        assert safety.backups_to_keep(session) == 10
        for i in range(5):
            drafts.save_draft(session, "n", str(i))
            made.append(safety.backup_job(session, keep=3)())
        kept = backup.list_backups(paths.backups)
        assert [b.path for b in kept] == [b.path for b in reversed(made[-3:])]
        assert [database_in_backup(b.path, bytes(session.key), tmp_path)["n"] for b in kept] == ["4", "3", "2"]

        safety.set_backups_to_keep(session, 2)  # the setting, used when no number is given
        assert safety.backups_to_keep(session) == 2
        safety.backup_job(session)()
        assert len(backup.list_backups(paths.backups)) == 2
        for wrong in (0, 101):
            with pytest.raises(ValidationError):
                safety.set_backups_to_keep(session, wrong)
    assert (paths.backups / "notes.txt").read_text() == "not a backup"


def test_backups_to_another_folder_are_not_pruned(paths: VaultPaths, tmp_path: Path) -> None:
    make_vault(paths)
    with opened(paths) as session:
        safety.set_backups_to_keep(session, 1)
        for _ in range(3):
            safety.backup_job(session, tmp_path / "usb")()
    assert len(backup.list_backups(tmp_path / "usb")) == 3


def test_the_automatic_backup_is_taken_once_a_day(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as session:
        safety.backup_job(session, reason="manual")()  # a manual backup doesn't count as the daily one
        first = safety.automatic_backup_job(session)
        assert first is not None
        info = first()
        assert info.reason == "automatic"
        assert info.path.parent == paths.backups

        assert safety.automatic_backup_job(session, now=info.created + timedelta(hours=23)) is None
        assert safety.automatic_backup_job(session, now=info.created + timedelta(hours=23, minutes=59)) is None
        later = safety.automatic_backup_job(session, now=info.created + timedelta(days=1, minutes=1))
        assert later is not None
        assert later().reason == "automatic"
    assert [b.reason for b in backup.list_backups(paths.backups)] == ["automatic", "automatic", "manual"]


def test_a_backup_taken_during_an_unfinished_save_has_only_what_was_committed(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as session:
        drafts.save_draft(session, "kept", "committed before the backup")
        conn = session.require_conn()
        with Transaction(conn):  # the app is in the middle of saving
            conn.execute("INSERT INTO drafts(draft_key, content, updated_at) VALUES ('half', 'not yet', 'now')")
            info = safety.backup_job(session)()  # does not wait for the save, and does not block it
        assert set(all_drafts(session)) == {"kept", "half"}
        key = bytes(session.key)
    assert database_in_backup(info.path, key, paths.data_dir) == {"kept": "committed before the backup"}


def test_backups_taken_while_drafts_are_saved_are_consistent_snapshots(paths: VaultPaths) -> None:
    """Each draft is a separate commit, so any consistent snapshot holds drafts 1..m and nothing else."""
    make_vault(paths)
    stop = threading.Event()
    saved: list[int] = []
    failures: list[BaseException] = []

    with opened(paths) as session:
        key = bytes(session.key)

        def writer() -> None:
            try:
                k = 0
                while not stop.is_set() and k < 3000:
                    k += 1
                    drafts.save_draft(session, f"d{k:05}", f"{k} " + "x" * (k % 700))
                    saved.append(k)
            except BaseException as exc:  # reported below
                failures.append(exc)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            infos = []
            for _ in range(4):
                infos.append(safety.backup_job(session)())
        finally:
            stop.set()
            thread.join(30)
    assert failures == []
    assert saved, "the writer never ran"
    counts = []
    for info in infos:
        inside = database_in_backup(info.path, key, paths.data_dir)
        m = len(inside)
        assert inside == {f"d{k:05}": f"{k} " + "x" * (k % 700) for k in range(1, m + 1)}
        counts.append(m)
    assert counts == sorted(counts)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failed_backup_leaves_no_partial_file_and_says_so_plainly(
    paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    make_vault(paths)
    save_drafts(paths, {"journal": LETTER})
    before = file_hashes(paths.data_dir)
    FailOn(monkeypatch, os, step, 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))

    with opened(paths) as session:
        job = safety.backup_job(session)
    with pytest.raises(BackupError) as caught:
        job()
    FailOn(monkeypatch, os, step, 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with opened(paths) as session, pytest.raises(BackupError):
        safety.backup_job(session, tmp_path / "usb")()

    monkeypatch.undo()
    assert_plain(caught.value.message)
    assert "No space left on device" in caught.value.message
    assert "unchanged" in caught.value.message
    assert list(paths.backups.iterdir()) == []  # not even a hidden .partial
    assert list((tmp_path / "usb").iterdir()) == []
    assert file_hashes(paths.data_dir) == before
    with opened(paths) as session:
        assert all_drafts(session) == {"journal": LETTER}
    assert take_backup(paths).path.exists()  # and the next one works


def test_a_backup_interrupted_at_any_step_either_counts_whole_or_not_at_all(
    paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, _code = make_vault(paths)
    save_drafts(paths, {"journal": LETTER})
    with opened(paths) as session:
        job = safety.backup_job(session)
    snapshots = Snapshots(monkeypatch, paths.data_dir, tmp_path / "snapshots")
    job()
    snapshots.finish()
    monkeypatch.undo()

    outcomes = []
    for label, folder in snapshots.each():
        after = VaultPaths(folder)
        with opened(after) as session:
            assert all_drafts(session) == {"journal": LETTER}, label
        found = backup.list_backups(after.backups)
        for info in found:  # whatever counts as a backup is whole
            assert database_in_backup(info.path, key, tmp_path) == {"journal": LETTER}, label
        outcomes.append(len(found))
    assert outcomes[0] == 0 and outcomes[-1] == 1
    assert len(snapshots.steps) >= 3
