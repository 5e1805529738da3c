"""Linux desktop integration: the desktop file and AppStream metainfo validate and agree with the package,
the icon PNGs exist at every size, and --install/--uninstall-desktop-entry write to the user's XDG folders."""

from __future__ import annotations

import configparser
import io
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sidebyside import APP_ID, APP_NAME, __version__, desktop_entry
from sidebyside.cli import main
from sidebyside.core.content import resources_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DESKTOP = resources_dir() / "desktop" / f"{APP_ID}.desktop"
METAINFO = resources_dir() / "desktop" / f"{APP_ID}.metainfo.xml"


def validator(name: str) -> str:
    """The validator's path; skipped where it isn't installed, but never on CI (.ci/run installs it)."""
    found = shutil.which(name)
    if found is None:
        package = "desktop-file-utils" if name.startswith("desktop") else "appstream"
        reason = f"{name} is not installed (apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run should have installed it")
        pytest.skip(reason)
    return found


def desktop_entry_keys(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_desktop_file_validates() -> None:
    result = subprocess.run([validator("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_the_metainfo_validates() -> None:
    result = subprocess.run([validator("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_desktop_file_uses_the_one_app_id_and_the_real_window_class() -> None:
    keys = desktop_entry_keys(DESKTOP)
    assert keys["Version"] == "1.4"
    assert keys["Name"] == APP_NAME
    assert keys["Icon"] == APP_ID
    # Qt on X11 sets WM_CLASS's class to the application name (app.configure_application sets APP_NAME);
    # on Wayland the app id is QGuiApplication.desktopFileName(), i.e. APP_ID: this file's name.
    assert keys["StartupWMClass"] == APP_NAME
    assert keys["Categories"] and keys["Keywords"]


def test_the_metainfo_agrees_with_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("icon") == APP_ID
    assert root.findtext("provides/binary") == "sidebyside"
    assert root.find("content_rating[@type='oars-1.1']") is not None
    assert len(root.findall("screenshots/screenshot")) >= 1
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == __version__, "add a <release> for the new version first"


def test_the_icon_pngs_exist_at_every_size_with_that_many_pixels() -> None:
    hicolor = resources_dir() / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for side in ICON_SIZES:
        png = hicolor / f"{side}x{side}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), f"missing {png} (run packaging/make_icons.py)"
        assert png_size(png) == (side, side)


# -- --install-desktop-entry / --uninstall-desktop-entry --------------------------------------------------------
def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def expected_files(home: Path) -> set[Path]:
    icons = {home / "icons" / "hicolor" / f"{side}x{side}" / "apps" / f"{APP_ID}.png" for side in ICON_SIZES}
    return icons | {home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
                    home / "applications" / f"{APP_ID}.desktop", home / "metainfo" / f"{APP_ID}.metainfo.xml"}


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_install_writes_the_entry_icons_and_metainfo_into_xdg_data_home(xdg_home: Path) -> None:
    code, out, err = run_cli("--install-desktop-entry")
    assert code == 0, err
    assert files_under(xdg_home) == expected_files(xdg_home)
    for path in expected_files(xdg_home):
        assert f"wrote {path}" in out  # says what it wrote
    keys = desktop_entry_keys(xdg_home / "applications" / f"{APP_ID}.desktop")
    launcher = keys["Exec"]
    assert os.path.isabs(launcher) and os.access(launcher, os.X_OK), launcher  # this install's own command
    assert launcher == desktop_entry.launcher_command()[0] == keys["TryExec"]
    assert keys["Icon"] == APP_ID
    assert (xdg_home / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()


def test_the_installed_desktop_file_still_validates(xdg_home: Path) -> None:
    tool = validator("desktop-file-validate")
    assert run_cli("--install-desktop-entry")[0] == 0
    result = subprocess.run([tool, str(xdg_home / "applications" / f"{APP_ID}.desktop")], capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_uninstall_removes_everything_install_wrote_and_nothing_else(xdg_home: Path) -> None:
    other = xdg_home / "applications" / "someone-else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    assert run_cli("--install-desktop-entry")[0] == 0
    code, out, _err = run_cli("--uninstall-desktop-entry")
    assert code == 0
    assert files_under(xdg_home) == {other}
    assert out.count("removed ") == len(expected_files(xdg_home))
    code, out, _err = run_cli("--uninstall-desktop-entry")
    assert code == 0 and out.startswith("nothing to remove")


def test_without_xdg_data_home_it_uses_local_share_in_the_home_folder(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"
    assert desktop_entry.data_home({"XDG_DATA_HOME": "relative/ignored"}) == tmp_path / ".local" / "share"


def test_exec_quotes_paths_with_spaces_and_escapes_as_the_spec_asks() -> None:
    assert desktop_entry.exec_value(["/opt/side by side/bin/sidebyside"]) == '"/opt/side by side/bin/sidebyside"'
    assert desktop_entry.exec_value(["/usr/bin/python3", "-m", "sidebyside"]) == "/usr/bin/python3 -m sidebyside"
    assert desktop_entry.exec_value(['/a$b/"x"']) == '"/a\\\\$b/\\\\"x\\\\""'  # \\ in the file: one \ after parsing
    assert desktop_entry.exec_value(["/home/50%/app"]) == "/home/50%%/app"
