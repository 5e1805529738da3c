"""``python -m sidebyside`` and the ``sidebyside`` launcher."""

from __future__ import annotations

import sys


def main() -> None:
    from sidebyside.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
