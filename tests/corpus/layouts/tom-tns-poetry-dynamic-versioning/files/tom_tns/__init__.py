"""Plugin fixture (version from git tags)."""
