"""The personalised conversation guide: the couple's words exactly, one page for a typical conversation,
long answers flowing over pages, hostile text printed literally, the same PDF from the app and the CLI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui_print import HOSTILE, body_of, pages_of
from ui_helpers import PASSPHRASE

from sidebyside.cli import main as cli_main
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.buttons import ButtonFields
from sidebyside.core.domain.conversation import Conversation, Position, Step, Verdict
from sidebyside.core.services import buttons, conversations, vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultSession
from sidebyside.ui.printing import Paper, pdf_bytes, write_document_pdf


@pytest.fixture
def session(created_vault: tuple[VaultPaths, str]) -> Iterator[VaultSession]:
    paths, _ = created_vault
    s = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    yield s
    s.close()


def typical(session: VaultSession) -> Conversation:
    """About what a couple writes in one evening: a sentence or two per answer."""
    jokes, _ = buttons.create_button(session, ButtonFields(owner=1, topic="Jokes about my job", category="work",
                                                           helps="Change the subject and squeeze my hand.",
                                                           public_ok=True, public_plan="A light touch on the arm."))
    conv = Conversation(afraid=False, calm={1: 4, 2: 4}, first_speaker=1, topic="The dinner party")
    words = (("At dinner on Saturday I said I want to retrain, and you said it isn't realistic.",
              "you said my plan wasn't realistic in front of Jo and Ben,", "share your doubts with me alone first",
              "You felt small when I doubted you in front of our friends.", "Sorry I cut you off."),
             ("On the way home you were quiet for ten minutes and I asked what was wrong.",
              "you went quiet in the car,", "tell me when you need a quiet moment",
              "You felt shut out when I went silent.", "Sorry I sulked."))
    for index, (happened, when, request, heard, apology) in enumerate(words):
        turn = conv.turn(index)
        turn.what_happened, turn.when, turn.request, turn.apology = happened, when, request, apology
        turn.feelings, turn.needs = ["hurt", "embarrassed"], ["respect", "support"]
        turn.rounds[0].heard, turn.rounds[0].verdict = heard, Verdict.UNDERSTOOD
        turn.rounds[0].makes_sense = "It makes sense, because it came out of nowhere."
        turn.open_now, turn.accepted, turn.setups = False, True, ["tired"]
    conv.turn(0).buttons = [jokes]
    conv.plan, conv.signal, conv.follow_up = {1: "Tell Alex my plans early", 2: "Ask before doubting"}, \
        "pineapple", "2026-12-03"
    conv.position = Position(Step.SUMMARY)
    conversations.save(session, conv)
    return conv


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_a_typical_conversation_prints_on_one_page_with_the_couples_words(
    qapp: object, session: VaultSession, paper: Paper
) -> None:
    conv = typical(session)
    document = conversations.guide(session, conv)
    (page,) = pages_of(pdf_bytes(document.to_html(), paper, document.title))
    body = body_of(page, "Our conversation", 1, 1)
    for words in ("The dinner party", "Sam and Alex", "At dinner on Saturday I said I want to retrain",
                  "You felt shut out when I went silent.", "Jokes about my job", "Change the subject and squeeze",
                  "A light touch on the arm.", "Tell Alex my plans early", "pineapple", "3 December 2026",
                  "Would you be willing to", "share your doubts with me alone first?", "Sorry I sulked."):
        assert words in body, words


def test_long_and_hostile_answers_flow_over_pages_literally(qapp: object, session: VaultSession) -> None:
    conv = typical(session)
    long = " ".join(f"w{i:04d}" for i in range(1700))  # about 10,000 characters
    conv.turn(0).what_happened = long
    conv.turn(1).what_happened = " ".join(HOSTILE)
    document = conversations.guide(session, conv)
    pages = pages_of(pdf_bytes(document.to_html(), Paper.A4, document.title))
    total = len(pages)
    assert total >= 2
    text = " ".join(body_of(p, "Our conversation", n, total) for n, p in enumerate(pages, start=1))
    assert all(f"w{i:04d}" in text for i in range(1700))
    assert text.count("w0850") == 1  # nothing drawn twice across a page break
    assert '<img src="file:///etc/passwd">' in text and "<script>alert(1)</script>" in text


def test_empty_optional_answers_leave_their_labels_out(qapp: object, session: VaultSession) -> None:
    conv = Conversation(afraid=False, calm={1: 4, 2: 4}, first_speaker=2)
    conv.turn(0).what_happened = "You were late."
    conv.turn(0).feelings = ["hurt"]
    conversations.save(session, conv)
    document = conversations.guide(session, conv)
    (page,) = pages_of(pdf_bytes(document.to_html(), Paper.A4, document.title))
    assert "You were late." in page and "Alex spoke, Sam listened" in page
    for label in ("Would you be willing to", "heard", "What I regret", "Our signal", "We check in again on",
                  "Bigger than tonight", "Next time"):
        assert label not in page, label


def test_the_cli_prints_the_same_guide(qapp: object, created_vault: tuple[VaultPaths, str], tmp_path: Path) -> None:
    paths, _ = created_vault
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    try:
        conv = typical(session)
        from_app = tmp_path / "app.pdf"
        write_document_pdf(conversations.guide(session, conv), from_app, Paper.A4)
    finally:
        session.close()
    from_cli = tmp_path / "cli.pdf"
    err = io.StringIO()
    status = cli_main(["guide", "--conversation", conv.uid, "--data-dir", str(paths.data_dir), "-o", str(from_cli),
                       "--paper", "a4"], stdin=io.StringIO(PASSPHRASE + "\n"), stdout=io.StringIO(), stderr=err,
                      kdf=KdfParams.cheap_for_tests())
    assert status == 0, err.getvalue()
    assert pages_of(from_cli) == pages_of(from_app)


def test_the_print_section_offers_each_conversation_and_forgets_them_on_lock(
    qtbot: object, created_vault: tuple[VaultPaths, str], open_window: object, tmp_path: Path,
    prompt_log: object
) -> None:
    from ui_helpers import shown_anywhere, unlock_with_passphrase

    from sidebyside.ui.print_section import PrintSection

    paths, _ = created_vault
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    try:
        conv = typical(session)
    finally:
        session.close()
    window = open_window()  # type: ignore[operator]
    unlock_with_passphrase(qtbot, window)  # type: ignore[arg-type]
    section = window.workspace.sections[4]
    assert isinstance(section, PrintSection)
    card = section.cards["conversation"]
    assert card.chooser is not None and card.chooser.count() == 1 and card.choice() == conv.uid
    assert card.chooser.itemText(0).endswith("· The dinner party (in progress)")
    prompt_log.answer = True  # type: ignore[attr-defined]  # yes, save the PDF despite the warning
    target = tmp_path / "guide.pdf"
    assert section.save_pdf("conversation", target)
    assert "Tell Alex my plans early" in " ".join(pages_of(target))
    window.lock()
    assert card.chooser.count() == 1 and card.choice() == "" and not card.pdf_button.isEnabled()
    assert not shown_anywhere(window, "The dinner party")


def test_the_cli_lists_conversations_with_the_ids_guide_takes(
    qapp: object, created_vault: tuple[VaultPaths, str], tmp_path: Path
) -> None:
    paths, _ = created_vault
    args = ["conversations", "--data-dir", str(paths.data_dir)]
    out = io.StringIO()
    assert cli_main(args, stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=io.StringIO(),
                    kdf=KdfParams.cheap_for_tests()) == 0
    assert out.getvalue() == "No conversations yet.\n"
    session = vault_service.open_vault(paths, vault_service.key_from_passphrase(paths, PASSPHRASE))
    try:
        conv = typical(session)
    finally:
        session.close()
    out = io.StringIO()
    assert cli_main(args, stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=io.StringIO(),
                    kdf=KdfParams.cheap_for_tests()) == 0
    (line,) = out.getvalue().splitlines()
    uid, _day, status, topic = line.split("\t")
    assert (uid, status, topic) == (conv.uid, "draft", "The dinner party")
