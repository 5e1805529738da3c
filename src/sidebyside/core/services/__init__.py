"""One function per user intent; each runs in one transaction and says what changed."""
