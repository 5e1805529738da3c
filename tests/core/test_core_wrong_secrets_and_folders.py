"""P2: a wrong secret is reported as such, never "opens empty", never creates a vault over another.

Also the data folder itself: someone else's files, a file instead of a folder, no permission, disk full.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, open_with_passphrase, partner_names

from sidebyside.core.crypto import key_file as kf
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import Partner
from sidebyside.core.errors import DataFolderError, VaultExistsError, WrongSecretError
from sidebyside.core.services import vault_service
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultPaths, VaultState


def _thousand_characters() -> str:
    words = ["maple", "lantern", "orbit", "velvet", "canyon", "thistle", "harbour", "quartz", "ember", "willow"]
    text = " ".join(words[i % len(words)] + str(i) for i in range(200))[:1000]
    return text[:-1] + "z" if text.endswith(" ") else text


LONG = _thousand_characters()

PASSPHRASES = {
    "quotes": "she said \"it's ours\" at dawn",
    "sql-looking": "x'; DROP TABLE partners; -- now",
    "inner spaces": "kitchen   table    at dawn",
    "emoji": "🌅 kitchen table ☕ at dawn 💛",
    "accents": "Crème brûlée für Zoë, ça va",
    "1000 characters": LONG,
}


def _wrong_versions(right: str) -> list[str]:
    """What a person plausibly types instead: one letter off, one missing, other case, an extra space."""
    wrong = [right + "x", right[:-1], right[1:], right + " ", " " + right, right.swapcase()]
    return [w for w in wrong if w != right]


def test_the_thousand_character_passphrase_is_what_the_test_says() -> None:
    assert len(LONG) == 1000 and LONG.strip() == LONG


@pytest.mark.parametrize("right", PASSPHRASES.values(), ids=PASSPHRASES.keys())
def test_right_passphrase_opens_and_every_wrong_one_is_refused_without_changing_a_byte(
    paths: VaultPaths, right: str
) -> None:
    make_vault(paths, passphrase=right)
    before = file_hashes(paths.data_dir)
    assert set(before) == {"vault.db", "vault.key"}

    for wrong in [*_wrong_versions(right), PASSPHRASE]:
        with pytest.raises(WrongSecretError) as caught:
            vault_service.key_from_passphrase(paths, wrong)
        assert caught.value.message == "That passphrase doesn't open this vault. Please try again."
        assert file_hashes(paths.data_dir) == before

    session = open_with_passphrase(paths, right)
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()


def test_the_same_words_typed_with_decomposed_accents_still_open(paths: VaultPaths) -> None:
    right = PASSPHRASES["accents"]
    make_vault(paths, passphrase=right)  # stored composed (NFC), as most keyboards send it
    decomposed = unicodedata.normalize("NFD", right)
    assert decomposed != right
    session = open_with_passphrase(paths, decomposed)
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()


def test_an_empty_passphrase_is_refused_with_a_prompt(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    before = file_hashes(paths.data_dir)
    with pytest.raises(WrongSecretError) as caught:
        vault_service.key_from_passphrase(paths, "")
    assert caught.value.message == "Please enter your passphrase."
    assert file_hashes(paths.data_dir) == before
    open_with_passphrase(paths).close()


def _remove(paths: VaultPaths, name: str) -> None:
    (paths.data_dir / name).unlink()


@pytest.mark.parametrize(
    ("leave_out", "state"),
    [(None, VaultState.READY), ("vault.key", VaultState.KEY_FILE_PROBLEM), ("vault.db", VaultState.DATABASE_MISSING)],
    ids=["whole vault", "database without key file", "key file without database"],
)
def test_create_never_replaces_an_existing_vault(
    created_vault: tuple[VaultPaths, str], cheap_kdf: KdfParams, leave_out: str | None, state: VaultState
) -> None:
    paths, code = created_vault
    if leave_out:
        _remove(paths, leave_out)
    assert vault_service.inspect(paths).state is state
    before = file_hashes(paths.data_dir)
    partners = Partner(1, "Kim", "#2e9e6b"), Partner(2, "Lee", "#c77c0e")

    with pytest.raises(VaultExistsError):
        vault_service.create_vault(paths, partners, "a brand new passphrase here", "a brand new passphrase here",
                                   vault_service.new_database_key(), cheap_kdf)

    assert file_hashes(paths.data_dir) == before
    assert sorted(p.name for p in paths.data_dir.iterdir()) == sorted(before)  # no staging folder left
    if leave_out != "vault.db":  # the old vault still opens with its recovery code
        session = vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True)
        try:
            assert partner_names(session) == ["Sam", "Alex"]
        finally:
            session.close()


@pytest.mark.parametrize("foreign", ["notes.txt", ".bashrc", "photos/holiday.jpg"])
def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(paths: VaultPaths, foreign: str) -> None:
    target = paths.data_dir / foreign
    target.parent.mkdir(parents=True)
    os.chmod(paths.data_dir, 0o755)
    target.write_bytes(b"shopping: milk, eggs\n")
    assert vault_service.inspect(paths).state is VaultState.FOREIGN_FOLDER
    before = file_hashes(paths.data_dir)

    with pytest.raises(VaultExistsError) as caught:
        make_vault(paths)

    assert "already holds other files" in caught.value.message
    assert file_hashes(paths.data_dir) == before
    assert {p.name for p in paths.data_dir.iterdir()} == {foreign.split("/")[0]}
    assert paths.data_dir.stat().st_mode & 0o777 == 0o755  # not even its permissions were touched


def test_a_data_folder_that_is_a_file_gets_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_bytes(b"just a file\n")
    paths = VaultPaths(not_a_folder)
    probe = vault_service.inspect(paths)
    assert probe.state is VaultState.NOT_A_FOLDER
    assert "is a file, not a folder" in probe.message

    with pytest.raises(DataFolderError) as caught:
        make_vault(paths)
    assert "is a file, not a folder" in caught.value.message
    assert not_a_folder.read_bytes() == b"just a file\n"


def test_a_data_folder_inside_a_file_gets_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_bytes(b"x")
    with pytest.raises(DataFolderError) as caught:
        make_vault(VaultPaths(tmp_path / "blocker" / "data"))
    assert "can't write to" in caught.value.message
    assert "Not a directory" in caught.value.message
    assert "Errno" not in caught.value.message


def test_a_data_folder_that_cannot_be_written_gets_a_plain_message(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(storage, "ensure_private_dir", refuse)  # what a read-only folder does (tests run as root)
    with pytest.raises(DataFolderError) as caught:
        make_vault(paths)
    assert caught.value.message == (
        f"SideBySide can't write to {paths.data_dir} (Permission denied). "
        "Please choose a folder you own, or fix its permissions."
    )
    assert not paths.data_dir.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_really_read_only_data_folder_gets_a_plain_message(paths: VaultPaths) -> None:
    paths.data_dir.mkdir()
    os.chmod(paths.data_dir, 0o500)
    try:
        with pytest.raises(DataFolderError) as caught:
            make_vault(paths)
        assert "Permission denied" in caught.value.message
        assert list(paths.data_dir.iterdir()) == []
    finally:
        os.chmod(paths.data_dir, 0o700)


@pytest.mark.parametrize("failing", ["create_private_file", "key_file_write"])
def test_a_disk_full_during_create_leaves_no_half_vault(
    paths: VaultPaths, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "create_private_file":
        monkeypatch.setattr(storage, "create_private_file", disk_full)
    else:
        monkeypatch.setattr(kf, "write", disk_full)
    with pytest.raises(DataFolderError) as caught:
        make_vault(paths)
    assert "No space left on device" in caught.value.message
    assert "Nothing was saved" in caught.value.message
    assert list(paths.data_dir.iterdir()) == []  # no vault.db, no key file, no staging folder
    assert vault_service.inspect(paths).state is VaultState.NO_VAULT

    monkeypatch.undo()
    make_vault(paths)  # and the folder is still usable once there is space again
    open_with_passphrase(paths).close()
