"""Best-effort zeroing of key material held in mutable buffers."""

from __future__ import annotations


def wipe(buf: bytearray | None) -> None:
    """Overwrite ``buf`` with zeros in place (Python may still hold copies elsewhere)."""
    if buf is None:
        return
    for i in range(len(buf)):
        buf[i] = 0
