"""Helpers for the vault-safety tests (backups, restore, passphrase change, integrity, crashes, CLI).

Plain functions and small classes, no fixtures, no Qt.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from core_helpers import PASSPHRASE, make_vault

from sidebyside import cli
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.services import drafts, safety, vault_service
from sidebyside.core.storage import backup
from sidebyside.core.storage.backup import BackupInfo
from sidebyside.core.storage.database import connect
from sidebyside.core.storage.vault import VaultPaths, VaultSession

OTHER_PASSPHRASE = "lantern over the quiet harbour"  # the second vault's, for "which vault is this?" checks
PAGE = 4096


# --- the command line -----------------------------------------------------------------------------

def run_cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err, kdf=KdfParams.cheap_for_tests())
    return status, out.getvalue(), err.getvalue()


def assert_one_plain_line(err: str, *expected: str) -> None:
    assert err.startswith("sidebyside: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    for jargon in ("Traceback", "Errno", "sqlite", "sqlcipher", "OSError", "PermissionError"):
        assert jargon.lower() not in err.lower(), f"{jargon!r} in {err!r}"
    for text in expected:
        assert text.lower() in err.lower(), f"{text!r} not in {err!r}"


def assert_plain(message: str) -> None:
    """A message for people: no traceback, no errno, no library names."""
    assert message and "\n" not in message.strip()
    for jargon in ("Traceback", "Errno", "sqlite", "sqlcipher", "zipfile", "BadZipFile"):
        assert jargon.lower() not in message.lower(), f"{jargon!r} in {message!r}"


# --- vaults and their contents --------------------------------------------------------------------

def make_other_vault(paths: VaultPaths) -> tuple[bytes, str]:
    """A second, unrelated vault (Kim and Lee, OTHER_PASSPHRASE, its own key)."""
    return make_vault(paths, passphrase=OTHER_PASSPHRASE, names=("Kim", "Lee"))


def all_drafts(session: VaultSession) -> dict[str, str]:
    rows = session.require_conn().execute("SELECT draft_key, content FROM drafts").fetchall()
    return {str(k): str(v) for k, v in rows}


@contextmanager
def opened(paths: VaultPaths, passphrase: str = PASSPHRASE) -> Iterator[VaultSession]:
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, passphrase))
    try:
        yield session
    finally:
        session.close()


@contextmanager
def opened_with_code(paths: VaultPaths, code: str) -> Iterator[VaultSession]:
    key = vault_service.key_from_recovery_code(code)
    session = vault_service.open_vault(paths, key, from_recovery_code=True)
    try:
        yield session
    finally:
        session.close()


def contents(session: VaultSession) -> tuple[list[str], dict[str, str]]:
    """What a person would see: the partners' names and every draft."""
    return [p.name for p in vault_service.overview(session).partners], all_drafts(session)


def save_drafts(paths: VaultPaths, items: dict[str, str], passphrase: str = PASSPHRASE) -> None:
    with opened(paths, passphrase) as session:
        for draft_key, text in items.items():
            drafts.save_draft(session, draft_key, text)


def take_backup(paths: VaultPaths, folder: Path | None = None, passphrase: str = PASSPHRASE,
                reason: str = "manual") -> BackupInfo:
    with opened(paths, passphrase) as session:
        job = safety.backup_job(session, folder, reason)
    return job()


def database_in_backup(backup_path: Path, key: bytes, scratch: Path) -> dict[str, str]:
    """The drafts inside a backup's database, read with ``key`` (also checks it is a complete copy)."""
    inner = scratch / f"inner-{backup_path.stem}.db"
    assert backup.extract_member(backup_path, backup.DB_MEMBER, inner)
    conn = connect(inner, key, journal=False)
    try:
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {str(k): str(v) for k, v in conn.execute("SELECT draft_key, content FROM drafts")}
    finally:
        conn.close()
        inner.unlink()


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def rewrite_backup(source: Path, dest: Path, *, manifest: dict[str, Any] | None = None,
                   drop: tuple[str, ...] = (), replace: dict[str, bytes] | None = None) -> Path:
    """Re-zip a backup with some manifest fields changed, members dropped or replaced."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    if manifest:
        doc = json.loads(members[backup.MANIFEST_MEMBER])
        doc.update(manifest)
        members[backup.MANIFEST_MEMBER] = json.dumps(doc).encode()
    members.update(replace or {})
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            if name not in drop:
                archive.writestr(name, data)
    return dest


# --- interruptions --------------------------------------------------------------------------------

class FailOn:
    """Replace ``module.name`` (e.g. ``os.replace``) with a wrapper that raises ``error`` on call ``n``.

    ``n = 0`` never fails: it only counts. ``calls`` records the arguments of every call.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, n: int,
                 error: BaseException | None = None) -> None:
        self.real: Callable[..., Any] = getattr(module, name)
        self.n = n
        self.error = error or OSError(28, "No space left on device")
        self.calls: list[tuple[Any, ...]] = []
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        if len(self.calls) == self.n:
            raise self.error
        return self.real(*args, **kwargs)


class Snapshots:
    """Copies of a folder as a ``kill -9`` would leave it just before each step of a file operation.

    While active, every ``os.replace``, ``os.fsync`` and ``shutil.rmtree`` first copies ``folder`` to
    ``store/NN`` (then runs for real); ``finish()`` adds the final state. A snapshot taken before an
    fsync holds the bytes written so far, which is what a killed process leaves (the page cache
    survives a crash of the process, not of the computer).
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, store: Path) -> None:
        self.folder, self.store = folder, store
        self.steps: list[str] = []
        self._busy = False
        for module, name in ((os, "replace"), (os, "fsync"), (shutil, "rmtree")):
            monkeypatch.setattr(module, name, self._wrap(name, getattr(module, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            if not self._busy:
                self.take(f"before {name}({', '.join(Path(str(a)).name for a in args if isinstance(a, str | Path))})")
            return real(*args, **kwargs)

        return step

    def take(self, label: str) -> None:
        self._busy = True
        try:
            target = self.store / f"{len(self.steps):02}"
            _copy_tree(self.folder, target)
            self.steps.append(label)
        finally:
            self._busy = False

    def finish(self) -> None:
        self.take("after the last step")

    def each(self) -> Iterator[tuple[str, Path]]:
        for index, label in enumerate(self.steps):
            yield label, self.store / f"{index:02}"


def _copy_tree(source: Path, target: Path) -> None:
    """Copy a folder without using the patched functions (shutil.copytree doesn't replace or fsync)."""
    shutil.copytree(source, target, symlinks=True)


def make_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Simulate a read-only ``folder`` for Python-level writes (the tests run as root, who may write anywhere).

    os.open for writing, os.mkdir, os.unlink, os.replace, os.rename, os.chmod and builtins.open for
    writing raise EROFS for anything inside ``folder``. SQLite's own writes are not covered.
    """
    import builtins

    inside = str(folder.resolve())

    def _ours(path: Any) -> bool:
        if isinstance(path, int):
            return False
        resolved = os.path.abspath(os.fspath(path))
        return resolved == inside or resolved.startswith(inside + os.sep)

    def refuse(path: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

    def guard(real: Callable[..., Any], writes: Callable[..., bool] = lambda *a, **k: True) -> Callable[..., Any]:
        def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
            if _ours(path) and writes(*args, **kwargs):
                refuse(path)
            return real(path, *args, **kwargs)

        return guarded

    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    monkeypatch.setattr(os, "open", guard(os.open, lambda flags, *a, **k: bool(flags & write_flags)))
    for name in ("mkdir", "unlink", "replace", "rename", "chmod", "rmdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    monkeypatch.setattr(builtins, "open", guard(builtins.open, lambda mode="r", *a, **k: mode != "r" and mode != "rb"))


# --- child processes ------------------------------------------------------------------------------

def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SIDEBYSIDE_DATA_DIR", None)
    return env


def start_child(code: str, *args: str) -> subprocess.Popen[str]:
    """Run ``code`` in a fresh Python (the same venv) with ``args`` as sys.argv[1:]; stdout piped, line by line."""
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, bufsize=1, env=child_env())


def run_child(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          env=child_env())
