"""Where "Talk it through" goes next, without Qt: safety first, calm (or a break), two turns of speaking and
listening (the other view locked until the speaker feels understood and is open to it), bigger than tonight,
plan and summary — and Back retracing the way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sidebyside.core.domain.conversation import TURN_STEPS, Conversation, Position, Reflection, Status, Step, Verdict
from sidebyside.core.domain.conversation_flow import (
    back,
    break_left,
    can_enter,
    check_break_return,
    end_break,
    forward,
    missing,
    needs_break,
    next_position,
    start_break,
)
from sidebyside.core.errors import ValidationError

NOW = datetime(2026, 3, 14, 21, 30, tzinfo=UTC)


def at(step: Step, turn: int = 0) -> Position:
    return Position(step, turn)


def safe() -> Conversation:
    """Past the safety question, at the calm check."""
    conv = Conversation(afraid=False)
    assert forward(conv) == at(Step.CALM)
    return conv


def calm(first: int = 1) -> Conversation:
    """Both calm, ``first`` speaking: at the first speaker's "what happened"."""
    conv = safe()
    conv.calm = {1: 4, 2: 5}
    conv.first_speaker = first
    assert forward(conv) == at(Step.WHAT_HAPPENED, 0)
    return conv


def to_listen(conv: Conversation) -> None:
    """From "what happened" to "listen": the speaker's required answers only."""
    turn = conv.current_turn()
    assert turn is not None and conv.position.step is Step.WHAT_HAPPENED
    turn.what_happened = f"Partner {turn.listener} said my plan wasn't realistic, at dinner."
    assert forward(conv) == at(Step.FEELINGS, conv.position.turn)
    turn.feelings = ["hurt", "embarrassed"]
    assert forward(conv) == at(Step.IMPACT, conv.position.turn)
    assert forward(conv) == at(Step.LISTEN, conv.position.turn)  # impact and request are optional


def reflect(conv: Conversation, verdict: Verdict, open_now: bool | None = None, missed: str = "") -> None:
    turn = conv.current_turn()
    assert turn is not None and conv.position.step is Step.LISTEN
    turn.reflection.heard = f"What I hear is that it hurt (try {len(turn.rounds)})."
    turn.reflection.makes_sense = "It makes sense, because you'd trusted me with it."
    turn.reflection.verdict = verdict
    turn.reflection.missed = missed
    turn.open_now = open_now


def whole_turn(conv: Conversation, open_now: bool = True) -> list[Position]:
    """One speaker's turn from "what happened" to just after "our part"; returns the positions visited."""
    seen = [conv.position]
    to_listen(conv)
    seen += [at(Step.FEELINGS, conv.position.turn), at(Step.IMPACT, conv.position.turn), conv.position]
    reflect(conv, Verdict.UNDERSTOOD, open_now)
    while True:
        target = forward(conv)
        assert target is not None
        if target.step is not Step.OUR_PART:
            seen.append(target)
            continue
        seen.append(target)
        forward(conv)
        return seen


# -- safety ---------------------------------------------------------------------------------------------------


def test_afraid_stops_at_the_support_page_and_goes_nowhere_after() -> None:
    conv = Conversation(afraid=True)
    assert forward(conv) == at(Step.UNSAFE)
    assert next_position(conv) is None
    assert forward(conv) is None
    assert conv.position == at(Step.UNSAFE)  # nothing after it: no calm check, no turns
    assert conv.turns == []


def test_the_safety_question_must_be_answered_first() -> None:
    conv = Conversation()
    with pytest.raises(ValidationError, match="safety question") as caught:
        forward(conv)
    assert caught.value.field == "safety"
    assert conv.position == at(Step.SAFETY) and conv.history == []


# -- calm, and the break --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("levels", "pulses"), [
    ({1: 2, 2: 5}, {1: None, 2: None}),  # the first partner is upset
    ({1: 5, 2: 1}, {1: None, 2: None}),  # the second is very upset
    ({1: 5, 2: 5}, {1: 101, 2: None}),  # feels calm, but the body is flooded
    ({1: 4, 2: 3}, {1: 72, 2: 140}),
])
def test_not_calm_means_a_break_then_a_fresh_check_in(levels: dict[int, int | None],
                                                       pulses: dict[int, int | None]) -> None:
    conv = safe()
    conv.calm, conv.pulse = dict(levels), dict(pulses)
    assert needs_break(conv)
    assert missing(conv) == ""  # nobody has to choose a first speaker before a break
    assert forward(conv) == at(Step.BREAK)

    with pytest.raises(ValidationError, match="time to come back"):
        forward(conv)  # a break needs an agreed time to come back
    start_break(conv, NOW, NOW + timedelta(minutes=30))
    assert conv.status is Status.PAUSED

    assert forward(conv) == at(Step.CALM)
    assert conv.calm == {1: None, 2: None} and conv.pulse == {1: None, 2: None}  # check in again
    with pytest.raises(ValidationError, match="how calm"):
        forward(conv)
    assert conv.history == [at(Step.SAFETY), at(Step.CALM), at(Step.BREAK)]


@pytest.mark.parametrize(("levels", "pulses"), [
    ({1: 3, 2: 3}, {1: None, 2: None}),  # "steady enough" is enough
    ({1: 5, 2: 4}, {1: 100, 2: 100}),  # 100 exactly is not above 100
])
def test_calm_enough_goes_on_once_someone_is_chosen_to_speak_first(levels: dict[int, int | None],
                                                                   pulses: dict[int, int | None]) -> None:
    conv = safe()
    conv.calm, conv.pulse = dict(levels), dict(pulses)
    assert not needs_break(conv)
    with pytest.raises(ValidationError, match="who speaks first"):
        forward(conv)
    assert conv.position == at(Step.CALM)

    conv.first_speaker = 2
    assert forward(conv) == at(Step.WHAT_HAPPENED, 0)
    turn = conv.current_turn()
    assert turn is not None and (turn.speaker, turn.listener) == (2, 1)


@pytest.mark.parametrize("levels", [{1: None, 2: None}, {1: 4, 2: None}, {1: None, 2: 1}])
def test_each_partner_must_say_how_calm_they_are(levels: dict[int, int | None]) -> None:
    conv = safe()
    conv.calm = dict(levels)
    conv.first_speaker = 1
    with pytest.raises(ValidationError, match="each say how calm"):
        forward(conv)
    assert conv.position == at(Step.CALM)


def test_coming_back_from_a_break_checks_in_again_and_unpauses() -> None:
    conv = safe()
    conv.calm = {1: 1, 2: 5}
    forward(conv)
    start_break(conv, NOW, NOW + timedelta(minutes=45))
    assert (conv.status, conv.breaks) == (Status.PAUSED, 1)

    assert end_break(conv) == at(Step.CALM)
    assert conv.status is Status.DRAFT and conv.break_until == ""
    assert conv.calm == {1: None, 2: None}
    assert end_break(conv) is None  # not on a break: nowhere to go
    assert conv.position == at(Step.CALM)


# -- a turn ---------------------------------------------------------------------------------------------------


def test_a_turn_goes_through_its_steps_in_order() -> None:
    conv = calm(first=1)
    seen = whole_turn(conv, open_now=True)
    assert seen == [at(step, 0) for step in TURN_STEPS]
    assert conv.position == at(Step.WHAT_HAPPENED, 1)


def test_not_understood_loops_back_to_listening_with_a_fresh_try_and_keeps_the_earlier_ones() -> None:
    conv = calm()
    to_listen(conv)
    reflect(conv, Verdict.NOT_YET, missed="That it was in front of our friends.")
    assert next_position(conv) == at(Step.LISTEN, 0)
    assert forward(conv) == at(Step.LISTEN, 0)
    turn = conv.turns[0]
    assert len(turn.rounds) == 2
    assert turn.rounds[0].missed == "That it was in front of our friends."
    assert turn.rounds[0].verdict is Verdict.NOT_YET and turn.rounds[0].heard.startswith("What I hear")
    assert turn.reflection == Reflection()  # the listener starts the new try blank
    assert not can_enter(conv, at(Step.OTHER_VIEW, 0))

    reflect(conv, Verdict.NOT_YET, missed="And that I'd told you first.")
    forward(conv)
    assert [r.missed for r in turn.rounds] == ["That it was in front of our friends.", "And that I'd told you first.",
                                               ""]
    reflect(conv, Verdict.UNDERSTOOD, open_now=True)
    assert forward(conv) == at(Step.OTHER_VIEW, 0)
    assert len(turn.rounds) == 3


def test_understood_but_not_open_now_skips_the_other_view() -> None:
    conv = calm()
    to_listen(conv)
    reflect(conv, Verdict.UNDERSTOOD, open_now=False)
    assert not can_enter(conv, at(Step.OTHER_VIEW, 0))
    assert forward(conv) == at(Step.BUTTONS, 0)
    assert at(Step.OTHER_VIEW, 0) not in conv.history
    assert conv.turns[0].open_now is False  # "later" is recorded


def test_understood_and_open_now_goes_to_the_other_view() -> None:
    conv = calm()
    to_listen(conv)
    reflect(conv, Verdict.UNDERSTOOD, open_now=True)
    assert can_enter(conv, at(Step.OTHER_VIEW, 0))
    assert forward(conv) == at(Step.OTHER_VIEW, 0)
    assert forward(conv) == at(Step.BUTTONS, 0)  # the other view itself is optional


@pytest.mark.parametrize(("verdict", "open_now"), [
    (Verdict.NONE, None), (Verdict.NONE, True), (Verdict.NOT_YET, True), (Verdict.UNDERSTOOD, None),
    (Verdict.UNDERSTOOD, False),
])
def test_the_other_view_stays_locked_until_understood_and_open(verdict: Verdict, open_now: bool | None) -> None:
    conv = calm()
    to_listen(conv)
    reflect(conv, verdict, open_now)
    assert not can_enter(conv, at(Step.OTHER_VIEW, 0))
    assert can_enter(conv, at(Step.BUTTONS, 0))


def test_the_lock_looks_at_the_latest_try_only() -> None:
    conv = calm()
    to_listen(conv)
    turn = conv.turns[0]
    turn.rounds = [Reflection("first", "", Verdict.UNDERSTOOD), Reflection("second", "", Verdict.NOT_YET, "more")]
    turn.open_now = True
    assert not can_enter(conv, at(Step.OTHER_VIEW, 0))
    assert forward(conv) == at(Step.LISTEN, 0)


@pytest.mark.parametrize(("prepare", "expected"), [
    ("what_happened", "what happened"),
    ("what_happened_blank", "what happened"),
    ("feelings", "at least one feeling"),
    ("heard", "says back what they heard"),
    ("verdict", "whether you feel understood"),
    ("open_now", "open to hearing the other view"),
])
def test_forward_refuses_while_a_required_turn_answer_is_missing(prepare: str, expected: str) -> None:
    conv = calm()
    turn = conv.turns[0]
    if prepare == "what_happened_blank":
        turn.what_happened = "  \n\t "
    elif prepare != "what_happened":
        to_listen(conv)
        if prepare == "feelings":
            back(conv)
            back(conv)
            turn.feelings = []
            turn.own_feelings = "   "
        elif prepare == "verdict":
            turn.reflection.heard = "What I hear is …"
        elif prepare == "open_now":
            reflect(conv, Verdict.UNDERSTOOD, open_now=None)
    here, history = conv.position, list(conv.history)
    with pytest.raises(ValidationError, match=expected) as caught:
        forward(conv)
    assert caught.value.field == here.step.value
    assert conv.position == here and conv.history == history  # nothing moved


def test_own_words_are_enough_for_feelings() -> None:
    conv = calm()
    turn = conv.turns[0]
    turn.what_happened = "You laughed when I told the story."
    forward(conv)
    turn.own_feelings = "small, somehow"
    assert forward(conv) == at(Step.IMPACT, 0)


def test_after_the_first_turn_the_partners_swap() -> None:
    conv = calm(first=2)
    whole_turn(conv, open_now=False)
    assert conv.position == at(Step.WHAT_HAPPENED, 1)
    second = conv.current_turn()
    assert second is conv.turns[1]
    assert (conv.turns[0].speaker, conv.turns[0].listener) == (2, 1)
    assert (second.speaker, second.listener) == (1, 2)
    assert second.what_happened == "" and second.rounds == [Reflection()]  # a turn of their own

    seen = whole_turn(conv, open_now=True)
    assert seen == [at(step, 1) for step in TURN_STEPS]
    assert conv.position == at(Step.BIGGER)
    assert conv.speakers() == [2, 1]


def test_changing_who_speaks_first_on_the_way_back_changes_the_speaker() -> None:
    conv = calm(first=1)
    conv.turns[0].what_happened = "Partner 1's words"
    back(conv)
    assert conv.position == at(Step.CALM)
    conv.first_speaker = 2
    forward(conv)
    turn = conv.current_turn()
    assert turn is not None and (turn.speaker, turn.listener) == (2, 1)
    assert turn.what_happened == ""  # partner 1's words are not put in partner 2's mouth
    assert conv.turn(1).speaker == 1 and conv.turn(1).what_happened == "Partner 1's words"


# -- bigger than tonight, plan, summary ----------------------------------------------------------------------


def through_both_turns() -> Conversation:
    conv = calm()
    whole_turn(conv)
    whole_turn(conv, open_now=False)
    assert conv.position == at(Step.BIGGER)
    return conv


@pytest.mark.parametrize(("recurring", "older", "count", "deeper"), [
    ("yes", "", 1, True),
    ("", "yes", 0, True),
    ("no", "no", 3, True),
    ("unsure", "no", 7, True),
    ("", "", 0, False),
    ("no", "unsure", 2, False),
    ("unsure", "unsure", 1, False),
])
def test_bigger_than_tonight_shows_the_kind_page_only_when_the_answers_say_so(
        recurring: str, older: str, count: int, deeper: bool) -> None:
    conv = through_both_turns()
    conv.recurring, conv.older, conv.topic_count = recurring, older, count
    if deeper:
        assert forward(conv) == at(Step.BIGGER_HELP)
    assert forward(conv) == at(Step.PLAN)
    assert forward(conv) == at(Step.SUMMARY)
    assert next_position(conv) is None
    assert forward(conv) is None
    assert conv.position == at(Step.SUMMARY)
    assert (at(Step.BIGGER_HELP) in conv.history) is deeper


# -- back -----------------------------------------------------------------------------------------------------


def test_back_retraces_the_way_exactly_to_the_start() -> None:
    conv = Conversation(afraid=False)
    forward(conv)
    conv.calm = {1: 2, 2: 5}
    forward(conv)
    start_break(conv, NOW, NOW + timedelta(hours=1))
    forward(conv)
    conv.calm, conv.first_speaker = {1: 4, 2: 4}, 1
    forward(conv)
    to_listen(conv)
    reflect(conv, Verdict.NOT_YET, missed="more")
    forward(conv)
    reflect(conv, Verdict.UNDERSTOOD, open_now=True)
    forward(conv)
    forward(conv)
    assert conv.position == at(Step.BUTTONS, 0)
    trail = [*conv.history, conv.position]
    assert trail == [at(Step.SAFETY), at(Step.CALM), at(Step.BREAK), at(Step.CALM), at(Step.WHAT_HAPPENED),
                     at(Step.FEELINGS), at(Step.IMPACT), at(Step.LISTEN), at(Step.LISTEN), at(Step.OTHER_VIEW),
                     at(Step.BUTTONS)]

    walked_back = [conv.position]
    while (pos := back(conv)) is not None:
        walked_back.append(pos)
    listening_once = [*trail[:7], *trail[8:]]  # the two tries are one page: Back leaves it in one step
    assert walked_back == list(reversed(listening_once))
    assert conv.position == at(Step.SAFETY) and conv.history == []
    assert len(conv.turns[0].rounds) == 2  # both tries had words in them: kept


def test_back_drops_an_untouched_fresh_try_but_keeps_one_with_words() -> None:
    conv = calm()
    to_listen(conv)
    reflect(conv, Verdict.NOT_YET, missed="the part about my mother")
    forward(conv)
    turn = conv.turns[0]
    assert len(turn.rounds) == 2
    assert back(conv) == at(Step.LISTEN, 0)
    assert len(turn.rounds) == 1 and turn.reflection.missed == "the part about my mother"

    forward(conv)  # "not quite yet" still stands: a fresh try again
    assert len(turn.rounds) == 2
    turn.reflection.heard = "So for you, it was about being taken seriously."
    assert back(conv) == at(Step.IMPACT, 0)  # not the first try's page again, which looks the same
    assert len(turn.rounds) == 2 and turn.reflection.heard.startswith("So for you")  # typed words are kept
    assert forward(conv) == at(Step.LISTEN, 0)  # and Next comes back to that try, as it was
    assert len(turn.rounds) == 2 and turn.reflection.heard.startswith("So for you")


def test_back_at_the_start_goes_nowhere() -> None:
    conv = Conversation()
    assert back(conv) is None
    assert conv.position == at(Step.SAFETY)


# -- break rules ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [timedelta(0), timedelta(minutes=5), timedelta(minutes=19),
                                    timedelta(minutes=19, seconds=29), timedelta(minutes=-30)])
def test_a_break_shorter_than_twenty_minutes_is_refused(length: timedelta) -> None:
    with pytest.raises(ValidationError, match="at least 20 minutes") as caught:
        check_break_return(NOW, NOW + length)
    assert caught.value.field == "break_until"


@pytest.mark.parametrize("length", [timedelta(hours=24, minutes=1), timedelta(hours=25), timedelta(days=3)])
def test_a_break_longer_than_a_day_is_refused(length: timedelta) -> None:
    with pytest.raises(ValidationError, match="24 hours"):
        check_break_return(NOW, NOW + length)


@pytest.mark.parametrize("length", [timedelta(minutes=20), timedelta(minutes=21), timedelta(hours=3),
                                    timedelta(hours=24)])
def test_a_break_from_twenty_minutes_to_a_day_is_accepted(length: timedelta) -> None:
    check_break_return(NOW, NOW + length)


def test_the_break_window_holds_across_time_zones() -> None:
    here = NOW.astimezone(timezone(timedelta(hours=2)))
    check_break_return(here, NOW + timedelta(minutes=20))
    with pytest.raises(ValidationError):
        check_break_return(here, (NOW + timedelta(minutes=10)).astimezone(timezone(timedelta(hours=-5))))


def test_start_break_refuses_a_bad_time_and_changes_nothing() -> None:
    conv = safe()
    with pytest.raises(ValidationError):
        start_break(conv, NOW, NOW + timedelta(hours=30))
    assert (conv.status, conv.break_until, conv.breaks) == (Status.DRAFT, "", 0)


def test_start_break_pauses_and_the_time_left_counts_down_to_zero() -> None:
    conv = safe()
    conv.calm = {1: 5, 2: 2}
    forward(conv)
    assert break_left(conv, NOW) == timedelta(0)  # no time agreed yet
    start_break(conv, NOW, NOW + timedelta(minutes=25))
    assert conv.status is Status.PAUSED and conv.breaks == 1
    assert datetime.fromisoformat(conv.break_until) == NOW + timedelta(minutes=25)
    assert break_left(conv, NOW) == timedelta(minutes=25)
    assert break_left(conv, NOW + timedelta(minutes=10)) == timedelta(minutes=15)
    assert break_left(conv, NOW + timedelta(minutes=24, seconds=59)) == timedelta(seconds=1)
    assert break_left(conv, NOW + timedelta(minutes=25)) == timedelta(0)
    assert break_left(conv, NOW + timedelta(hours=5)) == timedelta(0)


# -- any order of answers, Next and Back ---------------------------------------------------------------------


TEXTS = ("We were at dinner.", "<b>you</b> said שלום 🙂", "", "   ")


def answer(conv: Conversation, pick: int) -> None:
    """What a couple might enter on the current step (the wizard only edits the step on screen); mostly
    enough to go on, sometimes blank or "not yet", so every branch comes up."""
    step = conv.position.step
    turn = conv.current_turn()
    blank = pick % 5 == 4
    if step is Step.SAFETY:
        conv.afraid = None if blank else pick % 16 == 15
    elif step is Step.CALM:
        levels = (3, 4, 5, 5, 4, 2, 1, None)
        conv.calm = {1: levels[pick % 8], 2: levels[(pick // 8) % 5]}
        conv.pulse = {1: (None, 80, None, 60, 101)[(pick // 40) % 5], 2: None}
        conv.first_speaker = None if blank else 1 + (pick // 3) % 2
    elif step is Step.BREAK:
        if blank:
            conv.break_until = ""
        else:
            start_break(conv, NOW, NOW + timedelta(minutes=20 + pick % 600))
    elif step is Step.BIGGER:
        answers = ("", "yes", "no", "unsure")
        conv.recurring, conv.older, conv.topic_count = answers[pick % 4], answers[(pick // 4) % 4], pick % 5
    elif turn is not None:
        text = TEXTS[3 if blank else pick % len(TEXTS)]
        if step is Step.WHAT_HAPPENED:
            turn.what_happened = text
        elif step is Step.FEELINGS:
            turn.feelings = ["hurt"] if pick % 2 else []
            turn.own_feelings = text
        elif step is Step.LISTEN:
            reflection = turn.reflection
            reflection.heard = text
            verdicts = (Verdict.UNDERSTOOD, Verdict.NOT_YET, Verdict.UNDERSTOOD, Verdict.NONE)
            reflection.verdict = verdicts[(pick // 5) % 4]
            reflection.missed = text if reflection.verdict is Verdict.NOT_YET else ""
            turn.open_now = (True, False, True, None)[(pick // 20) % 4]
        elif step is Step.OTHER_VIEW:
            turn.other_view = text


ACTIONS = st.lists(st.tuples(st.sampled_from(["answer and next"] * 5 + ["answer", "next", "back"]),
                             st.integers(0, 4095)), min_size=20, max_size=200)


@settings(database=None, deadline=None, max_examples=300)
@given(ACTIONS)
def test_no_sequence_of_answers_next_and_back_opens_the_other_view_early(
        actions: list[tuple[str, int]]) -> None:
    conv = Conversation()
    for action, pick in actions:
        before = (conv.position, list(conv.history))
        if action.startswith("answer"):
            answer(conv, pick)
            before = (conv.position, list(conv.history))
        if action == "back":
            back(conv)
        elif action.endswith("next"):
            try:
                forward(conv)
            except ValidationError:
                assert (conv.position, conv.history) == before  # a refusal moves nothing

        pos = conv.position
        assert isinstance(pos.step, Step) and pos.step in set(Step)
        assert pos.turn in (0, 1) and (pos.turn == 0 or pos.step in TURN_STEPS)
        assert all(isinstance(p.step, Step) for p in conv.history)
        assert len(conv.turns) <= 2 and all(t.rounds for t in conv.turns)
        if pos.step is Step.UNSAFE:
            assert conv.afraid is True
        if pos.step is Step.OTHER_VIEW:
            turn = conv.turn(pos.turn)
            assert turn.reflection.verdict is Verdict.UNDERSTOOD
            assert turn.open_now is True
