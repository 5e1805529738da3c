"""Light and dark palettes on the Fusion style, so the app looks the same everywhere it runs.

The style itself is chosen when the application object is made (``app.configure_application`` passes
``-style Fusion``): asking the application for its style here would cost every start a few milliseconds.

"Follow the system" needs to know whether the desktop is dark before the first window is painted. Qt's own
answer, ``QStyleHints.colorScheme()``, is a value of the ``Qt`` namespace, which the lock screen is built
without (see ui/qt_names.py). So the first look comes from the palette the platform hands the application,
which is dark on a dark desktop wherever the platform knows that by then. Once the window is up, the colour
scheme decides: follow_system_scheme asks it at once (on GNOME it arrives over D-Bus a moment after start,
so there a dark desktop sees the window turn dark then) and follows every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from sidebyside.ui.ui_settings import ThemeMode, UiSettings

if TYPE_CHECKING:
    from PySide6.QtCore import QMetaObject

_LIGHT = {
    "window": "#f6f4f1", "base": "#ffffff", "alt": "#efebe6", "text": "#22201d", "muted": "#6b655e",
    "button": "#ece8e2", "highlight": "#3d6fb6", "highlight_text": "#ffffff", "link": "#2f5f9e",
    "tooltip": "#fffbe8", "error": "#b3261e",
}
_DARK = {
    "window": "#1f1e1c", "base": "#2a2926", "alt": "#33312d", "text": "#ece8e2", "muted": "#a39d94",
    "button": "#34322e", "highlight": "#6e9be0", "highlight_text": "#101010", "link": "#8fb4ee",
    "tooltip": "#3a3833", "error": "#f2998f",
}


#: Application property: whether the desktop's colours are dark (set by the first apply_theme, kept up to date
#: by follow_system_scheme).
_SYSTEM_DARK = "sidebyside_system_dark"


def _palette_is_dark(palette: QPalette) -> bool:
    return palette.windowText().color().lightness() > palette.window().color().lightness()


def system_is_dark(app: QGuiApplication) -> bool:
    known = app.property(_SYSTEM_DARK)
    if known is None:  # our palette isn't applied yet: the application's palette is still the platform's
        known = _palette_is_dark(app.palette())
        app.setProperty(_SYSTEM_DARK, known)
    return bool(known)


def is_dark(app: QGuiApplication, mode: ThemeMode) -> bool:
    system_dark = system_is_dark(app)  # (asked whatever the mode: later only our own palette could be read)
    return mode is ThemeMode.DARK or (mode is ThemeMode.SYSTEM and system_dark)


def _palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, key in ((role.Window, "window"), (role.Base, "base"), (role.AlternateBase, "alt"),
                   (role.WindowText, "text"), (role.Text, "text"), (role.ButtonText, "text"),
                   (role.Button, "button"), (role.Highlight, "highlight"), (role.HighlightedText, "highlight_text"),
                   (role.Link, "link"), (role.ToolTipBase, "tooltip"), (role.ToolTipText, "text"),
                   (role.PlaceholderText, "muted"), (role.BrightText, "error")):
        p.setColor(r, QColor(c[key]))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(c["muted"]))
    p.setColor(role.Light, QColor(c["base"]).lighter(115))
    p.setColor(role.Mid, QColor(c["button"]).darker(130))
    p.setColor(role.Dark, QColor(c["button"]).darker(160))
    return p


STYLE = "Fusion"


def apply_theme(app: QApplication, mode: ThemeMode) -> None:
    c = _DARK if is_dark(app, mode) else _LIGHT
    app.setPalette(_palette(c))
    # Only what the palette cannot express. Pixel sizes here are device-independent (they scale at 200%).
    app.setStyleSheet(
        f"""
        QLabel[role="error"] {{ color: {c['error']}; }}
        QLabel[role="muted"] {{ color: {c['muted']}; }}
        QFrame[role="card"] {{ background: {c['base']}; border: 1px solid {c['alt']}; border-radius: 10px; }}
        QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
        QLabel[role="code"] {{ background: {c['base']}; border: 1px dashed {c['muted']}; border-radius: 6px;
                               padding: 10px; }}
        QPushButton[role="link"] {{ color: {c['link']}; border: none; background: transparent; text-align: left;
                                    padding: 2px 0; }}
        QPushButton[role="link"]:hover, QPushButton[role="link"]:focus {{ text-decoration: underline; }}
        QListWidget#navigation {{ background: {c['alt']}; border: none; outline: none; padding: 6px; }}
        QListWidget#navigation::item {{ padding: 8px 12px; border-radius: 6px; color: {c['text']}; }}
        QListWidget#navigation::item:selected {{ background: {c['highlight']}; color: {c['highlight_text']}; }}
        QListWidget#navigation::item:hover:!selected {{ background: {c['button']}; }}
        QLabel[role="hint"] {{ background: {c['tooltip']}; border-left: 3px solid {c['highlight']};
                               padding: 6px 10px; border-radius: 4px; }}
        QLabel[role="group"] {{ color: {c['muted']}; font-weight: 600; padding-top: 4px; }}
        QToolButton[chip="true"] {{ background: {c['base']}; border: 1px solid {c['alt']}; border-radius: 12px;
                                   padding: 3px 10px; }}
        QToolButton[chip="true"]:hover {{ border-color: {c['muted']}; }}
        QToolButton[chip="true"]:checked {{ background: {c['highlight']}; color: {c['highlight_text']};
                                           border-color: {c['highlight']}; }}
        QToolButton[chip="true"]:focus {{ border: 1px dotted {c['text']}; }}
        QToolButton[swatch="true"] {{ border: 2px solid transparent; border-radius: 8px; padding: 2px; }}
        QToolButton[swatch="true"]:checked {{ border-color: {c['text']}; }}
        QToolButton[swatch="true"]:focus {{ border-style: dotted; border-color: {c['highlight']}; }}
        QToolButton[swatch="true"]:checked:focus {{ border-style: solid; border-color: {c['highlight']}; }}
        """
    )


def follow_system_scheme(app: QApplication, settings: UiSettings) -> QMetaObject.Connection:
    """While the theme follows the system, switch when the system does (e.g. dark mode in the evening)."""

    def on_change(scheme: QtCore.Qt.ColorScheme) -> None:
        # (A change to Unknown is the desktop's "no preference", e.g. GNOME's Default: light.)
        app.setProperty(_SYSTEM_DARK, scheme is QtCore.Qt.ColorScheme.Dark)
        if settings.theme is ThemeMode.SYSTEM:
            apply_theme(app, ThemeMode.SYSTEM)

    connection = app.styleHints().colorSchemeChanged.connect(on_change)
    # The window is up, so asking delays nothing: where the platform knows a scheme its palette didn't show (yet),
    # follow it. (Unknown here means it knows none, e.g. offscreen: the palette's answer stands.)
    scheme = app.styleHints().colorScheme()
    if scheme is not QtCore.Qt.ColorScheme.Unknown and (scheme is QtCore.Qt.ColorScheme.Dark) != system_is_dark(app):
        on_change(scheme)
    return connection
