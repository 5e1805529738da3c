"""The documents SideBySide prints, as the Print section and the "Print our buttons…" button offer them.

Each entry builds its ``Document`` in the core and adds what the screen says around it (title,
description, the PDF warning). To offer a new document, add an entry here (``DocumentEntry``) and list it in
``entries()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from sidebyside.core.domain.conversation import Status
from sidebyside.core.guide.blank_guide import blank_guide
from sidebyside.core.guide.document import Document
from sidebyside.core.services import buttons, conversations
from sidebyside.core.services.vault_service import VaultSession
from sidebyside.ui.print_dialog import Printable


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintDocuments", text)


@dataclass(frozen=True)
class DocumentEntry:
    key: str
    name: str
    description: str
    needs_vault: bool  # False: holds nothing from the vault (offered even while the vault is open or not)
    build: Callable[[VaultSession | None, str], Printable]  # (session, the chosen item's id or "")
    #: For documents about one of several things (a conversation): (id, label) to choose from.
    choices: Callable[[VaultSession], list[tuple[str, str]]] | None = None


def blank_guide_printable(_session: VaultSession | None = None, _choice: str = "") -> Printable:
    return Printable.of(blank_guide(), window_title=_tr("Print the blank conversation guide"), intro="",
                        pdf_warning="", file_name="Talk it through - blank guide.pdf")


def buttons_printable(session: VaultSession | None, _choice: str = "") -> Printable:
    assert session is not None
    return Printable.of(
        buttons.buttons_page(session).to_document(), window_title=_tr("Print our buttons"),
        intro=_tr("“Our buttons” lists, for each of you, the buttons marked “OK to print”: how to notice one has "
                  "been pressed and what helps. Mark a button in its form to add it here."),
        pdf_warning=_tr("Anyone who opens the PDF can read these buttons. Save it only where others can't reach it."),
        file_name="Our buttons.pdf")


def conversation_printable(document: Document) -> Printable:
    """A conversation's personalised guide (printed from the conversation's summary)."""
    return Printable.of(
        document, window_title=_tr("Print the conversation guide"),
        intro=_tr("Your conversation in your own words, to keep, or to take to the table next time."),
        pdf_warning=_tr("Anyone who opens the PDF can read this conversation. Save it only where others can't "
                        "reach it."),
        file_name="Our conversation.pdf")


def _long_date(day: date) -> str:
    return QLocale().toString(QDate(day), QLocale.FormatType.LongFormat)


def conversation_choices(session: VaultSession) -> list[tuple[str, str]]:
    """Every conversation, newest first: "26 November 2026 · The dinner party (finished)"."""
    status = {Status.FINISHED: _tr("finished"), Status.PAUSED: _tr("on a break"), Status.DRAFT: _tr("in progress")}
    return [(c.uid, f"{_long_date(c.created_at.astimezone().date())} · {c.topic or _tr('no topic')} "
                    f"({status[c.status]})") for c in conversations.list_conversations(session)]


def chosen_conversation_printable(session: VaultSession | None, uid: str) -> Printable:
    assert session is not None
    return conversation_printable(conversations.guide(session, conversations.get(session, uid), _long_date))


def entries() -> list[DocumentEntry]:
    return [
        DocumentEntry("blank-guide", _tr("Blank conversation guide"), _tr(
            "The steps of “Talk it through” for the one who speaks and the one who listens, with sentence starters, "
            "room to write by hand, the ground rules, and words for feelings and needs at the back. It holds "
            "nothing from your vault."), False, blank_guide_printable),
        DocumentEntry("buttons", _tr("Our buttons"), _tr(
            "For the fridge: each of your buttons marked “OK to print”, how to notice one has been pressed, and "
            "what helps."), True, buttons_printable),
        DocumentEntry("conversation", _tr("A conversation, in your words"), _tr(
            "The guide from one of your conversations: what each of you said, felt and asked for, what was heard, "
            "the buttons that were pressed and your plan for next time. It fits on one page."), True,
            chosen_conversation_printable, conversation_choices),
    ]
