"""Widgets fixture."""
