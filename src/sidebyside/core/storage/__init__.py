"""The only code that touches the disk and SQLCipher."""
