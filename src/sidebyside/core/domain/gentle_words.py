"""Gentle hints about wording: absolutes ("always"), demands ("you must"), vague requests ("be nicer"),
and words that describe what the partner did rather than a feeling ("ignored").

Pure functions over the word lists in ``resources/content/conversation.json``; matching ignores case,
curly apostrophes and extra spaces, and only matches whole words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.split())


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in normalise(phrase).split()]
    return re.compile(r"(?<![\w'])" + r"\s+".join(words) + r"(?![\w'])")


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The listed phrases that appear in ``text`` as whole words, in list order, each once."""
    cleaned = normalise(text)
    return [p for p in phrases if p.strip() and _pattern(p).search(cleaned)]


def demands_in(request: str, demands: Iterable[str]) -> list[str]:
    """Demand phrases that open the request or one of its clauses ("you have to call me", "…, you must"),
    not ones inside it ("call me when you have to work late")."""
    clauses = re.split(r"[,.;:!?\n]|\b(?:and|but|so|then|please)\b", normalise(request))
    return [d for d in demands if d.strip() and any(c.strip().startswith(normalise(d)) and
                                                    _pattern(d).match(c.strip()) for c in clauses)]


def _names_feeling(item: str, word: str) -> bool:
    """Whether one typed item ("ignored, a bit" → "ignored") uses ``word`` as a feeling: on its own, at its end
    ("a bit let down"), or after "feel/felt/was" ("I felt so ignored") — but not "I used to feel close"."""
    if item == word or item.startswith(word + " ") or item.endswith(" " + word):
        return True
    return re.search(r"\b(?:feel|feels|felt|feeling|am|was|being)\s+(?:\w+\s+){0,2}" + re.escape(word) + r"\b",
                     item) is not None


def faux_feelings_in(words: Iterable[str], text: str, faux: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Chosen words, or words typed as feelings in ``text``, that describe the partner's action rather than a
    feeling, each with the feelings that may lie underneath."""
    chosen = {normalise(w) for w in words}
    items = [i.strip(" .!?") for i in re.split(r"[,;\n]|\band\b", normalise(text)) if i.strip(" .!?")]
    return {word: list(suggestions) for word, suggestions in faux.items()
            if normalise(word) in chosen or any(_names_feeling(item, normalise(word)) for item in items)}


def is_vague(request: str, vague: Iterable[str]) -> bool:
    """A request too general to act on ("be nicer"), judged on the request as a whole."""
    cleaned = normalise(request).rstrip("?.! ")
    if not cleaned:
        return False
    for phrase in vague:
        norm = normalise(phrase)
        # "be nicer" alone or with a little around it is vague; "be nicer about my mother on Sundays" is specific.
        if _pattern(norm).search(cleaned) and len(cleaned.split()) <= len(norm.split()) + 3:
            return True
    return False
