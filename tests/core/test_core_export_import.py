"""Export and import: round trip, refusals that name the problem, nothing half-imported, fuzzed files."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from core_helpers import PASSPHRASE, file_hashes, make_vault, open_with_passphrase, partner_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sidebyside.core.services import drafts, transfer
from sidebyside.core.services.transfer import ImportFileError
from sidebyside.core.storage.vault import VaultPaths

HOSTILE = "<img src=x onerror=alert(1)> [link](http://x) # heading *bold* & \\ `code`"


def _export(paths: VaultPaths, tmp_path: Path, kind: str = "json") -> Path:
    target = tmp_path / f"export.{ 'json' if kind == 'json' else 'md'}"
    session = open_with_passphrase(paths)
    try:
        (transfer.export_json if kind == "json" else transfer.export_markdown)(session, target)
    finally:
        session.close()
    return target


def test_an_export_imports_into_a_new_vault_and_a_second_import_skips_everything(tmp_path: Path) -> None:
    source = VaultPaths(tmp_path / "old-laptop")
    make_vault(source)
    session = open_with_passphrase(source)
    drafts.save_draft(session, "journal", "what we said on Sunday\nand after")
    session.close()
    exported = _export(source, tmp_path)
    assert exported.stat().st_mode & 0o777 == 0o600

    target = VaultPaths(tmp_path / "new-laptop")
    make_vault(target, names=("Sam", "Alex"))
    session = open_with_passphrase(target)
    try:
        doc = transfer.read_import_file(exported)
        summary, _ = transfer.import_document(session, doc)
        assert {k: v for k, v in summary.added.items() if v} == {"drafts": 1}
        assert {k: v for k, v in summary.skipped.items() if v} == {"partners": 2}
        assert drafts.load_draft(session, "journal") == "what we said on Sunday\nand after"
        again, _ = transfer.import_document(session, doc)
        assert {k: v for k, v in again.added.items() if v} == {}
        assert {k: v for k, v in again.skipped.items() if v} == {"partners": 2, "drafts": 1}
        assert "1 drafts already there" in again.describe()
    finally:
        session.close()


def test_markdown_is_readable_and_user_text_cannot_become_markup(tmp_path: Path) -> None:
    paths = VaultPaths(tmp_path / "v")
    make_vault(paths, names=("Sam", "<b>Al</b>"))
    session = open_with_passphrase(paths)
    drafts.save_draft(session, "journal", HOSTILE)
    session.close()
    text = _export(paths, tmp_path, "markdown").read_text("utf-8")
    assert text.startswith("# SideBySide: Sam and \\<b\\>Al\\</b\\>")
    assert "not encrypted" in text
    assert "> \\<img src=x onerror=alert(1)\\> \\[link\\](http://x) \\# heading \\*bold\\* \\& \\\\ \\`code\\`" in text
    body = "\n".join(line.removeprefix("> ") for line in text.splitlines())  # "> " quotes are ours
    assert re.search(r"(?<!\\)[<>\[*`]", body) is None, "markup left unescaped"
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert [h.split(":")[0].split(" (")[0] for h in headings] == [
        "# SideBySide", "## Partners", "## Unfinished drafts", "### journal"]  # only ours


def _valid(tmp_path: Path) -> dict[str, Any]:
    paths = VaultPaths(tmp_path / "source")
    make_vault(paths)
    return json.loads(_export(paths, tmp_path).read_text("utf-8"))  # type: ignore[no-any-return]


HEAD = b'{"format": "sidebyside-export", "version": 1, '
BAD = {
    "not json": (b'{"format": ', "isn't valid JSON: Expecting value at line 1, column 12"),
    "not utf-8": (b'\xff\xfe{"format": 1}', "isn't UTF-8 text"),
    "a list": (b"[]", "isn't a SideBySide export"),
    "other format": (b'{"format": "keepass"}', "isn't a SideBySide export"),
    "newer": (b'{"format": "sidebyside-export", "version": 3}', "newer version"),
    "bool version": (b'{"format": "sidebyside-export", "version": true}', "\"version\" must be a whole number"),
    "partners not a list": (HEAD + b'"partners": {}}', "\"partners\" must be a list"),
    "slot 3": (HEAD + b'"partners": [{"slot": 3, "name": "A", "colour": "#000000"}]}',
               "partners[0].slot"),
    "empty name": (HEAD + b'"partners": [{"slot": 1, "name": " ", "colour": "#000000"}]}',
                   "In \"partners[0]\": Please enter a name"),
    "bad colour": (HEAD + b'"partners": [{"slot": 1, "name": "A", "colour": "red"}]}',
                   "Please pick a colour"),
    "draft content not text": (HEAD + b'"drafts": [{"key": "j", "content": 5, "updated": ""}]}',
                               "\"drafts[0].content\" must be text"),
    "conversation status": (HEAD + b'"conversations": [{"id": "c", "status": "won", "created": "", "updated": "", '
                            b'"conversation": {}}]}', 'In "conversations[0]": "status" must be'),
    "conversation garbled": (HEAD + b'"conversations": [{"id": "c", "status": "draft", "created": "", "updated": "",'
                             b' "conversation": {"turns": [1]}}]}', 'In "conversations[0]": "conversation" isn'),
    "duplicate draft": (HEAD + b'"drafts": [{"key": "j", "content": "", "updated": ""},'
                        b' {"key": "j", "content": "", "updated": ""}]}', "drafts[1].key"),
    "NUL": (HEAD + b'"drafts": [{"key": "j", "content": "a\\u0000b", "updated": ""}]}',
            "NUL character"),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize(("raw", "expected"), BAD.values(), ids=BAD.keys())
def test_a_bad_file_is_refused_whole_with_a_message_that_names_the_problem(
    created_vault: tuple[VaultPaths, str], tmp_path: Path, raw: bytes, expected: str
) -> None:
    paths, _code = created_vault
    bad = tmp_path / "bad.json"
    bad.write_bytes(raw)
    before = file_hashes(paths.data_dir)
    with pytest.raises(ImportFileError) as caught:
        transfer.read_import_file(bad)
    assert expected in caught.value.message
    assert file_hashes(paths.data_dir) == before


def test_a_file_that_goes_bad_halfway_adds_nothing(created_vault: tuple[VaultPaths, str], tmp_path: Path) -> None:
    paths, _code = created_vault
    doc = _valid(tmp_path)
    doc["drafts"] = [{"key": "a", "content": "first", "updated": ""}, {"key": "b", "content": None, "updated": ""}]
    session = open_with_passphrase(paths)
    try:
        with pytest.raises(ImportFileError):
            transfer.import_document(session, doc)  # even when the caller skipped read_import_file
        assert drafts.load_draft(session, "a") is None
    finally:
        session.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_random_json_never_crashes_the_import(value: object) -> None:
    with contextlib.suppress(ImportFileError):
        transfer.parse_import(json.dumps(value).encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_export_either_imports_cleanly_or_changes_nothing(
    created_vault: tuple[VaultPaths, str], tmp_path: Path, data: st.DataObject
) -> None:
    paths, _code = created_vault
    doc = {"format": "sidebyside-export", "version": 1, "partners": [],
           "drafts": [{"key": "journal", "content": "hello", "updated": "2026-11-26T00:00:00+00:00"}]}
    raw = bytearray(json.dumps(doc).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    session = open_with_passphrase(paths)
    try:
        before = drafts.load_draft(session, "journal")
        try:
            parsed = transfer.parse_import(bytes(raw))
        except ImportFileError:
            assert drafts.load_draft(session, "journal") == before
            return
        transfer.import_document(session, parsed)
        assert partner_names(session) == ["Sam", "Alex"]
    finally:
        session.close()


def test_cli_export_and_import_round_trip(created_vault: tuple[VaultPaths, str], tmp_path: Path) -> None:
    import io

    from sidebyside.cli import main as cli_main

    paths, _code = created_vault
    target = tmp_path / "out.json"
    out = io.StringIO()
    assert cli_main(["export", "--data-dir", str(paths.data_dir), "-o", str(target)],
                    stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=io.StringIO()) == 0
    assert "NOT encrypted" in out.getvalue()
    out = io.StringIO()
    assert cli_main(["import", "--data-dir", str(paths.data_dir), str(target)],
                    stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue() == "Imported: 2 partners already there (skipped).\n"
    err = io.StringIO()
    (tmp_path / "broken.json").write_text("{")
    assert cli_main(["import", "--data-dir", str(paths.data_dir), str(tmp_path / "broken.json")],
                    stdin=io.StringIO(PASSPHRASE + "\n"), stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("sidebyside: broken.json isn't valid JSON") and err.getvalue().count("\n") == 1


def test_journal_entries_travel_with_the_export_but_private_ones_never_do(tmp_path: Path, cheap_kdf: object) -> None:
    from datetime import datetime

    from sidebyside.core.domain.journal import EntryFields, Link
    from sidebyside.core.services import journal

    source = VaultPaths(tmp_path / "a")
    make_vault(source)
    session = open_with_passphrase(source)
    written = datetime(2025, 3, 14, 21, 30).astimezone()
    journal.create_entry(session, EntryFields(1, written, "Dinner <b>party</b>", "# not a heading\nI felt *alone*.",
                                              2, ("dinner", "Friends"), pinned=True, links=(Link("button", "b1"),)))
    journal.create_private_space(session, 2, "alex own words here", "alex own words here", cheap_kdf)  # type: ignore[arg-type]
    journal.create_entry(session, EntryFields(2, written, "only mine", "PRIVATE-MARKER words", 1, private=True))
    transfer.export_json(session, tmp_path / "e.json")
    transfer.export_markdown(session, tmp_path / "e.md")
    session.close()
    for name in ("e.json", "e.md"):
        assert "PRIVATE-MARKER" not in (tmp_path / name).read_text("utf-8")
    markdown = (tmp_path / "e.md").read_text("utf-8")
    assert "Sam: Dinner \\<b\\>party\\</b\\>" in markdown and "\\# not a heading" in markdown

    target = VaultPaths(tmp_path / "b")
    make_vault(target)
    session = open_with_passphrase(target)
    try:
        summary, _ = transfer.import_document(session, transfer.read_import_file(tmp_path / "e.json"))
        assert summary.added["entries"] == 1
        [row] = journal.list_entries(session)
        entry = journal.get_entry(session, row.uid)
        assert (entry.fields.title, entry.fields.body, entry.fields.mood) == (
            "Dinner <b>party</b>", "# not a heading\nI felt *alone*.", 2)
        assert entry.fields.tags == ("dinner", "Friends") and entry.fields.pinned
        assert entry.fields.links == (Link("button", "b1"),)
        assert entry.fields.written_at == written
        again, _ = transfer.import_document(session, transfer.read_import_file(tmp_path / "e.json"))
        assert again.added["entries"] == 0 and again.skipped["entries"] == 1
    finally:
        session.close()


def test_an_entry_with_a_wrong_type_names_the_entry_and_the_field(created_vault: tuple[VaultPaths, str]) -> None:
    raw = (HEAD + b'"entries": [{"id": "x1", "author": 1, "written": "2025-01-01T10:00:00+01:00", "created": "",'
           b' "updated": "", "title": "", "body": "", "mood": "sad"}]}')
    with pytest.raises(ImportFileError) as caught:
        transfer.parse_import(raw)
    assert caught.value.message == 'In "entries[0]": "mood" must be a number from 1 to 5, or null.'


def test_buttons_travel_but_drafts_stay_and_private_entries_need_consent(tmp_path: Path, cheap_kdf: object) -> None:
    from datetime import datetime

    from sidebyside.core.domain.buttons import ButtonFields
    from sidebyside.core.domain.journal import EntryFields
    from sidebyside.core.services import buttons, journal

    source = VaultPaths(tmp_path / "a")
    make_vault(source)
    session = open_with_passphrase(source)
    b_uid, _ = buttons.create_button(session, ButtonFields(1, "<b>Late</b> again", "work", 4, helps="A text",
                                                           printable=True))
    journal.create_private_space(session, 1, "sam own words here", "sam own words here", cheap_kdf)  # type: ignore[arg-type]
    buttons.create_button(session, ButtonFields(1, "DRAFT-MARKER", "family", 2, draft=True))
    written = datetime(2025, 1, 2, 9, 0).astimezone()
    journal.create_entry(session, EntryFields(1, written, "Mine", "PRIVATE-MARKER", private=True))
    transfer.export_json(session, tmp_path / "plain.json")
    transfer.export_json(session, tmp_path / "with-private.json", private_of=(1,))
    transfer.export_markdown(session, tmp_path / "e.md")
    session.close()
    plain = (tmp_path / "plain.json").read_text("utf-8")
    assert "DRAFT-MARKER" not in plain and "PRIVATE-MARKER" not in plain
    assert "PRIVATE-MARKER" in (tmp_path / "with-private.json").read_text("utf-8")
    assert "## Buttons: Sam" in (tmp_path / "e.md").read_text("utf-8")
    assert "\\<b\\>Late\\</b\\> again" in (tmp_path / "e.md").read_text("utf-8")

    target = VaultPaths(tmp_path / "b")
    make_vault(target)
    session = open_with_passphrase(target)
    try:
        summary, _ = transfer.import_document(session, transfer.read_import_file(tmp_path / "with-private.json"))
        assert summary.added["buttons"] == 1 and summary.added["entries"] == 0
        assert summary.skipped["private entries (open the private space to import them)"] == 1
        assert buttons.get_button(session, b_uid).fields.topic == "<b>Late</b> again"
        journal.create_private_space(session, 1, "new space words", "new space words", cheap_kdf)  # type: ignore[arg-type]
        again, _ = transfer.import_document(session, transfer.read_import_file(tmp_path / "with-private.json"))
        assert again.added["entries"] == 1 and again.skipped["buttons"] == 1
        [row] = journal.list_entries(session)
        assert row.private and journal.get_entry(session, row.uid).fields.body == "PRIVATE-MARKER"
        journal.lock_private_space(session, 1)
        assert journal.get_entry(session, row.uid).sealed  # imported sealed, under the new space's key
    finally:
        session.close()


def test_conversations_travel_through_an_export_and_back(tmp_path: Path) -> None:
    from sidebyside.core.domain.conversation import Conversation, Position, Step
    from sidebyside.core.services import conversations

    source = VaultPaths(tmp_path / "old-laptop")
    make_vault(source)
    session = open_with_passphrase(source)
    conv = Conversation(afraid=False, calm={1: 4, 2: 4}, first_speaker=2, topic="Dinner <b>party</b>")
    conv.turn(0).what_happened = "You laughed at my plan."
    conv.turn(0).feelings = ["hurt"]
    conv.position = Position(Step.FEELINGS)
    conversations.save(session, conv)
    session.close()
    markdown = _export(source, tmp_path, "md").read_text(encoding="utf-8")
    assert "Dinner \\<b\\>party\\</b\\>" in markdown and "You laughed at my plan." in markdown

    target = VaultPaths(tmp_path / "new-laptop")
    make_vault(target)
    session = open_with_passphrase(target)
    try:
        doc = transfer.read_import_file(_export(source, tmp_path))
        summary, changes = transfer.import_document(session, doc)
        assert summary.added["conversations"] == 1 and changes.conversations
        (listed,) = conversations.list_conversations(session)
        back = conversations.get(session, listed.uid)
        assert back.turns[0].what_happened == "You laughed at my plan." and back.position == Position(Step.FEELINGS)
        assert back.turns[0].speaker == 2 and listed.topic == "Dinner <b>party</b>"
        again, _ = transfer.import_document(session, doc)
        assert again.skipped["conversations"] == 1 and again.added["conversations"] == 0
    finally:
        session.close()
