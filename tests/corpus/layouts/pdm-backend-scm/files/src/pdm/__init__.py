"""Package manager fixture (version from git tags)."""
