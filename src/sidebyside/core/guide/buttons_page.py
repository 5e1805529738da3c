"""The "our buttons" page: each partner's buttons marked OK to print, hottest first, ready for the fridge."""

from __future__ import annotations

from dataclasses import dataclass

from sidebyside.core.domain.buttons import Button
from sidebyside.core.guide.html import fixed, text


@dataclass(frozen=True)
class PartnerButtons:
    name: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ButtonsPage:
    partners: tuple[PartnerButtons, ...]
    heat_words: dict[int, str]
    category_labels: dict[str, str]

    def to_html(self) -> str:
        parts = ["""<html><head><meta charset="utf-8"><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 18pt; margin: 0 0 2pt 0; } h2 { font-size: 13pt; margin: 12pt 0 4pt 0; }
.sub { color: #444; } .topic { font-weight: bold; font-size: 11pt; } .label { color: #555; }
td { padding: 3pt 6pt 3pt 0; vertical-align: top; }
</style></head><body>
<h1>Our buttons</h1>
<p class="sub">What is tender for each of us, how to notice, and what helps. Kind hands only.</p>"""]
        for partner in self.partners:
            parts.append(f"<h2>{text(partner.name)}</h2>")
            if not partner.buttons:
                parts.append('<p class="sub">Nothing marked for printing yet.</p>')
                continue
            for button in partner.buttons:
                f = button.fields
                heat = self.heat_words.get(f.heat, str(f.heat))
                area = self.category_labels.get(f.category, f.category)
                parts.append(f'<p><span class="topic">{text(f.topic)}</span> '
                             f'<span class="label">— {fixed(area)}, {fixed(heat)} ({f.heat} of 5)</span></p>'
                             "<table>")
                for label, value in (("You may notice", f.signs), ("What helps", f.helps),
                                     ("What makes it worse", f.worse),
                                     ("In front of others", f.public_plan if f.public_ok or f.public_plan else "")):
                    if value:
                        parts.append(f'<tr><td class="label">{fixed(label)}</td><td>{text(value)}</td></tr>')
                parts.append("</table>")
        parts.append("</body></html>")
        return "\n".join(parts)
