"""The words of "Talk it through" as data: every step has its texts, the word lists are the size and shape the
spec asks for, the numbers agree with the code, and the gentle hints catch what they should (and only that)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from sidebyside.core import content
from sidebyside.core.domain import conversation_flow
from sidebyside.core.domain.conversation import Step
from sidebyside.core.domain.gentle_words import demands_in, faux_feelings_in, is_vague, normalise, phrases_in
from sidebyside.core.services.talk_content import TalkContent, talk_content

PLACEHOLDERS = {"speaker", "listener", "name", "topic", "count", "word"}
# The "faux feelings" METHODS.md lists (NVC): words about what the other did rather than a feeling.
FAUX = ("abandoned", "attacked", "betrayed", "cornered", "ignored", "intimidated", "let down", "manipulated",
        "misunderstood", "neglected", "pressured", "rejected", "taken for granted", "unappreciated", "unheard",
        "unseen", "unsupported", "used")


@pytest.fixture(scope="module")
def talk() -> TalkContent:
    return talk_content()


def strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text in the content file, with where it is."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{where}[{index}]")


def all_feelings(talk: TalkContent) -> list[str]:
    return [w for g in talk.feelings for w in g.words]


def test_the_content_file_loads_through_the_core(talk: TalkContent) -> None:
    assert content.resources_dir().joinpath("content", "conversation.json").is_file()
    assert talk is talk_content()  # read once
    title, body = talk.about_panel
    assert title and len(body) >= 2
    assert any("not therapy" in p for p in body)  # the care note the spec asks for
    assert "Nonviolent Communication" in talk.doc["about"] and "Center for Nonviolent Communication" in talk.doc[
        "about"]  # the structure is credited


@pytest.mark.parametrize("step", list(Step))
def test_every_step_has_a_title_a_one_sentence_purpose_a_method_and_an_intro(talk: TalkContent, step: Step) -> None:
    texts = talk.step(step)
    for key in ("title", "purpose", "method", "intro"):
        assert isinstance(texts.get(key), str) and texts[key].strip(), f"{step.value}.{key}"
    purpose = texts["purpose"].strip()
    assert purpose.endswith(".") and purpose[0].isupper()
    assert not re.search(r"[.!?]\s", purpose), f"{step.value}: the purpose is one sentence"
    assert len(texts["title"]) <= 40


def test_step_texts_fill_in_names_and_leave_unknown_ones_visible(talk: TalkContent) -> None:
    assert talk.text(Step.WHAT_HAPPENED, "prompt", speaker="Sam").startswith("Sam, what happened")
    assert talk.text(Step.LISTEN, "open_question", speaker="Sam", listener="Alex") == (
        "Sam, are you open to hearing Alex’s view now?")
    assert "{speaker}" in talk.text(Step.WHAT_HAPPENED, "prompt")  # a name missing shows, it doesn't crash
    assert talk.text(Step.BIGGER, "recurring_topic", topic="Money", count="3") == (
        "Something like “Money” — the same topic, or a button pressed again — has come up in 3 of your conversations.")
    assert talk.header("speaking", speaker="<b>Alex</b>") == "<b>Alex</b> is speaking"  # plain text, not formatted
    assert talk.items(Step.BREAK, "soothing") and talk.items(Step.OUR_PART, "setups")


def test_every_placeholder_is_one_the_wizard_fills(talk: TalkContent) -> None:
    used: set[str] = set()
    for where, text in strings(talk.doc):
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is not None:
                assert name in PLACEHOLDERS, f"{where}: {{{name}}}"
                used.add(name)
    assert used == PLACEHOLDERS  # and each of them is actually used somewhere


def test_feelings_are_60_to_120_words_in_groups_without_duplicates(talk: TalkContent) -> None:
    groups = talk.feelings
    words = all_feelings(talk)
    assert 60 <= len(words) <= 120
    assert len(groups) >= 10 and all(g.id and g.label and len(g.words) >= 3 for g in groups)
    assert len({g.id for g in groups}) == len(groups)
    folded = [normalise(w) for w in words]
    assert len(set(folded)) == len(folded), sorted(w for w in folded if folded.count(w) > 1)
    assert all(w == w.strip() and w for w in words)


def test_needs_are_40_to_75_in_categories_without_duplicates(talk: TalkContent) -> None:
    categories = talk.needs
    needs = [n for c in categories for n in c.words]
    assert 40 <= len(needs) <= 75
    assert len(categories) >= 5 and all(c.id and c.label and c.words for c in categories)
    folded = [normalise(n) for n in needs]
    assert len(set(folded)) == len(folded)


def test_faux_feelings_point_to_real_feelings_and_are_not_in_the_list(talk: TalkContent) -> None:
    faux = talk.faux_feelings
    feelings = {normalise(w) for w in all_feelings(talk)}
    assert set(FAUX) <= set(faux), set(FAUX) - set(faux)
    for word, suggestions in faux.items():
        assert normalise(word) not in feelings, f"{word} is offered as a feeling"
        assert suggestions, word
        assert {normalise(s) for s in suggestions} <= feelings, f"{word} → {suggestions}"
    assert "{word}" in talk.text(Step.FEELINGS, "faux_note")


def test_the_numbers_in_the_content_agree_with_the_code(talk: TalkContent) -> None:
    calm, pause = talk.step(Step.CALM), talk.step(Step.BREAK)
    assert calm["calm_enough"] == conversation_flow.CALM_ENOUGH
    assert calm["pulse_break_above"] == conversation_flow.PULSE_BREAK_ABOVE
    assert timedelta(minutes=pause["min_minutes"]) == conversation_flow.BREAK_MIN
    assert timedelta(hours=pause["max_hours"]) == conversation_flow.BREAK_MAX
    assert set(calm["scale"]) == {"1", "2", "3", "4", "5"}
    assert str(conversation_flow.CALM_ENOUGH) in calm["scale"]
    assert str(pause["min_minutes"]) in pause["intro"] and str(pause["min_minutes"]) in pause["too_soon"]
    assert str(pause["max_hours"]) in pause["too_long"]
    assert str(conversation_flow.PULSE_BREAK_ABOVE) in calm["pulse_hint"]


def test_the_unsafe_page_says_where_to_find_help(talk: TalkContent) -> None:
    help_items = talk.step(Step.UNSAFE)["help"]
    text = " ".join(f"{h['label']} {h['detail']}" for h in help_items).casefold()
    for needed in ("emergency", "domestic violence", "counsellor"):
        assert needed in text


# -- gentle words ---------------------------------------------------------------------------------------------


def test_absolutes_are_found_as_whole_words_with_either_apostrophe(talk: TalkContent) -> None:
    absolutes = talk.absolutes
    assert phrases_in("You ALWAYS do this.", absolutes) == ["always", "you always"]
    assert phrases_in("It always rains.", absolutes) == ["always"]
    assert "you're so" in phrases_in("You're so stubborn", absolutes)
    assert "you're so" in phrases_in("you’re so stubborn", absolutes)  # a curly apostrophe, as phones type it
    assert "you're so" in phrases_in("and you‘re   so\nstubborn", absolutes)
    assert phrases_in("We walked down the hallways.", absolutes) == []
    assert phrases_in("Nevertheless, we stayed.", absolutes) == []  # "never" inside another word
    assert phrases_in("", absolutes) == []
    assert phrases_in("you never, ever listen", absolutes) == ["never", "you never"]


def test_demands_are_flagged(talk: TalkContent) -> None:
    found = phrases_in("you have to call me", talk.demands)
    assert "you have to" in found
    assert "you must" in phrases_in("You MUST call me.", talk.demands)
    assert phrases_in("Would you be willing to call me when you land?", talk.demands) == []
    assert phrases_in("mustard on the sandwiches", talk.demands) == []


def test_vague_requests_are_told_apart_from_specific_ones(talk: TalkContent) -> None:
    vague = talk.vague_requests
    assert is_vague("be nicer", vague)
    assert is_vague("Be nicer?", vague)
    assert is_vague("just be nicer to me", vague)
    assert not is_vague("text me when you leave the office after 7", vague)
    assert not is_vague("tell me your doubts when we're alone, rather than in front of friends", vague)
    assert not is_vague("", vague) and not is_vague("  ?! ", vague)


def test_faux_feelings_are_found_when_chosen_or_typed(talk: TalkContent) -> None:
    faux = talk.faux_feelings
    chosen = faux_feelings_in(["ignored", "sad"], "", faux)
    assert chosen == {"ignored": faux["ignored"]}
    assert chosen["ignored"] == ["lonely", "hurt", "frustrated"]
    typed = faux_feelings_in(["sad"], "Mostly I felt IGNORED, and a bit let   down.", faux)
    assert set(typed) == {"ignored", "let down"}
    assert typed["let down"] == faux["let down"]
    assert faux_feelings_in([], "I felt lonely and sad.", faux) == {}
    assert faux_feelings_in([], "Unignored is not a word.", faux) == {}


def test_everyday_sentences_are_not_flagged_as_demands_or_as_faux_feelings() -> None:
    talk = talk_content()
    assert demands_in("tell me when you have to work late", talk.demands) == []
    assert demands_in("text me when we should be leaving a party", talk.demands) == []
    assert demands_in("you have to call me", talk.demands) == ["you have to"]
    assert demands_in("Please, you MUST stop doing that", talk.demands) == ["you must"]
    assert faux_feelings_in([], "I used to feel close to you", talk.faux_feelings) == {}
    assert "used" in faux_feelings_in([], "I felt used", talk.faux_feelings)
