"""Fixture package: the version is not kept here (only in pyproject.toml)."""

from .app import App as App
