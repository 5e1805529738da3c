"""The recovery sheet: the recovery code in large, unambiguous type, with plain instructions."""

from __future__ import annotations

from dataclasses import dataclass

from sidebyside.core.guide.document import CodeBox, Document, Paragraph, Section, Steps

TITLE = "SideBySide recovery sheet"


@dataclass(frozen=True)
class RecoverySheet:
    code: str  # grouped, e.g. "ABCD-EFGH-…"
    partner_names: tuple[str, ...]
    created: str  # the vault's creation date, already formatted for reading
    data_folder: str

    def code_rows(self) -> tuple[list[str], list[str]]:
        groups = self.code.split("-")
        return groups[:7], groups[7:]

    def to_document(self) -> Document:
        names = " and ".join(self.partner_names) or "you two"
        rows = tuple("\u00a0 ".join(row) for row in self.code_rows())
        return Document(TITLE, subtitle=f"For the vault of {names}, created {self.created}.", font_pt=11,
                        user_content=True, blocks=(
            CodeBox(rows),
            Paragraph("Letters and digits only. There is no letter O, I, L or U in a code, so 0 and 1 are always "
                      "digits.", user=False, kind="note"),
            Section("What this code does", (Paragraph(
                "It opens your SideBySide vault when the passphrase is forgotten, or when the vault's key file is "
                "lost or damaged. Anyone who has this code and your vault file can read everything in it, so keep "
                "this sheet as safe as a passport: not next to the computer, not in a photo on your phone.",
                user=False),)),
            Section("How to use it", (Steps((
                "Open SideBySide. On the lock screen choose “Forgot it? Use the recovery code instead”.",
                "Type the code. Spaces, dashes and capital letters don't matter; a typo is caught.",
                "Choose a new passphrase together. The code stays the same until you make a new one.")),)),
            Section("Where the vault lives", (
                Paragraph(self.data_folder),
                Paragraph("If you make a new recovery code in SideBySide, this sheet stops working for the vault "
                          "(older backups still open with it). Then print the new sheet and destroy this one.",
                          user=False, kind="note"))),
        ))

    def to_html(self) -> str:
        return self.to_document().to_html()
