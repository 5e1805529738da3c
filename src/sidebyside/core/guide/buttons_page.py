"""The "our buttons" page: each partner's buttons marked OK to print, hottest first, ready for the fridge."""

from __future__ import annotations

from dataclasses import dataclass

from sidebyside.core.domain.buttons import Button
from sidebyside.core.guide.document import Block, Document, Paragraph, Section, Subheading, Table

TITLE = "Our buttons"
NOTHING_YET = "Nothing marked for printing yet."


@dataclass(frozen=True)
class PartnerButtons:
    name: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class ButtonsPage:
    partners: tuple[PartnerButtons, ...]
    heat_words: dict[int, str]
    category_labels: dict[str, str]

    def _button(self, button: Button) -> tuple[Block, ...]:
        f = button.fields
        heat = self.heat_words.get(f.heat, str(f.heat))
        area = self.category_labels.get(f.category, f.category)
        public = f.public_plan if f.public_ok or f.public_plan else ""
        return (Subheading(f.topic, note=f"— {area}, {heat} ({f.heat} of 5)"),
                Table((("You may notice", f.signs), ("What helps", f.helps), ("What makes it worse", f.worse),
                       ("In front of others", public))))

    def to_document(self) -> Document:
        sections: list[Block] = []
        for partner in self.partners:
            blocks: list[Block] = [b for button in partner.buttons for b in self._button(button)]
            sections.append(Section(partner.name, tuple(blocks or [Paragraph(NOTHING_YET, user=False, kind="sub")]),
                                    user_heading=True))
        return Document(TITLE, tuple(sections), user_subtitle=False,
                        subtitle="What is tender for each of us, how to notice, and what helps. Kind hands only.")

    def to_html(self) -> str:
        return self.to_document().to_html()
