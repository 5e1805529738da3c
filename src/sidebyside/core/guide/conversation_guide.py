"""A conversation in the couple's own words: the summary at the end of "Talk it through", and the
personalised guide that prints from it. Every piece of user text goes through ``html.text``;
empty answers leave their heading out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sidebyside.core.domain.buttons import Button
from sidebyside.core.domain.conversation import Conversation, Step, Turn, Verdict
from sidebyside.core.guide.html import fixed, text
from sidebyside.core.services.talk_content import TalkContent

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; } h2 { font-size: 12pt; margin: 10pt 0 3pt 0; }
h3 { font-size: 10.5pt; margin: 6pt 0 1pt 0; } p { margin: 1pt 0 3pt 0; } .sub { color: MUTED; }
.label { color: MUTED; }
"""


@dataclass(frozen=True)
class GuideParts:
    conv: Conversation
    names: Mapping[int, str]
    buttons: Mapping[str, Button]  # every button the conversation picked that still exists
    content: TalkContent
    day: str  # the date, already formatted for the reader's locale


def _answer(label: str, value: str) -> str:
    """``label`` is HTML already (our words through ``fixed``, names through ``text``)."""
    value = value.strip()
    return f'<p><span class="label">{label}:</span> {text(value)}</p>' if value else ""


def _words(values: list[str], own: str) -> str:
    return ", ".join([*values, *([own.strip()] if own.strip() else [])])


def _turn(parts: GuideParts, turn: Turn) -> str:
    c, names = parts.content, parts.names
    speaker, listener = names.get(turn.speaker, "?"), names.get(turn.listener, "?")
    out = [f"<h2>{text(speaker)} spoke, {text(listener)} listened</h2>"]
    out.append(_answer(fixed("What happened"), turn.what_happened))
    felt = _words(turn.feelings, turn.own_feelings)
    needs = _words(turn.needs, turn.own_need)
    if turn.when.strip():  # the sentence as the speaker built it
        sentence = f"{fixed(c.text(Step.IMPACT, 'opening'))} {text(turn.when.strip())}"
        if felt:
            sentence += f" {fixed(c.text(Step.IMPACT, 'felt'))} {text(felt)}"
        if needs:
            sentence += f", {fixed(c.text(Step.IMPACT, 'because'))} {text(needs)}"
        out.append(f"<p>“{sentence}.”</p>")
    else:
        out.append(_answer(fixed("Feelings"), felt))
        out.append(_answer(fixed("Needs"), needs))
    if turn.request.strip():
        request = text(turn.request.strip().rstrip("?"))
        out.append(f"<p>“{fixed(c.text(Step.IMPACT, 'request_opening'))} {request}?”</p>")
    understood = [r for r in turn.rounds if r.verdict is Verdict.UNDERSTOOD]
    final = understood[-1] if understood else turn.reflection
    out.append(_answer(f"{text(listener)} heard", final.heard))
    out.append(_answer(fixed("What makes sense about it"), final.makes_sense))
    if understood:
        out.append(f'<p class="sub">{text(speaker)} felt understood.</p>')
    if turn.open_now and turn.other_view.strip():
        out.append(_answer(f"How it looked to {text(listener)}", turn.other_view))
    elif turn.open_now is False:
        out.append(f'<p class="sub">{text(listener)}’s view: later, when {text(speaker)} is ready.</p>')
    pressed = [parts.buttons[u] for u in turn.buttons if u in parts.buttons]
    if pressed:
        out.append("<h3>Buttons that were pressed</h3>")
        for button in pressed:
            f = button.fields
            line = f"<p><b>{text(names.get(f.owner, '?'))} · {text(f.topic)}</b>"
            if f.helps.strip():
                line += f' — <span class="label">what helps:</span> {text(f.helps.strip())}'
            if f.public_ok and f.public_plan.strip():
                line += f' — <span class="label">in company:</span> {text(f.public_plan.strip())}'
            out.append(line + "</p>")
    setups = _words(turn.setups, turn.own_setup)
    if setups or turn.regret.strip() or turn.apology.strip():
        out.append(f"<h3>{text(speaker)}’s part</h3>")
        out.append(_answer(fixed("What set me up"), setups))
        out.append(_answer(fixed("What I regret"), turn.regret))
        out.append(_answer(fixed("I apologise for"), turn.apology))
        if turn.accepted is True:
            out.append(f'<p class="sub">{text(listener)} accepted the apology.</p>')
        elif turn.accepted is False:
            out.append(_answer(f"{text(listener)} still needs", turn.still_needed) or
                       f'<p class="sub">{text(listener)} isn’t ready to accept it yet.</p>')
    return "".join(out)


def conversation_html(parts: GuideParts, follow_up_text: str = "", muted: str = "#555555") -> str:
    """The whole conversation as one escaped HTML page (the summary screen and the printed guide).
    ``muted`` is the colour of labels: grey on paper, the theme's muted colour on screen."""
    if not (len(muted) == 7 and muted.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in muted[1:])):
        raise ValueError("muted must be a #rrggbb colour")
    conv, names = parts.conv, parts.names
    title = "Our conversation" + (f": {text(conv.topic.strip())}" if conv.topic.strip() else "")
    style = STYLE.replace("MUTED", muted)
    out = [f"<html><head><meta charset='utf-8'><style>{style}</style></head><body><h1>{title}</h1>",
           f'<p class="sub">{text(names.get(1, "?"))} and {text(names.get(2, "?"))} · {fixed(parts.day)}</p>']
    for turn in conv.turns:
        if turn.what_happened.strip() or turn.feelings or turn.own_feelings.strip():
            out.append(_turn(parts, turn))
    if "yes" in (conv.recurring, conv.older) or conv.topic_count >= 3:
        out.append("<h2>Bigger than tonight</h2>")
        if conv.recurring == "yes":
            out.append("<p>This keeps coming back.</p>")
        if conv.older == "yes":
            out.append("<p>Something older may be underneath it.</p>")
        out.append('<p class="sub">A couples therapist can help you look underneath, together.</p>')
    plan = [(names.get(slot, "?"), conv.plan.get(slot, "").strip()) for slot in (1, 2)]
    if any(p for _, p in plan) or conv.signal.strip() or conv.follow_up:
        out.append("<h2>Next time</h2>")
        for name, thing in plan:
            out.append(_answer(f"{text(name)} will", thing))
        out.append(_answer(fixed("Our signal"), conv.signal))
        if conv.follow_up:
            out.append(_answer(fixed("We check in again on"), follow_up_text or conv.follow_up))
    out.append("</body></html>")
    return "".join(out)


def follow_up_date(conv: Conversation) -> date | None:
    try:
        return date.fromisoformat(conv.follow_up) if conv.follow_up else None
    except ValueError:
        return None
