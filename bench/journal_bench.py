"""Journal and vault-safety figures on a generated vault (issues 3 and 4)."""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from journal_data import RARE, WINDOW_CHILD, fill, fill_buttons

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.journal import EntryFields, JournalFilter
from sidebyside.core.domain.partners import make_partners
from sidebyside.core.services import journal, safety, transfer, vault_service
from sidebyside.core.services.vault_service import VaultPaths

BUTTONS_PER_PARTNER = 250  # issue 3 asks for 500 buttons beside the 100,000 entries


def _times(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(entries: int, runs: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="sidebyside-bench-journal-") as tmp:
        paths = VaultPaths(Path(tmp) / "vault")
        key = vault_service.new_database_key()
        vault_service.create_vault(paths, make_partners("Sam", "#d9485f", "Alex", "#2f7dd1"), "bench passphrase here",
                                   "bench passphrase here", bytearray(key), KdfParams.cheap_for_tests())
        session = vault_service.open_vault(paths, bytearray(key))
        figures["generate_s"] = fill(session, entries)
        fill_buttons(session, BUTTONS_PER_PARTNER)
        figures["buttons"] = 2 * BUTTONS_PER_PARTNER
        session.close()
        session = vault_service.open_vault(paths, bytearray(key))  # cold-ish: a fresh connection
        t0 = time.perf_counter()
        first_page = journal.list_entries(session, limit=100)
        figures["list_first_page_ms"] = (time.perf_counter() - t0) * 1000
        assert len(first_page) == 100
        figures["list_next_page_ms"] = statistics.median(_times(
            lambda: journal.list_entries(session, after=journal.cursor_after(first_page[-1]), limit=100), runs))
        for name, flt in (("common", JournalFilter(text="kitchen")), ("rare", JournalFilter(text=RARE)),
                          ("prefix", JournalFilter(text="kitch")),
                          ("common_filtered", JournalFilter(text="kitchen", authors=(1,), moods=(2, 3))),
                          ("filter_only", JournalFilter(tags=("money",), authors=(2,)))):
            times = _times(lambda f=flt: journal.list_entries(session, f, limit=100), runs * 3)
            figures[f"search_{name}_median_ms"] = statistics.median(times)
            figures[f"search_{name}_p95_ms"] = _p95(times)
        now = first_page[0].written_at
        uid, _ = journal.create_entry(session, EntryFields(1, now, "Draft", "typing…"))
        body = ["We sat at the kitchen table and talked."]

        def save() -> None:
            body.append(" and more")
            journal.update_entry(session, uid, EntryFields(1, now, "Draft", "".join(body)))

        vault_service.defer_checkpoints(session)  # as the app does while unlocked
        saves = _times(save, 200)  # enough samples for a p95 that is not just the slowest fsync
        figures["save_median_ms"], figures["save_p95_ms"] = statistics.median(saves), _p95(saves)
        figures["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        db_size = paths.db.stat().st_size + sum(p.stat().st_size for p in paths.data_dir.glob("vault.db-wal"))
        figures["db_mib"] = db_size / 2**20

        t0 = time.perf_counter()
        shutil.copyfile(paths.db, Path(tmp) / "plain-copy.db")
        figures["file_copy_ms"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        info = safety.backup_job(session, Path(tmp) / "usb")()
        figures["backup_ms"] = (time.perf_counter() - t0) * 1000
        figures["backup_mib"] = info.size / 2**20
        t0 = time.perf_counter()
        report = safety.full_check_job(session)()
        figures["full_check_ms"] = (time.perf_counter() - t0) * 1000
        assert report.ok
        t0 = time.perf_counter()
        transfer.export_json(session, Path(tmp) / "export.json")
        figures["export_json_ms"] = (time.perf_counter() - t0) * 1000
        figures["export_json_mib"] = (Path(tmp) / "export.json").stat().st_size / 2**20
        session.close()
        figures |= _journal_screen(paths, bytes(key), runs)
    return figures


SCREEN_CHILD = WINDOW_CHILD + r"""
from sidebyside.core.services.safety import AUTOMATIC_EVERY
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    window.open_with_key(bytearray(key))
    window.workspace.show_section(1)
    app.processEvents()
    view = window.workspace.sections[1]
    assert view.model.rowCount() > 0 and view.list.isVisible()
    times.append((time.perf_counter() - t0) * 1000)
    window.lock()
    app.processEvents()
window.open_with_key(bytearray(key))
window.workspace.show_section(1)
app.processEvents()
for _ in range(30):  # scroll a little, as a person would
    window.workspace.sections[1].list.verticalScrollBar().setValue(window.workspace.sections[1].list.verticalScrollBar().maximum())
    app.processEvents()
print(statistics.median(times), max(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      window.workspace.sections[1].model.rowCount())
"""


def _journal_screen(paths: VaultPaths, key: bytes, runs: int) -> dict[str, float]:
    """Unlock to the journal list shown, in a real (offscreen) window, in a child process."""
    import os
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_KEY=key.hex())
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, "-c", SCREEN_CHILD, str(paths.data_dir), str(runs)], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return {"screen_unlock_to_list_ms": float(out[0]), "screen_unlock_to_list_max_ms": float(out[1]),
            "screen_rss_mib": float(out[2]), "screen_rows_loaded_after_scrolling": float(out[3])}


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 9)
    for k, v in result.items():
        print(f"{k} {v:.2f}")
