"""Errors the core raises, each carrying a plain message a person can act on."""

from __future__ import annotations


class SideBySideError(Exception):
    """Base for every error meant to be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(SideBySideError):
    """Something the user entered cannot be used; the message says what to change."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class WrongSecretError(SideBySideError):
    """The passphrase or recovery code does not open this vault."""


class VaultNotFoundError(SideBySideError):
    """There is no vault in the data folder."""


class VaultExistsError(SideBySideError):
    """A vault (or other files) already exist where a new vault would be created."""


class KeyFileError(SideBySideError):
    """The key file is missing or damaged; the recovery code still opens the vault."""


class SealedRecordError(SideBySideError):
    """A private (sealed) record doesn't open with its author's key: damaged or moved from another row."""


class VaultDamagedError(SideBySideError):
    """The database file cannot be read even with the right key."""


class VaultTooNewError(SideBySideError):
    """The vault was written by a newer version of SideBySide."""


class DataFolderError(SideBySideError):
    """The data folder cannot be used (not writable, not a folder, ...)."""


class VaultInUseError(SideBySideError):
    """Another SideBySide process already has this vault open."""


class SecretStoreError(SideBySideError):
    """The OS keychain could not do what was asked."""
