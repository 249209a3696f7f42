"""Placeholder for the self-hosting backend (not vendored in this fixture)."""
