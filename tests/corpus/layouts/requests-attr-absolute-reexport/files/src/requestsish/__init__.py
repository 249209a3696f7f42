"""requestsish."""

from requestsish.__version__ import __title__, __version__

__all__ = ["__title__", "__version__"]
