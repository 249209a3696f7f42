# Bump this with tbump (configured in pyproject.toml); see RELEASE.md.
__version__ = "6.0.1.dev0"
