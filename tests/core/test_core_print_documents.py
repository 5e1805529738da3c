"""Printable documents as data: every block escapes what a person typed (P9), empty answers leave their
heading out, and the blank conversation guide has its steps, ground rules and word-list appendix."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from content_stub import use_word_lists
from sidebyside.core import content
from sidebyside.core.guide import blank_guide as blank_guide_module
from sidebyside.core.guide.blank_guide import blank_guide
from sidebyside.core.guide.document import (
    Answer,
    Bullets,
    CodeBox,
    Document,
    Page,
    Paragraph,
    Section,
    Steps,
    Subheading,
    Table,
    WordGroup,
    WordGroups,
    WritingLines,
)
from sidebyside.core.guide.word_lists import word_lists

FIXTURE = Path(__file__).parents[1] / "fixtures" / "conversation_lists.json"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
OUR_TAGS = {"html", "head", "meta", "style", "body", "h1", "h2", "h3", "h4", "p", "span", "table", "tr", "td",
            "br", "ul", "ol", "li"}
HOSTILE = ['<img src="file:///etc/passwd">', '<a href="https://evil.example">click</a>', "&amp; &lt;b&gt;",
           "</td></tr></table><h1>Hacked</h1>", "\u202eevil\u202c שלום", "😀 家族", "<style>body{display:none}</style>"]


def fixture_lists() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def tags_in(page: str) -> set[str]:
    return {t.lower() for t in re.findall(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)", page)}


def shown(page: str) -> str:
    """The page's text as a reader sees it (tags gone, entities decoded, direction isolates dropped)."""
    body = page.split("<body>", 1)[-1]
    return "".join(c for c in html.unescape(re.sub(r"<[^>]*>", " ", body)) if c not in BIDI)


def every_block(value: str) -> Document:
    return Document("Title", subtitle=value, blocks=(
        Section(value, (Paragraph(value), Answer("Label", value), Answer(value, value, user_label=True)),
                user_heading=True),
        Section("Lists", (Bullets((value, value)), Subheading(value), Table((("Label", value),)),
                          Table(((value, value),), user_labels=True), WordGroups((WordGroup(value, (value,)),),
                                                                                 user=True))),
    ), appendix=(Page("Appendix", (Paragraph(value),)),))


@pytest.mark.parametrize("evil", HOSTILE)
def test_what_a_person_typed_is_text_in_every_block(evil: str) -> None:
    page = every_block(evil).to_html()
    assert tags_in(page) <= OUR_TAGS, tags_in(page) - OUR_TAGS
    for control in BIDI:  # isolates are ours; no override a person typed survives
        assert control not in page.replace("\u2068", "").replace("\u2069", ""), hex(ord(control))
    clean = "".join(c for c in evil if c not in BIDI)
    assert shown(page).count(clean) >= 12  # subtitle, heading, paragraph, answers, lists, tables, words, appendix


def test_an_empty_answer_leaves_its_label_out_and_an_empty_section_its_heading() -> None:
    page = Document("T", blocks=(
        Section("What happened", (Answer("Sam saw", "We were late."), Answer("Alex saw", "   "))),
        Section("The plan", (Answer("Sam will", ""), Table((("Signal", ""),)), Bullets(("", " ")))),
        Section("Buttons", (Table((("What helps", "A hug."), ("What makes it worse", "")),),)),
    )).to_html()
    text = shown(page)
    assert "What happened" in text and "Sam saw" in text and "We were late." in text
    assert "Alex saw" not in text
    assert "The plan" not in text and "Sam will" not in text and "Signal" not in text
    assert "What helps" in text and "What makes it worse" not in text


def test_our_own_blocks_render_what_they_are_given() -> None:
    page = Document("T", blocks=(Steps(("First", "Second")), WritingLines(2, ("Our signal",)),
                                 CodeBox(("ABCD EFGH",)), WritingLines(0))).to_html()
    assert page.count("<li>") == 2 and page.count('class="rule"') == 3 and "Our signal" in page
    assert "ABCD EFGH" in page


def test_the_blank_guide_walks_through_every_step_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    use_word_lists(monkeypatch, None)
    guide = blank_guide()
    assert guide.user_content is False  # nothing from the vault: no PDF warning needed
    text = shown(guide.to_html())
    texts = content.load("guide")["blank"]
    headings = [step["heading"] for part in texts["parts"] for step in part["steps"]]
    assert len(headings) == 11
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for words in ("20 minutes", "24 hours", "Understanding is not agreeing", "couples therapist",
                  "afraid of the other", "Would you be willing to", "Did I get it?", "camera",
                  "Our signal", "We check in on", "Then swap", "Gottman Institute's Aftermath of a Fight",
                  "Nonviolent Communication"):
        assert words in text, words
    assert text.index("I feel understood") < text.index("7. The other view")
    assert guide.appendix == ()  # no word lists on this branch yet: no appendix, no crash


def test_the_blank_guide_has_the_word_lists_on_an_appendix_page(monkeypatch: pytest.MonkeyPatch) -> None:
    use_word_lists(monkeypatch, fixture_lists())
    guide = blank_guide()
    assert len(guide.appendix) == 1
    page = guide.to_html()
    appendix = page.split('<h1 class="newpage">', 1)[1]
    text = shown(appendix)
    for group in fixture_lists()["feelings"]["groups"]:
        assert group["label"] in text and ", ".join(group["words"]) in text
    for category in fixture_lists()["needs"]["categories"]:
        assert category["label"] in text and ", ".join(category["needs"]) in text
    assert "Center for Nonviolent Communication" in text


@pytest.mark.parametrize("broken", [{"feelings": {}}, {"feelings": {"groups": [{"label": "x"}]}, "needs": {}},
                                    {"feelings": {"groups": []}, "needs": {"categories": []}}])
def test_word_lists_in_another_shape_leave_the_appendix_out(monkeypatch: pytest.MonkeyPatch,
                                                            broken: dict[str, Any]) -> None:
    use_word_lists(monkeypatch, broken)
    assert word_lists() is None
    assert blank_guide_module.blank_guide().appendix == ()
