"""The one way user text enters a printed page or rich-text screen (SECURITY.md P9).

``text()`` escapes markup and entities, and isolates the text's direction, so that nothing a
person types — ``<img src=…>``, ``<a href>``, ``&amp;``, right-to-left overrides — can change
what the page shows around it.
"""

from __future__ import annotations

import html

_FSI, _PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)


def text(value: str) -> str:
    """Escaped, direction-isolated user text, safe anywhere in an HTML body."""
    cleaned = value.translate(_BIDI_CONTROLS).replace("\x00", "")
    return _FSI + html.escape(cleaned, quote=True).replace("\n", "<br>") + _PDI


def fixed(value: str) -> str:
    """Escaped text of our own (labels, paths): no isolation needed, but never raw."""
    return html.escape(value, quote=True)


def plain(value: str) -> str:
    """User text for places that never read markup (a page header drawn as plain text): no direction overrides."""
    return value.translate(_BIDI_CONTROLS).replace("\x00", "")
