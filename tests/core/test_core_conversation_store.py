"""Saving "Talk it through" conversations in the vault: nothing before the safety answer, nothing at all when
someone is afraid, drafts that resume exactly after a lock, finished ones read-only, the Conversations list,
recurring topics, the buttons a conversation touched, damaged rows, no plaintext on disk, and the v3 → v4
migration."""

from __future__ import annotations

import random
import string
from dataclasses import fields
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import pytest
from core_helpers import PASSPHRASE, make_vault, open_with_passphrase, reopen, scan_for

from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.conversation import Conversation, Position, Reflection, Status, Step, Turn, Verdict
from sidebyside.core.domain.conversation_flow import goes_deeper
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import buttons, conversations, vault_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import backup, schema
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultPaths, VaultSession

LONG = ("Ich war so müde 🙂 <img src=x onerror=alert(1)> ‏שלום, מה שלומך? ‎مرحبا ") * 200
LONG = LONG[:10_000]
HTML = "<img src=x onerror=alert(1)><b>bold</b> &amp; </textarea><script>x()</script>"
RTL = "‮שלום‬ — مرحبا بك؛ كيف حالك؟"
EMOJI = "👩‍❤️‍👨 🫶🏽 🇳🇱 ️"


def rows(session: VaultSession, table: str = "conversations") -> int:
    return int(session.require_conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def started(topic: str = "", first: str = "", button_uids: tuple[str, ...] = (), speaker: int = 1) -> Conversation:
    """A conversation past the safety question, in the first speaker's turn."""
    conv = conversations.new_conversation()
    conv.afraid = False
    conv.topic = topic
    conv.calm, conv.first_speaker = {1: 4, 2: 4}, speaker
    conv.position = Position(Step.FEELINGS, 0)
    conv.history = [Position(Step.SAFETY), Position(Step.CALM), Position(Step.WHAT_HAPPENED, 0)]
    turn = conv.turn(0)
    turn.what_happened = first or "You left the party without me."
    turn.buttons = list(button_uids)
    return conv


def full_conversation() -> Conversation:
    """Every field filled, with long, HTML, right-to-left and emoji text; paused mid-way through turn 2."""
    def turn(speaker: int, tag: str, open_now: bool | None, accepted: bool | None) -> Turn:
        return Turn(
            speaker=speaker, what_happened=f"{tag} {LONG}", feelings=["hurt", "lonely", HTML], own_feelings=RTL,
            when=f"{tag} {HTML}", needs=["respect", "being heard"], own_need=EMOJI, request=f"{tag} {RTL}",
            rounds=[Reflection(heard=LONG, makes_sense=HTML, verdict=Verdict.NOT_YET, missed=f"{tag} {EMOJI}"),
                    Reflection(heard=RTL, makes_sense=EMOJI, verdict=Verdict.UNDERSTOOD),
                    Reflection(heard="half-typed …")],
            open_now=open_now, other_view=f"{tag} {LONG}", buttons=["b-one", "b-two"], setups=["tired", "rushed"],
            own_setup=HTML, regret=RTL, apology=EMOJI, accepted=accepted, still_needed=f"{tag} {LONG}")

    return Conversation(
        afraid=False, status=Status.PAUSED, topic=f"{HTML} {RTL} {EMOJI}", calm={1: 4, 2: 3}, pulse={1: 88, 2: None},
        first_speaker=2, break_until="2026-03-14T22:10+01:00", breaks=2,
        turns=[turn(2, "first", True, True), turn(1, "second", False, None)],
        recurring="yes", older="unsure", topic_count=2, plan={1: LONG, 2: HTML}, signal=RTL, follow_up="2026-03-21",
        position=Position(Step.LISTEN, 1),
        history=[Position(Step.SAFETY), Position(Step.CALM), Position(Step.BREAK), Position(Step.CALM),
                 *(Position(s, 0) for s in (Step.WHAT_HAPPENED, Step.FEELINGS, Step.IMPACT, Step.LISTEN,
                                            Step.OTHER_VIEW, Step.BUTTONS, Step.OUR_PART)),
                 *(Position(s, 1) for s in (Step.WHAT_HAPPENED, Step.FEELINGS, Step.IMPACT, Step.LISTEN,
                                            Step.LISTEN))])


def add_button(session: VaultSession, topic: str, owner: int = 1) -> str:
    uid, _ = buttons.create_button(session, ButtonFields(owner=owner, topic=topic, category="family"))
    return uid


# -- safety first ---------------------------------------------------------------------------------------------


def test_nothing_is_written_before_the_safety_question_is_answered_no(session: VaultSession) -> None:
    conv = conversations.new_conversation()
    assert conversations.save(session, conv) == Changes()
    conv.topic = "Saturday's dinner"  # typed before answering: still nothing kept
    assert conversations.save(session, conv) == Changes()
    assert conv.uid == "" and rows(session) == 0 and conversations.list_conversations(session) == []

    conv.afraid = False
    assert conversations.save(session, conv).conversations
    assert conv.uid and rows(session) == 1
    assert [c.uid for c in conversations.list_conversations(session)] == [conv.uid]


def test_answering_afraid_removes_every_earlier_save(vault: VaultPaths) -> None:
    s = open_with_passphrase(vault)
    try:
        button = add_button(s, "Raised voices")
        conv = started(topic="The shouting", button_uids=(button,))
        conversations.save(s, conv)
        uid = conv.uid
        assert rows(s) == 1 and rows(s, "conversation_buttons") == 1

        conv.afraid = True  # someone went back and answered the safety question again
        assert conversations.save(s, conv).conversations
        assert conv.uid == ""
        assert conversations.list_conversations(s) == []
        assert rows(s) == 0 and rows(s, "conversation_buttons") == 0
        assert conversations.conversations_with_button(s, button) == []
        with pytest.raises(ValidationError):
            conversations.get(s, uid)

        conversations.save(s, conv)  # saving again, still afraid: still nothing
        assert rows(s) == 0
        s = reopen(s)
        assert conversations.list_conversations(s) == [] and rows(s) == 0
    finally:
        s.close()


def test_an_unsafe_conversation_that_was_never_saved_writes_nothing(session: VaultSession) -> None:
    conv = conversations.new_conversation()
    conv.afraid = True
    conv.topic = "should not be kept"
    assert conversations.save(session, conv) == Changes()
    assert rows(session) == 0 and conv.uid == ""
    assert "should not be kept" not in Conversation(afraid=True).to_json()
    assert '"afraid": null' in Conversation(afraid=True).to_json()  # not even the answer itself


# -- resume after a lock --------------------------------------------------------------------------------------


def test_a_conversation_saved_mid_step_resumes_exactly_after_lock_and_unlock(vault: VaultPaths) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    s = open_with_passphrase(vault)
    try:
        conv = full_conversation()
        assert conversations.save(s, conv).conversations
        uid = conv.uid
        assert len(uid) >= 16 and conv.created_at
        s = reopen(s)

        back = conversations.get(s, uid)
        assert back == conv  # every field, every try at listening, where they were and the way back
        assert back.turns[0].what_happened == f"first {LONG}" and len(back.turns[1].still_needed) == 10_007
        assert back.topic == f"{HTML} {RTL} {EMOJI}"
        assert back.position == Position(Step.LISTEN, 1) and len(back.turns[1].rounds) == 3
        assert back.turns[1].reflection.heard == "half-typed …"
        assert back.status is Status.PAUSED and back.break_until == "2026-03-14T22:10+01:00"

        [row] = conversations.list_conversations(s)
        assert (row.uid, row.status, row.step, row.speakers) == (uid, Status.PAUSED, Step.LISTEN, (2, 1))
        assert row.topic == f"{HTML} {RTL} {EMOJI}" and row.break_until == conv.break_until
        assert before <= row.created_at <= row.updated_at <= datetime.now(UTC)

        back.turns[1].reflection.heard = "What I hear is you wanted me to stay."  # carry on typing, save again
        back.turns[1].reflection.verdict = Verdict.UNDERSTOOD
        conversations.save(s, back)
        s = reopen(s)
        again = conversations.get(s, uid)
        assert again == back and again.created_at == conv.created_at
        assert rows(s) == 1
    finally:
        s.close()


def test_a_skipped_everything_conversation_round_trips(session: VaultSession) -> None:
    conv = Conversation(afraid=False, position=Position(Step.CALM), history=[Position(Step.SAFETY)])
    conversations.save(session, conv)
    back = conversations.get(session, conv.uid)
    assert back == conv
    assert back.turns == [] and back.calm == {1: None, 2: None} and back.first_speaker is None
    [row] = conversations.list_conversations(session)
    assert (row.topic, row.speakers, row.step, row.status) == ("", (), Step.CALM, Status.DRAFT)


def test_json_round_trip_without_the_vault() -> None:
    conv = full_conversation()
    assert Conversation.from_json(conv.to_json()) == conv
    assert Conversation.from_json('{"unknown": 1, "topic": "only this"}') == Conversation(topic="only this")


# -- finished ---------------------------------------------------------------------------------------------------


def test_a_finished_conversation_is_read_only(session: VaultSession) -> None:
    conv = started(topic="The holiday plans")
    conversations.save(session, conv)
    with pytest.raises(ValidationError, match="from its summary"):
        conversations.finish(session, conv)
    assert conversations.get(session, conv.uid).status is Status.DRAFT

    conv.position = Position(Step.SUMMARY)
    assert conversations.finish(session, conv).conversations
    stored = conversations.get(session, conv.uid)
    assert stored.finished and stored == conv

    conv.status = Status.DRAFT
    with pytest.raises(ValidationError, match="finished") as caught:
        conversations.save(session, conv)
    assert caught.value.field == "status"

    conv.status = Status.FINISHED
    conv.turns[0].what_happened = "Rewritten afterwards"
    with pytest.raises(ValidationError, match="finished"):
        conversations.save(session, conv)
    assert conversations.get(session, conv.uid) == stored  # the words as they were finished
    assert conversations.list_conversations(session)[0].status is Status.FINISHED

    conversations.save(session, conversations.get(session, conv.uid))  # saving it unchanged is harmless
    assert conversations.get(session, conv.uid) == stored


# -- the Conversations list -----------------------------------------------------------------------------------


def test_the_list_shows_status_date_speakers_and_topic_newest_first(session: VaultSession) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    finished = started(topic="  Dinner with the Jansens  ", speaker=2)
    finished.turn(1).what_happened = "You said my plan wasn't realistic."
    finished.position = Position(Step.SUMMARY)
    conversations.save(session, finished)
    conversations.finish(session, finished)

    untitled = started(first="  At the station,\n you   walked ahead.  ")
    untitled.status, untitled.break_until = Status.PAUSED, "2026-03-14T22:10+01:00"
    conversations.save(session, untitled)

    barely = Conversation(afraid=False, position=Position(Step.CALM))
    conversations.save(session, barely)

    listed = conversations.list_conversations(session)
    assert [c.uid for c in listed] == [barely.uid, untitled.uid, finished.uid]
    newest, middle, oldest = listed
    assert (oldest.status, oldest.topic, oldest.speakers, oldest.step) == (
        Status.FINISHED, "Dinner with the Jansens", (2, 1), Step.SUMMARY)
    assert (middle.status, middle.topic, middle.speakers, middle.step, middle.break_until) == (
        Status.PAUSED, "At the station, you walked ahead.", (1,), Step.FEELINGS, "2026-03-14T22:10+01:00")
    assert (newest.status, newest.topic, newest.speakers) == (Status.DRAFT, "", ())
    for row in listed:
        assert before <= row.created_at <= datetime.now(UTC) and row.created_at.tzinfo is not None


# -- recurring topics -----------------------------------------------------------------------------------------


def test_topic_count_counts_the_same_topic_or_a_pressed_button_and_reaches_three(session: VaultSession) -> None:
    money = add_button(session, "Money worries")
    tonight = started(topic="Dinner parties")
    assert conversations.topic_count(session, tonight) == 1  # this one

    conversations.save(session, started(topic="dinner PARTIES"))
    assert conversations.topic_count(session, tonight) == 2
    conversations.save(session, started(topic="  Dînner   parties! "))  # case, accents, spaces, punctuation aside
    tonight.topic_count = conversations.topic_count(session, tonight)
    assert tonight.topic_count == 3
    assert goes_deeper(tonight)

    conversations.save(session, started(topic="Holidays"))  # unrelated
    conversations.save(session, started(topic="", first="Dinner parties"))  # no topic: not the same topic
    conversations.save(session, tonight)  # saving this one doesn't count it twice
    assert conversations.topic_count(session, tonight) == 3

    conversations.save(session, started(topic="The car", button_uids=(money,)))
    tonight.turn(0).buttons = [money]
    assert conversations.topic_count(session, tonight) == 4  # shares a pressed button

    no_topic = started(topic="   ")
    assert conversations.topic_count(session, no_topic) == 1  # untitled conversations don't all match


# -- buttons --------------------------------------------------------------------------------------------------


def test_step_buttons_keeps_an_archived_button_already_picked_but_no_other_archived(session: VaultSession) -> None:
    live = add_button(session, "Being interrupted")
    picked_then_archived = add_button(session, "My mother", owner=2)
    archived = add_button(session, "Old flames")
    buttons.set_archived(session, picked_then_archived, True)
    buttons.set_archived(session, archived, True)

    conv = started(button_uids=(picked_then_archived,))
    shown = {b.uid for b in conversations.step_buttons(session, conv)}
    assert shown == {live, picked_then_archived}
    assert {b.uid for b in conversations.step_buttons(session, started())} == {live}


def test_a_draft_whose_picked_button_was_deleted_still_loads(vault: VaultPaths) -> None:
    s = open_with_passphrase(vault)
    try:
        gone = add_button(s, "Being late")
        kept = add_button(s, "Phone at dinner", owner=2)
        conv = started(button_uids=(gone, kept))
        conversations.save(s, conv)
        buttons.delete_button(s, gone)
        s = reopen(s)
        back = conversations.get(s, conv.uid)
        assert back == conv
        assert [b.uid for b in conversations.step_buttons(s, back)] == [kept]
        assert [c.uid for c in conversations.list_conversations(s)] == [conv.uid]
    finally:
        s.close()


def test_conversations_with_button_lists_those_that_pressed_it(session: VaultSession) -> None:
    late, phone = add_button(session, "Being late"), add_button(session, "Phone at dinner")
    first = started(topic="first", button_uids=(late,))
    conversations.save(session, first)
    second = started(topic="second", button_uids=(late, phone))
    second.turn(1).buttons = [phone]  # the same button in both turns: listed once
    conversations.save(session, second)
    conversations.save(session, started(topic="none"))

    assert [c.uid for c in conversations.conversations_with_button(session, late)] == [second.uid, first.uid]
    assert [c.topic for c in conversations.conversations_with_button(session, phone)] == ["second"]
    assert conversations.conversations_with_button(session, "no-such-button") == []

    first.turn(0).buttons = [phone]  # changed their mind: links follow the latest save
    conversations.save(session, first)
    assert [c.uid for c in conversations.conversations_with_button(session, late)] == [second.uid]
    assert [c.uid for c in conversations.conversations_with_button(session, phone)] == [second.uid, first.uid]


def test_delete_removes_the_conversation_and_its_links(session: VaultSession) -> None:
    late = add_button(session, "Being late")
    conv, other = started(topic="gone", button_uids=(late,)), started(topic="stays")
    conversations.save(session, conv)
    conversations.save(session, other)
    assert conversations.delete(session, conv.uid).conversations
    with pytest.raises(ValidationError, match="no longer exists"):
        conversations.get(session, conv.uid)
    assert [c.uid for c in conversations.list_conversations(session)] == [other.uid]
    assert conversations.conversations_with_button(session, late) == []
    assert rows(session, "conversation_buttons") == 0
    with pytest.raises(ValidationError):
        conversations.delete(session, conv.uid)


# -- damaged rows ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    '{"topic": "cut off in the midd',
    "",
    "[1, 2, 3]",
    '"just a string"',
    '{"position": ["nowhere", 0]}',
    '{"turns": [1]}',
    '{"turns": "ab"}',
    '{"turns": [{"speaker": 1, "rounds": ["x"]}]}',
    '{"turns": [{"speaker": 1, "feelings": "hurt"}]}',
    '{"topic": 5}',
    '{"history": 7}',
])
def test_a_damaged_row_does_not_break_the_list(session: VaultSession, content: str) -> None:
    late = add_button(session, "Being late")
    good = started(topic="Fine", button_uids=(late,))
    conversations.save(session, good)
    conn = session.require_conn()
    with Transaction(conn):
        conn.execute("INSERT INTO conversations(uid, status, topic, created_at, updated_at, content) "
                      "VALUES ('damaged', 'draft', 'x', '2030-01-01T00:00:00+00:00', '2030-01-01T00:00:00+00:00', ?)",
                      (content,))
        row_id = conn.execute("SELECT id FROM conversations WHERE uid = 'damaged'").fetchone()[0]
        conn.execute("INSERT INTO conversation_buttons(conversation_id, button_uid) VALUES (?, ?)", (row_id, late))

    assert [c.uid for c in conversations.list_conversations(session)] == [good.uid]
    with pytest.raises(ValidationError, match="couldn’t be read"):
        conversations.get(session, "damaged")
    assert [c.uid for c in conversations.conversations_with_button(session, late)] == [good.uid]
    assert conversations.topic_count(session, started(topic="fine", button_uids=(late,))) == 2
    conversations.save(session, started(topic="Still works"))
    assert len(conversations.list_conversations(session)) == 2


# -- P1: no plaintext on disk ---------------------------------------------------------------------------------


def marker(prefix: str) -> str:
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(18))


def mark_every_text(obj: object, tag: str, found: list[str]) -> None:
    """Put a unique marker in every text field (and every list of words) of a conversation, turn or try."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name in ("uid", "created_at", "break_until", "follow_up", "recurring", "older"):
            continue  # ids, dates and fixed answers, not words people type
        if isinstance(value, Enum):
            continue
        if isinstance(value, str):
            text = marker(f"{tag}{f.name[:3]}")
            found.append(text)
            setattr(obj, f.name, f"crème {text} 東京")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            text = marker(f"{tag}{f.name[:3]}")
            found.append(text)
            setattr(obj, f.name, [text])


def needles(markers: list[str]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for text in markers:
        found[f"{text!r} utf-8"] = text.encode("utf-8")
        found[f"{text!r} utf-16"] = text.encode("utf-16-le")
    return found


def test_conversation_text_never_reaches_the_disk_in_plaintext(paths: VaultPaths, session_tmp: Path) -> None:
    make_vault(paths)
    roots = [paths.data_dir, session_tmp]
    conv = full_conversation()
    markers: list[str] = []
    mark_every_text(conv, "c", markers)
    for index, turn in enumerate(conv.turns):
        mark_every_text(turn, f"t{index}", markers)
        for r, reflection in enumerate(turn.rounds):
            mark_every_text(reflection, f"r{index}{r}", markers)
    conv.plan = {1: marker("planone"), 2: marker("plantwo")}
    markers += [conv.plan[1], conv.plan[2]]
    gone = started(topic=marker("gonetopic"), first=marker("gonefirst"))
    markers += [gone.topic, gone.turns[0].what_happened]
    every = needles(markers)
    assert len(markers) >= 40 and all(m in conv.to_json() or m in gone.to_json() for m in markers)

    s = open_with_passphrase(paths)
    try:
        conversations.save(s, conv)
        conversations.save(s, gone)
        gone.afraid = True
        conversations.save(s, gone)  # removed again
        assert conversations.get(s, conv.uid) == conv
        assert (paths.data_dir / "vault.db-wal").stat().st_size > 0  # the conversation sits in the WAL right now
        scanned, hits = scan_for(roots, every)
        assert hits == []
        assert scanned >= 4
    finally:
        s.close()

    scanned, hits = scan_for(roots, every)
    assert hits == [] and scanned >= 2
    s = open_with_passphrase(paths)
    try:
        assert conversations.get(s, conv.uid) == conv
    finally:
        s.close()


# -- migration v3 → v4 ----------------------------------------------------------------------------------------


def test_a_v3_vault_migrates_to_v4_with_the_conversation_tables(
        paths: VaultPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    assert schema.LATEST_VERSION >= 4
    with monkeypatch.context() as old_app:  # the app as it was at v3
        old_app.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        old_app.setattr(schema, "LATEST_VERSION", 3)
        make_vault(paths)
        s = open_with_passphrase(paths)
        try:
            assert vault_service.overview(s).schema_version == 3
            tables = {r[0] for r in s.require_conn().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert "buttons" in tables and "conversations" not in tables
            late = add_button(s, "Being late")
        finally:
            s.close()

    key = vault_service.key_from_passphrase(paths, PASSPHRASE)
    s = vault_service.open_vault(paths, key)  # today's app
    try:
        conn = s.require_conn()
        assert schema.current_version(conn) == schema.LATEST_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"conversations", "conversation_buttons"} <= tables
        assert [b.uid for b in buttons.list_buttons(s)] == [late]  # the v3 data is still there
        conv = started(topic="First one after the upgrade", button_uids=(late,))
        conversations.save(s, conv)
        assert [c.uid for c in conversations.conversations_with_button(s, late)] == [conv.uid]
    finally:
        s.close()

    [saved] = backup.list_backups(paths.backups)
    assert saved.reason == "before-upgrade" and saved.schema_version == 3
