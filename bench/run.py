"""SideBySide benchmark: prints the figures the issues ask for (see bench/README.md)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "bench passphrase kitchen table"
BARE_WINDOW = (
    "import sys, resource\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1100, 720); w.show()\n"
    "def done():\n"
    "    print(f'shown QMainWindow visible={int(w.isVisible())} '\n"
    "          f'peak_rss_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', flush=True)\n"
    "    app.quit()\n"
    "QTimer.singleShot(0, done)\n"
    "app.exec()\n"
)


# The least a window with words in it must do beyond the bare one: show a line of text, which makes Qt read
# the system's fonts. Printed for reference: it shows how much of the ratio no app with text can avoid.
TEXT_WINDOW = BARE_WINDOW.replace(
    "w = QMainWindow(); w.resize(1100, 720); w.show()\n",
    "from PySide6.QtWidgets import QLabel\n"
    "w = QMainWindow(); w.setCentralWidget(QLabel('SideBySide is locked')); w.resize(1100, 720); w.show()\n",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app runs from cached bytecode (pip compiles it at install time); measure that,
    # not a machine where PYTHONDONTWRITEBYTECODE makes every start recompile our sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _compile_package() -> None:
    import compileall

    import sidebyside

    compileall.compile_dir(Path(sidebyside.__file__).parent, quiet=1)


def _time_to_shown(cmd: list[str]) -> tuple[float, int]:
    """Seconds from spawn until the child prints its 'shown' line, and the child's peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("shown "):
            elapsed = time.perf_counter() - start
            fields = dict(part.split("=", 1) for part in line.split()[2:])
            proc.wait(timeout=30)
            if fields.get("visible") != "1":
                raise RuntimeError(f"window not visible: {line.strip()}")
            return elapsed, int(fields["peak_rss_kib"])
    proc.wait(timeout=30)
    raise RuntimeError(f"{cmd} exited with {proc.returncode} before showing a window")


def _make_vault(folder: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sidebyside", "init", "--data-dir", str(folder),
                             "--partner", "Sam", "--partner", "Alex"], input=PASSPHRASE + "\n",
                            capture_output=True, text=True, env=_env())
    if result.returncode != 0:
        raise RuntimeError(result.stderr)


def bench_cold_start(folder: Path, runs: int) -> dict[str, float]:
    app_cmd = [sys.executable, "-m", "sidebyside", "--data-dir", str(folder), "--exit-when-shown"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    text_cmd = [sys.executable, "-c", TEXT_WINDOW]
    for cmd in (app_cmd, bare_cmd, text_cmd):
        _time_to_shown(cmd)  # warm the page cache once for each
    app_t, bare_t, text_t, app_rss, bare_rss = [], [], [], [], []
    for _ in range(runs):  # interleaved, so background noise hits all alike
        t, rss = _time_to_shown(app_cmd)
        app_t.append(t)
        app_rss.append(rss)
        t, rss = _time_to_shown(bare_cmd)
        bare_t.append(t)
        bare_rss.append(rss)
        text_t.append(_time_to_shown(text_cmd)[0])
    app_med, bare_med = statistics.median(app_t), statistics.median(bare_t)
    ratios = [a / b for a, b in zip(app_t, bare_t, strict=True)]
    return {
        "cold_start_app_ms": app_med * 1000,
        "cold_start_bare_qmainwindow_ms": bare_med * 1000,
        "cold_start_ratio_median_of_pairs": statistics.median(ratios),
        "cold_start_text_window_ms": statistics.median(text_t) * 1000,
        "cold_start_text_window_ratio_median_of_pairs": statistics.median(
            [t / b for t, b in zip(text_t, bare_t, strict=True)]),
        "peak_rss_unlock_window_mib": statistics.median(app_rss) / 1024,
        "peak_rss_bare_qmainwindow_mib": statistics.median(bare_rss) / 1024,
    }


ROOT = Path(__file__).resolve().parents[1]


def _bundle_executable() -> Path:
    from sidebyside import APP_NAME

    return ROOT / "dist" / APP_NAME / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)


def _pip_installed_command() -> list[str]:
    """The ``sidebyside`` launcher pip put beside this interpreter (what a pip/pipx user starts)."""
    script = Path(sys.executable).parent / "sidebyside"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "sidebyside"]


def bench_bundle(folder: Path, runs: int) -> dict[str, float]:
    """Size of dist/SideBySide and its .tar.gz; its cold start next to the pip-installed one, interleaved."""
    executable = _bundle_executable()
    bundle = executable.parent
    archives = sorted(bundle.parent.glob(f"{bundle.name}-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    mib = 1024 * 1024
    figures = {"bundle_folder_mib": sum(p.stat().st_size for p in bundle.rglob("*")
                                        if p.is_file() and not p.is_symlink()) / mib,
               "bundle_targz_mib": archives[-1].stat().st_size / mib if archives else float("nan")}
    args = ["--data-dir", str(folder), "--exit-when-shown"]
    bundle_cmd, pip_cmd = [str(executable), *args], [*_pip_installed_command(), *args]
    _time_to_shown(bundle_cmd), _time_to_shown(pip_cmd)  # warm the page cache once for both
    bundle_t, pip_t = [], []
    for _ in range(runs):
        bundle_t.append(_time_to_shown(bundle_cmd)[0])
        pip_t.append(_time_to_shown(pip_cmd)[0])
    return figures | {
        "cold_start_bundle_ms": statistics.median(bundle_t) * 1000,
        "cold_start_pip_ms": statistics.median(pip_t) * 1000,
        "cold_start_bundle_ratio_median_of_pairs": statistics.median(
            [b / p for b, p in zip(bundle_t, pip_t, strict=True)]),
    }


UNLOCK_CHILD = r"""
import sys, time, statistics
from pathlib import Path
from PySide6.QtWidgets import QApplication
from sidebyside.app import configure_application
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.secrets import MemorySecretStore
from sidebyside.core.services import vault_service
from sidebyside.ui.context import AppContext
from sidebyside.ui.main_window import MainWindow
from sidebyside.ui.ui_settings import UiSettings
from PySide6.QtCore import QSettings

folder, passphrase, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
app = configure_application(["bench"])
settings = UiSettings(QSettings(str(folder.parent / "bench-ui.ini"), QSettings.Format.IniFormat))
context = AppContext(vault_service.VaultPaths(folder), MemorySecretStore(), settings, KdfParams())
window = MainWindow(context)
window.show()
app.processEvents()
window.after_first_paint()  # as the app does once its window has appeared (app.run_gui) …
settle = time.perf_counter() + 0.5
while time.perf_counter() < settle:  # … and the half second nobody types a passphrase in
    app.processEvents()
kdf, rest = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    key = vault_service.key_from_passphrase(context.paths, passphrase)
    t1 = time.perf_counter()
    assert window.open_with_key(key)
    app.processEvents()
    t2 = time.perf_counter()
    kdf.append(t1 - t0)
    rest.append(t2 - t1)
    window.lock()
    app.processEvents()
print(f"{statistics.median(kdf) * 1000:.1f} {statistics.median(rest) * 1000:.1f} {max(rest) * 1000:.1f}")
"""


def bench_unlock(folder: Path, runs: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", UNLOCK_CHILD, str(folder), PASSPHRASE, str(runs)],
                         capture_output=True, text=True, env=_env(), check=True).stdout.split()
    return {"unlock_kdf_ms": float(out[0]), "unlock_everything_else_ms": float(out[1]),
            "unlock_everything_else_max_ms": float(out[2])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--entries", type=int, default=100_000, help="journal entries to generate (0: skip)")
    args = parser.parse_args()
    _compile_package()
    with tempfile.TemporaryDirectory(prefix="sidebyside-bench-") as tmp:
        folder = Path(tmp) / "vault"
        _make_vault(folder)
        figures = bench_cold_start(folder, args.runs) | bench_unlock(folder, args.runs)
        if _bundle_executable().is_file():
            figures |= bench_bundle(folder, args.runs)
    if args.entries:
        sys.path.insert(0, str(Path(__file__).parent))
        from journal_bench import run as journal_run

        figures |= {f"journal_{k}": v for k, v in journal_run(args.entries, args.runs).items()}
    sys.path.insert(0, str(Path(__file__).parent))
    from buttons_bench import run as buttons_run

    figures |= {f"buttons_{k}": v for k, v in buttons_run(200, args.runs).items()}
    from print_bench import run as print_run

    figures |= {f"print_{k}": v for k, v in print_run(args.runs).items()}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"SideBySide benchmark ({args.runs} runs each, medians; python {sys.version.split()[0]})")
    print(f"  cold start to unlock window   {figures['cold_start_app_ms']:7.1f} ms")
    print(f"  bare PySide6 QMainWindow      {figures['cold_start_bare_qmainwindow_ms']:7.1f} ms")
    print(f"  ratio (median of pairs)       {figures['cold_start_ratio_median_of_pairs']:7.2f}   goal <= 1.5")
    print(f"  reference: bare window + one label {figures['cold_start_text_window_ms']:7.1f} ms, "
          f"ratio {figures['cold_start_text_window_ratio_median_of_pairs']:.2f}")
    print(f"  unlock: KDF (Argon2id)        {figures['unlock_kdf_ms']:7.1f} ms")
    print(f"  unlock: everything else       {figures['unlock_everything_else_ms']:7.1f} ms   goal <= 50 ms"
          f" (max {figures['unlock_everything_else_max_ms']:.1f})")
    print(f"  peak RSS at unlock window     {figures['peak_rss_unlock_window_mib']:7.1f} MiB")
    print(f"  peak RSS bare QMainWindow     {figures['peak_rss_bare_qmainwindow_mib']:7.1f} MiB")
    _print_bundle(figures)
    if args.entries:
        _print_journal(figures, args.entries)
    print("Buttons, 200 per partner")
    print(f"  open the Buttons section {figures['buttons_open_editor_ms']:.0f} ms (max "
          f"{figures['buttons_open_editor_max_ms']:.0f})   goal <= 150 ms")
    print(f"  lay out the map view {figures['buttons_map_layout_ms']:.0f} ms (max "
          f"{figures['buttons_map_layout_max_ms']:.0f})   goal <= 150 ms;  RSS {figures['buttons_rss_mib']:.0f} MiB")
    _print_print(figures)
    return 0


def _print_bundle(f: dict[str, float]) -> None:
    executable = _bundle_executable()
    where = executable.parent.relative_to(ROOT)
    if "cold_start_bundle_ms" not in f:
        print(f"Bundle: not built ({where} is missing; build it with packaging/build.py)")
        return
    print(f"Bundle ({where}, PyInstaller one-folder)")
    print(f"  size: folder {f['bundle_folder_mib']:.0f} MiB, .tar.gz {f['bundle_targz_mib']:.0f} MiB")
    print(f"  cold start to unlock window: bundle {f['cold_start_bundle_ms']:.0f} ms, pip-installed "
          f"{f['cold_start_pip_ms']:.0f} ms (ratio {f['cold_start_bundle_ratio_median_of_pairs']:.2f}, "
          "median of pairs)")


def _print_print(f: dict[str, float]) -> None:
    print("Printing: time to make the PDF (A4), next to Qt's bare QTextDocument.print_() of the same HTML")
    for name, label in (("blank_guide", "blank conversation guide"), ("buttons_typical", "our buttons, 5 each"),
                        ("buttons_long", "our buttons, 20 each, long"), ("answer_10000_chars", "10,000-char answer"),
                        ("conversation_typical", "conversation guide, typical"),
                        ("conversation_long", "conversation guide, long")):
        print(f"  {label:28s} {f[f'print_{name}_ms']:6.1f} ms (max {f[f'print_{name}_max_ms']:.0f}, "
              f"{f[f'print_{name}_pages']:.0f} pages)  Qt print_ {f[f'print_{name}_qt_print_ms']:6.1f} ms  "
              f"ratio {f[f'print_{name}_ratio']:.2f}   goal <= 300 ms")


def _print_journal(f: dict[str, float], entries: int) -> None:
    j = {k.removeprefix("journal_"): v for k, v in f.items() if k.startswith("journal_")}
    print(f"Journal and vault safety, {entries:,} generated entries and {j['buttons']:.0f} buttons "
          f"({j['db_mib']:.0f} MiB vault, "
          f"generated in {j['generate_s']:.1f} s)")
    print(f"  list: first page {j['list_first_page_ms']:.1f} ms, next page {j['list_next_page_ms']:.1f} ms "
          "(core query; goal for the shown list <= 100 ms)")
    for name in ("common", "prefix", "rare", "common_filtered", "filter_only"):
        print(f"  search {name:16s} median {j[f'search_{name}_median_ms']:6.1f} ms   "
              f"p95 {j[f'search_{name}_p95_ms']:6.1f} ms   goal p95 <= 30 ms")
    print(f"  save while typing   median {j['save_median_ms']:6.2f} ms   p95 {j['save_p95_ms']:6.1f} ms   "
          "goal <= 10 ms")
    print(f"  journal screen: unlock to list shown {j['screen_unlock_to_list_ms']:.0f} ms (max "
          f"{j['screen_unlock_to_list_max_ms']:.0f})   goal <= 100 ms")
    print(f"  RSS with the journal open and scrolled ({j['screen_rows_loaded_after_scrolling']:.0f} rows loaded) "
          f"{j['screen_rss_mib']:.0f} MiB   goal <= 300 MiB; core alone {j['rss_mib']:.0f} MiB")
    print(f"  backup {j['backup_ms'] / 1000:.1f} s, {j['backup_mib']:.0f} MiB  (plain file copy "
          f"{j['file_copy_ms'] / 1000:.2f} s: {j['backup_ms'] / j['file_copy_ms']:.0f}x; the backup re-encrypts "
          "every page and verifies it)")
    print(f"  full integrity check {j['full_check_ms'] / 1000:.1f} s   export JSON {j['export_json_ms']:.0f} ms "
          f"({j['export_json_mib']:.1f} MiB)")


if __name__ == "__main__":
    sys.exit(main())
