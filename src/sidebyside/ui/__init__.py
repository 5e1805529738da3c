"""The PySide6 user interface. Talks to the core only through ``sidebyside.core.services``."""
