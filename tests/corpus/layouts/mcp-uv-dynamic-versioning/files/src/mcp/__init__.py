"""Protocol SDK fixture (version from git tags)."""
