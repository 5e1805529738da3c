"""The bundle's entry point (PyInstaller needs a script); the same main() as the ``sidebyside`` command."""

from sidebyside.__main__ import main

main()
