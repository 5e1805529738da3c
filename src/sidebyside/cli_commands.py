"""The commands behind ``sidebyside COMMAND``: each opens the vault itself, under the instance lock.

Exit codes: 0 success, 1 the integrity check found damage, 2 a user error (one plain line).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sidebyside.cli_secrets import SecretReader, UserError
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import HEX_COLOUR, PALETTE, make_partners
from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.guide.document import Document
from sidebyside.core.paths import resolve_data_dir
from sidebyside.core.services import safety, vault_service
from sidebyside.core.services.vault_service import VaultPaths, VaultSession, VaultState
from sidebyside.core.storage.files import ensure_private_dir
from sidebyside.core.storage.instance_lock import LOCK_NAME, InstanceLock

EXIT_OK, EXIT_DAMAGED, EXIT_USER_ERROR = 0, 1, 2


def vault_paths(args: argparse.Namespace) -> VaultPaths:
    return VaultPaths(resolve_data_dir(getattr(args, "sub_data_dir", None) or args.data_dir))


@contextlib.contextmanager
def vault_lock(paths: VaultPaths) -> Iterator[None]:
    """Hold the instance lock, finishing any restore that was cut off, for the length of a command."""
    if not paths.data_dir.is_dir():
        raise UserError(f"There is no vault in {paths.data_dir}. Create one with 'sidebyside init'.")
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()
    except OSError as exc:  # e.g. a read-only folder: the lock file can't be created
        raise UserError(f"SideBySide can't write to {paths.data_dir} ({exc.strerror}).") from None
    try:
        try:
            vault_service.prepare_folder(paths)
        except OSError as exc:  # a restore that was cut off can't be finished yet
            raise UserError(f"An interrupted restore in {paths.data_dir} couldn't be finished ({exc.strerror}); "
                            "nothing was deleted.") from None
        yield
    finally:
        lock.release()


def open_with_secret(paths: VaultPaths, reader: SecretReader, use_recovery_code: bool) -> VaultSession:
    probe = vault_service.inspect(paths)
    if probe.state is VaultState.NO_VAULT:
        raise UserError(f"There is no vault in {paths.data_dir}. Create one with 'sidebyside init'.")
    if use_recovery_code:
        key = vault_service.key_from_recovery_code(reader.read("Recovery code: ", "recovery code"))
        return vault_service.open_vault(paths, key, from_recovery_code=True)
    if probe.state is not VaultState.READY:
        raise UserError(f"{probe.message} Use --recovery-code.")
    key = vault_service.key_from_passphrase(paths, reader.read("Passphrase: ", "passphrase"))
    return vault_service.open_vault(paths, key)


@contextlib.contextmanager
def opened_vault(args: argparse.Namespace, reader: SecretReader) -> Iterator[VaultSession]:
    """The vault, opened with the secret from ``reader``, under the instance lock; closed afterwards."""
    paths = vault_paths(args)
    with vault_lock(paths):
        session = open_with_secret(paths, reader, args.recovery_code)
        try:
            yield session
        finally:
            session.close()


def output_path(args: argparse.Namespace) -> Path:
    target = Path(args.output).expanduser().absolute()
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} doesn't exist.")
    return target


def cmd_init(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    names: list[str] = args.partner
    if len(names) != 2:
        raise UserError(f"Please give --partner exactly twice, once for each of you (got {len(names)}).")
    colours: list[str] = args.colour or [PALETTE[0], PALETTE[1]]
    if len(colours) != 2:
        raise UserError("Please give --colour twice (one for each partner), or leave it out.")
    for colour in colours:
        if not HEX_COLOUR.match(colour):
            raise UserError(f"“{colour}” isn't a colour SideBySide understands: please give it as #RRGGBB, "
                            "e.g. --colour '#d9485f'.")
    partners = make_partners(names[0], colours[0], names[1], colours[1])
    paths = vault_paths(args)
    probe = vault_service.inspect(paths)
    if probe.state is not VaultState.NO_VAULT:
        raise UserError(probe.message or f"There is already a vault in {paths.data_dir}; nothing was changed.")
    passphrase, confirmation = reader.read_new("Choose a passphrase: ", "Type it again: ", "passphrase")
    if passphrase != confirmation:  # (the shared message asks to type it again; here that means running init again)
        raise UserError("The two passphrases you typed don't match, so no vault was made. Please run "
                        "'sidebyside init' again.")
    validate_new_passphrase(passphrase, confirmation)  # before anything touches the disk
    db_key = vault_service.new_database_key()
    lock = InstanceLock(paths.data_dir)
    folder_existed = paths.data_dir.exists()
    created = False
    try:
        paths.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock.acquire()
        vault_service.create_vault(paths, partners, passphrase, confirmation, db_key, kdf)
        created = True
        code = vault_service.recovery_code_for(db_key)
    except OSError as exc:
        raise UserError(f"SideBySide can't write to {paths.data_dir} ({exc.strerror}).") from None
    finally:
        lock.release()
        db_key[:] = bytes(len(db_key))
        if not created and not folder_existed:
            _remove_if_only_lock(paths.data_dir)
    out.write(f"Created a vault for {partners[0].name} and {partners[1].name} in {paths.data_dir}\n")
    out.write("Your recovery code (shown only now; write it down and keep it somewhere safe):\n")
    out.write(f"  {code}\n")
    return EXIT_OK


def _remove_if_only_lock(folder: Path) -> None:
    """Leave no trace of a failed init in a folder this command created."""
    with contextlib.suppress(OSError):
        (folder / LOCK_NAME).unlink(missing_ok=True)
        folder.rmdir()  # only succeeds when empty


def cmd_check(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    with opened_vault(args, reader) as session:
        report = safety.check_integrity(session, full=True)
    out.write(f"{report.summary}\n")
    for problem in report.problems:
        out.write(f"  {problem}\n")
    return EXIT_OK if report.ok else EXIT_DAMAGED


def cmd_backup(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    folder = Path(args.to).expanduser().absolute() if args.to else None
    with opened_vault(args, reader) as session:
        job = safety.backup_job(session, folder)  # it copies what it needs: the vault may close first
    info = job()
    out.write(f"Backup written and checked: {info.path} ({_size(info.size)})\n")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    paths = vault_paths(args)
    source = Path(args.file).expanduser().absolute()
    info = safety.backup_info(source)
    new_folder = not paths.data_dir.exists()
    if new_folder:  # restoring onto a new computer: there is no data folder yet
        try:
            ensure_private_dir(paths.data_dir)
        except OSError as exc:
            raise UserError(f"SideBySide can't create {paths.data_dir} ({exc.strerror}).") from None
    try:
        with vault_lock(paths):
            if args.recovery_code:
                key = safety.key_for_backup(source, recovery_code=reader.read("Recovery code: ", "recovery code"))
            else:
                key = safety.key_for_backup(source,
                                            passphrase=reader.read("Passphrase of the backup: ", "passphrase"))
            replaced = safety.restore_backup(paths, source, key)
    except BaseException:
        if new_folder:
            _remove_if_only_lock(paths.data_dir)
        raise
    when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
    kept = "" if replaced is None else f" The previous vault was kept in {replaced}"
    out.write(f"Restored the backup from {when}.{kept}\n")
    if not info.has_key_file:
        out.write("This backup had no key file: open it with your recovery code, then choose a passphrase.\n")
    return EXIT_OK


def cmd_change_passphrase(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    paths = vault_paths(args)
    with vault_lock(paths):
        probe = vault_service.inspect(paths)
        if probe.state is not VaultState.READY:
            raise UserError(probe.message or f"There is no vault in {paths.data_dir}.")
        old = reader.read("Current passphrase: ", "current passphrase")
        new, confirmation = reader.read_new("New passphrase: ", "New passphrase again: ", "new passphrase")
        safety.change_passphrase(paths, old, new, confirmation, kdf)
    out.write("The passphrase was changed. Your recovery code stays the same.\n")
    return EXIT_OK


def cmd_recovery_sheet(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    target = output_path(args)
    with opened_vault(args, reader) as session:
        sheet = vault_service.recovery_sheet(session, _readable_date(vault_service.overview(session).created))
    _write_document(sheet.to_document(), target, args.paper)
    out.write(f"Recovery sheet written to {target}. A PDF is not encrypted: print it, then delete the file.\n")
    return EXIT_OK


def cmd_guide(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    """The same documents, and the same PDFs, as the Print section."""
    target = output_path(args)
    document: Document
    if args.conversation is not None:
        from sidebyside.core.errors import ValidationError
        from sidebyside.core.services import conversations

        with opened_vault(args, reader) as session:
            try:
                document = conversations.guide(session, conversations.get(session, args.conversation))
            except ValidationError as exc:
                raise UserError(f"{exc.message} (conversation {args.conversation})") from None
    elif args.blank:
        from sidebyside.core.guide.blank_guide import blank_guide

        document = blank_guide()  # nothing from the vault: no unlock
    else:
        from sidebyside.core.services import buttons

        with opened_vault(args, reader) as session:
            document = buttons.buttons_page(session).to_document()
    _write_document(document, target, args.paper)
    warning = " A PDF is not encrypted: keep it safe, and delete it when done." if document.user_content else ""
    out.write(f"Written to {target}.{warning}\n")
    return EXIT_OK


def cmd_conversations(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    """One line per conversation, newest first: id, start date, status, topic (tab-separated)."""
    from sidebyside.core.services import conversations

    with opened_vault(args, reader) as session:
        rows = conversations.list_conversations(session)
    for row in rows:
        topic = " ".join(row.topic.split()) or "(no topic)"
        out.write(f"{row.uid}\t{row.created_at.astimezone():%Y-%m-%d %H:%M}\t{row.status.value}\t{topic}\n")
    if not rows:
        out.write("No conversations yet.\n")
    return EXIT_OK


def _write_document(document: Document, target: Path, paper_name: str | None) -> None:
    from sidebyside.ui.headless import ensure_gui_application  # Qt only for the PDF
    from sidebyside.ui.printing import Paper, default_paper, write_document_pdf

    ensure_gui_application()
    paper = Paper(paper_name) if paper_name else default_paper()
    try:
        write_document_pdf(document, target, paper)
    except OSError as exc:
        raise UserError(f"The PDF couldn't be written to {target} ({exc.strerror or exc}).") from None


def cmd_export(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    from sidebyside.core.services import transfer

    target = output_path(args)
    with opened_vault(args, reader) as session:
        writer = transfer.export_json if args.format == "json" else transfer.export_markdown
        try:
            writer(session, target)
        except OSError as exc:
            raise UserError(f"The export couldn't be written to {target} ({exc.strerror or exc}).") from None
    out.write(f"Exported to {target}. This file is NOT encrypted: keep it safe, and delete it when done.\n")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, reader: SecretReader, out: TextIO, kdf: KdfParams) -> int:
    from sidebyside.core.services import transfer

    doc = transfer.read_import_file(Path(args.file).expanduser().absolute())  # checked before any unlock
    with opened_vault(args, reader) as session:
        summary, _changes = transfer.import_document(session, doc)
    out.write(f"Imported: {summary.describe()}.\n")
    return EXIT_OK


def _readable_date(iso: str) -> str:
    from datetime import datetime

    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{when.day} {when.strftime('%B %Y')}"


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} bytes"


COMMANDS = {"init": cmd_init, "check": cmd_check, "backup": cmd_backup, "restore": cmd_restore,
            "change-passphrase": cmd_change_passphrase, "recovery-sheet": cmd_recovery_sheet, "guide": cmd_guide,
            "conversations": cmd_conversations,
            "export": cmd_export,
            "import": cmd_import}
