"""The journal section: list, search and filters, and the entry editor."""
