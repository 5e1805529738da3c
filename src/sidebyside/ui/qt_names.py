"""What the lock screen is built with: nothing from PySide's ``Qt`` namespace before its first paint.

In PySide, the first use of anything in the ``Qt`` namespace builds the Python types of all ~90 of its enums
(~16 ms here, a tenth of a bare window's start). So does a call with an overload that takes one, because
PySide checks the argument against that type: ``QPainter.setPen``, ``QAction.setShortcut``, ``QPen(colour,
width)``. The main window, the unlock screen and their widgets are built without any of them, and the enums
are made once the window is up. In their place:

- enum properties are set by the value's name through Qt's property system (``set_by_name`` below);
- a link sits at the start of its line by a stretch, not an alignment flag (ui/unlock_view.py);
- one shortcut is given as a list, ``setShortcuts([QKeySequence("Ctrl+L")])``;
- the eye icon is stroked and filled with a pen and its brush (ui/widgets/icons.py);
- a link gets its pointing hand when the pointer first comes over it (ui/widgets/link_button.py);
- the theme reads a dark desktop from the platform's palette at start (ui/theme.py).

tests/ui/test_ui_startup.py checks that the window appears with the namespace still unbuilt.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_by_name(obj: QObject, prop: str, value: str) -> None:
    """Set the enum property ``prop`` to the value named ``value`` (``set_by_name(label, "textFormat",
    "PlainText")``). A misspelt name raises, where ``setProperty`` alone would quietly do nothing."""
    if not obj.setProperty(prop, value):
        raise ValueError(f"{type(obj).__name__} has no property {prop!r} with a value named {value!r}")
