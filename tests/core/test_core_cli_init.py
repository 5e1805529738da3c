"""`sidebyside init`: creates a vault without the window, prints the recovery code once, and reports
user errors in one plain line with exit status 2 — never a traceback."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, open_with_passphrase

import sidebyside
from sidebyside import cli
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import PALETTE, Partner
from sidebyside.core.services import vault_service
from sidebyside.core.storage.vault import VaultPaths

CODE_PATTERN = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){13}\b")


def run_cli(argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err, kdf=KdfParams.cheap_for_tests())
    return status, out.getvalue(), err.getvalue()


def _init_args(data_dir: Path, *names: str) -> list[str]:
    args = ["init", "--data-dir", str(data_dir)]
    for name in names:
        args += ["--partner", name]
    return args


def _the_code(stdout: str) -> str:
    codes = CODE_PATTERN.findall(stdout)
    assert len(codes) == 1, f"expected the recovery code exactly once in: {stdout!r}"
    return codes[0]


@pytest.mark.parametrize("where", ["after init", "before init"])
def test_init_creates_a_vault_that_opens_with_the_passphrase_and_the_printed_code(tmp_path: Path, where: str) -> None:
    data_dir = tmp_path / "vault"
    argv = _init_args(data_dir, "Sam", "Alex")
    if where == "before init":  # `sidebyside --data-dir DIR init …` works too
        argv = ["--data-dir", str(data_dir), "init", "--partner", "Sam", "--partner", "Alex"]

    status, out, err = run_cli(argv, PASSPHRASE + "\n")

    assert (status, err) == (0, "")
    assert "Sam and Alex" in out
    code = _the_code(out)
    paths = VaultPaths(data_dir)
    session = open_with_passphrase(paths)
    try:
        info = vault_service.overview(session)
        assert info.partners == (Partner(1, "Sam", PALETTE[0]), Partner(2, "Alex", PALETTE[1]))
        vault_id = session.vault_id
    finally:
        session.close()
    by_code = vault_service.open_vault(paths, vault_service.key_from_recovery_code(code), from_recovery_code=True)
    try:
        assert by_code.vault_id == vault_id
    finally:
        by_code.close()
    assert data_dir.stat().st_mode & 0o777 == 0o700


def test_init_takes_colours_and_a_windows_line_ending(tmp_path: Path) -> None:
    argv = [*_init_args(tmp_path / "v", "Sam", "Alex"), "--colour", "#2E9E6B", "--color", "#8a5cd1"]
    status, _out, err = run_cli(argv, PASSPHRASE + "\r\n")
    assert (status, err) == (0, "")
    session = open_with_passphrase(VaultPaths(tmp_path / "v"))  # no stray \r in the passphrase
    try:
        assert [p.colour for p in vault_service.overview(session).partners] == ["#2e9e6b", "#8a5cd1"]
    finally:
        session.close()


USER_ERRORS = {
    "one partner": (["Sam"], PASSPHRASE + "\n", "exactly twice"),
    "three partners": (["Sam", "Alex", "Kim"], PASSPHRASE + "\n", "exactly twice"),
    "identical names": (["Sam", "sam"], PASSPHRASE + "\n", "Both names are the same"),
    "empty name": (["Sam", "   "], PASSPHRASE + "\n", "Please enter a name"),
    "500-character name": (["Sam", "A" * 500], PASSPHRASE + "\n", "500 characters long"),
    "empty passphrase line": (["Sam", "Alex"], "\n", "Please choose a passphrase"),
    "weak passphrase": (["Sam", "Alex"], "password1\n", "every list attackers try first"),
    "short passphrase": (["Sam", "Alex"], "dawn\n", "at least 8 characters"),
    "leading space": (["Sam", "Alex"], " " + PASSPHRASE + "\n", "starts or ends with a space"),
    "no input at all": (["Sam", "Alex"], "", "No passphrase was given"),
}


def _assert_one_plain_line(err: str, expected: str) -> None:
    assert err.startswith("sidebyside: ")
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    assert expected in err


@pytest.mark.parametrize(("names", "stdin", "expected"), USER_ERRORS.values(), ids=USER_ERRORS.keys())
def test_user_errors_are_one_plain_line_and_exit_2(tmp_path: Path, names: list[str], stdin: str, expected: str) -> None:
    data_dir = tmp_path / "vault"
    status, out, err = run_cli(_init_args(data_dir, *names), stdin)

    assert status == 2
    _assert_one_plain_line(err, expected)
    assert out == ""  # in particular, no recovery code for a vault that doesn't exist
    assert not data_dir.exists(), "a failed init leaves no folder (or lock file) behind"


def test_init_over_an_existing_vault_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    paths = VaultPaths(tmp_path / "vault")
    make_vault(paths)
    before = file_hashes(paths.data_dir)

    status, out, err = run_cli(_init_args(paths.data_dir, "Kim", "Lee"), "another fine passphrase\n")

    assert (status, out) == (2, "")
    _assert_one_plain_line(err, "already a vault")
    assert file_hashes(paths.data_dir) == before
    open_with_passphrase(paths).close()


@pytest.mark.parametrize("occupant", ["notes.txt", "a file instead of a folder"])
def test_init_refuses_a_folder_that_is_not_for_a_vault(tmp_path: Path, occupant: str) -> None:
    data_dir = tmp_path / "vault"
    if occupant == "notes.txt":
        data_dir.mkdir()
        (data_dir / "notes.txt").write_text("groceries\n")
    else:
        data_dir.write_text("not a folder\n")
    before = file_hashes(tmp_path)

    status, out, err = run_cli(_init_args(data_dir, "Sam", "Alex"), PASSPHRASE + "\n")

    assert (status, out) == (2, "")
    _assert_one_plain_line(err, str(data_dir))
    assert file_hashes(tmp_path) == before


def test_a_missing_partner_option_is_one_plain_usage_line() -> None:
    status, out, err = run_cli(["init", "--data-dir", "/nonexistent/v"], PASSPHRASE + "\n")
    assert (status, out) == (2, "")
    _assert_one_plain_line(err, "--partner")
    assert err.endswith("(see 'sidebyside init --help')\n")  # where init's own options are listed


def test_a_colour_that_isnt_one_says_how_to_write_it(tmp_path: Path) -> None:
    status, out, err = run_cli([*_init_args(tmp_path / "v", "Sam", "Alex"), "--colour", "red", "--colour", "#2f7dd1"],
                               PASSPHRASE + "\n")
    assert (status, out) == (2, "")
    _assert_one_plain_line(err, "#RRGGBB")
    assert not (tmp_path / "v").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answers", "expected"), [
    ([EOFError()], "cancelled; nothing was changed."),  # Ctrl+D at the first prompt
    ([PASSPHRASE, EOFError()], "cancelled; nothing was changed."),  # … or at the second
    ([PASSPHRASE, PASSPHRASE + "!"], "Please run 'sidebyside init' again."),  # two different ones
])
def test_at_a_terminal_ctrl_d_and_a_mismatch_end_in_one_plain_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[object], expected: str
) -> None:
    import getpass

    def ask(_prompt: str) -> str:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return str(answer)

    monkeypatch.setattr(getpass, "getpass", ask)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(_init_args(tmp_path / "v", "Sam", "Alex"), stdin=Terminal(), stdout=out, stderr=err,
                      kdf=KdfParams.cheap_for_tests())
    assert (status, out.getvalue()) == (2, "")
    _assert_one_plain_line(err.getvalue(), expected)
    assert not (tmp_path / "v").exists()


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SIDEBYSIDE_DATA_DIR", None)
    return env


def test_python_m_sidebyside_init_at_real_kdf_cost(tmp_path: Path) -> None:
    """The one test at the real Argon2id cost, through the real entry point."""
    data_dir = tmp_path / "vault"
    result = subprocess.run(
        [sys.executable, "-m", "sidebyside", "init", "--data-dir", str(data_dir), "--partner", "Sam",
         "--partner", "Alex"],
        input=PASSPHRASE + "\n", capture_output=True, text=True, timeout=120, env=_subprocess_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    code = _the_code(result.stdout)

    paths = VaultPaths(data_dir)
    probe = vault_service.inspect(paths)
    assert probe.key_file is not None and probe.key_file.kdf == KdfParams()  # the real cost was recorded
    session = open_with_passphrase(paths)
    try:
        assert [p.name for p in vault_service.overview(session).partners] == ["Sam", "Alex"]
        assert bytes(session.key) == bytes(vault_service.key_from_recovery_code(code))
    finally:
        session.close()


def test_version_is_printed(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sidebyside", "--version"], capture_output=True, text=True,
                            timeout=60, env=_subprocess_env(), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"SideBySide {sidebyside.__version__}"
