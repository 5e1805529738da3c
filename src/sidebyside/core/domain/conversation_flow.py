"""Where a repair conversation goes next: a pure function of what has been said so far (no Qt, no I/O).

The order: safety → calm (→ break → calm …) → the first speaker's turn → the second speaker's turn →
bigger than tonight? (→ a kind page) → plan → summary. A turn is: what happened → feelings → impact
and need → listen and validate (looping until the speaker feels understood) → the other view (only
when understood *and* open to it now) → buttons → our part.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sidebyside.core.domain.conversation import (
    TURN_STEPS,
    Conversation,
    Position,
    Reflection,
    Status,
    Step,
    Turn,
    Verdict,
)
from sidebyside.core.errors import ValidationError

CALM_ENOUGH = 3  # on the 1 (very upset) .. 5 (calm) scale: below this, take a break
PULSE_BREAK_ABOVE = 100  # beats a minute: above this, the body is flooded (Gottman Institute)
BREAK_MIN = timedelta(minutes=20)
BREAK_MAX = timedelta(hours=24)


def needs_break(conv: Conversation) -> bool:
    """Either partner not calm enough, or with a racing pulse."""
    for slot in (1, 2):
        level, pulse = conv.calm.get(slot), conv.pulse.get(slot)
        if level is not None and level < CALM_ENOUGH:
            return True
        if pulse is not None and pulse > PULSE_BREAK_ABOVE:
            return True
    return False


def goes_deeper(conv: Conversation) -> bool:
    """The answers (or the history of this topic) say this is bigger than tonight."""
    return "yes" in (conv.recurring, conv.older) or conv.topic_count >= 3


def missing(conv: Conversation, pos: Position | None = None) -> str:
    """What must be answered before leaving ``pos`` (default: where the conversation is); "" if nothing."""
    pos = pos or conv.position
    step = pos.step
    if step is Step.SAFETY and conv.afraid is None:
        return "Please answer the safety question first."
    if step is Step.CALM:
        if any(conv.calm.get(slot) is None for slot in (1, 2)):
            return "Please each say how calm you feel."
        if not needs_break(conv) and conv.first_speaker not in (1, 2):
            return "Please choose who speaks first."
    if step is Step.BREAK and not conv.break_until:
        return "Please agree on a time to come back."
    if step is Step.UNSAFE or step is Step.SUMMARY:
        return ""
    if step not in TURN_STEPS:
        return ""
    turn = conv.turn(pos.turn)
    if step is Step.WHAT_HAPPENED and not turn.what_happened.strip():
        return "Please write what happened, in a sentence."
    if step is Step.FEELINGS and not (turn.feelings or turn.own_feelings.strip()):
        return "Please choose at least one feeling, or write your own."
    if step is Step.LISTEN:
        reflection = turn.reflection
        if not reflection.heard.strip():
            return "The listener says back what they heard first."
        if reflection.verdict is Verdict.NONE:
            return "Please say whether you feel understood."
        if reflection.verdict is Verdict.UNDERSTOOD and turn.open_now is None:
            return "Please say whether you are open to hearing the other view now."
    return ""


def can_enter(conv: Conversation, pos: Position) -> bool:
    """The validate-first lock: the other view opens only after "I feel understood" and "yes, now"."""
    if pos.step is Step.OTHER_VIEW:
        turn = conv.turn(pos.turn)
        return turn.understood and turn.open_now is True
    return True


def next_position(conv: Conversation, pos: Position | None = None) -> Position | None:
    """Where "Next" leads from ``pos``; None at the end (unsafe stop, or the summary)."""
    pos = pos or conv.position
    step, t = pos.step, pos.turn
    if step is Step.SAFETY:
        return Position(Step.UNSAFE) if conv.afraid else Position(Step.CALM)
    if step is Step.UNSAFE or step is Step.SUMMARY:
        return None
    if step is Step.CALM:
        return Position(Step.BREAK) if needs_break(conv) else Position(Step.WHAT_HAPPENED, 0)
    if step is Step.BREAK:
        return Position(Step.CALM)
    if step is Step.LISTEN:
        turn = conv.turn(t)
        if not turn.understood:
            return Position(Step.LISTEN, t)  # "not quite yet": the listener tries again
        return Position(Step.OTHER_VIEW, t) if turn.open_now else Position(Step.BUTTONS, t)
    if step is Step.OUR_PART:
        return Position(Step.WHAT_HAPPENED, 1) if t == 0 else Position(Step.BIGGER)
    if step in TURN_STEPS:
        return Position(TURN_STEPS[TURN_STEPS.index(step) + 1], t)
    if step is Step.BIGGER:
        return Position(Step.BIGGER_HELP) if goes_deeper(conv) else Position(Step.PLAN)
    if step is Step.BIGGER_HELP:
        return Position(Step.PLAN)
    return Position(Step.SUMMARY)  # from the plan


def forward(conv: Conversation) -> Position | None:
    """Move to the next step (recording where Back goes); raises ValidationError if something is missing."""
    problem = missing(conv)
    if problem:
        raise ValidationError(problem, conv.position.step.value)
    target = next_position(conv)
    if target is None:
        return None
    if not can_enter(conv, target):  # unreachable through next_position; kept as the lock's last word
        raise ValidationError("The other view waits until the speaker feels understood.", "other_view")
    if conv.position.step is Step.LISTEN and conv.turn(conv.position.turn).open_now is not True:
        conv.turn(conv.position.turn).other_view = ""  # "later": nothing of it is kept
    if target.step is Step.LISTEN and conv.position.step is Step.LISTEN:
        conv.turn(target.turn).rounds.append(Reflection())  # a fresh try, the earlier ones kept
    if target.step is Step.CALM and conv.position.step is Step.BREAK:
        conv.calm, conv.pulse = {1: None, 2: None}, {1: None, 2: None}  # check in again after the break
    if conv.position.step is Step.CALM and target.step is Step.WHAT_HAPPENED:
        _order_turns(conv)
    if target.step in TURN_STEPS:
        conv.turn(target.turn)
    conv.history.append(conv.position)
    conv.position = target
    return target


def _order_turns(conv: Conversation) -> None:
    """The first speaker was changed on the way back: each partner keeps their own words, in the new order."""
    first = conv.first_speaker
    if first not in (1, 2) or not conv.turns or conv.turns[0].speaker == first:
        return
    by_speaker = {t.speaker: t for t in conv.turns}
    conv.turns = [by_speaker.get(first) or Turn(speaker=first), by_speaker.get(3 - first) or Turn(speaker=3 - first)]


def back(conv: Conversation) -> Position | None:
    """Go back one page. An untouched fresh try at listening is dropped on the way (back to the try before
    it); from a try with words, Back leaves the listening page, whose earlier tries it shows anyway."""
    if not conv.history:
        return None
    here = conv.position
    if here.step is Step.LISTEN:
        turn = conv.turn(here.turn)
        if len(turn.rounds) > 1 and turn.reflection == Reflection():
            turn.rounds.pop()
        else:
            while len(conv.history) > 1 and conv.history[-1] == here:
                conv.history.pop()
    conv.position = conv.history.pop()
    return conv.position


def check_break_return(now: datetime, until: datetime) -> None:
    """A break lasts at least 20 minutes and less than a day (Gottman Institute on flooding)."""
    if until - now < BREAK_MIN - timedelta(seconds=30):
        raise ValidationError("Please give yourselves at least 20 minutes; the body needs that long to settle.",
                              "break_until")
    if until - now > BREAK_MAX:
        raise ValidationError("Please choose a time within the next 24 hours, so this doesn’t hang between you "
                              "for too long.", "break_until")


def start_break(conv: Conversation, now: datetime, until: datetime) -> None:
    check_break_return(now, until)
    conv.break_until = until.isoformat(timespec="minutes")
    conv.breaks += 1
    conv.status = Status.PAUSED


def break_left(conv: Conversation, now: datetime) -> timedelta:
    """Time until the agreed return (zero when it has come)."""
    if not conv.break_until:
        return timedelta(0)
    return max(datetime.fromisoformat(conv.break_until) - now, timedelta(0))


def end_break(conv: Conversation) -> Position | None:
    """Back from the break: check in again."""
    moved = forward(conv) if conv.position.step is Step.BREAK else None  # leaving needs the agreed time still set
    conv.status = Status.DRAFT
    conv.break_until = ""
    return moved
