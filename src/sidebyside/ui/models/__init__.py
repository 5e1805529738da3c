"""Qt item models over the core's data (model/view, lazily fetched)."""
