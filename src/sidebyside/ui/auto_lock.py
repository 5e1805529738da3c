"""Locking when nobody is there: after idle time, and (on Linux) when the desktop session locks.

The idle watcher is an application-wide event filter. It only records the time of the last input
event (cheap on every event) while armed, and one single-shot timer checks when the deadline has passed.

It is installed after the window first appears, not when it is made: the first time PySide meets some
of Qt's private objects (an animation timer, the gesture manager) in a filter, it loads a few hundred
enum types (~20 ms). That should happen while the unlock screen waits, not during the first paint or
the first unlock.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent


def _activity() -> frozenset[QEvent.Type]:
    """The events that count as somebody being there (made at install: the lock screen needs no QEvent types)."""
    kind = QtCore.QEvent.Type
    return frozenset({kind.KeyPress, kind.KeyRelease, kind.MouseButtonPress, kind.MouseButtonRelease, kind.MouseMove,
                      kind.Wheel, kind.TouchBegin, kind.TouchUpdate, kind.TabletPress, kind.InputMethod})


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without keyboard, mouse or touch input while armed."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._last_activity = time.monotonic()
        self._armed = False
        self._installed = False
        self._activity: frozenset[QEvent.Type] = frozenset()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_ms = timeout_ms
        if self._armed:
            self._schedule()

    def install(self) -> None:
        """Start seeing the application's events (once; arming installs it too)."""
        app = QCoreApplication.instance()
        if not self._installed and app is not None:
            self._activity = _activity()
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        if self._installed and app is not None:
            app.removeEventFilter(self)
        self._installed = False

    def arm(self) -> None:
        self.install()
        self._armed = True
        self._last_activity = time.monotonic()
        self._schedule()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in self._activity:
            self._last_activity = time.monotonic()
        return False

    def _schedule(self) -> None:
        elapsed_ms = (time.monotonic() - self._last_activity) * 1000
        self._timer.start(max(0, int(self._timeout_ms - elapsed_ms)) + 5)

    def _on_timer_timeout(self) -> None:
        if not self._armed:
            return
        if (time.monotonic() - self._last_activity) * 1000 >= self._timeout_ms:
            self.disarm()
            self.idle.emit()
        else:
            self._schedule()


class SessionLockWatcher(QObject):
    """Emits ``session_locked`` when the desktop's screen locker starts (Linux, over D-Bus; best effort)."""

    session_locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected_to: list[str] = []
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus missing on this platform
            return
        system, session = QDBusConnection.systemBus(), QDBusConnection.sessionBus()
        if system.isConnected() and system.connect(
            "org.freedesktop.login1", "/org/freedesktop/login1/session/auto", "org.freedesktop.login1.Session",
            "Lock", self, SLOT("_on_lock()"),
        ):
            self.connected_to.append("login1")
        if session.isConnected() and session.connect(
            "", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", self,
            SLOT("_on_active_changed(bool)"),
        ):
            self.connected_to.append("screensaver")

    @Slot()
    def _on_lock(self) -> None:
        self.session_locked.emit()

    @Slot(bool)
    def _on_active_changed(self, active: bool) -> None:
        if active:
            self.session_locked.emit()
