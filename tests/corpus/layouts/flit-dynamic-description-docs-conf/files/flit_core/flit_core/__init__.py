"""Core machinery fixture."""

__version__ = '3.10.1'
