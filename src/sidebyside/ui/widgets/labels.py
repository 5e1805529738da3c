"""Labels that never interpret what they show as markup (user text is always plain text)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QWidget

from sidebyside.ui.qt_names import set_by_name

#: Font size relative to the app font (so 200% scaling and user font choices carry through) and weight.
_ROLE_FONTS = {"title": (1.6, QFont.Weight.DemiBold), "subtitle": (1.15, QFont.Weight.DemiBold),
               "code": (1.45, QFont.Weight.Normal)}


def apply_role_font(label: QLabel, role: str) -> None:
    if role not in _ROLE_FONTS:
        return
    scale, weight = _ROLE_FONTS[role]
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if role == "code" else QFont(label.font())
    font.setPointSizeF(label.font().pointSizeF() * scale)
    font.setWeight(weight)
    label.setFont(font)


def plain_label(text: str = "", role: str = "", parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    set_by_name(label, "textFormat", "PlainText")
    label.setWordWrap(wrap)
    label.setText(text)
    if role:
        label.setProperty("role", role)
        apply_role_font(label, role)
    return label


def rich_lines(text: str) -> str:
    """User text for rich text (a tooltip, a map caption): escaped, its line breaks kept."""
    import html

    return html.escape(text).replace("\n", "<br>")


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is: Qt guesses whether a tooltip is HTML, so wrap it, escaped."""
    import html  # (not needed before the window appears)

    return f"<p>{html.escape(text)}</p>" if text else ""


def mnemonic_safe(text: str) -> str:
    """Text (a partner's name, a topic) for a button, check box or menu item: its "&" must show, not become
    a keyboard shortcut."""
    return text.replace("&", "&&")
