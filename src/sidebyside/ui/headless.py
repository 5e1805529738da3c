"""A Qt GUI application for commands that only render (PDFs), also where there is no display."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # fonts and PDF writing need no screen
    _app = QGuiApplication([sys.argv[0] if sys.argv else "sidebyside"])
    return _app
