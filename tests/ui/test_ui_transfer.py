"""Vault ▸ Export… / Import… in the window: a warning first, plain errors, and the vault unchanged by bad files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from ui_helpers import PromptLog, file_hashes, unlock_with_passphrase

from sidebyside.core.services import drafts
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.main_window import MainWindow


def test_export_warns_first_and_writes_nothing_when_declined(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog, tmp_path: Path
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    prompt_log.answer = False
    assert not window.transfer.export(tmp_path / "out.json", markdown=False)
    assert not (tmp_path / "out.json").exists()
    assert prompt_log.questions[-1][0] == "Exports are not encrypted"


def test_export_then_import_in_the_window(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog, tmp_path: Path
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None
    drafts.save_draft(window.session, "journal", "a note to keep")
    prompt_log.answer = True
    assert window.transfer.export(tmp_path / "out.json", markdown=False)
    assert window.transfer.export(tmp_path / "out.md", markdown=True)
    doc = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert [p["name"] for p in doc["partners"]] == ["Sam", "Alex"]
    assert "a note to keep" in (tmp_path / "out.md").read_text("utf-8")

    doc["drafts"].append({"key": "buttons", "content": "from the old laptop", "updated": "2026-01-01T00:00:00+00:00"})
    (tmp_path / "more.json").write_text(json.dumps(doc), "utf-8")
    assert window.transfer.import_file(tmp_path / "more.json")
    assert prompt_log.infos[-1] == ("Import", "Imported: 1 drafts added, 2 partners already there (skipped), "
                                              "1 drafts already there (skipped).")
    assert drafts.load_draft(window.session, "buttons") == "from the old laptop"


def test_a_bad_import_file_says_what_is_wrong_and_changes_nothing(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog, tmp_path: Path
) -> None:
    window = open_window()
    unlock_with_passphrase(qtbot, window)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sidebyside-export", "version": 1, "drafts": [{"key": "x"}]}', "utf-8")
    window.lock()
    before = file_hashes(vault.data_dir)
    unlock_with_passphrase(qtbot, window)
    assert not window.transfer.import_file(bad)
    assert prompt_log.errors[-1] == ("Nothing was imported", 'Field "drafts[0].content" must be text.')
    window.lock()
    after = file_hashes(vault.data_dir)
    assert after["vault.key"] == before["vault.key"]
    unlock_with_passphrase(qtbot, window)
    assert window.session is not None and drafts.load_draft(window.session, "x") is None


def test_export_and_import_are_off_while_locked(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    assert not window.transfer.export_action.isEnabled() and not window.transfer.import_action.isEnabled()
    unlock_with_passphrase(qtbot, window)
    assert window.transfer.export_action.isEnabled() and window.transfer.import_action.isEnabled()


def test_private_entries_are_exported_only_with_the_partners_yes(
    qtbot: QtBot, vault: VaultPaths, open_window: Callable[..., MainWindow], prompt_log: PromptLog, tmp_path: Path
) -> None:
    from datetime import datetime

    from sidebyside.core.crypto.kdf import KdfParams
    from sidebyside.core.domain.journal import EntryFields
    from sidebyside.core.services import journal

    window = open_window()
    unlock_with_passphrase(qtbot, window)
    session = window.session
    assert session is not None
    journal.create_private_space(session, 1, "sam own words here", "sam own words here", KdfParams.cheap_for_tests())
    journal.create_entry(session, EntryFields(1, datetime.now().astimezone(), "Mine", "PRIVATE-5150", private=True))
    answers = iter([True, False])  # "export?" yes, "include Sam's private entries?" no
    prompt_log.answer = True
    import sidebyside.ui.prompts as prompts

    original = prompts.confirm
    prompts.confirm = lambda *args: next(answers)  # type: ignore[assignment]
    try:
        assert window.transfer.export(tmp_path / "no.json", markdown=False)
        answers = iter([True, True])
        assert window.transfer.export(tmp_path / "yes.json", markdown=False)
    finally:
        prompts.confirm = original  # type: ignore[assignment]
    assert "PRIVATE-5150" not in (tmp_path / "no.json").read_text("utf-8")
    assert "PRIVATE-5150" in (tmp_path / "yes.json").read_text("utf-8")
