""""Fill it in together": one topic area at a time, each partner in turn. Pure state, no I/O.

The state is small and plain (which area, whose turn, what was added), so it can be saved as a draft
to pause and resume.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class TogetherState:
    areas: list[str]
    index: int = 0  # which area
    turn: int = 1  # whose turn (1 or 2)
    first: int = 1  # who answers first in every area
    added: dict[str, list[str]] = field(default_factory=lambda: {"1": [], "2": []})  # slot -> button uids
    passed: int = 0
    pending: dict[str, str] = field(default_factory=dict)  # what was typed at the current prompt when it locked

    @property
    def finished(self) -> bool:
        return self.index >= len(self.areas)

    @property
    def area(self) -> str:
        return self.areas[self.index]

    def record(self, answer: str, uid: str | None = None) -> None:
        """``answer`` is "yes" (with the new button's uid), "not now" or "pass"; then the next turn."""
        if self.finished:
            raise ValueError("the session is finished")
        if answer == "yes" and uid:
            self.added[str(self.turn)].append(uid)
        elif answer == "pass":
            self.passed += 1
        elif answer != "not now":
            raise ValueError(f"unknown answer {answer!r}")
        if self.turn == self.first:
            self.turn = 3 - self.first
        else:
            self.turn = self.first
            self.index += 1

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str, areas: list[str]) -> TogetherState | None:
        """A paused session, or None if it doesn't fit the current areas (then start again)."""
        try:
            doc = json.loads(text)
            state = cls(**doc)
        except (ValueError, TypeError):
            return None
        if state.areas != areas or not 0 <= state.index <= len(areas) or state.turn not in (1, 2):
            return None
        return state
