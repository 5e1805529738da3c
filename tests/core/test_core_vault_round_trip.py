"""Create → unlock → overview → lock → unlock again, by passphrase and by recovery code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, open_with_passphrase, partner_names

from sidebyside.core.crypto import recovery_code
from sidebyside.core.domain.partners import Partner
from sidebyside.core.errors import ValidationError, WrongSecretError
from sidebyside.core.services import vault_service
from sidebyside.core.storage import schema
from sidebyside.core.storage import vault as storage
from sidebyside.core.storage.vault import VaultPaths, VaultState


def test_a_new_folder_is_reported_as_having_no_vault(paths: VaultPaths) -> None:
    assert vault_service.inspect(paths).state is VaultState.NO_VAULT
    assert not paths.data_dir.exists()  # looking does not create anything


def test_create_unlock_lock_and_unlock_again(created_vault: tuple[VaultPaths, str]) -> None:
    paths, _code = created_vault
    probe = vault_service.inspect(paths)
    assert probe.state is VaultState.READY

    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    info = vault_service.overview(session)
    assert info.partners == (Partner(1, "Sam", "#d9485f"), Partner(2, "Alex", "#2f7dd1"))
    assert info.schema_version == schema.LATEST_VERSION
    assert info.created  # an ISO date the home screen can show
    assert info.last_backup is None
    assert info.remembered is False
    assert probe.key_file is not None and session.vault_id == probe.key_file.vault_id

    key = session.key
    session.close()
    assert not session.is_open
    assert key == bytearray(32), "locking must zero the key held by the session"
    with pytest.raises(RuntimeError):
        vault_service.overview(session)

    again = open_with_passphrase(paths)
    try:
        assert partner_names(again) == ["Sam", "Alex"]
        assert again.vault_id == probe.key_file.vault_id
    finally:
        again.close()


def _code_with_zero_and_one() -> tuple[bytearray, str]:
    """A random key whose code contains both '0' and '1', so the O/I/L confusions really change it."""
    while True:
        key = vault_service.new_database_key()
        code = vault_service.recovery_code_for(key)
        if "0" in code and "1" in code:
            return key, code


CODE_VARIANTS: dict[str, Callable[[str], str]] = {
    "as printed": lambda c: c,
    "lowercase": str.lower,
    "spaces instead of dashes": lambda c: c.replace("-", " "),
    "no dashes": lambda c: c.replace("-", ""),
    "extra blanks and newline": lambda c: "  " + c.replace("-", " - ") + "\n",
    "I and O for 1 and 0": lambda c: c.replace("1", "I").replace("0", "O"),
    "lowercase l and o": lambda c: c.lower().replace("1", "l").replace("0", "o"),
}


@pytest.mark.parametrize("variant", CODE_VARIANTS.values(), ids=CODE_VARIANTS.keys())
def test_recovery_code_opens_the_vault_however_it_is_typed(paths: VaultPaths, variant: Callable[[str], str]) -> None:
    key, code = _code_with_zero_and_one()
    make_vault(paths, key=bytearray(key))
    typed = variant(code)

    unlocked = vault_service.key_from_recovery_code(typed)
    assert unlocked == key
    session = vault_service.open_vault(paths, unlocked, from_recovery_code=True)
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()


def _one_typo(code: str) -> str:
    """Change one character of the code to another valid character."""
    i = 7  # inside the second group
    original = code[i]
    replacement = next(ch for ch in recovery_code.ALPHABET if ch != original)
    return code[:i] + replacement + code[i + 1 :]


def test_a_typo_in_the_recovery_code_is_caught_before_the_database_is_touched(
    created_vault: tuple[VaultPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, code = created_vault
    before = file_hashes(paths.data_dir)
    touched: list[Path] = []
    monkeypatch.setattr(storage, "connect", lambda path, *a, **k: touched.append(path))

    with pytest.raises(ValidationError) as caught:
        vault_service.key_from_recovery_code(_one_typo(code))

    assert "typo" in caught.value.message
    assert caught.value.field == "recovery_code"
    assert touched == []
    assert file_hashes(paths.data_dir) == before


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda c: c[:-5], "missing or extra group"),
        (lambda c: c + "-ABCD", "missing or extra group"),
        (lambda c: c.replace(c[0], "U", 1), "don't belong: U"),
        (lambda c: "", "Please enter your recovery code"),
    ],
    ids=["a group missing", "a group extra", "a U", "nothing"],
)
def test_a_malformed_recovery_code_says_what_is_wrong(
    created_vault: tuple[VaultPaths, str], mangle: Callable[[str], str], expected: str
) -> None:
    _paths, code = created_vault
    with pytest.raises(ValidationError) as caught:
        vault_service.key_from_recovery_code(mangle(code))
    assert expected in caught.value.message


def test_the_recovery_code_of_another_vault_is_refused_and_changes_nothing(
    created_vault: tuple[VaultPaths, str], tmp_path: Path
) -> None:
    paths, _code = created_vault
    _other_key, other_code = make_vault(VaultPaths(tmp_path / "other"))
    before = file_hashes(paths.data_dir)

    key = vault_service.key_from_recovery_code(other_code)  # a well-formed code: the checksum is fine
    with pytest.raises(WrongSecretError) as caught:
        vault_service.open_vault(paths, key, from_recovery_code=True)

    assert "recovery code doesn't open this vault" in caught.value.message
    assert file_hashes(paths.data_dir) == before
    session = open_with_passphrase(paths)
    try:
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()
