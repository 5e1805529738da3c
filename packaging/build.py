"""Build the one-folder bundle dist/<APP_NAME>/ with PyInstaller, then dist/<APP_NAME>-<version>-<os>-<arch>.tar.gz.

    .venv/bin/python packaging/build.py     # needs: pip install pyinstaller (into the same venv)

Name, id and version come from the package (src/sidebyside/__init__.py). Prints what it made, with sizes.
See packaging/README.md for macOS and Windows.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sidebyside import APP_ID, APP_NAME, __version__  # noqa: E402


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def archive_name() -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return f"{APP_NAME}-{__version__}-{system}-{platform.machine().lower()}.tar.gz"


def make_archive(bundle: Path, target: Path) -> None:
    """The bundle folder as <APP_NAME>/..., owned by nobody in particular, in a stable order."""

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=APP_NAME, filter=clean)
    partial.replace(target)


def main() -> int:
    dist, work = ROOT / "dist", ROOT / "build" / "pyinstaller"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
                    str(dist), "--workpath", str(work), str(ROOT / "packaging" / "sidebyside.spec")], check=True)
    bundle = dist / APP_NAME
    executable = bundle / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)
    if not executable.is_file():
        raise SystemExit(f"build: PyInstaller finished but {executable} is missing")
    archive = dist / archive_name()
    make_archive(bundle, archive)
    mib = 1024 * 1024
    print(f"{APP_NAME} {__version__} ({APP_ID}) built in {time.perf_counter() - started:.0f} s")
    print(f"  {bundle.relative_to(ROOT)}/  {folder_size(bundle) / mib:.0f} MiB   run: {executable.relative_to(ROOT)}")
    print(f"  {archive.relative_to(ROOT)}  {archive.stat().st_size / mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
