"""The journal list: order, keyset paging, filters — and the time views ("on this day", mood over time)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from core_helpers import make_vault
from journal_helpers import add, at, every_page, found, opened, uids

from sidebyside.core.domain.journal import EntryFields, JournalFilter, MoodPoint
from sidebyside.core.services import journal
from sidebyside.core.storage import journal_repo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultPaths, now_iso


def test_newest_first_by_the_moment_written_whatever_the_time_zone(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        tokyo = add(s, written_at=at(2024, 5, 1, 10, 0, offset=9 * 60), body="01:00 UTC")
        london = add(s, written_at=at(2024, 5, 1, 3, 0), body="03:00 UTC")
        new_york = add(s, written_at=at(2024, 4, 30, 22, 0, offset=-4 * 60), body="02:00 UTC")
        pinned_old = add(s, written_at=at(2001, 1, 1), body="pinned", pinned=True)
        listed = journal.list_entries(s)
        assert uids(listed) == [pinned_old, london, new_york, tokyo]
        assert listed[2].written_at.hour == 22  # shown at the writer's own clock


def _many(paths: VaultPaths, n: int) -> list[str]:
    """``n`` entries, 7 sharing each moment, both authors, every 9th pinned, all in one transaction."""
    make_vault(paths)
    made: list[str] = []
    with opened(paths) as s:
        conn = s.require_conn()
        with Transaction(conn):
            for i in range(n):
                moment = at(2020 + (i // 7) % 5, 1 + (i // 7) % 12, 1 + (i // 7) % 28, (i // 7) % 24)
                uid = f"{i:032x}"
                journal_repo.insert_entry(conn, uid, EntryFields(
                    author=1 + i % 2, written_at=moment, body=f"entry {i} {'common' if i % 3 == 0 else 'rare'}",
                    mood=1 + i % 5, tags=(f"t{i % 4}",), pinned=i % 9 == 0), now_iso())
                made.append(uid)
    return made


def test_paging_shows_every_entry_exactly_once_in_order(paths: VaultPaths) -> None:
    made = _many(paths, 1050)
    with opened(paths) as s:
        pages = every_page(s, JournalFilter(), 100)
        assert [len(p) for p in pages] == [100] * 10 + [50]
        flat = [e for page in pages for e in page]
        assert Counter(uids(flat)) == Counter(made)
        assert uids(flat) == uids(journal.list_entries(s, limit=5000))  # the same order as one big page
        keys = [(e.pinned, e.written_at, e.rowid) for e in flat]
        assert keys == sorted(keys, reverse=True)
        assert sum(e.pinned for e in flat[:117]) == 117  # all 117 pinned on top
        # Odd page sizes across the identical timestamps, and with filters.
        for flt, size in ((JournalFilter(), 7), (JournalFilter(authors=(2,)), 33),
                          (JournalFilter(text="common", tags=("T0",)), 10)):
            flat = [e for page in every_page(s, flt, size) for e in page]
            assert len(flat) == len(set(uids(flat))) == journal.count_entries(s, flt)
            assert uids(flat) == uids(journal.list_entries(s, flt, limit=5000))
        assert journal.count_entries(s, JournalFilter(authors=(2,))) == 525
        assert journal.count_entries(s, JournalFilter(text="common", tags=("T0",))) == len(
            [i for i in range(1050) if i % 3 == 0 and i % 4 == 0])


@pytest.fixture
def filtered(paths: VaultPaths) -> tuple[VaultPaths, dict[str, str]]:
    make_vault(paths)
    with opened(paths) as s:
        made = {
            "a": add(s, author=1, written_at=at(2023, 1, 10), body="kitchen talk", mood=2, tags=("Kitchen", "Café")),
            "b": add(s, author=2, written_at=at(2023, 2, 10), body="kitchen plans", mood=4, tags=("kitchen",)),
            "c": add(s, author=1, written_at=at(2023, 3, 10), body="garden day", mood=4, tags=("garden",)),
            "d": add(s, author=2, written_at=at(2023, 4, 10), body="kitchen again", mood=5),
            "e": add(s, author=1, written_at=at(2023, 5, 10), body="quiet evening"),
        }
    return paths, made


def _names(made: dict[str, str], got: set[str]) -> set[str]:
    back = {uid: name for name, uid in made.items()}
    return {back[uid] for uid in got}


def test_filters_alone_and_combined_with_search(filtered: tuple[VaultPaths, dict[str, str]]) -> None:
    paths, made = filtered
    with opened(paths) as s:
        def names(text: str = "", **kw: object) -> set[str]:
            return _names(made, found(s, text, **kw))

        assert names() == set("abcde")
        assert names(authors=(1,)) == set("ace")
        assert names(authors=(1, 2)) == set("abcde")
        assert names(tags=("KITCHEN",)) == set("ab")  # case-insensitive
        assert names(tags=("cafe",)) == set("a")  # and accent-insensitive
        assert names(tags=("kitchen", "café")) == set("a")  # every tag must be there
        assert names(tags=("nothing",)) == set()
        assert names(moods=(4,)) == set("bc")
        assert names(moods=(4, 5)) == set("bcd")
        assert names(start=at(2023, 2, 10), end=at(2023, 4, 10)) == set("bc")  # start inclusive, end exclusive
        assert names(start=at(2023, 4, 1)) == set("de")
        assert names(end=at(2023, 1, 10, 12, 0, second=1)) == set("a")
        assert names("kitchen") == set("abd")
        assert names("kitchen", authors=(2,)) == set("bd")
        assert names("kitchen", moods=(4,)) == set("b")
        assert names("kitchen", tags=("Kitchen",), authors=(1,)) == set("a")
        assert names("kitch", start=at(2023, 3, 1)) == set("d")
        assert names("kitchen", moods=(1,)) == set()


def test_on_this_day_shows_the_same_day_in_earlier_years_only(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        last_year = add(s, written_at=at(2023, 6, 15, 9), body="last year")
        long_ago = add(s, written_at=at(2015, 6, 15, 23), body="long ago")
        add(s, written_at=at(2024, 6, 15, 8), body="this morning")  # this year: not "on this day"
        add(s, written_at=at(2025, 6, 15), body="a later year")
        add(s, written_at=at(2023, 6, 14, 12), body="the day before")
        add(s, written_at=at(2023, 6, 16, 12), body="the day after")
        add(s, written_at=at(2023, 7, 15, 12), body="another month")
        assert uids(journal.on_this_day(s, date(2024, 6, 15))) == [last_year, long_ago]
        assert journal.on_this_day(s, date(2024, 6, 17)) == []
        assert len(journal.on_this_day(s, date(2030, 6, 15), limit=2)) == 2


def test_on_this_day_goes_by_the_date_the_writer_saw(paths: VaultPaths) -> None:
    """Written just after midnight in Berlin (still the 14th in UTC), or late evening in New York (already
    the 16th in UTC): each belongs to the day on the writer's calendar, as the mood chart counts it."""
    make_vault(paths)
    with opened(paths) as s:
        after_midnight = add(s, written_at=at(2023, 6, 15, 0, 30, offset=120), body="just after midnight")
        late_evening = add(s, written_at=at(2023, 6, 15, 22, 0, offset=-4 * 60), body="late evening")
        add(s, written_at=at(2023, 6, 16, 0, 30, offset=120), body="the 16th in Berlin")  # 15th in UTC
        add(s, written_at=at(2023, 6, 14, 22, 0, offset=-4 * 60), body="the 14th in New York")  # 15th in UTC
        assert set(uids(journal.on_this_day(s, date(2024, 6, 15)))) == {after_midnight, late_evening}
        # New Year's Eve, late evening in New York, is the previous year on the writer's calendar.
        eve = add(s, written_at=at(2023, 12, 31, 22, 0, offset=-5 * 60), body="new year's eve")
        assert uids(journal.on_this_day(s, date(2024, 12, 31))) == [eve]


def test_what_was_written_on_29_february_comes_back_on_28_february_in_other_years(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        leap_day = add(s, written_at=at(2024, 2, 29, 20, 30, offset=60), body="a leap day")
        eve = add(s, written_at=at(2023, 2, 28, 9), body="the 28th")
        march = add(s, written_at=at(2023, 3, 1, 9), body="the 1st of March")
        assert uids(journal.on_this_day(s, date(2025, 2, 28))) == [leap_day, eve]
        assert uids(journal.on_this_day(s, date(2028, 2, 29))) == [leap_day]  # a leap year has its own day
        assert uids(journal.on_this_day(s, date(2028, 2, 28))) == [eve]
        assert uids(journal.on_this_day(s, date(2025, 3, 1))) == [march]


def test_mood_series_averages_per_local_day_per_partner(paths: VaultPaths) -> None:
    make_vault(paths)
    with opened(paths) as s:
        add(s, author=1, written_at=at(2024, 3, 1, 8), mood=2)
        add(s, author=1, written_at=at(2024, 3, 1, 20), mood=5)
        add(s, author=2, written_at=at(2024, 3, 1, 9), mood=4)
        add(s, author=2, written_at=at(2024, 3, 1, 10), body="no mood given")
        add(s, author=1, written_at=at(2024, 3, 2, 0, 30, offset=120), mood=1)  # 1 March in UTC, 2 March there
        add(s, author=2, written_at=at(2024, 3, 5, 12), mood=3)
        add(s, author=2, written_at=at(2024, 2, 28, 12), mood=1)  # before the range
        add(s, author=1, written_at=at(2024, 3, 10), mood=5)  # the end is exclusive

        series = journal.mood_series(s, at(2024, 3, 1, 0, 0), at(2024, 3, 10))
    assert [(p.day, p.author, p.mood, p.count) for p in series] == [
        ("2024-03-01", 1, 3.5, 2),
        ("2024-03-01", 2, 4.0, 1),
        ("2024-03-02", 1, 1.0, 1),
        ("2024-03-05", 2, 3.0, 1),
    ]
    assert all(isinstance(p, MoodPoint) for p in series)


def test_paging_is_right_whichever_plan_the_search_takes(paths: VaultPaths) -> None:
    """Past 2,000 matches the list walks its index in order instead of sorting the matches: same pages."""
    made = _many(paths, 2_100)
    with opened(paths) as s:
        whole = uids(journal.list_entries(s, limit=10_000))
        assert Counter(whole) == Counter(made)
        for flt, expected in ((JournalFilter(text="entry"), whole),  # every entry matches: the index-order plan
                              (JournalFilter(start=at(2000, 1, 1)), whole),
                              (JournalFilter(text="common"), [u for u in whole if int(u, 16) % 3 == 0]),
                              (JournalFilter(text="entry", authors=(2,), moods=(2, 4)), None)):
            pages = every_page(s, flt, 100)
            flat = uids([e for page in pages for e in page])
            assert len(flat) == len(set(flat)) == journal.count_entries(s, flt)
            assert all(len(p) == 100 for p in pages[:-1])
            if expected is not None:
                assert flat == expected
            else:
                assert flat == [u for u in whole if int(u, 16) % 2 == 1 and 1 + int(u, 16) % 5 in (2, 4)]
