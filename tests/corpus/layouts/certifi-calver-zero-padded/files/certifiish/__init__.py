from .core import where

__all__ = ["where"]
__version__ = "2026.07.22"
