"""Bad input in journal entries: huge bodies, 10,000 tags, markup and odd Unicode, extreme dates,
values off the scale. Stored and returned as plain text, or refused with a plain message — never a crash."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from core_helpers import make_vault
from journal_helpers import add, at, fields, found, opened, uids

from sidebyside.core.domain.journal import JournalFilter, Link
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths, VaultSession

NASTY = (
    '<img src="x" onerror="alert(1)">',
    "<b>bold</b> &amp; &lt;script&gt; <a href='javascript:alert(1)'>link</a>",
    "\u202eevil override\u202c \u200fשלום\u200f \u200e",  # RTL override, RTL/LTR marks
    "cafe\u0301 Z\u0335\u0336a\u0308\u0301",  # combining characters (the first composes, the rest can't)
    "emoji 👩‍❤️‍👨 🇳🇱 🍕",
    "nul\x00here\x00",
)


def _as_stored(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\x00", "")


def _plain(exc: ValidationError) -> None:
    """A message a person can read: no traceback, SQL or Python internals."""
    assert exc.message and str(exc) == exc.message
    for word in ("Traceback", "sqlite", "SQL", "constraint", "None", "Error"):
        assert word not in exc.message


def _refused(session: VaultSession, field: str, **kw: object) -> ValidationError:
    before = journal.count_entries(session)
    with pytest.raises(ValidationError) as info:
        journal.create_entry(session, fields(**kw))
    _plain(info.value)
    assert info.value.field == field
    assert journal.count_entries(session) == before  # nothing half-saved
    return info.value


def test_a_one_megabyte_entry_is_kept_whole_and_searchable(paths: VaultPaths) -> None:
    make_vault(paths)
    chunk = "Ünïcödé line with words, 東京の夜 and 🍕.\n"
    body = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000] + " zebracrossing"
    with opened(paths) as s:
        uid = add(s, body=body)
    with opened(paths) as s:
        assert journal.get_entry(s, uid).fields.body == body
        assert found(s, "zebracross") == {uid}  # the last word of a megabyte is in the index
        [row] = journal.list_entries(s)
        assert row.heading == "Ünïcödé line with words, 東京の夜 and 🍕."
        assert len(row.snippet) <= 400  # the list never carries the whole body


def test_ten_thousand_tags_are_kept_in_order_and_one_more_is_refused(paths: VaultPaths) -> None:
    make_vault(paths)
    tags = tuple(f"tag{i}" for i in range(10_000))
    with opened(paths) as s:
        uid = add(s, tags=(*tags, "TAG0", "#tag1"))  # duplicates ignoring case don't count
        error = _refused(s, "tags", tags=(*tags, "one-more"))
        assert "10,000" in error.message
        _refused(s, "tags", tags=("x" * 65,))
    with opened(paths) as s:
        assert journal.get_entry(s, uid).fields.tags == tags
        assert found(s, "tag9999") == {uid}
        assert uids(journal.list_entries(s, JournalFilter(tags=("TAG4321",)))) == [uid]
        assert len(journal.all_tags(s)) == 10_000


@pytest.mark.parametrize("text", NASTY, ids=["img", "html", "rtl", "combining", "emoji", "nul"])
def test_markup_and_odd_unicode_are_stored_and_returned_as_text(paths: VaultPaths, text: str) -> None:
    make_vault(paths)
    tag = text.replace("\x00", "")[:60]
    with opened(paths) as s:
        uid = add(s, title=text, body=f"{text}\nsecond line {text}", tags=(text[:60], "plain"))
    with opened(paths) as s:
        entry = journal.get_entry(s, uid)
        expected_title = " ".join(_as_stored(text).split())
        assert entry.fields.title == expected_title
        assert entry.fields.body == _as_stored(f"{text}\nsecond line {text}")
        assert entry.fields.tags == (" ".join(_as_stored(tag).split()), "plain")
        for value in (entry.fields.title, entry.fields.body, *entry.fields.tags):
            assert isinstance(value, str) and "\x00" not in value
        [row] = journal.list_entries(s)
        assert row.heading == expected_title
        # Nothing stored carries a NUL (tools that read the database would stop at it).
        conn = s.require_conn()
        assert conn.execute("SELECT count(*) FROM entries WHERE instr(title, char(0)) OR instr(body, char(0))"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM entry_tags WHERE instr(tag, char(0))").fetchone()[0] == 0


def test_markup_and_foreign_scripts_are_searchable_as_words(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        uids_ = [add(s, body=text, written_at=at(2024, 1, 1 + i)) for i, text in enumerate(NASTY)]
        assert found(s, "onerror") == {uids_[0]}
        assert found(s, "script") == {uids_[1]}
        assert found(s, "שלום") == {uids_[2]}
        assert found(s, "cafe") == {uids_[3]}
        assert found(s, "emoji") == {uids_[4]}
        assert found(s, "nulhere") == {uids_[5]}  # the NUL is gone, so the word is whole


def test_dates_from_year_2_to_year_9998_are_kept_and_sorted(paths: VaultPaths) -> None:
    make_vault(paths)
    earliest = at(2, 1, 1, 0, 0, offset=14 * 60)  # in UTC this is still year 1
    latest = at(9998, 12, 31, 23, 59, offset=-12 * 60)  # in UTC this is already year 9999
    ordinary = at(2024, 6, 1)
    with opened(paths) as s:
        a = add(s, written_at=ordinary, body="now")
        b = add(s, written_at=latest, body="far future")
        c = add(s, written_at=earliest, body="far past")
        d = add(s, written_at=at(2, 6, 1), body="also long ago")
        naive = add(s, written_at=datetime(1999, 12, 31, 23, 0), body="naive means local time")
    with opened(paths) as s:
        assert journal.get_entry(s, c).fields.written_at == earliest
        assert journal.get_entry(s, c).fields.written_at.year == 2
        assert journal.get_entry(s, b).fields.written_at == latest
        assert journal.get_entry(s, naive).fields.written_at == datetime(1999, 12, 31, 23, 0).astimezone()
        assert uids(journal.list_entries(s)) == [b, a, naive, d, c]
        assert uids(journal.list_entries(s, JournalFilter(start=at(1, 12, 31, 0, 0), end=at(3, 1, 1)))) == [d, c]


@pytest.mark.parametrize("moment", [datetime(1, 1, 1, 12), at(1, 12, 31, 23, 59), at(9999, 1, 1, 0, 0),
                                    datetime(9999, 12, 31, 23, 59)])
def test_dates_in_year_1_or_9999_are_refused_plainly(paths: VaultPaths, moment: datetime) -> None:
    make_vault(paths)
    with opened(paths) as s:
        error = _refused(s, "date", written_at=moment)
        assert "2" in error.message and "9998" in error.message


def test_values_off_the_scale_are_refused(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        for mood in (0, 6, -1):
            _refused(s, "mood", mood=mood)
        for author in (0, 3):
            _refused(s, "author", author=author)
        error = _refused(s, "title", title="t" * 201)
        assert "200" in error.message
        _refused(s, "links", links=(Link("website", "x"),))
        _refused(s, "links", links=(Link("button", ""),))
        # The edges are fine.
        ok = [add(s, mood=m) for m in (1, 5, None)]
        ok.append(add(s, author=2, title=" " + "t" * 200 + " "))  # trimmed to 200
        assert journal.count_entries(s) == len(ok)
        assert journal.get_entry(s, ok[-1]).fields.title == "t" * 200


def test_a_refused_edit_leaves_the_entry_as_it_was(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        uid = add(s, title="Keep me", mood=3)
        before = journal.get_entry(s, uid)
        for bad in (fields(mood=6, title="changed"), fields(author=3), fields(title="x" * 201),
                    fields(written_at=at(9999, 6, 1))):
            with pytest.raises(ValidationError):
                journal.update_entry(s, uid, bad)
        assert journal.get_entry(s, uid) == before


def test_lone_surrogates_are_replaced_not_a_crash(paths: VaultPaths) -> None:
    """Half of an emoji (a lone UTF-16 surrogate, e.g. from a cut-off paste) can't be stored as text:
    it becomes U+FFFD instead of an encoding error; a pair given as two halves is joined."""
    make_vault(paths)
    with opened(paths) as s:
        uid = add(s, title="half \ud83d", body="a\ud800b \ud83d\ude00 c\udfff", tags=("x\udc00",))
        entry = journal.get_entry(s, uid)
        assert entry.fields.title == "half \ufffd"
        assert entry.fields.body == "a\ufffdb 😀 c\ufffd"
        assert entry.fields.tags == ("x\ufffd",)
        assert found(s, "a\ud800") == {uid}
