"""Buttons figures (issue 5): time to open the Buttons section with 200 buttons per partner, and memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from journal_data import WINDOW_CHILD, fill_buttons

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import make_partners
from sidebyside.core.services import vault_service

CHILD = WINDOW_CHILD + r"""
window.open_with_key(bytearray(key))
app.processEvents()
times = []
for _ in range(runs):
    window.workspace.show_section(0)
    app.processEvents()
    t0 = time.perf_counter()
    view = window.workspace.sections[2]
    view.refresh()
    window.workspace.show_section(2)
    app.processEvents()
    assert view.model.rowCount() > 0 and view.table.isVisible()
    times.append((time.perf_counter() - t0) * 1000)
map_times = []
view = window.workspace.sections[2]
for _ in range(runs):
    view.tabs.setCurrentIndex(0)
    app.processEvents()
    t0 = time.perf_counter()
    view.tabs.setCurrentIndex(1)  # lays out the map
    app.processEvents()
    assert len(view.map.map_scene.circles()) > 0
    map_times.append((time.perf_counter() - t0) * 1000)
print(statistics.median(times), max(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      statistics.median(map_times), max(map_times))
"""


def run(per_partner: int = 200, runs: int = 9) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="sidebyside-bench-buttons-") as tmp:
        paths = vault_service.VaultPaths(Path(tmp) / "vault")
        key = vault_service.new_database_key()
        vault_service.create_vault(paths, make_partners("Sam", "#d9485f", "Alex", "#2f7dd1"), "bench passphrase here",
                                   "bench passphrase here", bytearray(key), KdfParams.cheap_for_tests())
        session = vault_service.open_vault(paths, bytearray(key))
        fill_buttons(session, per_partner)
        session.close()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_KEY=bytes(key).hex())
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = subprocess.run([sys.executable, "-c", CHILD, str(paths.data_dir), str(runs)], env=env,
                             capture_output=True, text=True, check=True).stdout.split()
    return {"open_editor_ms": float(out[0]), "open_editor_max_ms": float(out[1]), "rss_mib": float(out[2]),
            "map_layout_ms": float(out[3]), "map_layout_max_ms": float(out[4])}


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k} {v:.1f}")
