"""The record of what an operation changed, so each screen can decide what to refresh."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    partners: bool = False
    drafts: bool = False
    settings: bool = False
    vault: bool = False  # key file, keychain, backups
    journal: bool = False
    buttons: bool = False
    conversations: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(a or b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))
