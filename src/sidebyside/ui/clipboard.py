"""Copying a secret (the recovery code) to the clipboard, cleared again after 30 seconds if unchanged."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000


class SecretClipboard:
    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        self._copied: str | None = None
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_now)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._copied = text
        self._timer.start()

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds what we put there (never someone else's copy)."""
        self._timer.stop()
        clipboard = QGuiApplication.clipboard()
        if self._copied is not None and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = None


_shared: SecretClipboard | None = None


def secret_clipboard() -> SecretClipboard:
    """The app's one secret clipboard: it outlives the dialog that copied, so the 30 s clear still happens."""
    global _shared
    if _shared is None:
        _shared = SecretClipboard()
    return _shared
