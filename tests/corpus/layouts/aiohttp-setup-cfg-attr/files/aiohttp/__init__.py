__version__ = "3.9.2.dev0"

from .client import ClientSession as ClientSession

__all__ = ("ClientSession",)
