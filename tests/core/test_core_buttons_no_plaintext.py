"""P1 for the buttons map: what partners write on their buttons — shared or private drafts, created, edited,
archived or deleted — never reaches a file in plaintext, while the vault is open or after it is closed."""

from __future__ import annotations

import random
import string
from collections.abc import Iterable
from pathlib import Path

from core_helpers import make_vault, open_with_passphrase, scan_for

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.services import buttons, journal
from sidebyside.core.storage.vault import VaultPaths

PERSONAL_1 = "lantern river quietly hums"
TEXTS = ("topic", "story", "signs", "helps", "worse", "public_plan")


def marker(prefix: str) -> str:
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(18))


def needles(markers: Iterable[str]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for text in markers:
        found[f"{text!r} utf-8"] = text.encode("utf-8")
        found[f"{text!r} utf-16"] = text.encode("utf-16-le")
    return found


def marked(owner: int, tag: str, **kw: object) -> tuple[ButtonFields, list[str]]:
    """Fields with a unique marker in every text field (the topic's kept under 80 characters)."""
    words = {name: marker(f"{tag}{name[:2]}") for name in TEXTS}
    words["story"] = f"crème {words['story']} 東京"  # not only ASCII
    texts = {name: (words[name] if name == "topic" else f"{name} {words[name]}") for name in TEXTS}
    return ButtonFields(owner=owner, category="family", heat=4, printable=True, public_ok=True,
                        **texts, **kw), list(words.values())  # type: ignore[arg-type]


def test_button_text_never_reaches_the_disk_in_plaintext(paths: VaultPaths, session_tmp: Path) -> None:
    make_vault(paths)
    roots = [paths.data_dir, session_tmp]
    shared, m_shared = marked(2, "s")
    edited, m_edited = marked(2, "e")
    draft, m_draft = marked(1, "d", draft=True)
    redraft, m_redraft = marked(1, "r", draft=True)
    archived, m_archived = marked(1, "a")
    gone, m_gone = marked(2, "g")
    every = needles([*m_shared, *m_edited, *m_draft, *m_redraft, *m_archived, *m_gone])

    s = open_with_passphrase(paths)
    try:
        journal.create_private_space(s, 1, PERSONAL_1, PERSONAL_1, KdfParams.cheap_for_tests())
        uid_shared, _ = buttons.create_button(s, shared)
        buttons.update_button(s, uid_shared, edited)
        uid_draft, _ = buttons.create_button(s, draft)
        buttons.update_button(s, uid_draft, redraft)
        uid_archived, _ = buttons.create_button(s, archived)
        buttons.set_archived(s, uid_archived, True)
        uid_gone, _ = buttons.create_button(s, gone)
        buttons.delete_button(s, uid_gone)
        page = buttons.buttons_page(s).to_html()  # the print page is built in memory only

        # The markers really are in there: readable back through the services.
        assert buttons.get_button(s, uid_shared).fields == edited
        assert buttons.get_button(s, uid_draft).fields == redraft
        assert buttons.get_button(s, uid_archived).fields == archived
        assert m_edited[0] in page
        assert (paths.data_dir / "vault.db-wal").stat().st_size > 0  # the buttons sit in the WAL right now

        scanned, hits = scan_for(roots, every)
        assert hits == []
        assert scanned >= 4  # vault.db, -wal, -shm, vault.key
    finally:
        s.close()

    scanned, hits = scan_for(roots, every)
    assert hits == []
    assert scanned >= 2
    s = open_with_passphrase(paths)  # and all still there after closing
    try:
        assert buttons.get_button(s, uid_shared).fields == edited
        assert buttons.get_button(s, uid_archived).fields == archived
        journal.unlock_private_space(s, 1, PERSONAL_1)
        assert buttons.get_button(s, uid_draft).fields == redraft
    finally:
        s.close()
    assert scan_for(roots, every)[1] == []


def test_the_scan_would_see_a_button_marker(tmp_path: Path) -> None:
    """The control: the same needles are found when they are on disk in either encoding."""
    fields, words = marked(1, "c")
    (tmp_path / "a.txt").write_bytes(fields.topic.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(fields.story.encode("utf-16-le"))
    scanned, hits = scan_for([tmp_path], needles(words))
    assert scanned == 2
    assert len(hits) == 2
