"""P3: nothing committed is lost when a writer is killed (kill -9) or the disk fills up, and the vault
still passes the full integrity check afterwards. The writers are real child processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import make_vault
from safety_helpers import all_drafts, child_env, run_child, save_drafts, start_child

from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage import backup
from sidebyside.core.storage.database import DatabaseError
from sidebyside.core.storage.vault import VaultPaths

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and resource limits")

_OPEN = """
import os, sys
from pathlib import Path
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage.vault import VaultPaths
paths = VaultPaths(Path(sys.argv[1]))
session = vault_service.open_vault(paths, bytearray.fromhex(os.environ["SBS_TEST_KEY"]))
"""

WRITER = _OPEN + """
k = int(sys.argv[2])
while True:
    drafts.save_draft(session, f"k{k:06}", f"{k} " + "z" * (k * 37 % 3000))
    print(k, flush=True)  # only after the commit returned
    k += 1
"""


def _text(k: int) -> str:
    return f"{k} " + "z" * (k * 37 % 3000)


@contextlib.contextmanager
def _key_in_env(key: bytes) -> Iterator[None]:
    os.environ["SBS_TEST_KEY"] = key.hex()
    try:
        yield
    finally:
        os.environ.pop("SBS_TEST_KEY", None)


def test_kill_9_of_a_writer_loses_nothing_committed(paths: VaultPaths) -> None:
    key, _code = make_vault(paths)
    printed: list[int] = []
    maybe: set[str] = set()
    next_k = 1
    with _key_in_env(key):
        for round_ in range(8):
            child = start_child(WRITER, str(paths.data_dir), str(next_k))
            assert child.stdout is not None
            try:
                seen = 0
                while seen < 50 + 7 * round_:  # vary the moment of the kill
                    line = child.stdout.readline()
                    assert line, f"the writer stopped early: {child.stderr.read() if child.stderr else ''}"
                    printed.append(int(line))
                    seen += 1
            finally:
                child.send_signal(signal.SIGKILL)
                rest, _err = child.communicate(timeout=30)
            assert child.returncode == -signal.SIGKILL
            printed += [int(line) for line in rest.split()]

            with _open(paths, key) as session:
                present = all_drafts(session)
                report = safety.check_integrity(session, full=True)
            assert report.ok, report.problems
            for k in printed:
                assert present.get(f"k{k:06}") == _text(k), f"round {round_}: committed draft {k} is missing"
            # At most the one committed just before each kill but not yet printed.
            maybe.add(f"k{max(printed) + 1:06}")
            assert set(present) - {f"k{k:06}" for k in printed} <= maybe
            next_k = max(printed) + 2
    assert len(printed) >= 8 * 50


@contextlib.contextmanager
def _open(paths: VaultPaths, key: bytes) -> Iterator[vault_service.VaultSession]:
    session = vault_service.open_vault(paths, bytearray(key))
    try:
        yield session
    finally:
        session.close()


FILL_UP = _OPEN + """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
k = 0
try:
    while True:
        k += 1
        drafts.save_draft(session, f"big-{k}", f"{k} " + os.urandom(60_000).hex())
        print(k, flush=True)
except Exception as exc:
    print("FAILED", type(exc).__name__, exc, flush=True)
try:
    drafts.save_draft(session, "small", "still works")
    print("SMALL", flush=True)
except Exception as exc:
    print("FAILED", type(exc).__name__, exc, flush=True)
session.close()
print("CLOSED", flush=True)
"""


def test_a_full_disk_while_writing_gives_an_error_and_keeps_everything_committed(paths: VaultPaths) -> None:
    key, _code = make_vault(paths)
    save_drafts(paths, {"before": "written before the disk filled"})
    with _key_in_env(key):
        result = run_child(FILL_UP, str(paths.data_dir), str(2_000_000))
    assert result.returncode == 0, result.stderr  # no crash, no signal
    lines = result.stdout.splitlines()
    failure = next(line for line in lines if line.startswith("FAILED"))
    committed = [int(line) for line in lines if line.isdigit()]
    assert len(committed) >= 3
    # What the caller gets today: SQLite's own error, as a DatabaseError subclass (not a SideBySideError).
    assert failure.split()[1] == "OperationalError", failure
    assert "CLOSED" in lines

    with _open(paths, key) as session:
        present = all_drafts(session)
        assert safety.check_integrity(session, full=True).ok
        drafts.save_draft(session, "after", "the disk has room again")
    assert present["before"] == "written before the disk filled"
    for k in committed:
        assert present[f"big-{k}"].startswith(f"{k} ")
    assert f"big-{committed[-1] + 1}" not in present  # the failed one was rolled back, not half-written


BACKUP_UNDER_LIMIT = _OPEN + """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
job = safety.backup_job(session, Path(sys.argv[3]) if sys.argv[3] != "-" else None)
session.close()
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    job()
    print("WRITTEN")
except Exception as exc:
    print("FAILED", type(exc).__module__, type(exc).__name__, "|", exc)
"""


@pytest.mark.parametrize("fraction", [0.5, 1.0], ids=["while copying", "while zipping"])
def test_a_full_disk_while_backing_up_gives_a_plain_error_and_no_partial_file(
    paths: VaultPaths, tmp_path: Path, fraction: float,
) -> None:
    key, _code = make_vault(paths)
    save_drafts(paths, {f"d{i}": os.urandom(20_000).hex() for i in range(40)})
    size = paths.db.stat().st_size
    limit = int(size * fraction) + (200 if fraction == 1.0 else 0)  # 1.0: the copy fits, the zip doesn't
    with _key_in_env(key):
        result = run_child(BACKUP_UNDER_LIMIT, str(paths.data_dir), str(limit), str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("FAILED sidebyside.core.storage.backup BackupError |"), result.stdout
    message = result.stdout.split("|", 1)[1].strip()
    assert "couldn't be written" in message and "unchanged" in message
    assert list((tmp_path / "usb").iterdir()) == []  # no partial file
    with _open(paths, key) as session:
        assert safety.check_integrity(session, full=True).ok
        assert len(all_drafts(session)) == 40
    assert backup.list_backups(tmp_path / "usb") == []


def test_a_backup_cut_off_earlier_leaves_nothing_behind_after_the_next_one(paths: VaultPaths, tmp_path: Path) -> None:
    """kill -9 or a power cut during a backup leaves its hidden .partial files; the next backup into that
    folder removes the old ones and leaves a recent one alone (another backup may be writing it)."""
    key, _code = make_vault(paths)
    usb = tmp_path / "usb"
    usb.mkdir()
    name = backup.backup_name("manual")
    cut_off = [usb / f".{name}.db.partial", usb / f".{name}.partial"]
    for leftover in cut_off:
        leftover.write_bytes(os.urandom(4096))
        hours_ago = leftover.stat().st_mtime - 2 * 3600
        os.utime(leftover, (hours_ago, hours_ago))
    in_progress = usb / f".{backup.backup_name('automatic')}.db.partial"
    in_progress.write_bytes(b"being written")
    mine = usb / ".my-notes.partial"  # not ours: never touched
    mine.write_bytes(b"someone else's")
    os.utime(mine, (0, 0))
    with _open(paths, key) as session:
        made = safety.backup_job(session, usb)()
    assert sorted(p.name for p in usb.iterdir()) == sorted([made.path.name, in_progress.name, mine.name])


# --- a real full disk, where this machine lets us mount a small tmpfs --------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, env=child_env())
    if done.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_really_full_disk_keeps_everything_committed(small_disk: Path) -> None:
    paths = VaultPaths(small_disk / "data")
    key, _code = make_vault(paths)
    committed = []
    with _open(paths, key) as session:
        with pytest.raises(DatabaseError) as caught:
            for k in range(1, 200):
                drafts.save_draft(session, f"big-{k}", os.urandom(20_000).hex())
                committed.append(k)
        assert "full" in str(caught.value).lower(), repr(caught.value)
    with _open(paths, key) as session:
        present = all_drafts(session)
        assert safety.check_integrity(session, full=True).ok
    assert committed and all(f"big-{k}" in present for k in committed)
    assert f"big-{committed[-1] + 1}" not in present
