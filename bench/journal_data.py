"""Generates a vault with years of journal use: realistic lengths, two authors, tags and moods."""

from __future__ import annotations

import random
import time
import uuid
from datetime import datetime, timedelta

from sidebyside.core.domain.journal import EntryFields, clean_fields
from sidebyside.core.storage import journal_repo as repo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultSession, now_iso

_TEXT = ("we talked about the weekend and the dinner with friends it felt hard when you took their side "
         "i needed you to be with me tonight we walked home quietly kitchen table coffee morning work "
         "tired money holiday parents sister brother garden rain laughed together sorry thank you listened "
         "later calmer again tomorrow plan signal hand squeeze break twenty minutes back")
WORDS = tuple(_TEXT.split(" "))
RARE = "zeppelin"  # appears in about 1 in 1,000 entries
TAGS = ("dinner", "friends", "money", "work", "family", "repair", "gratitude", "holiday", "chores", "health")


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def fill(session: VaultSession, count: int, seed: int = 7, batch: int = 5_000) -> float:
    """Insert ``count`` shared entries spread over the last ten years; returns seconds taken."""
    rng = random.Random(seed)
    conn = session.require_conn()
    start = time.perf_counter()
    first = datetime.now().astimezone() - timedelta(days=3650)
    now = now_iso()
    for done in range(0, count, batch):
        with Transaction(conn):
            for i in range(done, min(done + batch, count)):
                body = "\n\n".join(paragraph(rng, rng.randint(20, 120)) for _ in range(rng.randint(1, 4)))
                if rng.random() < 0.001:
                    body += f" The {RARE} flew over the house."
                fields = clean_fields(EntryFields(
                    author=rng.choice((1, 2)),
                    written_at=first + timedelta(minutes=i * 3650 * 24 * 60 // count + rng.randint(0, 50)),
                    title=paragraph(rng, rng.randint(2, 6))[:-1] if rng.random() < 0.6 else "",
                    body=body, mood=rng.choice((None, 1, 2, 3, 4, 5)),
                    tags=tuple(rng.sample(TAGS, rng.randint(0, 3)))))
                repo.insert_entry(conn, uuid.uuid4().hex, fields, now)
    return time.perf_counter() - start


def fill_buttons(session: VaultSession, per_partner: int, seed: int = 11) -> None:
    """``per_partner`` buttons for each partner, with realistic texts, in one transaction."""
    from sidebyside.core.domain.buttons import ButtonFields
    from sidebyside.core.services import buttons

    rng = random.Random(seed)
    areas = [c.id for c in buttons.categories()]
    for owner in (1, 2):
        for i in range(per_partner):
            buttons.create_button(session, ButtonFields(
                owner=owner, topic=f"{paragraph(rng, rng.randint(2, 5))[:-1]} {i}", category=rng.choice(areas),
                heat=rng.randint(1, 5), story=paragraph(rng, 40), signs=paragraph(rng, 15),
                helps=paragraph(rng, 15), worse=paragraph(rng, 10), public_ok=rng.random() < 0.5,
                public_plan=paragraph(rng, 8), printable=rng.random() < 0.3))


# The start of every screen benchmark child: a real main window on the generated vault (not yet unlocked).
# Children get the folder as argv[1], the runs as argv[2], and the database key in BENCH_KEY.
WINDOW_CHILD = r"""
import os, resource, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from sidebyside.app import configure_application
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services import safety, vault_service
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.ui_settings import UiSettings

safety.automatic_backup_job = lambda session, now=None: None  # measure the screen, not a backup
folder, key, runs = Path(sys.argv[1]), bytes.fromhex(os.environ["BENCH_KEY"]), int(sys.argv[2])
app = configure_application(["bench"])
settings = UiSettings(QSettings(str(folder.parent / "bench-ui.ini"), QSettings.Format.IniFormat))
window = MainWindow(AppContext(vault_service.VaultPaths(folder), MemorySecretStore(), settings, KdfParams()))
window.resize(1100, 720)
window.show()
app.processEvents()
"""
