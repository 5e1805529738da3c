"""How the command line asks for secrets: one line per secret from standard input when it is not a
terminal (in the order the command's help gives), otherwise a prompt without echo."""

from __future__ import annotations

from typing import TextIO


class UserError(Exception):
    """A problem to report in one line."""


class SecretReader:
    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin
        self._interactive = stdin.isatty()

    def read(self, prompt: str, what: str) -> str:
        if self._interactive:
            return _ask(prompt)
        line = self._stdin.readline()
        if not line:
            raise UserError(f"No {what} was given on standard input.")
        return line.rstrip("\r\n")

    def read_new(self, prompt: str, again: str, what: str) -> tuple[str, str]:
        """A new secret: asked twice on a terminal, one line from a pipe."""
        first = self.read(prompt, what)
        second = _ask(again) if self._interactive else first
        return first, second


def _ask(prompt: str) -> str:
    """A prompt without echo (getpass loads the terminal module: only commands that ask need it). Ctrl+D
    ends it like Ctrl+C: nothing was changed yet."""
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise KeyboardInterrupt from None
