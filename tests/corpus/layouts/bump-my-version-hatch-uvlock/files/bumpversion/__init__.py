"""Fixture for a version bumping tool."""

__version__ = "0.31.1"
