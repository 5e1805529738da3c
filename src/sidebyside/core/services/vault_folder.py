"""The data folder before anything is opened: what is there, and finishing a restore that was cut off.

Light on purpose: the unlock window needs only this, and it appears before SQLCipher, the KDF or the
cryptography library are loaded (``vault_service`` has everything else).
"""

from __future__ import annotations

from sidebyside.core.storage import layout
from sidebyside.core.storage.layout import VaultPaths, VaultProbe, VaultState

__all__ = ["VaultPaths", "VaultProbe", "VaultState", "inspect", "prepare_folder"]


def inspect(paths: VaultPaths) -> VaultProbe:
    """What is in the data folder (no vault, ready, damaged key file, …), without changing anything."""
    return layout.probe(paths)


def prepare_folder(paths: VaultPaths) -> None:
    """Finish what an interruption left half done (a restore) before anything else looks at the folder.

    Call it with the instance lock held, before ``inspect``.
    """
    if layout.restore_pending(paths):
        from sidebyside.core.storage.restore import finish_interrupted_restore

        finish_interrupted_restore(paths)
