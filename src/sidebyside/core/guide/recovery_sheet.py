"""The recovery sheet: the recovery code in large, unambiguous type, with plain instructions."""

from __future__ import annotations

from dataclasses import dataclass

from sidebyside.core.guide.html import fixed, text


@dataclass(frozen=True)
class RecoverySheet:
    code: str  # grouped, e.g. "ABCD-EFGH-…"
    partner_names: tuple[str, ...]
    created: str  # the vault's creation date, already formatted for reading
    data_folder: str

    def code_rows(self) -> tuple[list[str], list[str]]:
        groups = self.code.split("-")
        return groups[:7], groups[7:]

    def to_html(self) -> str:
        names = " and ".join(text(n) for n in self.partner_names) or "you two"
        lines = "<br>".join("&nbsp; ".join(fixed(g) for g in row) for row in self.code_rows())
        return f"""<html><head><meta charset="utf-8"><style>
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; color: #111; }}
h1 {{ font-size: 20pt; margin: 0 0 4pt 0; }}
.sub {{ color: #444; margin: 0 0 14pt 0; }}
.code {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 14pt; font-weight: bold; line-height: 150%; }}
h2 {{ font-size: 13pt; margin: 16pt 0 4pt 0; }}
td {{ padding: 2pt 10pt 2pt 0; vertical-align: top; }}
.note {{ color: #333; }}
</style></head><body>
<h1>SideBySide recovery sheet</h1>
<p class="sub">For the vault of {names}, created {fixed(self.created)}.</p>
<table width="100%" cellspacing="0" cellpadding="10" bgcolor="#eeeeee">
<tr><td><p class="code" align="center">{lines}</p></td></tr></table>
<p class="note">Letters and digits only. There is no letter O, I, L or U in a code, so 0 and 1 are always digits.</p>
<h2>What this code does</h2>
<p>It opens your SideBySide vault when the passphrase is forgotten, or when the vault's key file is lost or
damaged. Anyone who has this code and your vault file can read everything in it, so keep this sheet as
safe as a passport: not next to the computer, not in a photo on your phone.</p>
<h2>How to use it</h2>
<table>
<tr><td>1.</td><td>Open SideBySide. On the lock screen choose “Forgot it? Use the recovery code instead”.</td></tr>
<tr><td>2.</td><td>Type the code. Spaces, dashes and capital letters don't matter; a typo is caught.</td></tr>
<tr><td>3.</td><td>Choose a new passphrase together. The code stays the same until you make a new one.</td></tr>
</table>
<h2>Where the vault lives</h2>
<p>{fixed(self.data_folder)}</p>
<p class="note">If you make a new recovery code in SideBySide, this sheet stops working for the vault
(older backups still open with it). Then print the new sheet and destroy this one.</p>
</body></html>"""
