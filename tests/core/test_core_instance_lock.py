"""One running SideBySide per data folder; a crashed holder never leaves the vault locked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sidebyside.core.errors import VaultInUseError
from sidebyside.core.storage.instance_lock import InstanceLock


def test_a_second_instance_is_told_the_vault_is_already_open(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    first.acquire()
    first.acquire()  # asking again while holding it is harmless
    try:
        with pytest.raises(VaultInUseError) as caught:
            second.acquire()
        assert "already open" in caught.value.message
        assert not second.held
    finally:
        first.release()

    second.acquire()  # released: the next one gets it
    try:
        assert second.held
    finally:
        second.release()
    assert not second.held


def test_the_lock_file_is_owner_only(tmp_path: Path) -> None:
    os.umask(0o022)
    lock = InstanceLock(tmp_path)
    lock.acquire()
    lock.release()
    assert (tmp_path / ".sidebyside.lock").stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from sidebyside.core.storage.instance_lock import InstanceLock
        InstanceLock(Path({str(tmp_path)!r})).acquire()
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(VaultInUseError):
            InstanceLock(tmp_path).acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    after = InstanceLock(tmp_path)
    after.acquire()
    assert after.held
    after.release()
