"""Web UI fixture; version comes from the VERSION file."""
