"""Import and export of the directory and other content (YAML contract in DESIGN.md)."""
