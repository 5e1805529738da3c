"""Repair conversations ("Talk it through"): one function per thing a couple does, each in one transaction.

A conversation is saved whole after every step (and while people type), so lock or crash loses
nothing. Safety comes first: a conversation in which either partner said they are afraid of the other
is never written, and any earlier save of it is removed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sidebyside.core.domain.buttons import Button, topic_key
from sidebyside.core.domain.conversation import Conversation, Status, Step
from sidebyside.core.errors import ValidationError
from sidebyside.core.guide.document import Document
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import conversations_repo as repo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultSession, now_iso

CHANGED = Changes(conversations=True)


@dataclass(frozen=True)
class ConversationSummary:
    """One row of the Conversations list."""

    uid: str
    status: Status
    created_at: datetime
    updated_at: datetime
    topic: str  # the topic, or else the first speaker's "what happened"
    speakers: tuple[int, ...]
    step: Step
    break_until: str


def new_conversation() -> Conversation:
    """A conversation not yet saved: nothing is written before the safety question is answered "no"."""
    return Conversation()


def save(session: VaultSession, conv: Conversation) -> Changes:
    """Save a conversation in progress (or as it is being finished). An unsafe one is removed, never saved."""
    if conv.afraid:
        return discard(session, conv)
    if conv.afraid is None and not conv.uid:
        return Changes()  # not started: nothing to keep yet
    conn = session.require_conn()
    if conv.uid:
        existing = repo.one(conn, conv.uid)
        if existing is not None and existing[1] == Status.FINISHED.value:
            if not conv.finished or _loaded(existing) != conv:
                raise ValidationError("This conversation is finished and can no longer be changed.", "status")
            return Changes()  # saved again unchanged: nothing to do
    else:
        conv.uid = uuid.uuid4().hex
        conv.created_at = now_iso()
    buttons = sorted({b for t in conv.turns for b in t.buttons})
    with Transaction(conn):
        repo.upsert(conn, conv.uid, conv.status.value, conv.topic.strip(), conv.created_at, now_iso(), conv.to_json(),
                    buttons)
    return CHANGED


def finish(session: VaultSession, conv: Conversation) -> Changes:
    """Mark the conversation finished (read-only from now on) and save it."""
    if conv.position.step is not Step.SUMMARY:
        raise ValidationError("A conversation can be finished from its summary.", "status")
    conv.status = Status.FINISHED
    return save(session, conv)


def discard(session: VaultSession, conv: Conversation) -> Changes:
    """Remove every saved trace of the conversation (the unsafe stop, or "delete")."""
    if not conv.uid:
        return Changes()
    conn = session.require_conn()
    with Transaction(conn):
        repo.delete(conn, conv.uid)
    conv.uid = ""
    return CHANGED


def delete(session: VaultSession, uid: str) -> Changes:
    return discard(session, get(session, uid))


def get(session: VaultSession, uid: str) -> Conversation:
    row = repo.one(session.require_conn(), uid)
    if row is None:
        raise ValidationError("That conversation no longer exists.", "conversation")
    return _loaded(row)


def _loaded(row: repo.Row) -> Conversation:
    uid, status, _topic, created, _updated, content = row
    try:
        conv = Conversation.from_json(content)
    except (ValueError, TypeError, KeyError):
        raise ValidationError("This conversation couldn’t be read. The rest of the vault is fine; a backup from "
                              "before it was saved may still hold it.", "conversation") from None
    conv.uid, conv.created_at, conv.status = uid, created, Status(status)
    return conv


def list_conversations(session: VaultSession) -> list[ConversationSummary]:
    """Every saved conversation, newest first."""
    out = []
    for row in repo.all_rows(session.require_conn()):
        try:
            conv = _loaded(row)
        except ValidationError:
            continue
        first = conv.turns[0].what_happened if conv.turns else ""
        out.append(ConversationSummary(
            uid=conv.uid, status=conv.status, created_at=datetime.fromisoformat(row[3]),
            updated_at=datetime.fromisoformat(row[4]), topic=conv.topic.strip() or " ".join(first.split()),
            speakers=tuple(conv.speakers()), step=conv.position.step, break_until=conv.break_until))
    return out


def topic_count(session: VaultSession, conv: Conversation) -> int:
    """How many conversations (this one included) share its topic or one of its pressed buttons."""
    mine_topic = topic_key(conv.topic) if conv.topic.strip() else ""
    mine_buttons = {b for t in conv.turns for b in t.buttons}
    count = 1
    for row in repo.all_rows(session.require_conn()):
        if row[0] == conv.uid:
            continue
        try:
            other = _loaded(row)
        except ValidationError:
            continue
        same_topic = bool(mine_topic) and topic_key(other.topic) == mine_topic
        if same_topic or mine_buttons & {b for t in other.turns for b in t.buttons}:
            count += 1
    return count


def step_buttons(session: VaultSession, conv: Conversation) -> list[Button]:
    """Buttons to pick from: every live button, plus any already picked that was archived since."""
    from sidebyside.core.services import buttons

    picked = {b for t in conv.turns for b in t.buttons}
    shown = buttons.list_buttons(session, include_archived=True)
    return [b for b in shown if not b.archived or b.uid in picked]


def conversations_with_button(session: VaultSession, button_uid: str) -> list[ConversationSummary]:
    """Conversations in which this button was pressed (for the button's form)."""
    wanted = set(repo.with_button(session.require_conn(), button_uid))
    return [c for c in list_conversations(session) if c.uid in wanted]


def _plain_day(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def guide(session: VaultSession, conv: Conversation, format_day: Callable[[date], str] = _plain_day) -> Document:
    """The personalised conversation guide (finished or draft), dates written by ``format_day``."""
    from sidebyside.core.guide.conversation_guide import GuideParts, conversation_guide, follow_up_date
    from sidebyside.core.services import buttons
    from sidebyside.core.services.talk_content import talk_content
    from sidebyside.core.services.vault_service import overview

    names = {p.slot: p.name for p in overview(session).partners}
    picked = {uid for t in conv.turns for uid in t.buttons}
    shown = {b.uid: b for b in buttons.list_buttons(session, include_archived=True) if b.uid in picked}
    started = datetime.fromisoformat(conv.created_at).astimezone().date() if conv.created_at else date.today()
    follow = follow_up_date(conv)
    return conversation_guide(GuideParts(conv, names, shown, talk_content(), format_day(started),
                                         format_day(follow) if follow else ""))
