"""Placeholder: the real backend is not vendored in this fixture."""
