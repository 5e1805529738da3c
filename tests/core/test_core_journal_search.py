"""Full-text search: prefixes, accents, CJK and Korean, emoji — and FTS5 syntax typed as plain text,
which must search as text and never raise. Plus highlighting and snippets."""

from __future__ import annotations

import pytest
from core_helpers import make_vault
from journal_helpers import add, at, found, opened

from sidebyside.core.domain.journal import EntryFields, JournalFilter
from sidebyside.core.domain.search_text import build_match, highlight_spans, snippet
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

ENTRIES = {
    "kitchen": ("Kitchen", "We talked at the kitchen table."),
    "cafe": ("", "Coffee at the café on the corner"),
    "plain_cafe": ("", "The cafe was closed"),
    "tokyo": ("", "東京の夜は静かだった"),
    "kyoto_rev": ("", "京東という名前"),  # the same two characters, the other way round
    "korean": ("", "오늘도 사랑해요. 우리 저녁 먹자"),
    "emoji": ("", "pizza🍕night with 👩‍❤️‍👨 and 🇳🇱 flags"),
    "apples": ("apples", "apples and oranges"),
    "pears": ("", "apples or pears"),
    "near": ("", "NEAR the sea"),
    "colon": ("", "the title apples were red"),
    "not": ("", "apples? do not buy pears"),
}


@pytest.fixture
def searchable(paths: VaultPaths) -> tuple[VaultPaths, dict[str, str]]:
    make_vault(paths)
    with opened(paths) as s:
        made = {name: add(s, title=title, body=body, written_at=at(2024, 1, 1 + i))
                for i, (name, (title, body)) in enumerate(ENTRIES.items())}
    return paths, made


def _names(session: VaultSession, made: dict[str, str], text: str, **kw: object) -> set[str]:
    back = {uid: name for name, uid in made.items()}
    return {back[uid] for uid in found(session, text, **kw)}


def test_prefix_accents_cjk_korean_and_emoji(searchable: tuple[VaultPaths, dict[str, str]]) -> None:
    paths, made = searchable
    with opened(paths) as s:
        def names(text: str) -> set[str]:
            return _names(s, made, text)

        assert names("kitch") == {"kitchen"}  # as you type
        assert names("KITCHEN TAB") == {"kitchen"}
        assert names("kitchens") == set()
        assert names("cafe") == {"cafe", "plain_cafe"}  # accents don't matter, either way round
        assert names("café") == {"cafe", "plain_cafe"}
        assert names("CAFÉ") == {"cafe", "plain_cafe"}
        assert names("cafe\u0301") == {"cafe", "plain_cafe"}  # typed with a combining accent
        assert names("東京") == {"tokyo"}  # a word inside a sentence with no spaces
        assert names("夜") == {"tokyo"}
        assert names("京都") == set()
        assert names("東京 夜") == {"tokyo"}
        assert names("사랑해") == {"korean"}  # inside 사랑해요
        assert names("저녁") == {"korean"}
        assert names("사랑 저녁") == {"korean"}
        assert names("pizza") == {"emoji"}
        assert names("night") == {"emoji"}
        assert names("🍕pizza") == {"emoji"}
        assert names("flags 🇳🇱") == {"emoji"}
        assert names("🍕") == set()  # an emoji alone is not a word: nothing, and no error


FTS_SYNTAX = ['"', '""', "'", "AND OR", "AND", "OR", "NOT", "*", "**", "NEAR(", "NEAR(apples pears, 2)", "-", "--",
              "^", "^apples", "col:word", "title:apples", "body:", "(apples", "apples)", "((((", ")", "apples AND",
              "apples NOT pears", "{title}: apples", "apples + pears", "a'b", '"apples', "apples*", "*apples",
              "\\", "%", "_", "apples; DROP TABLE entries; --", "\x00", "\u200f", "\ufeff", "\ud7ff", "apples\x00",
              "\ud800", "apples\udfff"]
LONG = ["a" * 1000, "apples " * 143, '"(*^-:' * 167, "東京" * 500, "(" * 1000, "NEAR(" * 200, "ä" * 1000,
        " ".join(f"w{i}" for i in range(200))[:1000]]


@pytest.mark.parametrize("query", FTS_SYNTAX + LONG)
def test_fts_syntax_typed_as_text_never_raises(searchable: tuple[VaultPaths, dict[str, str]], query: str) -> None:
    paths, made = searchable
    with opened(paths) as s:
        for flt in (JournalFilter(text=query), JournalFilter(text=query, authors=(1,), moods=(1, 2, 3, 4, 5))):
            journal.list_entries(s, flt)
            journal.count_entries(s, flt)
        assert len(journal.list_entries(s)) == len(made)  # and the vault still works afterwards


def test_fts_syntax_searches_as_the_words_typed(searchable: tuple[VaultPaths, dict[str, str]]) -> None:
    paths, made = searchable
    with opened(paths) as s:
        def names(text: str) -> set[str]:
            return _names(s, made, text)

        # As syntax these would be an operator, a column filter, an exclusion or an error.
        assert names("AND OR") == {"apples"}  # the words "and…" and "or…" (oranges)
        assert names("NEAR(") == {"near"}
        assert names("title:apples") == {"colon"}  # not "apples in the title" (that is the 'apples' entry)
        assert names("apples NOT pears") == {"not"}  # all three words, not "apples without pears"
        assert names("apples OR pears") == {"pears"}
        assert names("(apples") == {"apples", "pears", "colon", "not"}
        assert names("apples)") == {"apples", "pears", "colon", "not"}
        assert names("^apples") == {"apples", "pears", "colon", "not"}
        assert names('"apples') == {"apples", "pears", "colon", "not"}
        assert names("-pears") == {"pears", "not"}  # not "without pears"
        assert names("*apples") == {"apples", "pears", "colon", "not"}


@pytest.mark.parametrize("query", ['"', "*", "-", "^", "()", "!!! ??? …", "— – ·", ":", '"" ** ^^ --', "  \t\n "])
def test_a_query_of_only_punctuation_finds_nothing(searchable: tuple[VaultPaths, dict[str, str]],
                                                    query: str) -> None:
    paths, made = searchable
    with opened(paths) as s:
        flt = JournalFilter(text=query)
        if query.strip():
            assert build_match(query) is None
            assert journal.list_entries(s, flt) == []
            assert journal.count_entries(s, flt) == 0
        else:  # only spaces: no search at all, the whole list
            assert journal.count_entries(s, flt) == len(made)


def test_search_follows_edits_and_deletes(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        uid = add(s, title="Lighthouse", body="first draft", tags=("seaside",))
        assert found(s, "lighthouse") == found(s, "seaside") == found(s, "draft") == {uid}
        journal.update_entry(s, uid, EntryFields(
            author=1, written_at=at(), title="Harbour", body="second version"))
        assert found(s, "lighthouse") == found(s, "seaside") == found(s, "draft") == set()
        assert found(s, "harbour") == found(s, "version") == {uid}
        journal.delete_entry(s, uid)
        assert found(s, "harbour") == set()
        assert s.require_conn().execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0


def _marked(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in highlight_spans(text, query)]


def test_highlights_mark_the_matched_words() -> None:
    text = "Kitchen talk at the KITCHEN table, then the café — and a kitchenette"
    assert _marked(text, "kitch") == ["Kitchen", "KITCHEN", "kitchenette"]
    assert _marked(text, "CAFE") == ["café"]
    assert _marked("the cafe", "café") == ["cafe"]
    assert _marked(text, "table kitchen") == ["Kitchen", "KITCHEN", "table", "kitchenette"]
    assert _marked(text, "nothing") == []
    assert _marked(text, '"*^') == []
    assert _marked("", "kitchen") == []
    assert journal.highlights(text, "talk") == [(8, 12)]


def test_highlights_work_with_cjk_and_korean() -> None:
    text = "今夜は東京の夜"
    assert _marked(text, "東京") == ["東京"]
    assert _marked("東京 kitchen table", "kitch") == ["kitchen"]  # positions after CJK text stay right
    assert _marked("会議は東京で。Kitchen!", "kitchen 東京") == ["東京", "Kitchen"]
    assert _marked("오늘도 사랑해요", "사랑") == ["사랑"]
    assert _marked("pizza🍕night", "night") == ["night"]


def test_snippet_shows_the_match() -> None:
    text = ("Lorem ipsum dolor sit amet. " * 40) + "We finally fixed the kitchen tap.\n\n" + ("More words. " * 40)
    piece = snippet(text, "kitch")
    assert "kitchen" in piece
    assert piece.startswith("…") and piece.endswith("…")
    assert len(piece) <= 162
    assert "\n" not in piece
    assert snippet("短い文。東京の夜は静か", "東京").count("東京") == 1
    assert snippet(text, "nothing-here").startswith("Lorem ipsum")
