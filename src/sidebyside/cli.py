"""The command line. Only the GUI path imports Qt.

User errors print one plain line to stderr and exit 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sidebyside import APP_NAME, __version__
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.domain.partners import PALETTE, make_partners
from sidebyside.core.domain.passphrase import validate_new_passphrase
from sidebyside.core.errors import SideBySideError
from sidebyside.core.paths import resolve_data_dir
from sidebyside.core.storage.files import restrict_process_umask
from sidebyside.core.storage.instance_lock import LOCK_NAME, InstanceLock

EXIT_OK, EXIT_USER_ERROR = 0, 2


class UserError(Exception):
    """A problem to report in one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sidebyside",
        description=f"{APP_NAME}: a private, encrypted app for couples. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="the folder that holds the vault "
                        "(default: $SIDEBYSIDE_DATA_DIR, else your user data folder)")
    # For the benchmark and smoke tests: open the first window, report once it is shown, then quit.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = commands.add_parser(
        "init", help="create a new vault without the window",
        description="Create a new vault. The passphrase is read from standard input when it is not a "
                    "terminal (one line); otherwise you are asked twice. The recovery code is printed once.",
    )
    init.add_argument("--data-dir", metavar="DIR", dest="sub_data_dir", help="the folder for the new vault")
    init.add_argument("--partner", metavar="NAME", action="append", default=[], required=True,
                      help="a partner's name; give it twice, once for each of you")
    init.add_argument("--colour", "--color", metavar="#RRGGBB", action="append", default=[],
                      help="a partner's colour, in the same order (optional)")
    return parser


def _read_new_passphrase(stdin: TextIO) -> tuple[str, str]:
    if stdin.isatty():
        first = getpass.getpass("Choose a passphrase: ")
        second = getpass.getpass("Type it again: ")
        return first, second
    line = stdin.readline()
    if not line:
        raise UserError("No passphrase was given on standard input.")
    passphrase = line.rstrip("\r\n")
    return passphrase, passphrase


def cmd_init(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, kdf: KdfParams) -> int:
    from sidebyside.core.services import vault_service  # not needed on the GUI path's start-up

    names: list[str] = args.partner
    if len(names) != 2:
        raise UserError(f"Please give --partner exactly twice, once for each of you (got {len(names)}).")
    colours: list[str] = args.colour or [PALETTE[0], PALETTE[1]]
    if len(colours) != 2:
        raise UserError("Please give --colour twice (one for each partner), or leave it out.")
    partners = make_partners(names[0], colours[0], names[1], colours[1])
    paths = vault_service.VaultPaths(resolve_data_dir(args.sub_data_dir or args.data_dir))
    probe = vault_service.inspect(paths)
    if probe.state is not vault_service.VaultState.NO_VAULT:
        raise UserError(probe.message or f"There is already a vault in {paths.data_dir}; nothing was changed.")
    passphrase, confirmation = _read_new_passphrase(stdin)
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
    stdout.write(f"Created a vault for {partners[0].name} and {partners[1].name} in {paths.data_dir}\n")
    stdout.write("Your recovery code (shown only now; write it down and keep it somewhere safe):\n")
    stdout.write(f"  {code}\n")
    stdout.flush()
    return EXIT_OK


def _remove_if_only_lock(folder: Path) -> None:
    """Leave no trace of a failed init in a folder this command created."""
    with contextlib.suppress(OSError):
        (folder / LOCK_NAME).unlink(missing_ok=True)
        folder.rmdir()  # only succeeds when empty


class _Parser(argparse.ArgumentParser):
    """Usage mistakes become one plain line (see main), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see 'sidebyside --help')")


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None, kdf: KdfParams | None = None) -> int:
    """Run a command, or the GUI when there is none. ``kdf`` is injectable for tests only."""
    restrict_process_umask()
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if args.command is None:
            from sidebyside.app import run_gui  # Qt only on this path; extra arguments are Qt's

            return run_gui(resolve_data_dir(args.data_dir), extra, exit_when_shown=args.exit_when_shown)
        if extra:
            parser.error(f"unrecognised arguments: {' '.join(extra)}")
        if args.command == "init":
            return cmd_init(args, stdin, stdout, kdf or KdfParams())
        parser.error(f"unknown command {args.command}")
    except (UserError, SideBySideError) as exc:
        stderr.write(f"sidebyside: {exc}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        stderr.write("sidebyside: cancelled; nothing was changed.\n")
        return EXIT_USER_ERROR
    return EXIT_OK
