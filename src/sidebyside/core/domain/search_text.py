"""Full-text search helpers: what goes into the FTS5 index, how a typed query becomes a safe MATCH
expression, and where the matches are in a text (for highlighting).

The index uses FTS5's ``unicode61`` tokenizer with diacritics removed, so "cafe" finds "café".
CJK text has no spaces between words; each CJK character is indexed as its own token and a CJK
query becomes a phrase of its characters, so a word inside a sentence is found. Every query
token is quoted, so nothing a person types (``"``, ``AND OR``, ``*``, ``NEAR(``) is FTS syntax.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(
    "([\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f])"
)
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TOKENS = 16


def fts_text(text: str) -> str:
    """Text as it is indexed: CJK characters stand apart, so each is a token."""
    return _CJK.sub(r" \1 ", text)


def fold(text: str) -> str:
    """Case and accents folded, the way the index compares (used for highlighting)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_terms(query: str) -> list[str]:
    """The words of a typed query, folded; CJK characters each count as a word."""
    return [fold(t) for t in _WORD.findall(fts_text(query))][:MAX_QUERY_TOKENS * 4]


def build_match(query: str) -> str | None:
    """A MATCH expression for FTS5 (every term quoted, the last word-ish ones as prefixes), or None."""
    parts: list[str] = []
    for raw in query.split()[:MAX_QUERY_TOKENS]:
        words = _WORD.findall(fts_text(raw))
        if not words:
            continue
        cjk = [w for w in words if _CJK.fullmatch(w)]
        if cjk and len(cjk) == len(words):
            parts.append('"' + " ".join(words) + '"')  # a phrase of characters
        else:
            phrase = " ".join(w.replace('"', '""') for w in words)
            parts.append(f'"{phrase}"*')  # prefix: typing "kitch" finds "kitchen"
    return " AND ".join(parts) if parts else None


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words start words of ``text`` (case- and accent-insensitive), merged and sorted."""
    terms = [t for t in query_terms(query) if t]
    if not terms or not text:
        return []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(fts_text(text)):
        word = fold(match.group())
        if any(word.startswith(term) for term in terms):
            spans.append(match.span())
    # fts_text only adds spaces around CJK characters; map positions back to the original text.
    return _merge(_map_back(text, spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _map_back(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not _CJK.search(text):
        return spans
    mapping: list[int] = []  # index in the spaced text -> index in the original
    for i, ch in enumerate(text):
        if _CJK.fullmatch(ch):
            mapping.extend([i, i, i + 1])
        else:
            mapping.append(i)
    mapping.append(len(text))
    result = []
    for start, end in spans:
        a, b = mapping[start], mapping[end] if end < len(mapping) else len(text)
        if b <= a:
            b = a + 1
        result.append((a, b))
    return result


def snippet(text: str, query: str, width: int = 160) -> str:
    """A piece of ``text`` around the first match (or its start), on one line."""
    flat = " ".join(text.split())
    spans = highlight_spans(flat, query)
    if not spans:
        return flat[:width]
    start = max(0, spans[0][0] - min(width // 3, 24))  # keep the match near the start of a narrow row
    piece = flat[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
