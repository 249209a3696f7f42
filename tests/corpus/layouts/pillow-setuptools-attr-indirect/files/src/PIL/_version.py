# Master version for Pillow
from __future__ import annotations

__version__ = "11.2.0.dev0"
