"""Printable documents built as structured data and rendered to escaped HTML, without Qt."""
