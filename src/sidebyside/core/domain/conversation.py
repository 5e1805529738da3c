"""A repair conversation ("Talk it through"): what the couple said at each step, and where they are.

Plain, mutable data (the wizard edits it as people type) that round-trips through JSON, so a
conversation in progress is saved whole after every step and resumed exactly. Where the
conversation goes next is decided in :mod:`sidebyside.core.domain.conversation_flow`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, TypeVar

FORMAT = 1


class Step(StrEnum):
    SAFETY = "safety"
    UNSAFE = "unsafe"
    CALM = "calm"
    BREAK = "break"
    WHAT_HAPPENED = "what_happened"
    FEELINGS = "feelings"
    IMPACT = "impact"
    LISTEN = "listen"
    OTHER_VIEW = "other_view"
    BUTTONS = "buttons"
    OUR_PART = "our_part"
    BIGGER = "bigger"
    BIGGER_HELP = "bigger_help"
    PLAN = "plan"
    SUMMARY = "summary"


#: The steps each partner goes through as the speaker (the other listens), in order.
TURN_STEPS: tuple[Step, ...] = (Step.WHAT_HAPPENED, Step.FEELINGS, Step.IMPACT, Step.LISTEN, Step.OTHER_VIEW,
                                Step.BUTTONS, Step.OUR_PART)


class Status(StrEnum):
    DRAFT = "draft"  # in progress
    PAUSED = "paused"  # on a break, with a time to come back
    FINISHED = "finished"  # read-only from now on


class Verdict(StrEnum):
    NONE = ""
    UNDERSTOOD = "understood"
    NOT_YET = "not_yet"


@dataclass(frozen=True)
class Position:
    step: Step
    turn: int = 0  # 0 = the first speaker's turn, 1 = the second's (turn steps only)

    def to_json(self) -> list[Any]:
        return [self.step.value, self.turn]

    @classmethod
    def from_json(cls, raw: Any) -> Position:
        step, turn = raw
        return cls(Step(step), 1 if turn == 1 else 0)


@dataclass
class Reflection:
    """One try of the listener at saying back what they heard, and the speaker's answer."""

    heard: str = ""
    makes_sense: str = ""
    verdict: Verdict = Verdict.NONE
    missed: str = ""  # "not yet": what the speaker would like heard too


@dataclass
class Turn:
    """One partner speaking while the other listens."""

    speaker: int  # partner slot, 1 or 2
    what_happened: str = ""
    feelings: list[str] = field(default_factory=list)  # words from the list
    own_feelings: str = ""
    when: str = ""  # "You may not have realised it, but when …"
    needs: list[str] = field(default_factory=list)
    own_need: str = ""
    request: str = ""  # "Would you be willing to …?"
    rounds: list[Reflection] = field(default_factory=lambda: [Reflection()])
    open_now: bool | None = None  # after "I feel understood": hear the other view now (True) or later
    other_view: str = ""
    buttons: list[str] = field(default_factory=list)  # uids of pressed buttons (either partner's)
    setups: list[str] = field(default_factory=list)
    own_setup: str = ""
    regret: str = ""
    apology: str = ""
    accepted: bool | None = None
    still_needed: str = ""

    @property
    def listener(self) -> int:
        return 3 - self.speaker

    @property
    def reflection(self) -> Reflection:
        """The listener's current try."""
        return self.rounds[-1]

    @property
    def understood(self) -> bool:
        return self.reflection.verdict is Verdict.UNDERSTOOD


@dataclass
class Conversation:
    uid: str = ""
    created_at: str = ""  # ISO, UTC
    status: Status = Status.DRAFT
    topic: str = ""
    afraid: bool | None = None  # never saved as True: an unsafe conversation is not recorded at all
    calm: dict[int, int | None] = field(default_factory=lambda: {1: None, 2: None})  # 1 (upset) .. 5 (calm)
    pulse: dict[int, int | None] = field(default_factory=lambda: {1: None, 2: None})  # beats a minute, optional
    first_speaker: int | None = None
    break_until: str = ""  # ISO with offset: the agreed time to come back
    breaks: int = 0
    turns: list[Turn] = field(default_factory=list)
    recurring: str = ""  # "yes" / "unsure" / "no" / "" — does this keep coming back?
    older: str = ""  # is something older underneath?
    topic_count: int = 0  # conversations (this one included) that touched the same topic or button
    plan: dict[int, str] = field(default_factory=lambda: {1: "", 2: ""})
    signal: str = ""
    follow_up: str = ""  # ISO date, or ""
    no_follow_up: bool = False  # "no date yet", chosen on purpose
    position: Position = field(default_factory=lambda: Position(Step.SAFETY))
    history: list[Position] = field(default_factory=list)  # where Back goes

    @property
    def finished(self) -> bool:
        return self.status is Status.FINISHED

    def turn(self, index: int) -> Turn:
        """The turn ``index`` (0 or 1), created as the speakers are known."""
        first = self.first_speaker or 1
        while len(self.turns) <= index:
            self.turns.append(Turn(speaker=first if not self.turns else 3 - first))
        return self.turns[index]

    def current_turn(self) -> Turn | None:
        return self.turn(self.position.turn) if self.position.step in TURN_STEPS else None

    def speakers(self) -> list[int]:
        """Who spoke, in order (only turns that were reached)."""
        return [t.speaker for t in self.turns if t.what_happened or t.feelings or t.own_feelings]

    # -- JSON ------------------------------------------------------------------------------------
    def to_json(self) -> str:
        doc = asdict(self)
        doc["format"] = FORMAT
        if self.afraid:
            doc["afraid"] = None  # never written: services.conversations.save() discards an unsafe conversation
        doc["status"] = self.status.value
        doc["position"] = self.position.to_json()
        doc["history"] = [p.to_json() for p in self.history]
        for turn in doc["turns"]:
            for reflection in turn["rounds"]:
                reflection["verdict"] = Verdict(reflection["verdict"]).value
        return json.dumps(doc, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Conversation:
        """A saved conversation; unknown keys are ignored, missing ones take their defaults."""
        doc = json.loads(text)
        if not isinstance(doc, dict):
            raise ValueError("a conversation is a JSON object")
        conv = cls(**_known(cls, doc, skip={"status", "calm", "pulse", "plan", "turns", "position", "history"}))
        conv.status = Status(doc.get("status", Status.DRAFT.value))
        conv.calm = _slots(doc.get("calm"), int)
        conv.pulse = _slots(doc.get("pulse"), int)
        conv.plan = {slot: str(value or "") for slot, value in _slots(doc.get("plan"), str).items()}
        conv.turns = [_turn(t) for t in doc.get("turns", [])][:2]
        conv.position = Position.from_json(doc.get("position", ["safety", 0]))
        conv.history = [Position.from_json(p) for p in doc.get("history", [])]
        return _typed(conv)


def _known(cls: type, doc: dict[str, Any], skip: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    names = {f.name for f in fields(cls)} - skip
    return {k: v for k, v in doc.items() if k in names}


def _slots(raw: Any, kind: type) -> dict[int, Any]:
    out: dict[int, Any] = {1: None, 2: None}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if str(key) in ("1", "2") and isinstance(value, kind):
                out[int(key)] = value
    return out


def _turn(raw: Any) -> Turn:
    if not isinstance(raw, dict) or not all(isinstance(r, dict) for r in raw.get("rounds", [])):
        raise TypeError("a turn and each try at listening are JSON objects")
    turn = Turn(**_known(Turn, raw, skip={"rounds"}))
    rounds = [_typed(Reflection(**{**_known(Reflection, r), "verdict": Verdict(r.get("verdict", ""))}))
              for r in raw.get("rounds", [])]
    turn.rounds = rounds or [Reflection()]
    return _typed(turn)


_T = TypeVar("_T")


def _typed(obj: _T) -> _T:
    """Refuse (TypeError) a damaged or foreign document whose plain fields don't have their declared types."""
    for f in fields(obj):  # type: ignore[arg-type]
        value, declared = getattr(obj, f.name), str(f.type)
        if declared == "str":
            ok = isinstance(value, str)
        elif declared == "list[str]":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif declared in ("int", "int | None"):
            ok = (value is None and declared != "int") or (isinstance(value, int) and not isinstance(value, bool))
        elif declared in ("bool", "bool | None"):
            ok = isinstance(value, bool) or (value is None and declared != "bool")
        else:  # enums, partner slots, positions: read by their own code above
            ok = True
        if not ok:
            raise TypeError(f"{type(obj).__name__}.{f.name} is not {declared}")
    return obj
