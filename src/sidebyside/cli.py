"""The command line. Only the GUI path imports Qt.

User errors print one plain line to stderr and exit 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from sidebyside import APP_NAME, __version__
from sidebyside.cli_secrets import SecretReader, UserError
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.errors import SideBySideError
from sidebyside.core.paths import resolve_data_dir
from sidebyside.core.storage.files import restrict_process_umask

EXIT_USER_ERROR = 2

#: Qt's own command-line options (QGuiApplication, QApplication, the X11 platform) that take their value as the
#: next argument: ``sidebyside -platform xcb`` hands both to Qt; "xcb" is not a command.
QT_OPTIONS_WITH_VALUE = frozenset({
    "platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry", "qwindowicon", "qwindowtitle",
    "session", "style", "stylesheet", "display", "geometry", "name", "title", "visual",
})


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``commands=False`` only the options that go with opening the window
    (no help or version either: those act at once, wherever they stand), which is quicker to build."""
    parser = _Parser(
        prog="sidebyside",
        description=f"{APP_NAME}: a private, encrypted app for couples. Without a command, opens the window.",
        add_help=commands,
    )
    if commands:
        parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="the folder that holds the vault "
                        "(default: $SIDEBYSIDE_DATA_DIR, else your user data folder)")
    # For the benchmark and smoke tests: open the first window, report once it is shown, then quit.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    once = parser.add_mutually_exclusive_group()
    once.add_argument("--install-desktop-entry", action="store_true",
                      help="add SideBySide to your applications menu (desktop file, icons, AppStream metainfo "
                           "in $XDG_DATA_HOME or ~/.local/share), starting this installation")
    once.add_argument("--uninstall-desktop-entry", action="store_true",
                      help="remove what --install-desktop-entry added")
    once.add_argument("--smoke-test", action="store_true",
                      help="check this installation end to end on a temporary vault, offscreen (exit 0 if it works)")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = subparsers.add_parser(
        "init", help="create a new vault without the window",
        description="Create a new vault. The passphrase is read from standard input when it is not a "
                    "terminal (one line); otherwise you are asked twice. The recovery code is printed once.",
    )
    init.add_argument("--data-dir", metavar="DIR", dest="sub_data_dir", help="the folder for the new vault")
    init.add_argument("--partner", metavar="NAME", action="append", default=[], required=True,
                      help="a partner's name; give it twice, once for each of you")
    init.add_argument("--colour", "--color", metavar="#RRGGBB", action="append", default=[],
                      help="a partner's colour, in the same order (optional)")
    secret_help = ("The passphrase is read from standard input when it is not a terminal (one line), otherwise "
                   "asked for without echo. With --recovery-code, the recovery code is read instead.")

    def vault_command(name: str, summary: str, details: str, secret: bool = True) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}. {details}")
        sub.add_argument("--data-dir", metavar="DIR", dest="sub_data_dir", help="the folder that holds the vault")
        if secret:
            sub.add_argument("--recovery-code", action="store_true", help="read the recovery code instead")
        return sub

    vault_command("check", "check the whole vault for damage (exit 1 if damaged)", secret_help)
    backup = vault_command("backup", "write a checked, encrypted backup",
                           f"{secret_help} Without --to, into the vault's backups/ folder.")
    backup.add_argument("--to", metavar="DIR", help="a folder to write the backup to (e.g. a USB stick)")
    restore = vault_command("restore", "put a backup in the vault's place (the current vault is kept aside)",
                            f"{secret_help} The secret is the one that opens the backup.")
    restore.add_argument("file", metavar="FILE", help="the .sbsbackup file")
    export = vault_command("export", "export everything to JSON or Markdown (NOT encrypted)",
                           "JSON can be imported again; Markdown is for reading. Private entries are never "
                           f"exported. {secret_help}")
    export.add_argument("--format", choices=["json", "markdown"], default="json", help="json (default) or markdown")
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="where to write the export")
    imp = vault_command("import", "import a JSON export (records already there are skipped)",
                        f"The whole file is checked first; a bad file changes nothing. {secret_help}")
    imp.add_argument("file", metavar="FILE", help="the .json export")
    sheet = vault_command("recovery-sheet", "save the recovery sheet as a PDF (not encrypted: print it, then "
                          "delete it)", f"It holds your recovery code with instructions. {secret_help}")
    sheet.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")
    sheet.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: from your locale)")
    guide = vault_command("guide", "save a printable guide as a PDF",
                          "--blank needs no vault and no passphrase. --buttons prints each partner's buttons marked "
                          f"OK to print (the PDF is NOT encrypted). {secret_help}")
    which = guide.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="the blank conversation guide, to fill in by hand")
    which.add_argument("--buttons", action="store_true", help="our buttons: the buttons marked OK to print")
    which.add_argument("--conversation", metavar="ID", help="the personalised guide of a conversation")
    guide.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")
    guide.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: from your locale)")
    vault_command("conversations", "list your conversations: id, date, status and topic (for guide --conversation)",
                  secret_help)
    vault_command("change-passphrase", "choose a new passphrase (the recovery code stays the same)",
                  "From standard input (not a terminal): line 1 the current passphrase, line 2 the new one. "
                  "On a terminal you are asked for the new one twice.", secret=False)
    return parser


class _Parser(argparse.ArgumentParser):
    """Usage mistakes become one plain line (see main), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see '{self.prog} --help')")  # e.g. 'sidebyside init --help' for init's


def main(argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None, kdf: KdfParams | None = None) -> int:
    """Run a command, or the GUI when there is none. ``kdf`` is injectable for tests only."""
    restrict_process_umask()
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        parser, args, extra = _parse(argv)
        if args.install_desktop_entry or args.uninstall_desktop_entry or args.smoke_test:
            if args.command is not None or extra:
                parser.error("this option takes no command or other arguments")
            return _run_option(args, stdout, stderr)
        if args.command is None:
            from sidebyside.app import run_gui  # Qt only on this path; extra arguments are Qt's

            return run_gui(resolve_data_dir(args.data_dir), extra, exit_when_shown=args.exit_when_shown)
        if extra:
            parser.error(f"unrecognised arguments: {' '.join(extra)}")
        from sidebyside.cli_commands import COMMANDS

        status = COMMANDS[args.command](args, SecretReader(stdin), stdout, kdf or KdfParams())
        stdout.flush()
        return status
    except (UserError, SideBySideError) as exc:
        stderr.write(f"sidebyside: {exc}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        stderr.write("sidebyside: cancelled; nothing was changed.\n")
        return EXIT_USER_ERROR


def _parse(argv: Sequence[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace, list[str]]:
    """Most starts just open the window: parse those with the options alone, and build the whole command line
    (11 commands) only when something is left beyond Qt's own options (-reverse, -platform xcb): a command,
    help, --version, or anything else the whole parser should judge. The list returned is Qt's options."""
    ours, qt_pairs = _take_qt_options_with_values(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser(commands=False)
    args, extra = parser.parse_known_args(ours)
    if not all(_looks_like_a_qt_option(arg) for arg in extra):
        parser = build_parser()
        args, extra = parser.parse_known_args(ours)
    return parser, args, [*qt_pairs, *extra]


def _take_qt_options_with_values(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split off Qt's options that take the next argument as their value (see QT_OPTIONS_WITH_VALUE), each with
    that value, so that the value isn't read as a command or a file."""
    ours: list[str] = []
    qt_pairs: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i].startswith("-") and not argv[i].startswith("--") and argv[i][1:] in QT_OPTIONS_WITH_VALUE:
            if i + 1 == len(argv):
                raise UserError(f"{argv[i]} needs a value after it, e.g. -platform xcb")
            qt_pairs += argv[i:i + 2]
            i += 2
        else:
            ours.append(argv[i])
            i += 1
    return ours, qt_pairs


def _looks_like_a_qt_option(arg: str) -> bool:
    """One dash and a word, like Qt's own (-reverse, -nograb); not -h, -help or a lone dash."""
    return arg.startswith("-") and not arg.startswith(("--", "-h")) and len(arg) > 2


def _run_option(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.smoke_test:
        from sidebyside.smoke_test import run_smoke_test

        return run_smoke_test(stdout, stderr)
    from sidebyside import desktop_entry

    try:
        if args.install_desktop_entry:
            written = desktop_entry.install()
            stdout.write("".join(f"wrote {path}\n" for path in written))
            command = " ".join(desktop_entry.launcher_command())
            stdout.write(f"{APP_NAME} is in your applications menu; the entry starts {command}\n")
        else:
            removed = desktop_entry.uninstall()
            stdout.write("".join(f"removed {path}\n" for path in removed) or "nothing to remove: no desktop entry "
                         f"was installed in {desktop_entry.data_home()}\n")
    except OSError as exc:
        raise UserError(f"couldn't write the desktop entry: {exc.strerror or exc} ({exc.filename})") from exc
    stdout.flush()
    return 0
