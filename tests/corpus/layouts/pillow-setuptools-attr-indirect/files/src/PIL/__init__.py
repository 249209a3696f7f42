"""Imaging library fixture."""

from __future__ import annotations

from . import _version

__version__ = _version.__version__
del _version
