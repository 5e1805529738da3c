"""Key derivation, key wrapping and the recovery code."""
