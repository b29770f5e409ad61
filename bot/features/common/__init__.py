"""Main menu, help, cancel, and the catch-all fallback (registered last)."""
