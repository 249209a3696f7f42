"""Sphinx extension for Apple help books, in miniature."""

from __future__ import annotations

__version__ = "2.0.0"
__version_info__ = (2, 0, 0)
