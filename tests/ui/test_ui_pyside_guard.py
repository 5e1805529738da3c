"""Guards the PySide6 pin (~=6.11): PySide6 6.12.0 on Python 3.11 drops a reference to None on every
processEvents()/setText() call, until the interpreter aborts with "deallocating None"."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

CALLS = 5_000


def test_none_keeps_its_references_across_many_qt_calls(qtbot: QtBot, qapp: QApplication) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText("text" if i % 2 else "other text")
        QApplication.processEvents()
    after = sys.getrefcount(None)
    # A healthy binding leaves the count where it was (give or take a few references held elsewhere);
    # the broken one loses one or two per call, thousands here.
    assert after >= before - 50, f"None lost {before - after} references over {CALLS} Qt calls"
