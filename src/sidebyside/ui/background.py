"""The one way to run slow work (the KDF, backups) off the GUI thread.

Jobs run one at a time on a single worker thread; the result or the exception comes back by
signal on the GUI thread, where the callbacks run. Callbacks must not touch the job's inputs
after the job has started.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn, self._relay = fn, relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            outcome, value = self._relay.failed, exc
        else:
            outcome, value = self._relay.succeeded, result
        with contextlib.suppress(RuntimeError):  # the app is closing and the relay is gone: nobody to tell
            outcome.emit(value)


class Background(QObject):
    """``run(fn, on_done, on_error)``; ``busy`` tells whether a job is in flight."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> None:
        relay = _Relay()  # lives on the GUI thread, so its signals are delivered there
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            if not shiboken6.isValid(self):
                return  # the screen that asked is gone (window closed): nobody to tell
            self._relays.discard(relay)
            relay.deleteLater()
            callback(value)

        relay.succeeded.connect(lambda value: finish(on_done, value))
        relay.failed.connect(lambda exc: finish(on_error, exc))
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
