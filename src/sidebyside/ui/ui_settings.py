"""Typed access to QSettings. Only harmless UI state lives here — never names, topics or secrets."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QByteArray, QSettings

AUTO_LOCK_DEFAULT_MINUTES = 5
AUTO_LOCK_MIN, AUTO_LOCK_MAX = 1, 240


class ThemeMode(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class UiSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings if settings is not None else QSettings()

    @property
    def auto_lock_minutes(self) -> int:
        try:
            value = int(self._s.value("security/auto_lock_minutes", AUTO_LOCK_DEFAULT_MINUTES))
        except (TypeError, ValueError):
            value = AUTO_LOCK_DEFAULT_MINUTES
        return min(max(value, AUTO_LOCK_MIN), AUTO_LOCK_MAX)

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, minutes: int) -> None:
        self._s.setValue("security/auto_lock_minutes", min(max(int(minutes), AUTO_LOCK_MIN), AUTO_LOCK_MAX))

    @property
    def theme(self) -> ThemeMode:
        try:
            return ThemeMode(str(self._s.value("ui/theme", ThemeMode.SYSTEM.value)))
        except ValueError:
            return ThemeMode.SYSTEM

    @theme.setter
    def theme(self, mode: ThemeMode) -> None:
        self._s.setValue("ui/theme", mode.value)

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("ui/window_geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue("ui/window_geometry", geometry)

    def sync(self) -> None:
        self._s.sync()
