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


def faux_feelings_in(words: Iterable[str], text: str, faux: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Chosen words, or words typed in ``text``, that describe the partner's action: → feelings underneath."""
    found: dict[str, list[str]] = {}
    chosen = {normalise(w) for w in words}
    typed = phrases_in(text, faux.keys())
    for word, suggestions in faux.items():
        if normalise(word) in chosen or word in typed:
            found[word] = list(suggestions)
    return found


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
