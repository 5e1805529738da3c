"""Export to JSON or Markdown, and import from that JSON (docs/export-format.md).

Exports are not encrypted: callers warn first. An import is checked as a whole before anything is
written, then applied in one transaction: a bad file changes nothing and the error names the
place (line and column for broken JSON, the field path otherwise). Records already in the vault
(same id) are skipped and counted. Private content never appears in an export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sidebyside import __version__
from sidebyside.core.crypto import private_space
from sidebyside.core.domain.buttons import TEXT_MAX, Button, ButtonFields, clean_button
from sidebyside.core.domain.conversation import Conversation, Status
from sidebyside.core.domain.journal import TITLE_MAX, EntryFields, Link, clean_fields, first_line
from sidebyside.core.domain.partners import NAME_MAX, validate_colour, validate_name
from sidebyside.core.errors import ValidationError
from sidebyside.core.services import buttons as buttons_service
from sidebyside.core.services import journal as journal_service
from sidebyside.core.services.changes import Changes
from sidebyside.core.storage import buttons_repo, conversations_repo
from sidebyside.core.storage import journal_repo as repo
from sidebyside.core.storage.database import Transaction
from sidebyside.core.storage.files import atomic_write
from sidebyside.core.storage.vault import VaultSession


def write_unencrypted(path: Path, data: bytes) -> None:
    """A file the couple chose to make outside the vault (a PDF to print, a picture of the map). It is not
    encrypted, so it is owner-only (0600), and written whole or not at all."""
    atomic_write(path, data)


FORMAT = "sidebyside-export"
VERSION = 2  # 2 adds "conversations"
MAX_IMPORT_BYTES = 512 * 1024 * 1024
MAX_TEXT = 2_000_000


class ImportFileError(ValidationError):
    """The file can't be imported; ``message`` names the problem and where it is."""


@dataclass
class ImportSummary:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{n} {kind} added" for kind, n in self.added.items() if n]
        parts += [f"{n} {kind} already there (skipped)" for kind, n in self.skipped.items() if n]
        return ", ".join(parts) if parts else "nothing new to add"


# -- export -------------------------------------------------------------------------------------
def export_document(session: VaultSession) -> dict[str, Any]:
    conn = session.require_conn()
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('vault_id', 'created')").fetchall())
    return {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "vault": {"id": meta.get("vault_id", ""), "created": meta.get("created", "")},
        "partners": [{"slot": s, "name": n, "colour": c}
                     for s, n, c in conn.execute("SELECT slot, name, colour FROM partners ORDER BY slot")],
        "drafts": [{"key": k, "content": c, "updated": u}
                   for k, c, u in conn.execute("SELECT draft_key, content, updated_at FROM drafts ORDER BY draft_key")],
        "buttons": [_button_doc(b) for b in buttons_service.list_buttons(session, include_archived=True)
                    if not b.fields.draft],  # a private draft stays private
        "conversations": [{"id": uid, "status": status, "created": created, "updated": updated,
                           "conversation": json.loads(content)}
                          for uid, status, _topic, created, updated, content in conversations_repo.all_rows(conn)],
    }


def _button_doc(button: Button) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": button.uid, "position": button.position, "archived": button.archived,
                           "created": button.created_at.isoformat(), "updated": button.updated_at.isoformat()}
    doc.update({k: v for k, v in asdict(button.fields).items() if k != "draft"})
    return doc


def _exported_entries(session: VaultSession, private_of: tuple[int, ...]) -> Iterator[dict[str, Any]]:
    """Shared entries, then the private entries of partners who agreed (their space open), oldest first."""
    yield from repo.iter_shared_for_export(session.require_conn())
    for slot in private_of:
        if slot not in session.private_keys:
            raise ValidationError("A private space must be open for its entries to be exported.", "private")
        for _rowid, uid, _blob in repo.sealed_entries_of(session.require_conn(), slot):
            entry = journal_service.get_entry(session, uid)
            f = entry.fields
            yield {"id": uid, "author": f.author, "written": f.written_at.isoformat(),
                   "created": entry.created_at.isoformat(), "updated": entry.updated_at.isoformat(),
                   "title": f.title, "body": f.body, "mood": f.mood, "tags": list(f.tags), "pinned": f.pinned,
                   "links": [{"kind": x.kind, "id": x.target} for x in f.links], "private": True}


def export_json(session: VaultSession, path: Path, private_of: tuple[int, ...] = ()) -> None:
    """Write the export; entries are streamed, so years of journal never sit in memory at once.

    ``private_of`` adds the private entries of those partners (who must have agreed and opened their
    space); otherwise no private content is ever exported.
    """
    head = json.dumps(export_document(session), ensure_ascii=False, indent=2)

    def chunks() -> Iterator[bytes]:
        yield (head[:-2] + ',\n  "entries": [').encode("utf-8")
        for i, entry in enumerate(_exported_entries(session, private_of)):
            yield (("," if i else "") + "\n    " + json.dumps(entry, ensure_ascii=False)).encode("utf-8")
        yield b"\n  ]\n}\n"

    atomic_write(path, chunks())


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|])")


def md(text: str) -> str:
    """User text made inert in Markdown: no markup, links, HTML or headings can come from it."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def export_markdown(session: VaultSession, path: Path, private_of: tuple[int, ...] = ()) -> None:
    doc = export_document(session)
    names = " and ".join(md(p["name"]) for p in doc["partners"])
    lines = [f"# SideBySide: {names}", "", f"Exported {doc['exported']} (vault created {doc['vault']['created']}).",
             "This file is not encrypted.", "", "## Partners", ""]
    lines += [f"- {md(p['name'])} (colour {p['colour']})" for p in doc["partners"]]
    if doc["drafts"]:
        lines += ["", "## Unfinished drafts"]
        for draft in doc["drafts"]:
            lines += ["", f"### {md(draft['key'])} (last saved {draft['updated']})", ""]
            lines += [f"> {md(line)}" if line else ">" for line in draft["content"].split("\n")]
    names_by_slot = {p["slot"]: p["name"] for p in doc["partners"]}
    for slot, name in names_by_slot.items():
        own = [b for b in doc["buttons"] if b["owner"] == slot and not b["archived"]]
        if own:
            lines += ["", f"## Buttons: {md(name)}"]
            for b in sorted(own, key=lambda b: -b["heat"]):
                lines += ["", f"### {md(b['topic'])} (heat {b['heat']} of 5)"]
                for label, key in (("Why it is tender", "story"), ("Signs", "signs"), ("What helps", "helps"),
                                   ("What makes it worse", "worse"), ("In front of others", "public_plan")):
                    if b[key]:
                        lines += ["", f"*{label}:* " + " ".join(md(line) for line in b[key].split("\n"))]

    lines += _conversations_markdown(doc["conversations"], names_by_slot)

    def chunks() -> Iterator[bytes]:
        yield ("\n".join(lines) + "\n").encode("utf-8")
        for i, entry in enumerate(_exported_entries(session, private_of)):
            out = ["", "## Journal", ""] if i == 0 else [""]
            heading = entry["title"] or first_line(entry["body"]) or "(untitled)"
            out.append(f"### {entry['written'][:16].replace('T', ' ')}, {md(names_by_slot.get(entry['author'], '?'))}: "
                       f"{md(heading)}")
            facts = [f"mood {entry['mood']} of 5"] if entry["mood"] else []
            facts += [f"tags: {', '.join(md(t) for t in entry['tags'])}"] if entry["tags"] else []
            if facts:
                out += ["", "*" + "; ".join(facts) + "*"]
            out += [""] + [md(line) for line in entry["body"].split("\n")]
            yield ("\n".join(out) + "\n").encode("utf-8")

    atomic_write(path, chunks())


# -- import -------------------------------------------------------------------------------------
def _conversations_markdown(items: list[dict[str, Any]], names: dict[int, str]) -> list[str]:
    lines = ["", "## Conversations"] if items else []
    for item in items:
        conv = Conversation.from_json(json.dumps(item["conversation"]))
        lines += ["", f"### {item['created'][:10]}: {md(conv.topic or '(no topic)')} ({item['status']})"]
        for turn in conv.turns:
            said = [("What happened", turn.what_happened), ("Feelings", ", ".join([*turn.feelings, turn.own_feelings])),
                    ("When", turn.when), ("Needs", ", ".join([*turn.needs, turn.own_need])),
                    ("Request", turn.request), ("Heard", turn.reflection.heard), ("Other view", turn.other_view),
                    ("Regret", turn.regret), ("Apology", turn.apology)]
            lines += ["", f"*{md(names.get(turn.speaker, '?'))} spoke:*"]
            lines += [f"- {label}: " + " ".join(md(x) for x in value.strip(", ").split("\n"))
                      for label, value in said if value.strip(", ")]
        plan = [(names.get(slot, "?"), conv.plan.get(slot, "")) for slot in (1, 2)]
        lines += [f"- {md(name)} will: {md(thing)}" for name, thing in plan if thing.strip()]
        lines += [f"- Signal: {md(conv.signal)}"] if conv.signal.strip() else []
    return lines


def read_import_file(path: Path) -> dict[str, Any]:
    """Parse and check an export file completely; ImportFileError (never anything else) if it can't be used."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"{path.name} is too large to be a SideBySide export.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path.name} can't be read ({exc.strerror or exc}).") from None
    return parse_import(raw, path.name)


def parse_import(raw: bytes, name: str = "the file") -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{name} isn't UTF-8 text (byte {exc.start}), so it isn't a SideBySide export.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{name} isn't valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except RecursionError:
        raise ImportFileError(f"{name} is nested too deeply to be a SideBySide export.") from None
    _check(doc)
    return doc  # type: ignore[no-any-return]


def _check(doc: object) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportFileError("This isn't a SideBySide export (the \"format\" field is missing or different).")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFileError("Field \"version\" must be a whole number.")
    if version > VERSION:
        raise ImportFileError("This export was made by a newer version of SideBySide. Please update the app first.")
    partners = _list(doc, "partners")
    if len(partners) > 2:
        raise ImportFileError("Field \"partners\" has more than two entries.")
    slots = set()
    for i, partner in enumerate(partners):
        where = f"partners[{i}]"
        entry = _dict(partner, where)
        slot = entry.get("slot")
        if slot not in (1, 2) or isinstance(slot, bool) or slot in slots:
            raise ImportFileError(f"Field \"{where}.slot\" must be 1 or 2, once each.")
        slots.add(slot)
        _text(entry, "name", where, NAME_MAX * 4)
        try:
            validate_name(entry["name"], f"partner {slot}")
            validate_colour(_text(entry, "colour", where, 7))
        except ValidationError as exc:
            raise ImportFileError(f"In \"{where}\": {exc.message}") from None
    _check_records(_list(doc, "entries"), "entries", _entry_fields)
    _check_records(_list(doc, "buttons"), "buttons", _button_fields)
    _check_records(_list(doc, "conversations"), "conversations", _conversation_fields)
    keys = set()
    for i, draft in enumerate(_list(doc, "drafts")):
        where = f"drafts[{i}]"
        entry = _dict(draft, where)
        key = _text(entry, "key", where, 200)
        if not key or key in keys:
            raise ImportFileError(f"Field \"{where}.key\" must be a unique, non-empty text.")
        keys.add(key)
        _text(entry, "content", where, MAX_TEXT)
        _text(entry, "updated", where, 64)


def _conversation_fields(item: dict[str, Any]) -> Conversation:
    if item.get("status") not in {s.value for s in Status}:
        raise ValueError("\"status\" must be draft, paused or finished.")
    try:
        return Conversation.from_json(json.dumps(_dict(item.get("conversation"), "conversation")))
    except (ValueError, TypeError, KeyError):
        raise ValueError("\"conversation\" isn't a conversation SideBySide can read.") from None


def _check_records(items: list[Any], section: str, fields: Callable[[dict[str, Any]], object]) -> None:
    """Entries, buttons and conversations alike: a unique id, dates as text, and fields the app accepts."""
    ids: set[str] = set()
    for i, raw in enumerate(items):
        where = f"{section}[{i}]"
        item = _dict(raw, where)
        uid = _text(item, "id", where, 64)
        if not uid or uid in ids:
            raise ImportFileError(f"Field \"{where}.id\" must be a unique, non-empty text.")
        ids.add(uid)
        for name in ("created", "updated"):
            _text(item, name, where, 64)
        try:
            fields(item)
        except (ValidationError, ValueError, TypeError) as exc:
            detail = exc.message if isinstance(exc, ValidationError) else str(exc)
            raise ImportFileError(f"In \"{where}\": {detail}") from None


def _button_fields(item: dict[str, Any]) -> ButtonFields:
    for name in ("owner", "heat", "position"):
        value = item.get(name, 0 if name == "position" else None)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"\"{name}\" must be a whole number.")
    for name in ("public_ok", "printable", "archived"):
        if not isinstance(item.get(name, False), bool):
            raise ValidationError(f"\"{name}\" must be true or false.")
    def t(name: str) -> str:
        return _text(item, name, "button", 400 if name == "topic" else TEXT_MAX * 2)

    return clean_button(ButtonFields(owner=item["owner"], topic=t("topic"), category=t("category"), heat=item["heat"],
                                     story=t("story"), signs=t("signs"), helps=t("helps"), worse=t("worse"),
                                     public_ok=item.get("public_ok", False), public_plan=t("public_plan"),
                                     printable=item.get("printable", False)),
                        {c.id for c in buttons_service.categories()})


def _entry_fields(entry: dict[str, Any]) -> EntryFields:
    """Strict types first (an export never has anything else), then the app's own rules."""
    author, mood, pinned = entry.get("author"), entry.get("mood"), entry.get("pinned", False)
    if not isinstance(entry.get("private", False), bool):
        raise ValidationError("\"private\" must be true or false.")
    if author not in (1, 2) or isinstance(author, bool):
        raise ValidationError("\"author\" must be 1 or 2.")
    if mood is not None and (not isinstance(mood, int) or isinstance(mood, bool)):
        raise ValidationError("\"mood\" must be a number from 1 to 5, or null.")
    if not isinstance(pinned, bool):
        raise ValidationError("\"pinned\" must be true or false.")
    tags, links = entry.get("tags", []), entry.get("links", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValidationError("\"tags\" must be a list of texts.")
    if not isinstance(links, list) or not all(isinstance(x, dict) and isinstance(x.get("kind"), str)
                                              and isinstance(x.get("id"), str) for x in links):
        raise ValidationError("\"links\" must be a list of {kind, id}.")
    written = datetime.fromisoformat(_text(entry, "written", "entry", 64))
    return clean_fields(EntryFields(
        author=author, written_at=written, title=_text(entry, "title", "entry", TITLE_MAX * 4),
        body=_text(entry, "body", "entry", MAX_TEXT), mood=mood, tags=tuple(tags), pinned=pinned,
        private=entry.get("private", False), links=tuple(Link(x["kind"], x["id"]) for x in links)))


def _list(doc: dict[str, Any], name: str) -> list[Any]:
    value = doc.get(name, [])
    if not isinstance(value, list):
        raise ImportFileError(f"Field \"{name}\" must be a list.")
    return value


def _dict(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFileError(f"\"{where}\" must be an object with fields.")
    return value


def _text(entry: dict[str, Any], name: str, where: str, limit: int) -> str:
    value = entry.get(name)
    if not isinstance(value, str):
        raise ImportFileError(f"Field \"{where}.{name}\" must be text.")
    if len(value) > limit:
        raise ImportFileError(f"Field \"{where}.{name}\" is too long ({len(value)} characters).")
    if "\x00" in value:
        raise ImportFileError(f"Field \"{where}.{name}\" contains a NUL character.")
    return value


def import_document(session: VaultSession, doc: dict[str, Any]) -> tuple[ImportSummary, Changes]:
    """Apply a document checked by parse_import/read_import_file, in one transaction."""
    _check(doc)  # never trust that the caller checked
    summary = ImportSummary(added={"partners": 0, "drafts": 0, "entries": 0, "buttons": 0, "conversations": 0},
                            skipped={"partners": 0, "drafts": 0, "entries": 0, "buttons": 0, "conversations": 0,
                                     "private entries (open the private space to import them)": 0})
    private_skipped = "private entries (open the private space to import them)"
    conn = session.require_conn()
    with Transaction(conn):
        for partner in doc.get("partners", []):
            cur = conn.execute("INSERT OR IGNORE INTO partners(slot, name, colour) VALUES (?, ?, ?)",
                               (partner["slot"], validate_name(partner["name"], "partner"), partner["colour"].lower()))
            summary.added["partners"] += cur.rowcount
            summary.skipped["partners"] += 1 - cur.rowcount
        for draft in doc.get("drafts", []):
            cur = conn.execute("INSERT OR IGNORE INTO drafts(draft_key, content, updated_at) VALUES (?, ?, ?)",
                               (draft["key"], draft["content"], draft["updated"]))
            summary.added["drafts"] += cur.rowcount
            summary.skipped["drafts"] += 1 - cur.rowcount
        for entry in doc.get("entries", []):
            fields = _entry_fields(entry)
            sealed = None
            if fields.private:
                key = session.private_keys.get(fields.author)
                if key is None:
                    summary.skipped[private_skipped] += 1
                    continue
                sealed = private_space.seal(key, journal_service.ENTRY, entry["id"], fields.author,
                                            journal_service.sealed_payload(fields))
            added = repo.insert_imported(conn, entry["id"], fields, entry["created"], entry["updated"], sealed)
            summary.added["entries"] += int(added)
            summary.skipped["entries"] += int(not added)
        for item in doc.get("buttons", []):
            if buttons_repo.one(conn, item["id"]) is not None:
                summary.skipped["buttons"] += 1
                continue
            buttons_repo.insert(conn, item["id"], _button_fields(item), item.get("position", 0), item["updated"], None)
            buttons_repo.set_archived(conn, item["id"], item.get("archived", False), item["updated"])
            conn.execute("UPDATE buttons SET created_at = ? WHERE uid = ?", (item["created"], item["id"]))
            summary.added["buttons"] += 1
        for item in doc.get("conversations", []):
            if conversations_repo.one(conn, item["id"]) is not None:
                summary.skipped["conversations"] += 1
                continue
            conv = _conversation_fields(item)
            conversations_repo.upsert(conn, item["id"], item["status"], conv.topic.strip(), item["created"],
                                      item["updated"], conv.to_json(), {b for t in conv.turns for b in t.buttons})
            summary.added["conversations"] += 1
    return summary, Changes(partners=summary.added["partners"] > 0, drafts=summary.added["drafts"] > 0,
                            journal=summary.added["entries"] > 0, buttons=summary.added["buttons"] > 0,
                            conversations=summary.added["conversations"] > 0)
