"""The integrity check: ok on a healthy vault; flipped bytes in a later page are reported (by the full
check, and — measured — by the quick one too), and `sidebyside check` exits 1 with a plain summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault
from safety_helpers import PAGE, flip_byte, opened, run_cli, save_drafts

from sidebyside.core.services import safety
from sidebyside.core.storage import integrity
from sidebyside.core.storage.vault import VaultPaths

DRAFTS = {f"note-{i:02}": f"{i}: " + "we planned the garden and the trip north. " * 120 for i in range(60)}  # ~5 KB


@pytest.fixture
def many_pages(paths: VaultPaths) -> VaultPaths:
    make_vault(paths)
    save_drafts(paths, DRAFTS)
    assert paths.db.stat().st_size > 60 * PAGE
    return paths


def test_a_fresh_vault_and_a_full_one_pass_both_checks(paths: VaultPaths) -> None:
    make_vault(paths)
    for _round in range(2):
        with opened(paths) as session:
            for full in (False, True):
                report = safety.check_integrity(session, full=full)
                assert report.ok and report.problems == () and report.full is full
                assert report.summary in ("No problems found.", "The quick check found no problems.")
        save_drafts(paths, DRAFTS)


@pytest.mark.parametrize("where", [3, 0.4, 0.75, 0.98], ids=["page 3", "40%", "75%", "last pages"])
def test_flipped_bytes_in_a_later_page_are_reported(many_pages: VaultPaths, where: float) -> None:
    """Page 3 is (today) the root of a b-tree, so SQLite reports ~100 findings, packed into one row."""
    pages = many_pages.db.stat().st_size // PAGE
    page = where if isinstance(where, int) else int(pages * where)
    flip_byte(many_pages.db, page * PAGE + 1234)
    damaged = many_pages.db.read_bytes()

    with opened(many_pages) as session:  # the vault's own first pages are fine, so it opens
        full = safety.check_integrity(session, full=True)
        quick = safety.check_integrity(session, full=False)
    assert not full.ok and full.full
    assert any("HMAC" in problem for problem in full.problems)  # SQLCipher names the page
    assert 0 < len(full.problems) <= integrity.MAX_PROBLEMS
    assert all("\n" not in problem for problem in full.problems)  # one finding per line
    assert "restore" in full.summary and "backup" in full.summary
    # Measured: the quick check reads every b-tree and overflow page, so it notices too.
    assert not quick.ok and len(quick.problems) <= integrity.MAX_PROBLEMS
    assert many_pages.db.read_bytes() == damaged  # checking never "repairs" by writing


def test_cli_check_exits_0_on_a_healthy_vault(many_pages: VaultPaths) -> None:
    status, out, err = run_cli(["check", "--data-dir", str(many_pages.data_dir)], PASSPHRASE + "\n")
    assert (status, err) == (0, "")
    assert out == "No problems found.\n"


def test_cli_check_exits_1_on_a_damaged_vault_with_a_plain_summary(many_pages: VaultPaths, tmp_path: Path) -> None:
    pages = many_pages.db.stat().st_size // PAGE
    flip_byte(many_pages.db, (pages // 2) * PAGE + 99)
    before = file_hashes(many_pages.data_dir)

    status, out, err = run_cli(["check", "--data-dir", str(many_pages.data_dir)], PASSPHRASE + "\n")

    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("The vault file is damaged") and "backup" in lines[0]
    assert 1 < len(lines) <= 1 + integrity.MAX_PROBLEMS  # the summary, then at most MAX_PROBLEMS details
    assert all(line.startswith("  ") for line in lines[1:])
    after = file_hashes(many_pages.data_dir)
    after.pop(".sidebyside.lock", None)
    assert after == before


def test_cli_check_by_recovery_code(tmp_path: Path) -> None:
    paths = VaultPaths(tmp_path / "data")
    _key, code = make_vault(paths)
    paths.key_file.write_text("{ garbled")  # the recovery code still opens it
    status, out, err = run_cli(["check", "--data-dir", str(paths.data_dir), "--recovery-code"], code.lower() + "\n")
    assert (status, out, err) == (0, "No problems found.\n", "")
