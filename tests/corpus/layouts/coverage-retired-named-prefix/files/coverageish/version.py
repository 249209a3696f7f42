"""The version of coverageish."""

__version__ = "7.11.0"
