"""Print figures (issue 7): the time to make each PDF, next to Qt's own QTextDocument.print_() of the same HTML.

Runs in a child process (Qt offscreen). The baseline is the bare Qt path (no running header, no "N of M",
no keeping headings with their text, no splitting paragraphs at page ends), timed interleaved with ours.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
import statistics, sys, time
from datetime import datetime, timezone
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPdfWriter
from sidebyside.ui.headless import ensure_gui_application
ensure_gui_application()
from sidebyside.core.domain.buttons import Button, ButtonFields
from sidebyside.core.guide.blank_guide import blank_guide
from sidebyside.core.guide.buttons_page import ButtonsPage, PartnerButtons
from sidebyside.core.services.buttons import categories, heat_words
from sidebyside.ui.printing import Paper, build_document, pdf_bytes

runs = int(sys.argv[1])
now = datetime.now(timezone.utc)
areas = [c.id for c in categories()]


def page(per_partner, words):
    text = " ".join(["a little more about how it feels and what we have learned"] * words)
    def button(owner, n):
        return Button(f"{owner}-{n}", ButtonFields(owner=owner, topic=f"Topic {n}: being talked over at dinner",
                      category=areas[n % len(areas)], heat=1 + n % 5, signs=f"Goes quiet, looks away. {text}",
                      helps=f"Ask me later, gently; hold my hand. {text}", worse=f"Jokes about it. {text}",
                      public_ok=True, public_plan="Squeeze my hand twice.", printable=True), n, False, now, now)
    partners = tuple(PartnerButtons(name, tuple(button(o, n) for n in range(per_partner)))
                     for o, name in ((1, "Sam"), (2, "Alex")))
    return ButtonsPage(partners, heat_words(), {c.id: c.label for c in categories()}).to_document()


def qt_print(html):
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageSize(Paper.A4.page_size)
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    build_document(html).print_(writer)
    del writer
    return bytes(data.data())


from sidebyside.core.guide.document import Answer, Document, Section
long_answer = Document("Talk it through", subtitle="Sam and Alex", blocks=(
    Section("What happened", (Answer("Sam saw", " ".join(f"word{n}" for n in range(1700))[:10_000]),
                              Answer("Alex saw", "We were late for dinner and I talked about work."))),
    Section("Our plan", (Answer("Sam will", "Ask before I answer for both of us."),))))
from sidebyside.core.domain.conversation import Conversation, Verdict
from sidebyside.core.guide.conversation_guide import GuideParts, conversation_guide
from sidebyside.core.services.talk_content import talk_content


def conversation(repeat):  # two turns and a plan; ``repeat`` times a typical evening's words in every answer
    conv = Conversation(afraid=False, calm={1: 4, 2: 4}, first_speaker=1, topic="The dinner party")
    for index in (0, 1):
        turn = conv.turn(index)
        turn.what_happened = "At dinner I said I want to retrain and you said it isn't realistic. " * repeat
        turn.when, turn.request = "you said it in front of Jo and Ben, " * repeat, "ask me alone first " * repeat
        turn.feelings, turn.needs, turn.setups = ["hurt", "embarrassed"], ["respect", "support"], ["tired"]
        turn.rounds[0].heard = "You felt small when I doubted you in company. " * repeat
        turn.rounds[0].makes_sense = "It makes sense, it came out of nowhere. " * repeat
        turn.rounds[0].verdict, turn.open_now, turn.accepted = Verdict.UNDERSTOOD, False, True
        turn.regret, turn.apology = "Raising my voice. " * repeat, "Sorry I cut you off. " * repeat
    conv.plan, conv.signal = {1: "Tell Alex my plans early", 2: "Ask before doubting"}, "pineapple"
    return conversation_guide(GuideParts(conv, {1: "Sam", 2: "Alex"}, {}, talk_content(), "26 November 2026",
                                         "3 December 2026"))


documents = {"blank_guide": blank_guide(), "buttons_typical": page(5, 1), "buttons_long": page(20, 2),
             "answer_10000_chars": long_answer, "conversation_typical": conversation(1),
             "conversation_long": conversation(40)}
for name, document in documents.items():
    html = document.to_html()
    pdf_bytes(html, Paper.A4, document.title), qt_print(html)  # warm up fonts and caches
    ours, bare = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf_bytes(document.to_html(), Paper.A4, document.title)
        t1 = time.perf_counter()
        qt_print(document.to_html())
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        bare.append((t2 - t1) * 1000)
    from pypdf import PdfReader
    import io
    pages = len(PdfReader(io.BytesIO(pdf_bytes(html, Paper.A4, document.title))).pages)
    ratios = [a / b for a, b in zip(ours, bare)]
    print(name, statistics.median(ours), max(ours), statistics.median(bare), statistics.median(ratios), pages)
"""


def run(runs: int = 9) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, "-c", CHILD, str(runs)], env=env, capture_output=True, text=True,
                         check=True).stdout
    figures: dict[str, float] = {}
    for line in out.splitlines():
        name, ours, worst, bare, ratio, pages = line.split()
        figures |= {f"{name}_ms": float(ours), f"{name}_max_ms": float(worst), f"{name}_qt_print_ms": float(bare),
                    f"{name}_ratio": float(ratio), f"{name}_pages": float(pages)}
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key} {value:.1f}")
