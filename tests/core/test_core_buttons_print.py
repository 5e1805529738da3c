"""The "our buttons" page handed to the print path: per partner, only the buttons marked OK to print (never a
draft, never an archived one), hottest first — and whatever a partner typed shows as text (P9)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import make_vault, open_with_passphrase

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.services import buttons, journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

PERSONAL_1 = "lantern river quietly hums"
NOTHING = "Nothing marked for printing yet."
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
OUR_TAGS = {"html", "head", "meta", "style", "body", "h1", "h2", "h3", "p", "span", "table", "tr", "td", "br"}
INJECTIONS = [
    '<img src="file:///etc/passwd">',
    '<a href="https://evil.example">click</a>',
    "<script>alert(1)</script>",
    "</td></tr></table><h1>Hacked</h1>",
    "&lt;b&gt; &amp; &#60;img&#62;",
    "\u202eevil\u202c \u2067rtl\u2069 שלום",
    "<style>body{display:none}</style>",
]


@pytest.fixture
def session(paths: VaultPaths) -> Iterator[VaultSession]:
    make_vault(paths)
    s = open_with_passphrase(paths)
    yield s
    s.close()


def add(session: VaultSession, owner: int, topic: str, heat: int = 3, printable: bool = True, **kw: object) -> str:
    fields = ButtonFields(owner=owner, topic=topic, heat=heat, printable=printable, **kw)  # type: ignore[arg-type]
    return buttons.create_button(session, fields)[0]


def sections(page: str) -> list[str]:
    """The page split per partner (each starts at its <h2>)."""
    return page.split("<h2>")[1:]


def unbidi(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI)


def topics_in(section: str) -> list[str]:
    return [unbidi(html.unescape(t)) for t in re.findall(r'<span class="topic">(.*?)</span>', section)]


def tags_in(page: str) -> set[str]:
    return {t.lower() for t in re.findall(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)", page)}


def test_only_buttons_marked_for_printing_per_partner_hottest_first(session: VaultSession) -> None:
    journal.create_private_space(session, 1, PERSONAL_1, PERSONAL_1, KdfParams.cheap_for_tests())
    add(session, 1, "Warm", heat=2)
    add(session, 1, "Not for the fridge", heat=5, printable=False)
    add(session, 1, "Hottest", heat=5)
    buttons.set_archived(session, add(session, 1, "Archived", heat=5), True)
    add(session, 1, "Secret draft", heat=5, draft=True)
    add(session, 1, "Mild", heat=1)
    add(session, 1, "Also warm", heat=2)
    add(session, 2, "Her one", heat=4)

    chosen = buttons.printable_buttons(session)
    assert [(b.fields.owner, b.fields.topic) for b in chosen] == [
        (1, "Hottest"), (1, "Warm"), (1, "Also warm"), (1, "Mild"), (2, "Her one")]
    page = buttons.buttons_page(session)
    assert [p.name for p in page.partners] == ["Sam", "Alex"]
    assert [[b.fields.topic for b in p.buttons] for p in page.partners] == [
        ["Hottest", "Warm", "Also warm", "Mild"], ["Her one"]]
    sam, alex = sections(page.to_html())
    assert sam.startswith("\u2068Sam\u2069</h2>") and alex.startswith("\u2068Alex\u2069</h2>")
    assert topics_in(sam) == ["Hottest", "Warm", "Also warm", "Mild"]
    assert topics_in(alex) == ["Her one"]
    for hidden in ("Not for the fridge", "Archived", "Secret draft"):
        assert hidden not in page.to_html()
    assert NOTHING not in page.to_html()


def test_the_page_shows_what_helps_in_plain_words(session: VaultSession) -> None:
    add(session, 2, "Money talk", heat=4, category="money", story="Grew up with debts.", signs="Goes quiet.",
        helps="Plan the budget together.", worse="Comparing with friends.", public_ok=True,
        public_plan="Touch my elbow.")
    page = buttons.buttons_page(session).to_html()
    _sam, alex = sections(page)
    words = buttons.heat_words()
    for shown in ("Money talk", "Money", words[4], "4 of 5", "Goes quiet.", "Plan the budget together.",
                  "Comparing with friends.", "Touch my elbow."):
        assert shown in alex, shown
    assert "Grew up with debts." not in page  # the story behind it stays off the fridge


def test_a_partner_with_nothing_printable_gets_a_kind_line(session: VaultSession) -> None:
    page = buttons.buttons_page(session).to_html()
    assert [s.count(NOTHING) for s in sections(page)] == [1, 1]
    add(session, 1, "Only mine")
    add(session, 2, "Not printed", printable=False)
    sam, alex = sections(buttons.buttons_page(session).to_html())
    assert NOTHING not in sam and "Only mine" in sam
    assert NOTHING in alex and "Not printed" not in alex


@pytest.mark.parametrize("evil", INJECTIONS)
def test_whatever_was_typed_prints_as_text(session: VaultSession, evil: str) -> None:
    texts = ("signs", "helps", "worse", "public_plan")
    uid = add(session, 1, evil[:80], heat=5, public_ok=True, **{name: f"{name}: {evil}" for name in texts})
    stored = buttons.get_button(session, uid).fields
    page = buttons.buttons_page(session).to_html()
    assert tags_in(page) <= OUR_TAGS  # no element a partner typed
    for control in BIDI:  # no direction override leaks out of its place (each text is isolated instead)
        assert control not in page.replace("\u2068", "").replace("\u2069", ""), hex(ord(control))
    shown = html.unescape(re.sub(r"<[^>]*>", "", page))  # the page's text, as a reader sees it
    for name in texts:
        assert unbidi(getattr(stored, name)) in unbidi(shown), name
    assert topics_in(sections(page)[0]) == [unbidi(stored.topic)]


def test_an_img_topic_is_escaped_not_drawn(session: VaultSession) -> None:
    add(session, 1, '<img src="file:///etc/passwd">', helps='<a href="x">go</a>')
    page = buttons.buttons_page(session).to_html()
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    assert "<img" not in page.lower() and "<a " not in page.lower()
    assert "&lt;a href=&quot;x&quot;&gt;go&lt;/a&gt;" in page


def test_partner_names_are_escaped_too(tmp_path: Path) -> None:
    paths = VaultPaths(tmp_path / "data")
    make_vault(paths, names=('<img src="x">Sam', "Alex &amp; co"))
    s = open_with_passphrase(paths)
    try:
        page = buttons.buttons_page(s).to_html()
        assert "<img" not in page and "&lt;img src=&quot;x&quot;&gt;Sam" in page
        assert "Alex &amp;amp; co" in page
    finally:
        s.close()
