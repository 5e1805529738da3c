"""What every screen may need, built once by the composition root (app.py) or by a test."""

from __future__ import annotations

from dataclasses import dataclass

from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.secrets import SecretStore
from sidebyside.core.services.vault_folder import VaultPaths
from sidebyside.ui.ui_settings import UiSettings


@dataclass
class AppContext:
    paths: VaultPaths
    secret_store: SecretStore
    settings: UiSettings
    kdf: KdfParams
