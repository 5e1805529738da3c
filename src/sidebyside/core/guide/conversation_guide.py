"""A conversation in the couple's own words, as a ``Document``: the summary at the end of "Talk it through"
and the personalised guide that prints from it. Empty answers leave their label out (the blocks do that);
every piece of user text is escaped by the blocks (``document.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sidebyside.core.domain.buttons import Button
from sidebyside.core.domain.conversation import Conversation, Step, Turn, Verdict
from sidebyside.core.guide.document import Block, Document, Paragraph, Section, Subheading, Table
from sidebyside.core.services.talk_content import TalkContent


@dataclass(frozen=True)
class GuideParts:
    conv: Conversation
    names: Mapping[int, str]
    buttons: Mapping[str, Button]  # every button the conversation picked that still exists
    content: TalkContent
    day: str  # the conversation's date, formatted for the reader
    follow_up: str = ""  # the follow-up date, formatted for the reader ("" when none)


def _words(values: list[str], own: str) -> str:
    return ", ".join([*values, *([own.strip()] if own.strip() else [])])


def _turn(parts: GuideParts, turn: Turn) -> Section:
    """One speaker's turn: one table (so the answers line up), then short notes, then the buttons pressed."""
    c, names = parts.content, parts.names
    speaker, listener = names.get(turn.speaker, "?"), names.get(turn.listener, "?")
    understood = [r for r in turn.rounds if r.verdict is Verdict.UNDERSTOOD]
    final = understood[-1] if understood else turn.reflection
    request = turn.request.strip().rstrip("?")
    rows = [("What happened", turn.what_happened),
            ("When", turn.when),  # short labels leave the answers room on the page
            ("Feelings", _words(turn.feelings, turn.own_feelings)),
            ("Needs", _words(turn.needs, turn.own_need)),
            ("Request", f"{c.text(Step.IMPACT, 'request_opening')} {request}?" if request else ""),
            (f"{listener} heard", final.heard),
            ("What makes sense about it", final.makes_sense),
            (f"How it looked to {listener}", turn.other_view if turn.open_now else ""),
            (f"What set {speaker} up", _words(turn.setups, turn.own_setup)),
            (f"{speaker} regrets", turn.regret),
            (f"{speaker} apologises for", turn.apology),
            (f"{listener} still needs", turn.still_needed if turn.accepted is False else "")]
    blocks: list[Block] = [Table(tuple(rows), user_labels=True)]  # labels hold names: escaped and isolated
    notes = [f"{speaker} felt understood." if understood else "",
             f"{listener}’s view: later, when {speaker} is ready." if turn.open_now is False else "",
             f"{listener} accepted the apology." if turn.accepted is True and (turn.regret.strip() or
                                                                               turn.apology.strip()) else ""]
    if any(notes):
        blocks.append(Paragraph(" ".join(n for n in notes if n), kind="small"))
    for uid in turn.buttons:
        button = parts.buttons.get(uid)
        if button is None:
            continue
        f = button.fields
        blocks.append(Subheading(f.topic, note=f"button of {names.get(f.owner, '?')}"))
        blocks.append(Table((("What helps", f.helps), ("In company", f.public_plan if f.public_ok else ""))))
    return Section(f"{speaker} spoke, {listener} listened", tuple(blocks), user_heading=True)


def conversation_guide(parts: GuideParts) -> Document:
    """The personalised conversation guide (also shown as the conversation's summary)."""
    conv, names = parts.conv, parts.names
    blocks: list[Block] = [_turn(parts, t) for t in conv.turns if t.what_happened.strip() or t.feelings
                           or t.own_feelings.strip()]
    if "yes" in (conv.recurring, conv.older) or conv.topic_count >= 3:
        said = [text for flag, text in ((conv.recurring == "yes", "This keeps coming back."),
                                        (conv.older == "yes", "Something older may be underneath it."),
                                        (conv.topic_count >= 3, "Something like it (the same topic, or a button "
                                                                f"pressed again) has come up in {conv.topic_count} of "
                                                                "our conversations."))
                if flag]
        blocks.append(Section("Bigger than tonight", (
            Paragraph(" ".join(said), user=False),
            Paragraph("A couples therapist can help us look underneath, together. SideBySide is not therapy.",
                      user=False, kind="small"))))
    plan = Table(((f"{names.get(1, '?')} will", conv.plan.get(1, "")),
                  (f"{names.get(2, '?')} will", conv.plan.get(2, "")),
                  ("Our signal", conv.signal), ("We check in again on", parts.follow_up)), user_labels=True)
    blocks.append(Section("Next time", (plan,)))
    who = f"{names.get(1, '?')} and {names.get(2, '?')} · {parts.day}"
    subtitle = f"{conv.topic.strip()} · {who}" if conv.topic.strip() else who
    return Document("Our conversation", tuple(blocks), subtitle=subtitle, user_content=True)


def follow_up_date(conv: Conversation) -> date | None:
    try:
        return date.fromisoformat(conv.follow_up) if conv.follow_up else None
    except ValueError:
        return None
