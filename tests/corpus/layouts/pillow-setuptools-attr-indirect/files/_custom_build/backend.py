"""In-tree build backend: setuptools with extra options (fixture keeps it minimal)."""

from setuptools.build_meta import *  # noqa: F403
