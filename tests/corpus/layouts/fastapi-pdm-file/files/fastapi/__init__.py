"""API framework fixture."""

__version__ = "0.115.6"

from .applications import FastAPI as FastAPI
