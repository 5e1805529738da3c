"""The buttons map: one function per thing a couple does with their buttons, each in one transaction.

A private draft is sealed whole (topic included) with its owner's private-space key: the other
partner's lists don't contain it at all, and its row in the database holds no text.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import asdict, dataclass, replace

from sidebyside.core import content
from sidebyside.core.crypto import private_space
from sidebyside.core.domain.buttons import Button, ButtonFields, Category, SideBySideRow, clean_button, side_by_side
from sidebyside.core.domain.together import TogetherState
from sidebyside.core.errors import SealedRecordError, ValidationError
from sidebyside.core.guide.buttons_page import ButtonsPage
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import buttons_repo as repo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.vault import VaultSession, now_iso

KIND = "button"
CHANGED = Changes(buttons=True)


def categories() -> list[Category]:
    """The topic areas, in order, from resources/content/buttons.json."""
    return [Category(str(c["id"]), str(c["label"]), str(c["prompt"])) for c in content.load("buttons")["categories"]]


def heat_words() -> dict[int, str]:
    return {int(k): str(v) for k, v in content.load("buttons")["heat"].items()}


def _category_ids() -> set[str]:
    return {c.id for c in categories()}


def _seal(session: VaultSession, uid: str, fields: ButtonFields) -> bytes | None:
    if not fields.draft:
        return None
    key = session.require_private_key(fields.owner, "keep a button as a private draft", "draft")
    return private_space.seal(key, KIND, uid, fields.owner, asdict(fields))


def _open(session: VaultSession, button: Button, sealed: bytes | None) -> Button | None:
    """The button as its viewer may see it: a draft only for its owner with their space open."""
    if sealed is None:
        return button
    key = session.private_keys.get(button.fields.owner)
    if key is None:
        return None
    try:
        payload = private_space.unseal(key, KIND, button.uid, button.fields.owner, sealed)
    except SealedRecordError:
        return None
    known = set(ButtonFields.__dataclass_fields__)
    return replace(button, fields=ButtonFields(**{k: v for k, v in payload.items() if k in known}))


def create_button(session: VaultSession, fields: ButtonFields) -> tuple[str, Changes]:
    cleaned = clean_button(fields, _category_ids())
    uid = uuid.uuid4().hex
    sealed = _seal(session, uid, cleaned)
    conn = session.require_conn()
    with Transaction(conn):
        repo.insert(conn, uid, cleaned, repo.next_position(conn, cleaned.owner), now_iso(), sealed)
    return uid, CHANGED


def get_button(session: VaultSession, uid: str) -> Button:
    found = repo.one(session.require_conn(), uid)
    visible = _open(session, *found) if found else None
    if visible is None:
        raise ValidationError("That button no longer exists.", "button")
    return visible


def update_button(session: VaultSession, uid: str, fields: ButtonFields) -> Changes:
    current = get_button(session, uid)  # the other partner can't overwrite a draft they can't see
    if fields.owner != current.fields.owner:
        raise ValidationError("A button stays with the partner it belongs to.", "owner")
    cleaned = clean_button(fields, _category_ids())
    sealed = _seal(session, uid, cleaned)
    conn = session.require_conn()
    with Transaction(conn):
        repo.update(conn, uid, cleaned, now_iso(), sealed)
    return CHANGED


def share_draft(session: VaultSession, uid: str) -> Changes:
    """A private draft becomes a button both partners see."""
    button = get_button(session, uid)
    return update_button(session, uid, replace(button.fields, draft=False))


def set_archived(session: VaultSession, uid: str, archived: bool) -> Changes:
    get_button(session, uid)
    conn = session.require_conn()
    with Transaction(conn):
        repo.set_archived(conn, uid, archived, now_iso())
    return CHANGED


def delete_button(session: VaultSession, uid: str) -> tuple[Button, Changes]:
    """Delete for good; returns the button so the editor's undo can bring it back (memory only)."""
    button = get_button(session, uid)
    conn = session.require_conn()
    with Transaction(conn):
        repo.delete(conn, uid)
    return button, CHANGED


def restore_button(session: VaultSession, button: Button) -> Changes:
    sealed = _seal(session, button.uid, button.fields)
    conn = session.require_conn()
    with Transaction(conn):
        if repo.one(conn, button.uid) is None:  # back with the same id, place and dates
            repo.insert(conn, button.uid, button.fields, button.position,
                        button.created_at.isoformat(timespec="seconds"), sealed)
            repo.set_archived(conn, button.uid, button.archived, button.updated_at.isoformat(timespec="seconds"))
    return CHANGED


def set_order(session: VaultSession, owner: int, uids: list[str]) -> Changes:
    """Put one partner's buttons in this order (e.g. after "sort by heat" or a drag)."""
    conn = session.require_conn()
    with Transaction(conn):
        for position, uid in enumerate(uids):
            found = repo.one(conn, uid)
            if found is None or found[0].fields.owner != owner:
                raise ValidationError("The list changed meanwhile; please try again.", "order")
            repo.set_position(conn, uid, position)
    return CHANGED


def list_buttons(session: VaultSession, owner: int | None = None, include_archived: bool = False) -> list[Button]:
    """Buttons the viewer may see: shared ones, and drafts of partners whose private space is open."""
    visible = (_open(session, b, s) for b, s in repo.rows(session.require_conn(), owner, include_archived))
    return [b for b in visible if b is not None]


def side_by_side_rows(session: VaultSession) -> list[SideBySideRow]:
    return side_by_side(list_buttons(session))


def printable_buttons(session: VaultSession) -> list[Button]:
    """Buttons marked "OK to print" (never a draft, never archived), hottest first per partner."""
    chosen = [b for b in list_buttons(session) if b.fields.printable and not b.fields.draft]
    return sorted(chosen, key=lambda b: (b.fields.owner, -b.fields.heat, b.position))


def buttons_page(session: VaultSession) -> ButtonsPage:
    """The "our buttons" page for the print path: both partners, only buttons marked OK to print."""
    from sidebyside.core.guide.buttons_page import PartnerButtons
    from sidebyside.core.services.vault_service import overview

    chosen = printable_buttons(session)
    partners = tuple(PartnerButtons(p.name, tuple(b for b in chosen if b.fields.owner == p.slot))
                     for p in overview(session).partners)
    return ButtonsPage(partners, heat_words(), {c.id: c.label for c in categories()})


TOGETHER_DRAFT = "buttons-together"


def together_state(session: VaultSession) -> TogetherState:
    """The paused "fill it in together" session, or a fresh one."""
    from sidebyside.core.services.drafts import load_draft

    areas = [c.id for c in categories()]
    saved = load_draft(session, TOGETHER_DRAFT)
    return (TogetherState.from_json(saved, areas) if saved else None) or TogetherState(areas)


def save_together_state(session: VaultSession, state: TogetherState) -> Changes:
    from sidebyside.core.services.drafts import discard_draft, save_draft

    if state.finished:
        return discard_draft(session, TOGETHER_DRAFT)
    return save_draft(session, TOGETHER_DRAFT, state.to_json())


def together_summary(session: VaultSession, state: TogetherState) -> tuple[dict[int, int], int]:
    """New buttons per partner, and how many topics among them both partners now share."""
    from sidebyside.core.domain.buttons import topic_key

    added = {int(slot): len(uids) for slot, uids in state.added.items()}
    new_keys = {topic_key(get_button(session, u).fields.topic)
                for uids in state.added.values() for u in uids if _exists(session, u)}
    keys = [{topic_key(b.fields.topic) for b in list_buttons(session, owner=slot)} for slot in (1, 2)]
    return added, len(new_keys & keys[0] & keys[1])


def _exists(session: VaultSession, uid: str) -> bool:
    try:
        get_button(session, uid)
    except ValidationError:
        return False
    return True


FORM_DRAFT = "button-form"
_FORM_KIND = "button-form"


@dataclass(frozen=True)
class StashedForm:
    """A button form that was open, half typed, when the vault locked."""

    origin: str  # where it was opened: "buttons" (the map) or "talk" (a conversation's quick add)
    uid: str  # the button being edited; "" for a new one
    fields: ButtonFields


def stash_form(session: VaultSession, form: StashedForm) -> Changes:
    """Keep an open form's typing across lock. A private draft in the making is sealed with its owner's key,
    as the draft itself would be, so the other partner can't read it, not even by opening the form."""
    from sidebyside.core.services.drafts import save_draft

    fields = form.fields
    doc: dict[str, object] = {"origin": form.origin, "uid": form.uid, "owner": fields.owner}
    if fields.draft:
        key = session.require_private_key(fields.owner, "keep a button as a private draft", "draft")
        sealed = private_space.seal(key, _FORM_KIND, FORM_DRAFT, fields.owner, asdict(fields))
        doc["sealed"] = base64.b64encode(sealed).decode("ascii")
    else:
        doc["fields"] = asdict(fields)
    return save_draft(session, FORM_DRAFT, json.dumps(doc, ensure_ascii=False))


def take_stashed_form(session: VaultSession, origin: str) -> StashedForm | None:
    """The form stashed at lock, if it was opened from ``origin`` and can be read now (a private one needs its
    owner's space open); it is then removed. Otherwise None, and it stays for later."""
    from sidebyside.core.services.drafts import discard_draft, load_draft

    raw = load_draft(session, FORM_DRAFT)
    if raw is None:
        return None
    try:
        doc = json.loads(raw)
        owner = int(doc["owner"])
        if doc.get("origin") != origin:
            return None
        if "sealed" in doc:
            key = session.private_keys.get(owner)
            if key is None:
                return None
            payload = private_space.unseal(key, _FORM_KIND, FORM_DRAFT, owner, base64.b64decode(doc["sealed"]))
        else:
            payload = dict(doc["fields"])
        known = set(ButtonFields.__dataclass_fields__)
        fields = ButtonFields(**{k: v for k, v in payload.items() if k in known})
    except (ValueError, KeyError, TypeError, SealedRecordError):
        discard_draft(session, FORM_DRAFT)  # unreadable: nothing to give back
        return None
    discard_draft(session, FORM_DRAFT)
    return StashedForm(str(doc["origin"]), str(doc.get("uid") or ""), replace(fields, owner=owner))


def stashed_form_origin(session: VaultSession) -> str | None:
    """Where a form stashed at lock was opened ("buttons" or "talk"), or None when there is none."""
    from sidebyside.core.services.drafts import load_draft

    raw = load_draft(session, FORM_DRAFT)
    try:
        return str(json.loads(raw)["origin"]) if raw else None
    except (ValueError, KeyError, TypeError):
        return None
