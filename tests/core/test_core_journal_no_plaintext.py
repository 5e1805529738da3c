"""P1 for the journal: what is written in entries — shared or private, created or edited, even deleted —
never reaches a file in plaintext: not the database, its -wal/-shm, the search index, nor a temp file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from core_helpers import make_vault, scan_for
from journal_helpers import CHEAP, PERSONAL_1, at, fields, found, marker, opened

from sidebyside.core.domain.search_text import fold
from sidebyside.core.services import journal
from sidebyside.core.storage.vault import VaultPaths


def _needles(markers: Iterable[str]) -> dict[str, bytes]:
    needles: dict[str, bytes] = {}
    for text in markers:
        for form in {text, fold(text)}:  # the index keeps words folded
            needles[f"{form!r} utf-8"] = form.encode("utf-8")
            needles[f"{form!r} utf-16"] = form.encode("utf-16-le")
    return needles


def test_entry_text_never_reaches_the_disk_in_plaintext(paths: VaultPaths, session_tmp: Path) -> None:
    make_vault(paths)
    m = {name: marker(name) for name in ("st", "sb", "sg", "ut", "ub", "ug", "pt", "pb", "pg", "qb", "del")}
    accented = f"crème{marker()}"  # stored as typed, indexed folded
    roots = [paths.data_dir, session_tmp]
    needles = _needles([*m.values(), accented])

    with opened(paths) as s:
        journal.create_private_space(s, 1, PERSONAL_1, PERSONAL_1, CHEAP)
        shared, _ = journal.create_entry(s, fields(author=2, title=f"Shared {m['st']}", body=f"body {m['sb']}",
                                                   tags=(m["sg"],), mood=4))
        journal.update_entry(s, shared, fields(author=2, title=f"Edited {m['ut']}",
                                               body=f"edited body {m['ub']} {accented}", tags=(m["ug"],), mood=2))
        private, _ = journal.create_entry(s, fields(title=f"Private {m['pt']}", body=f"just mine {m['pb']}",
                                                    tags=(m["pg"],), private=True, written_at=at(2022, 1, 1)))
        journal.update_entry(s, private, fields(title=f"Private {m['pt']}", body=f"still mine {m['qb']}",
                                                tags=(m["pg"],), private=True, written_at=at(2022, 1, 1)))
        gone, _ = journal.create_entry(s, fields(body=f"deleted {m['del']}"))
        journal.delete_entry(s, gone)

        # The markers really are in there: readable back through the services.
        assert journal.get_entry(s, shared).fields.title == f"Edited {m['ut']}"
        assert journal.get_entry(s, shared).fields.body == f"edited body {m['ub']} {accented}"
        assert journal.get_entry(s, shared).fields.tags == (m["ug"],)
        assert journal.get_entry(s, private).fields.body == f"still mine {m['qb']}"
        assert journal.get_entry(s, private).fields.tags == (m["pg"],)
        assert found(s, m["ub"]) == found(s, "creme") == {shared}
        assert found(s, m["qb"]) == {private}
        assert (paths.data_dir / "vault.db-wal").stat().st_size > 0  # the entries sit in the WAL right now

        scanned, hits = scan_for(roots, needles)
        assert hits == []
        assert scanned >= 4  # vault.db, -wal, -shm, vault.key

    scanned, hits = scan_for(roots, needles)
    assert hits == []
    assert scanned >= 2
    with opened(paths) as s:  # and still there after closing
        assert journal.get_entry(s, shared).fields.body == f"edited body {m['ub']} {accented}"


def test_the_scan_would_see_a_marker_in_either_encoding(tmp_path: Path) -> None:
    """The control: the same scanner does find plaintext, so an empty result above means something."""
    word, accented = marker(), f"crème{marker()}"
    (tmp_path / "a.txt").write_bytes(f"x {word} y".encode())
    (tmp_path / "b.txt").write_bytes(f"x {accented} y".encode("utf-16-le"))
    (tmp_path / "c.txt").write_bytes(fold(accented).encode())
    scanned, hits = scan_for([tmp_path], _needles([word, accented]))
    assert scanned == 3
    assert len(hits) == 3
