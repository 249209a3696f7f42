# Database toolkit fixture.
from __future__ import annotations

from .engine import create_engine as create_engine

__version__ = "2.1.0b3"
