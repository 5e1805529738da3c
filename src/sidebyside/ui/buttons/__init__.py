"""The buttons map section: both partners' buttons side by side."""
