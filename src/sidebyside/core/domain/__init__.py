"""Plain data and pure rules: no I/O, no Qt."""
